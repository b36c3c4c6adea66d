"""What the events feature contributes: its pages and API, what its refusals say and what its
audit entries mean."""

from app.events import (  # noqa: F401 (models: the tables; page and API modules: their views)
    contact_api,
    contact_pages,
    guest_api,
    guest_pages,
    ledger_api,
    ledger_pages,
    models,
    public_api,
    public_pages,
    resources,
    routes,
)
from app.events.audit_words import EVENTS_AUDIT
from app.events.contact_audit_words import CONTACTS_AUDIT
from app.events.contact_messages import CONTACT_MESSAGES
from app.events.gifts import GIFT_MESSAGES
from app.events.guest_audit_words import GUESTS_AUDIT
from app.events.guest_messages import GUEST_MESSAGES
from app.events.indicators import INDICATORS
from app.events.ledger_audit_words import LEDGER_AUDIT
from app.events.ledger_messages import LEDGER_MESSAGES
from app.events.messages import MESSAGES
from app.events.public_messages import PUBLIC_MESSAGES
from app.feature import Feature

FEATURE = Feature(
    "events",
    pages=routes.bp,
    api=resources.blp,
    messages={
        **MESSAGES,
        **GIFT_MESSAGES,
        **PUBLIC_MESSAGES,
        **GUEST_MESSAGES,
        **CONTACT_MESSAGES,
        **LEDGER_MESSAGES,
    },
    audit_labels=EVENTS_AUDIT.merged(GUESTS_AUDIT).merged(CONTACTS_AUDIT).merged(LEDGER_AUDIT),
    indicators=INDICATORS,
)
