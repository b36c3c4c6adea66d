"""What the markets feature contributes: its pages and API, what its refusals say and what its
audit entries mean (`app.markets.audit_words`)."""

from app.feature import Feature

# Pages and API endpoints on the same blueprints, in modules of their own.
from app.markets import recognition_pages, registration_api, registration_pages, resources, routes  # noqa: F401
from app.markets.audit_words import MARKETS_AUDIT
from app.markets.messages import MESSAGES

FEATURE = Feature(
    "markets",
    pages=routes.bp,
    api=resources.blp,
    messages=MESSAGES,
    audit_labels=MARKETS_AUDIT,
)
