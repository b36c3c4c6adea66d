"""What the markets feature contributes: its pages and API, what its refusals say and what its
audit entries mean (`app.markets.audit_words`)."""

from app.feature import Feature
from app.jobs import jobs_cli
from app.markets import print_api, print_pages, resources, routes
from app.markets.audit_words import MARKETS_AUDIT
from app.markets.cli import signs_cli
from app.markets.messages import MESSAGES

FEATURE = Feature(
    "markets",
    pages=routes.bp,
    api=resources.blp,
    messages=MESSAGES,
    audit_labels=MARKETS_AUDIT,
    commands=(signs_cli, jobs_cli),
)

#: Modules that add routes to the blueprints above (printing every sign of a place).
EXTENSIONS = (print_pages, print_api)
