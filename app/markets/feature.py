"""What the markets feature contributes: its pages and API, what its refusals say and what its
audit entries mean (`app.markets.audit_words`)."""

from app.feature import Feature

# The swapped-sign checks add their pages and API operations to these two blueprints.
from app.markets import check_resources, check_routes, resources, routes  # noqa: F401
from app.markets.audit_words import MARKETS_AUDIT
from app.markets.check_audit_words import CHECKS_AUDIT
from app.markets.check_messages import CHECK_MESSAGES
from app.markets.messages import MESSAGES

FEATURE = Feature(
    "markets",
    pages=routes.bp,
    api=resources.blp,
    messages={**MESSAGES, **CHECK_MESSAGES},
    audit_labels=MARKETS_AUDIT.merged(CHECKS_AUDIT),
)
