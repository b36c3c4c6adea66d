"""Pages of a host's contacts: the list (/danh-ba), a contact with what passed between them
(/danh-ba/<id>), what the host gave, a guest's history seen from the guest list
(/su-kien/<id>/khach/<guest_id>/qua-lai), and the import of an old paper sổ mừng
(/danh-ba/nhap-so-cu).

Every page needs a signed-in person and shows only their own contacts (404 otherwise).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import require_login
from app.accounts.models import phone_for_people
from app.errors import DomainError
from app.events import contact_files, contacts
from app.events.contact_forms import (
    ContactForm,
    EmptyForm,
    GivenForm,
    LedgerConfirmForm,
    LedgerFileForm,
    LinkForm,
)
from app.events.contact_messages import (
    CONTACT_KIND_LABELS,
    LEDGER_COLUMN_LABELS,
    METHOD_LABELS,
    PAST_EVENT_KIND_LABELS,
)
from app.events.gifts import gift_text
from app.events.models import Contact, GiftGiven
from app.events.routes import bp
from app.forms import save_form, show_beside
from app.request_guards import query_int
from app.spreadsheets import FORMATS

Page = tuple[str, int]
PER_PAGE = 50


@bp.app_template_filter("people_phone")
def people_phone(value: str) -> str:
    """A stored number as people write it ("0912 345 678")."""
    return phone_for_people(value) if value else ""


def _labels() -> dict[str, Any]:
    return {
        "kind_labels": CONTACT_KIND_LABELS,
        "method_labels": METHOD_LABELS,
        "event_kind_labels": PAST_EVENT_KIND_LABELS,
        "gift_text": _gift_text,
    }


def _gift_text(row: Any) -> str:
    return gift_text(row.unit, row.quantity, row.currency, row.description)


_save = save_form


# ---- the list -----------------------------------------------------------------------------


def _list_page(form: ContactForm, status: int = 200) -> Page:
    user = require_login()
    query = request.args.get("q", "")[:100]
    page = query_int("trang", 1)
    found = contacts.contacts_of(user, query, page, PER_PAGE)
    return render_template(
        "events/contacts.html",
        found=found,
        query=query,
        page=page,
        pages=max(1, -(-found.total // PER_PAGE)),
        form=form,
        **_labels(),
    ), status


@bp.route("/danh-ba", methods=["GET", "POST"])
def contact_list() -> WerkzeugResponse | Page:
    """The host's contacts, a search, and the form to add one."""
    user = require_login()
    form = ContactForm()
    if not form.is_submitted():
        return _list_page(form)
    return _save(
        form,
        "name",
        lambda data: contacts.create_contact(user, data),
        lambda contact: url_for("events.contact_page", contact_id=contact.id),
        lambda status: _list_page(form, status),
    )


# ---- one contact --------------------------------------------------------------------------


def _contact_page(contact: Contact, given_form: GivenForm | None = None, status: int = 200) -> Page:
    user = require_login()
    return render_template(
        "events/contact.html",
        contact=contact,
        history=contacts.history(user, contact),
        given_form=given_form or GivenForm(formdata=None),
        **_labels(),
    ), status


@bp.route("/danh-ba/<int:contact_id>")
def contact_page(contact_id: int) -> Page:
    """What passed between the host and this contact, and the form to record a gift given."""
    user = require_login()
    return _contact_page(contacts.owned_contact(user, contact_id))


@bp.route("/danh-ba/<int:contact_id>/sua", methods=["GET", "POST"])
def edit_contact(contact_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    contact = contacts.owned_contact(user, contact_id)
    form = ContactForm(obj=contact)
    if not form.is_submitted():
        form.phone.data = people_phone(contact.phone)
    back = url_for("events.contact_page", contact_id=contact.id)
    return _save(
        form,
        "name",
        lambda data: contacts.update_contact(user, contact, data),
        lambda _saved: back,
        lambda status: (
            render_template(
                "events/contact_form.html",
                form=form,
                title=_("Sửa: %(name)s", name=contact.name),
                back=back,
                delete=url_for("events.delete_contact", contact_id=contact.id),
            ),
            status,
        ),
    )


@bp.route("/danh-ba/<int:contact_id>/xoa", methods=["POST"])
def delete_contact(contact_id: int) -> WerkzeugResponse:
    user = require_login()
    contact = contacts.owned_contact(user, contact_id)
    if not EmptyForm().validate_on_submit():
        raise DomainError("events.confirmation_unreadable", status=400)
    contacts.delete_contact(user, contact)
    flash(_("Đã xoá khỏi danh bạ."), "success")
    return redirect(url_for("events.contact_list"))


@bp.route("/danh-ba/<int:contact_id>/mung", methods=["POST"])
def add_given(contact_id: int) -> WerkzeugResponse | Page:
    """Record what the host gave at this contact's event."""
    user = require_login()
    contact = contacts.owned_contact(user, contact_id)
    form = GivenForm()
    return _save(
        form,
        "quantity",
        lambda data: contacts.add_given(user, contact, data),
        lambda _gift: url_for("events.contact_page", contact_id=contact.id, _anchor="minh-mung"),
        lambda status: _contact_page(contact, form, status),
    )


def _gift_form_page(gift: GiftGiven, form: GivenForm, status: int) -> Page:
    back = url_for("events.contact_page", contact_id=gift.contact_id, _anchor="minh-mung")
    return render_template(
        "events/contact_form.html",
        form=form,
        title=_("Sửa lần mừng %(name)s", name=gift.contact.name),
        back=back,
        delete=url_for("events.delete_given", contact_id=gift.contact_id, gift_id=gift.id),
    ), status


@bp.route("/danh-ba/<int:contact_id>/mung/<int:gift_id>/sua", methods=["GET", "POST"])
def edit_given(contact_id: int, gift_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    gift = contacts.owned_gift(user, contact_id, gift_id)
    form = GivenForm(obj=gift)
    if not form.is_submitted():
        form.quantity.data = "" if gift.quantity is None else str(gift.quantity.normalize())
        form.value_vnd.data = "" if gift.value_vnd is None else str(gift.value_vnd)
    return _save(
        form,
        "quantity",
        lambda data: contacts.update_given(user, gift, data),
        lambda _gift: url_for("events.contact_page", contact_id=contact_id, _anchor="minh-mung"),
        lambda status: _gift_form_page(gift, form, status),
    )


@bp.route("/danh-ba/<int:contact_id>/mung/<int:gift_id>/xoa", methods=["POST"])
def delete_given(contact_id: int, gift_id: int) -> WerkzeugResponse:
    user = require_login()
    gift = contacts.owned_gift(user, contact_id, gift_id)
    if not EmptyForm().validate_on_submit():
        raise DomainError("events.confirmation_unreadable", status=400)
    contacts.delete_given(user, gift)
    flash(_("Đã xoá."), "success")
    return redirect(url_for("events.contact_page", contact_id=contact_id, _anchor="minh-mung"))


# ---- a guest's history (from the guest list) ----------------------------------------------


@bp.route("/su-kien/<int:event_id>/khach/<int:guest_id>/qua-lai")
def guest_history(event_id: int, guest_id: int) -> Page:
    """What passed before between the host and this guest's contact; or the contacts that may
    be them, to link, or a button to make one."""
    user = require_login()
    guest, found = contacts.guest_history(user, event_id, guest_id)
    suggestions = [] if found else contacts.suggest_contact(user, guest.name, guest.phone)
    return render_template(
        "events/contact_guest.html",
        guest=guest,
        history=found,
        suggestions=suggestions,
        **_labels(),
    ), 200


@bp.route("/su-kien/<int:event_id>/khach/<int:guest_id>/qua-lai/lien-ket", methods=["POST"])
def link_guest(event_id: int, guest_id: int) -> WerkzeugResponse:
    """Link the guest to one of the host's contacts (or unlink, with no contact)."""
    user = require_login()
    guest = contacts.hosted_guest(user, event_id, guest_id)
    form = LinkForm()
    if not form.validate_on_submit():
        raise DomainError("events.confirmation_unreadable", status=400)
    contact = contacts.owned_contact(user, form.contact_id.data) if form.contact_id.data else None
    contacts.link_guest(user, guest, contact)
    flash(_("Đã liên kết.") if contact else _("Đã bỏ liên kết."), "success")
    return redirect(url_for("events.guest_history", event_id=event_id, guest_id=guest_id))


@bp.route("/su-kien/<int:event_id>/khach/<int:guest_id>/qua-lai/tao-danh-ba", methods=["POST"])
def contact_from_guest(event_id: int, guest_id: int) -> WerkzeugResponse:
    """Make a contact of the guest (and link them)."""
    user = require_login()
    guest = contacts.hosted_guest(user, event_id, guest_id)
    if not EmptyForm().validate_on_submit():
        raise DomainError("events.confirmation_unreadable", status=400)
    contacts.contact_from_guest(user, guest)
    flash(_("Đã thêm vào danh bạ."), "success")
    return redirect(url_for("events.guest_history", event_id=event_id, guest_id=guest_id))


# ---- importing an old paper ledger --------------------------------------------------------


def _render_import(
    form: LedgerFileForm,
    preview: contact_files.LedgerPreview | None = None,
    status: int = 200,
    event: dict[str, Any] | None = None,
) -> Page:
    confirm = None
    if preview is not None and preview.valid and event is not None:
        confirm = LedgerConfirmForm(formdata=None)
        confirm.kind.data = event["kind"]
        confirm.title.data = event["title"]
        confirm.held_on.data = event["held_on"].isoformat()
        confirm.locality_id.data = event["locality_id"]
        confirm.rows.data = [draft.posted() for draft in preview.rows]
    return render_template(
        "events/contact_import.html",
        form=form,
        preview=preview,
        confirm=confirm,
        columns=contact_files.KEYS,
        column_labels=LEDGER_COLUMN_LABELS,
        **_labels(),
    ), status


@bp.route("/danh-ba/nhap-so-cu", methods=["GET", "POST"])
def import_ledger() -> Page:
    """Step 1: name the past event and upload its ledger; the answer is every row's preview."""
    user = require_login()
    form = LedgerFileForm()
    if not form.is_submitted():
        return _render_import(form)
    if not form.validate_on_submit():
        return _render_import(form, status=422)
    upload = form.file.data
    try:
        past = contact_files.check_event(form.event_data())
        event = {
            "kind": past.kind,
            "title": past.title,
            "held_on": past.held_on,
            "locality_id": past.locality.id,
        }
        preview = contact_files.preview_file(user, event, upload.filename or "", upload.read())
    except DomainError as error:
        show_beside(form, error, "file")
        return _render_import(form, status=error.status)
    return _render_import(form, preview, 200 if preview.valid else 422, event)


@bp.route("/danh-ba/nhap-so-cu/xac-nhan", methods=["POST"])
def confirm_ledger() -> WerkzeugResponse | Page:
    """Step 2: write the past event and the previewed rows (checked again), all or none."""
    user = require_login()
    confirm = LedgerConfirmForm()
    if not confirm.validate_on_submit():
        raise DomainError("events.confirmation_unreadable", status=400)
    form = LedgerFileForm(formdata=None)
    event = {
        "kind": confirm.kind.data,
        "title": confirm.title.data,
        "held_on": _day(confirm.held_on.data),
        "locality_id": confirm.locality_id.data,
    }
    try:
        drafts = contact_files.drafts_from_rows(confirm.rows.data or [])
        made = contact_files.import_drafts(user, event, drafts)
    except contact_files.LedgerRowsError as error:
        show_beside(form, error, "file")
        return _render_import(form, contact_files.LedgerPreview(error.drafts), error.status)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        show_beside(form, error, "file")
        return _render_import(form, status=error.status)
    flash(
        _("Đã nhập %(n)d dòng của sổ mừng %(title)s.", n=len(made.entries), title=made.title),
        "success",
    )
    return redirect(url_for("events.contact_list"))


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text or ""))
    except ValueError:
        return None


@bp.route("/danh-ba/mau-so-mung.<any(csv, xlsx):fmt>")
def ledger_template(fmt: str) -> Response:
    """The old ledger's template to fill in and import (public: it holds no data)."""
    body = contact_files.csv_template() if fmt == "csv" else contact_files.xlsx_template()
    return Response(
        body,
        headers={
            "Content-Type": FORMATS[fmt],
            "Content-Disposition": f'attachment; filename="mau-so-mung.{fmt}"',
        },
    )
