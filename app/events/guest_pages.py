"""Pages of an event's guests, for its hosts: the list (search, filters, add by hand), a guest
(change, remove, a new personal link), the import of a list from a file (preview, then all or
nothing) and the personal links with a ready Zalo/SMS text to copy. Nothing is sent from here:
the hosts pass the links on themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import require_login
from app.errors import DomainError
from app.events import guest_files, guests
from app.events.guest_forms import GuestConfirmForm, GuestFileForm, GuestForm
from app.events.models import GiftEvent, Guest
from app.events.routes import add_tool, bp, public_url
from app.formatting import format_clock, format_day
from app.forms import picked_id, show_beside
from app.request_guards import query_int

Page = tuple[str, int]
add_tool("events.guests_page", _l("Khách mời"))


def _event_page(event: GiftEvent) -> str:
    return url_for("events.event", event_id=event.id)


def personal_link(guest: Guest) -> str:
    """The guest's personal link to hand out: under PUBLIC_BASE_URL when set, else this host."""
    return public_url("events.guest_page", token=guest.token)


def invitation_text(guest: Guest, link: str) -> str:
    """A ready text to paste into Zalo or an SMS: "Kính mời anh Nam đến dự … vào … tại …
    Thiệp mời: <link>", with the first ceremony of the guest's side."""
    given = guest.name.split()[-1] if guest.honorific else guest.name
    words: dict[str, Any] = {
        "whom": f"{guest.honorific} {given}".strip(),
        "title": guest.event.title,
        "link": link,
    }
    ceremony = guest.side.ceremonies[0] if guest.side.ceremonies else None
    if ceremony is None:
        return str(_("Kính mời %(whom)s đến dự %(title)s. Thiệp mời: %(link)s", **words))
    words["time"] = format_clock(ceremony.starts_at)
    words["day"] = format_day(ceremony.starts_at)
    words["place"] = ", ".join(part for part in (ceremony.venue, ceremony.address) if part)
    if not words["place"]:
        return str(
            _(
                "Kính mời %(whom)s đến dự %(title)s vào lúc %(time)s ngày %(day)s. "
                "Thiệp mời: %(link)s",
                **words,
            )
        )
    return str(
        _(
            "Kính mời %(whom)s đến dự %(title)s vào lúc %(time)s ngày %(day)s tại %(place)s. "
            "Thiệp mời: %(link)s",
            **words,
        )
    )


@dataclass(frozen=True)
class Paging:
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _query() -> guests.GuestQuery:
    side_id = picked_id(request.args.get("ben"))
    return guests.GuestQuery(
        q=request.args.get("q", "").strip()[:100],
        side_id=side_id or None,
        group=request.args.get("nhom", "").strip()[:100],
        invited_by=request.args.get("cua", "").strip()[:100],
    )


def _listed(user: Any, event: GiftEvent, per_page: int) -> tuple[list[Guest], Paging, Any]:
    query = _query()
    page = query_int("trang", 1, maximum=10_000)
    found = guests.find_guests(user, event, query, page, per_page)
    pages = max((found.total + per_page - 1) // per_page, 1)
    return found.items, Paging(page, pages, found.total), query


def _page_url(endpoint: str, event: GiftEvent, page: int) -> str:
    args = {key: value for key, value in request.args.items() if key != "trang" and value}
    args["trang"] = str(page)
    return url_for(endpoint, event_id=event.id) + "?" + urlencode(args)


# ---- the list, search and adding by hand ----------------------------------------------------


def _render_list(user: Any, event: GiftEvent, form: GuestForm, status: int = 200) -> Page:
    items, paging, query = _listed(user, event, guests.PER_PAGE)
    groups, owners = guests.choices_of(user, event)
    sides = guests.managed_sides(user, event)
    return render_template(
        "events/guests.html",
        event=event,
        back=_event_page(event),
        guests=items,
        paging=paging,
        query=query,
        sides=sides,
        groups=groups,
        owners=sorted({*guests.INVITED_BY_SUGGESTIONS, *owners}),
        honorifics=guests.HONORIFICS,
        form=form,
        page_url=lambda page: _page_url("events.guests_page", event, page),
    ), status


@bp.route("/su-kien/<int:event_id>/khach", methods=["GET", "POST"])
def guests_page(event_id: int) -> Page | WerkzeugResponse:
    """The guests of the sides the host manages: search, filters, and a guest added by hand."""
    user = require_login()
    event = guests.hosted_event(user, event_id)
    form = GuestForm().for_sides(guests.managed_sides(user, event))
    if not form.is_submitted():
        return _render_list(user, event, form)
    if not form.validate_on_submit():
        return _render_list(user, event, form, 422)
    try:
        guest = guests.add_guest(user, event.id, form.data_for_service())
    except DomainError as error:
        if error.status == 404:
            raise
        show_beside(form, error, "name")
        return _render_list(user, event, form, error.status)
    flash(_("Đã thêm khách %(name)s.", name=guest.name), "success")
    return redirect(url_for("events.guests_page", event_id=event.id))


# ---- one guest -----------------------------------------------------------------------------


def _render_guest(user: Any, guest: Guest, form: GuestForm, status: int = 200) -> Page:
    link = personal_link(guest)
    groups, owners = guests.choices_of(user, guest.event)
    return render_template(
        "events/guest.html",
        event=guest.event,
        guest=guest,
        form=form,
        link=link,
        text=invitation_text(guest, link),
        rsvp=guest.rsvps[0] if guest.rsvps else None,
        groups=groups,
        owners=sorted({*guests.INVITED_BY_SUGGESTIONS, *owners}),
        honorifics=guests.HONORIFICS,
    ), status


@bp.route("/su-kien/<int:event_id>/khach/<int:guest_id>", methods=["GET", "POST"])
def guest_page_for_hosts(event_id: int, guest_id: int) -> Page | WerkzeugResponse:
    """A guest: their fields to change, their personal link and ready text."""
    user = require_login()
    guest = guests.managed_guest(user, event_id, guest_id)
    sides = guests.managed_sides(user, guest.event)
    form = GuestForm(obj=None if request.method == "POST" else guest).for_sides(sides)
    if not form.is_submitted():
        return _render_guest(user, guest, form)
    if not form.validate_on_submit():
        return _render_guest(user, guest, form, 422)
    try:
        guests.update_guest(user, guest, form.data_for_service())
    except DomainError as error:
        if error.status == 404:
            raise
        show_beside(form, error, "name")
        return _render_guest(user, guest, form, error.status)
    flash(_("Đã lưu khách %(name)s.", name=guest.name), "success")
    return redirect(url_for("events.guests_page", event_id=event_id))


@bp.route("/su-kien/<int:event_id>/khach/<int:guest_id>/xoa", methods=["POST"])
def remove_guest(event_id: int, guest_id: int) -> WerkzeugResponse:
    """Remove a guest (the page asks first)."""
    user = require_login()
    guest = guests.managed_guest(user, event_id, guest_id)
    name = guest.name
    guests.remove_guest(user, guest)
    flash(_("Đã xoá khách %(name)s.", name=name), "success")
    return redirect(url_for("events.guests_page", event_id=event_id))


@bp.route("/su-kien/<int:event_id>/khach/<int:guest_id>/duong-dan-moi", methods=["POST"])
def renew_guest_link(event_id: int, guest_id: int) -> WerkzeugResponse:
    """A new personal link for a guest whose link leaked; the old one stops working."""
    user = require_login()
    guest = guests.renew_link(user, guests.managed_guest(user, event_id, guest_id))
    flash(
        _("Đã tạo đường dẫn mới cho %(name)s; đường dẫn cũ không còn dùng được.", name=guest.name),
        "success",
    )
    back = request.form.get("back") == "links"
    if back:
        return redirect(url_for("events.guest_links", event_id=event_id, _anchor=f"k{guest.id}"))
    return redirect(url_for("events.guest_page_for_hosts", event_id=event_id, guest_id=guest.id))


# ---- personal links and ready texts --------------------------------------------------------


@bp.route("/su-kien/<int:event_id>/khach/loi-moi")
def guest_links(event_id: int) -> Page:
    """Each guest's personal link and a ready Zalo/SMS text, to copy (nothing is sent)."""
    user = require_login()
    event = guests.hosted_event(user, event_id)
    items, paging, query = _listed(user, event, guests.PER_PAGE)
    invitations = []
    for guest in items:
        link = personal_link(guest)
        invitations.append((guest, link, invitation_text(guest, link)))
    return render_template(
        "events/guest_links.html",
        event=event,
        back=_event_page(event),
        invitations=invitations,
        paging=paging,
        query=query,
        sides=guests.managed_sides(user, event),
        page_url=lambda page: _page_url("events.guest_links", event, page),
    ), 200


# ---- importing a list (app.events.guest_files) ---------------------------------------------


def _render_import(
    user: Any,
    event: GiftEvent,
    form: GuestFileForm,
    preview: guest_files.GuestPreview | None = None,
    status: int = 200,
    side_id: int | None = None,
) -> Page:
    confirm = None
    if preview is not None and preview.valid:
        confirm = GuestConfirmForm(formdata=None)
        confirm.rows.data = [draft.posted() for draft in preview.rows]
        confirm.side_id.data = str(side_id or "")
    return render_template(
        "events/guest_import.html",
        event=event,
        form=form,
        preview=preview,
        confirm=confirm,
        columns=guest_files.KEYS,
        column_labels=guest_files.HEADERS,
    ), status


@bp.route("/su-kien/<int:event_id>/khach/nhap", methods=["GET", "POST"])
def import_guests(event_id: int) -> Page:
    """Step 1: upload a guest list (CSV/XLSX); the answer is the preview of every row."""
    user = require_login()
    event = guests.hosted_event(user, event_id)
    form = GuestFileForm().for_sides(guests.managed_sides(user, event))
    if not form.is_submitted():
        return _render_import(user, event, form)
    if not form.validate_on_submit():
        return _render_import(user, event, form, status=422)
    upload = form.file.data
    side_id = form.side_id.data if "side_id" in form else None
    try:
        preview = guest_files.preview_file(
            user, event.id, upload.filename or "", upload.read(), side_id
        )
    except DomainError as error:
        if error.status == 404:
            raise
        show_beside(form, error, "file")
        return _render_import(user, event, form, status=error.status)
    status = 200 if preview.valid else 422
    return _render_import(user, event, form, preview, status, side_id)


@bp.route("/su-kien/<int:event_id>/khach/nhap/xac-nhan", methods=["POST"])
def confirm_guests(event_id: int) -> WerkzeugResponse | Page:
    """Step 2: write the previewed rows (checked again), all or none."""
    user = require_login()
    event = guests.hosted_event(user, event_id)
    confirm = GuestConfirmForm()
    if not confirm.validate_on_submit():
        raise DomainError("events.confirmation_unreadable", status=400)
    side_id = picked_id(confirm.side_id.data)
    form = GuestFileForm(formdata=None).for_sides(guests.managed_sides(user, event))
    try:
        drafts = guest_files.drafts_from_rows(confirm.rows.data or [])
        created = guest_files.import_drafts(user, event.id, drafts, side_id)
    except guest_files.GuestRowsError as error:
        show_beside(form, error, "file")
        preview = guest_files.GuestPreview(error.drafts)
        return _render_import(user, event, form, preview, error.status, side_id)
    except DomainError as error:
        if error.status == 404:
            raise
        show_beside(form, error, "file")
        return _render_import(user, event, form, status=error.status)
    flash(_("Đã thêm %(n)d khách.", n=len(created)), "success")
    return redirect(url_for("events.guests_page", event_id=event.id))


@bp.route("/su-kien/<int:event_id>/khach/nhap/mau.<any(csv, xlsx):fmt>")
def guest_template(event_id: int, fmt: str) -> Response:
    """The guest list template (headers and one example row) to fill in and import."""
    user = require_login()
    guests.hosted_event(user, event_id)
    body, headers = guest_files.template(fmt)
    return Response(body, headers=headers)
