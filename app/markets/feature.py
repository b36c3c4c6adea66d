"""What the markets feature contributes: its pages and API, what its refusals say and what its
audit entries mean (`app.markets.audit_words`)."""

from app.feature import Feature

# Pages and API endpoints on the same two blueprints, in modules of their own.
from app.markets import (  # noqa: F401
    check_resources,
    check_routes,
    print_api,
    print_pages,
    recognition_pages,
    registration_api,
    registration_pages,
    resources,
    routes,
)
from app.markets.audit_words import MARKETS_AUDIT
from app.markets.check_audit_words import CHECKS_AUDIT
from app.markets.check_messages import CHECK_MESSAGES
from app.markets.cli import signs_cli
from app.markets.indicators import INDICATORS
from app.markets.messages import MESSAGES

FEATURE = Feature(
    "markets",
    pages=routes.bp,
    api=resources.blp,
    commands=(signs_cli,),
    messages={**MESSAGES, **CHECK_MESSAGES},
    audit_labels=MARKETS_AUDIT.merged(CHECKS_AUDIT),
    indicators=INDICATORS,
)
