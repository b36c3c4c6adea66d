"""What the markets feature contributes: its pages and API, what its refusals say and what its
audit entries mean (`app.markets.audit_words`)."""

from app.feature import Feature
from app.markets import resources, routes
from app.markets.audit_words import MARKETS_AUDIT
from app.markets.messages import MESSAGES

FEATURE = Feature(
    "markets",
    pages=routes.bp,
    api=resources.blp,
    messages=MESSAGES,
    audit_labels=MARKETS_AUDIT,
)
