"""REST API of a host's contacts: the contacts, what passed between them, what the host gave
at their events, and the import of an old paper sổ mừng.

A contact is its owner's alone: anyone else gets 404, as for a contact that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_docs import SIGNED_IN, answers
from app.events import contact_files, contacts
from app.events.contact_schemas import (
    ContactChangeSchema,
    ContactDetailSchema,
    ContactGiftChangeSchema,
    ContactGiftInSchema,
    ContactGiftSchema,
    ContactInSchema,
    ContactQuerySchema,
    ContactSchema,
    OldLedgerFileSchema,
    OldLedgerImportQuerySchema,
    OldLedgerImportResultSchema,
    PastEventSchema,
)
from app.events.models import Contact, GiftEvent, GiftGiven
from app.events.resources import blp


@blp.route("/contacts")
class Contacts(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 422, security=SIGNED_IN)
    @blp.arguments(ContactQuerySchema, location="query")
    @blp.response(200, ContactSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Danh bạ của tôi / My contacts

        Những người và hộ gia đình trong danh bạ của người gọi, theo tên; `q` tìm theo tên
        (có hoặc không dấu), quan hệ hoặc số điện thoại. Chia trang bằng `page` và `page_size`.

        The caller's contacts (people and households) by name; `q` searches names (with or
        without diacritics), relations and phone numbers. Paginated by `page` and `page_size`."""
        found = contacts.contacts_of(
            current_user,
            query["q"],
            pagination_parameters.page,
            pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        return found.items

    @answers(blp, 400, 401, 422, security=SIGNED_IN)
    @blp.arguments(ContactInSchema)
    @blp.response(201, ContactSchema)
    def post(self, data: dict[str, Any]) -> Contact:
        """Thêm người vào danh bạ / Add a contact

        Thêm một người hoặc hộ gia đình; số điện thoại được chuẩn hoá như số của tài khoản.

        Add a person or a household; the phone number is normalised as accounts' are."""
        return contacts.create_contact(current_user, data)


@blp.route("/contacts/<int:contact_id>")
class ContactDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, ContactDetailSchema)
    def get(self, contact_id: int) -> contacts.History:
        """Một người trong danh bạ và chuyện qua lại / A contact and what passed between you

        Người đó và lịch sử: họ mừng mình ở các sự kiện của mình, mình mừng họ ở sự kiện của
        họ, mỗi bên với tổng theo đơn vị (đồng, chỉ vàng, ngoại tệ, hiện vật; không quy đổi).

        The contact and the history: what they gave at the caller's events and what the caller
        gave at theirs, each with totals per unit (đồng, gold, foreign money, things; never
        converted)."""
        contact = contacts.owned_contact(current_user, contact_id)
        return contacts.history(current_user, contact)

    @answers(blp, 400, 401, 404, 422, security=SIGNED_IN)
    @blp.arguments(ContactChangeSchema(partial=True))
    @blp.response(200, ContactSchema)
    def patch(self, data: dict[str, Any], contact_id: int) -> Contact:
        """Sửa người trong danh bạ / Change a contact

        Sửa những trường được gửi.

        Change the fields sent."""
        return contacts.update_contact(
            current_user, contacts.owned_contact(current_user, contact_id), data
        )

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, contact_id: int) -> None:
        """Xoá người khỏi danh bạ / Delete a contact

        Xoá người đó cùng những gì mình đã mừng họ; khách mời và dòng sổ mừng đã liên kết vẫn
        còn, chỉ bỏ liên kết.

        Delete the contact with what the caller gave them; linked guests and ledger entries
        stay, unlinked."""
        contacts.delete_contact(current_user, contacts.owned_contact(current_user, contact_id))


@blp.route("/contacts/<int:contact_id>/given")
class ContactGifts(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, ContactGiftSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, contact_id: int, pagination_parameters: PaginationParameters) -> Any:
        """Những lần mình mừng họ / What you gave a contact

        Những gì người gọi đã mừng người này ở sự kiện của họ, theo ngày, chia trang.

        What the caller gave this contact at their events, by date, paginated."""
        contact = contacts.owned_contact(current_user, contact_id)
        given = list(contact.given)
        pagination_parameters.item_count = len(given)
        start = (pagination_parameters.page - 1) * pagination_parameters.page_size
        return given[start : start + pagination_parameters.page_size]

    @answers(blp, 400, 401, 404, 422, security=SIGNED_IN)
    @blp.arguments(ContactGiftInSchema)
    @blp.response(201, ContactGiftSchema)
    def post(self, data: dict[str, Any], contact_id: int) -> GiftGiven:
        """Ghi lần mình mừng họ / Record a gift you gave

        Ghi dịp (ví dụ "đám cưới con trai anh B"), ngày và món mừng theo đơn vị đã mừng: đồng
        (số nguyên, tối đa 10 tỷ), vàng theo chỉ hoặc cây, ngoại tệ, hoặc hiện vật.

        Record the occasion (e.g. "đám cưới con trai anh B"), the day and the gift in the unit
        given: đồng (whole, at most 10 billion), gold in chỉ or cây, foreign money, or a
        thing."""
        return contacts.add_given(
            current_user, contacts.owned_contact(current_user, contact_id), data
        )


@blp.route("/contacts/<int:contact_id>/given/<int:gift_id>")
class ContactGiftDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 404, 422, security=SIGNED_IN)
    @blp.arguments(ContactGiftChangeSchema(partial=True))
    @blp.response(200, ContactGiftSchema)
    def patch(self, data: dict[str, Any], contact_id: int, gift_id: int) -> GiftGiven:
        """Sửa lần mình mừng / Change a gift you gave

        Sửa những trường được gửi; món mừng được kiểm tra lại như khi ghi.

        Change the fields sent; the gift is checked again as when recorded."""
        gift = contacts.owned_gift(current_user, contact_id, gift_id)
        return contacts.update_given(current_user, gift, data)

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, contact_id: int, gift_id: int) -> None:
        """Xoá lần mình mừng / Delete a gift you gave

        Xoá một lần mình mừng người này.

        Delete one gift the caller gave this contact."""
        contacts.delete_given(current_user, contacts.owned_gift(current_user, contact_id, gift_id))


@blp.route("/contacts/import")
class LedgerImport(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 413, 422, security=SIGNED_IN)
    @blp.arguments(OldLedgerImportQuerySchema, location="query")
    @blp.arguments(PastEventSchema, location="form")
    @blp.arguments(OldLedgerFileSchema, location="files")
    @blp.response(201, OldLedgerImportResultSchema)
    @blp.alt_response(200, description="dry_run=1: the preview of every row")
    def post(
        self, query: dict[str, Any], event: dict[str, Any], files: dict[str, Any]
    ) -> GiftEvent | tuple[contact_files.LedgerPreview, int]:
        """Nhập sổ mừng cũ / Import an old paper ledger

        Tạo sự kiện đã qua (loại, tên, ngày — không sau hôm nay —, xã/phường; lưu trữ ngay) cùng
        các dòng sổ mừng và người trong danh bạ (khớp theo số điện thoại, rồi theo đúng tên;
        không có thì thêm mới), tất cả hoặc không dòng nào; `dry_run=1` chỉ xem trước từng dòng
        với lỗi của nó. Lỗi của dòng trả về 422 với `errors["line N"]`.

        Create the past event (kind, title, day — not after today —, commune; archived at once)
        with its ledger entries and contacts (matched by phone, then by exact name; new
        otherwise), all rows or none; `dry_run=1` previews every row with its errors and
        writes nothing. Row errors come back as 422 with `errors["line N"]`."""
        upload = files["file"]
        filename, data = upload.filename or "", upload.read()
        if query["dry_run"]:
            return contact_files.preview_file(current_user, event, filename, data), 200
        return contact_files.import_file(current_user, event, filename, data)
