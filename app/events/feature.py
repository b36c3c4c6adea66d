"""What the events feature contributes: its pages and API and what its refusals say."""

from app.events import models, resources, routes  # noqa: F401 (models: the tables)
from app.events.audit_words import EVENTS_AUDIT
from app.events.gifts import GIFT_MESSAGES
from app.events.messages import MESSAGES
from app.feature import Feature

FEATURE = Feature(
    "events",
    pages=routes.bp,
    api=resources.blp,
    messages={**MESSAGES, **GIFT_MESSAGES},
    audit_labels=EVENTS_AUDIT,
)
