"""REST API of the events feature (every API module adds its operations to this blueprint).

Every operation on an event needs a signed-in host of it: anyone else gets 404, as for an event
that does not exist. Public pages have no API of their own beyond what a guest may post.
"""

from __future__ import annotations

from app.api_blueprint import Blueprint

blp = Blueprint(
    "events_api",
    __name__,
    url_prefix="",
    tag="Sự kiện mừng / Gift events",
    description="Đám cưới, đám hỏi, tân gia, thôi nôi, mừng thọ: bên nhận mừng, khách mời, "
    "lời chúc và sổ mừng; chỉ chủ nhà của sự kiện mới xem được. / Weddings, engagements, "
    "housewarmings, first birthdays, longevity celebrations: receiving sides, guests, wishes "
    "and the gift ledger; only the event's hosts see them.",
)
