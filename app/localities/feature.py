"""What the localities feature contributes: the locality pages and API, `flask localities`,
what its error codes say and what its audit entries mean."""

from app.feature import Feature
from app.localities import resources, routes
from app.localities.audit_words import LOCALITIES_AUDIT
from app.localities.cli import localities_cli
from app.localities.messages import MESSAGES

FEATURE = Feature(
    "localities",
    pages=routes.bp,
    api=resources.blp,
    commands=(localities_cli,),
    messages=MESSAGES,
    audit_labels=LOCALITIES_AUDIT,
)
