"""What the events feature contributes: its pages and API, what its refusals say and what its
audit entries mean."""

# The tables, the two blueprints, and the pages and API endpoints added to them by modules of
# their own.
from app.events import guest_api, guest_pages, models, resources, routes  # noqa: F401
from app.events.gifts import GIFT_MESSAGES
from app.events.guest_audit_words import GUESTS_AUDIT
from app.events.guest_messages import GUEST_MESSAGES
from app.events.messages import MESSAGES
from app.feature import Feature

FEATURE = Feature(
    "events",
    pages=routes.bp,
    api=resources.blp,
    messages={**MESSAGES, **GIFT_MESSAGES, **GUEST_MESSAGES},
    audit_labels=GUESTS_AUDIT,
)
