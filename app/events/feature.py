"""What the events feature contributes: its pages and API and what its refusals say."""

from app.events import ledger_api, ledger_pages, models, resources, routes  # noqa: F401
from app.events.gifts import GIFT_MESSAGES
from app.events.ledger_audit_words import LEDGER_AUDIT
from app.events.ledger_messages import LEDGER_MESSAGES
from app.events.messages import MESSAGES
from app.feature import Feature

FEATURE = Feature(
    "events",
    pages=routes.bp,
    api=resources.blp,
    messages={**MESSAGES, **GIFT_MESSAGES, **LEDGER_MESSAGES},
    audit_labels=LEDGER_AUDIT,
)
