"""What the events feature contributes: its pages and API, what its refusals say and what its
audit entries mean."""

# Pages and API endpoints on the same two blueprints, in modules of their own.
from app.events import contact_api, contact_pages, models, resources, routes  # noqa: F401 (models: the tables)  # noqa: F401
from app.events.contact_audit_words import CONTACTS_AUDIT
from app.events.contact_messages import CONTACT_MESSAGES
from app.events.gifts import GIFT_MESSAGES
from app.events.messages import MESSAGES
from app.feature import Feature

FEATURE = Feature(
    "events",
    pages=routes.bp,
    api=resources.blp,
    messages={**MESSAGES, **GIFT_MESSAGES, **CONTACT_MESSAGES},
    audit_labels=CONTACTS_AUDIT,
)
