"""The hosts' API for what guests sent from the public pages: every wish (hide or show one)
and every RSVP. Only the event's hosts: anyone else gets 404, as for an event that does not
exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters
from marshmallow import Schema, fields

from app.api_docs import SIGNED_IN, answers
from app.events import public
from app.events.models import Rsvp, Wish
from app.events.resources import blp


class WishSchema(Schema):
    id = fields.Integer(dump_only=True)
    side_id = fields.Integer(
        allow_none=True, metadata={"description": "the side's page it came from; null: event's"}
    )
    guest_id = fields.Integer(allow_none=True, metadata={"description": "from a personal link"})
    name = fields.String()
    message = fields.String(metadata={"description": "as typed (escape it when showing it)"})
    public = fields.Boolean(metadata={"description": "the guest agreed to show it"})
    hidden = fields.Boolean(metadata={"description": "the hosts hid it from the public pages"})
    created_at = fields.DateTime()


class WishPatchSchema(Schema):
    hidden = fields.Boolean(required=True)


class RsvpSchema(Schema):
    id = fields.Integer(dump_only=True)
    side_id = fields.Integer()
    guest_id = fields.Integer(allow_none=True)
    name = fields.String()
    answer = fields.String(metadata={"description": "yes, no or maybe"})
    people = fields.Integer(metadata={"description": "how many people come, 0 to 50"})
    updated_at = fields.DateTime()


def _paged[T](found: public.Found[T], pagination: PaginationParameters) -> list[T]:
    pagination.item_count = found.total
    return found.items


@blp.route("/events/<int:event_id>/wishes")
class EventWishes(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, 422, security=SIGNED_IN)
    @blp.response(200, WishSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=200)
    def get(self, event_id: int, pagination_parameters: PaginationParameters) -> list[Wish]:
        """Lời chúc / Wishes

        Mọi lời chúc của sự kiện, cả lời chúc khách không cho hiện và lời chúc chủ nhà đã ẩn,
        mới nhất trước, chia trang bằng `page` và `page_size`.

        Every wish of the event, including those the guest kept private and those the hosts
        hid, newest first, paginated by `page` and `page_size`."""
        found = public.wishes_of(
            current_user, event_id, pagination_parameters.page, pagination_parameters.page_size
        )
        return _paged(found, pagination_parameters)


@blp.route("/events/<int:event_id>/wishes/<int:wish_id>")
class EventWish(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 404, 422, security=SIGNED_IN)
    @blp.arguments(WishPatchSchema)
    @blp.response(200, WishSchema)
    def patch(self, data: dict[str, Any], event_id: int, wish_id: int) -> Wish:
        """Ẩn hoặc hiện lời chúc / Hide or show a wish

        `hidden: true` ẩn lời chúc khỏi trang công khai; `false` hiện lại (chỉ hiện khi khách
        đã đồng ý).

        `hidden: true` hides the wish from the public pages; `false` shows it again (shown only
        when the guest agreed)."""
        return public.set_wish_hidden(current_user, event_id, wish_id, data["hidden"])


@blp.route("/events/<int:event_id>/rsvps")
class EventRsvps(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, 422, security=SIGNED_IN)
    @blp.response(200, RsvpSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=200)
    def get(self, event_id: int, pagination_parameters: PaginationParameters) -> list[Rsvp]:
        """Trả lời mời / RSVPs

        Các câu trả lời lời mời của sự kiện (tên, sẽ đến / chưa chắc / không đến, số người),
        theo bên rồi mới nhất trước, chia trang bằng `page` và `page_size`.

        The event's answers to the invitation (name, yes / maybe / no, number of people), by
        side then newest first, paginated by `page` and `page_size`."""
        found = public.rsvps_of(
            current_user, event_id, pagination_parameters.page, pagination_parameters.page_size
        )
        return _paged(found, pagination_parameters)
