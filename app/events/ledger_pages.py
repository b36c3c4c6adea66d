"""The ledger's pages (sổ mừng): totals, the list with search, filters and the bulk "Đã cảm
ơn", an entry's form, the fast envelope entry for a phone (offline, with its service worker)
and the exports. Hosts only (404 for anyone else); sides shared read-only show no edit
controls."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import require_login
from app.errors import DomainError
from app.events import ledger, ledger_exports
from app.events.gifts import UNIT_LABELS, gift_text
from app.events.ledger_forms import EntryForm, QuickEntryForm, ThankedForm
from app.events.ledger_messages import (
    ESTIMATE_LABEL,
    GIVER_KIND_LABELS,
    METHOD_LABELS,
    NO_OWNER_LABEL,
)
from app.events.models import METHODS, UNITS, GiftEvent, Guest
from app.events.routes import add_tool, bp
from app.forms import show_beside
from app.request_guards import query_int

Page = tuple[str, int]
PER_PAGE: Final = 50
#: The fast entry page's quick amounts, in đồng.
QUICK_AMOUNTS: Final = (200_000, 300_000, 500_000, 1_000_000, 2_000_000)
SERVICE_WORKER: Final = "js/ledger-sw.js"

add_tool("events.ledger_page", _l("Sổ mừng"))


def _words() -> dict[str, Any]:
    return {
        "unit_labels": UNIT_LABELS,
        "method_labels": METHOD_LABELS,
        "giver_kind_labels": GIVER_KIND_LABELS,
        "estimate_label": ESTIMATE_LABEL,
        "no_owner_label": NO_OWNER_LABEL,
        "gift_text": gift_text,
    }


def _filters() -> ledger.Filters:
    """The list's filters from the page's query (unknown choices are ignored: they come from
    the page's own drop-downs)."""
    args = request.args
    thanked = {"co": True, "chua": False}.get(args.get("cam-on", ""))
    method = args.get("hinh-thuc", "")
    unit = args.get("don-vi", "")
    return ledger.Filters(
        side_id=query_int("ben", 0, minimum=0) or None,
        owner=args.get("chu") or None,  # "Tất cả" sends an empty choice
        method=method if method in METHODS else None,
        unit=unit if unit in UNITS else None,
        group=args.get("nhom") or None,
        thanked=thanked,
        q=args.get("q", "")[:100],
    )


def _guest_names(event: GiftEvent, side_ids: set[int]) -> list[str]:
    guests = [guest for guest in event.guests if guest.side_id in side_ids]
    return sorted({guest.name for guest in guests}, key=lambda name: Guest(name=name).sort_key)


@bp.route("/su-kien/<int:event_id>/so-mung")
def ledger_page(event_id: int) -> str:
    """The ledger: totals at the top, then the entries with search, filters and thanks."""
    user = require_login()
    event = ledger.hosted_event(user, event_id)
    filters = _filters()
    page = query_int("trang", 1)
    found = ledger.entries_of(user, event_id, filters, page, PER_PAGE)
    sides = ledger.readable_sides(user, event)
    writable = {side.id for side in ledger.writable_sides(user, event)}
    return render_template(
        "events/ledger.html",
        event=event,
        sides=sides,
        writable=writable,
        filters=filters,
        found=found,
        page=page,
        pages=max(1, -(-found.total // PER_PAGE)),
        totals=ledger.totals_of(user, event_id),
        thanked_form=ThankedForm(),
        args={key: value for key, value in request.args.items() if key != "trang"},
        **_words(),
    )


@bp.route("/su-kien/<int:event_id>/so-mung/cam-on", methods=["POST"])
def ledger_thanked(event_id: int) -> WerkzeugResponse:
    """Mark the ticked entries thanked (or not)."""
    user = require_login()
    ledger.hosted_event(user, event_id)
    form = ThankedForm()
    back = request.form.get("back", "")
    if not back.startswith(f"/su-kien/{event_id}/so-mung"):
        back = url_for("events.ledger_page", event_id=event_id)
    if not form.validate_on_submit() or not form.entry_ids():
        flash(str(DomainError("events.ledger_nothing_picked").message), "error")
        return redirect(back)
    changed = ledger.mark_thanked(user, event_id, form.entry_ids(), form.thanked.data != "0")
    flash(_("Đã đánh dấu %(count)d mục.", count=changed), "success")
    return redirect(back)


def _entry_page(event: GiftEvent, form: EntryForm, title: str, status: int) -> Page:
    side_ids = {int(choice[0]) for choice in form.side_id.iter_choices() if choice[0]}
    page = render_template(
        "events/ledger_entry.html",
        event=event,
        form=form,
        title=title,
        guest_names=_guest_names(event, side_ids),
        back=url_for("events.ledger_page", event_id=event.id),
    )
    return page, status


def _save_entry(event: GiftEvent, form: EntryForm, title: str, save: Any) -> Any:
    if not form.validate_on_submit():
        return _entry_page(event, form, title, 422 if form.is_submitted() else 200)
    try:
        save(form.data_for_service())
    except DomainError as error:
        if error.status == 404:
            raise
        show_beside(form, error, "quantity")
        return _entry_page(event, form, title, error.status)
    flash(_("Đã lưu."), "success")
    return redirect(url_for("events.ledger_page", event_id=event.id))


@bp.route("/su-kien/<int:event_id>/so-mung/them", methods=["GET", "POST"])
def ledger_add(event_id: int) -> WerkzeugResponse | Page:
    """Add an entry with every field (gold in cây, another currency, a value noted…)."""
    user = require_login()
    event = ledger.hosted_event(user, event_id)
    form = EntryForm().with_sides(ledger.writable_sides(user, event))
    return _save_entry(  # type: ignore[no-any-return]
        event,
        form,
        _("Ghi một mục sổ mừng"),
        lambda data: ledger.add_entry(user, event_id, data),
    )


@bp.route("/su-kien/<int:event_id>/so-mung/<int:entry_id>/sua", methods=["GET", "POST"])
def ledger_edit(event_id: int, entry_id: int) -> WerkzeugResponse | Page:
    """Change an entry of a side whose ledger the host writes."""
    user = require_login()
    entry = ledger.writable_entry(user, event_id, entry_id)
    event = entry.event
    shown = entry if request.method == "GET" else None
    form = EntryForm(obj=shown).with_sides(ledger.writable_sides(user, event))
    if request.method == "GET":
        form.quantity.data = (
            "" if entry.quantity is None else format(entry.quantity.normalize(), "f")
        )
        form.value_vnd.data = "" if entry.value_vnd is None else str(entry.value_vnd)
        form.received_on.data = entry.received_at.date()
    return _save_entry(  # type: ignore[no-any-return]
        event,
        form,
        _("Sửa mục sổ mừng"),
        lambda data: ledger.update_entry(user, event_id, entry_id, data),
    )


@bp.route("/su-kien/<int:event_id>/so-mung/<int:entry_id>/xoa", methods=["POST"])
def ledger_delete(event_id: int, entry_id: int) -> WerkzeugResponse:
    """Delete an entry (the page asks first)."""
    user = require_login()
    form = ThankedForm()
    if form.validate_on_submit():
        ledger.delete_entry(user, event_id, entry_id)
        flash(_("Đã xoá mục."), "success")
    return redirect(url_for("events.ledger_page", event_id=event_id))


def _quick_page(event: GiftEvent, form: QuickEntryForm, status: int) -> Page:
    sides = [choice for choice in form.side_id.choices or []]
    side_ids = {int(choice.value) for choice in sides}
    page = render_template(
        "events/ledger_quick.html",
        event=event,
        form=form,
        guest_names=_guest_names(event, side_ids),
        quick_amounts=QUICK_AMOUNTS,
        sync_url=url_for("events_api.ledger_sync", event_id=event.id),
        ledger_url=url_for("events.ledger_page", event_id=event.id),
        worker_url=url_for("events.ledger_worker"),
        **_words(),
    )
    return page, status


@bp.route("/su-kien/<int:event_id>/so-mung/nhap-nhanh", methods=["GET", "POST"])
def ledger_quick(event_id: int) -> WerkzeugResponse | Page:
    """Envelopes one after another on a phone. With JavaScript the page queues them on the
    phone and syncs; without it, each envelope is posted here through the same sync service."""
    user = require_login()
    event = ledger.hosted_event(user, event_id)
    form = QuickEntryForm().with_sides(ledger.writable_sides(user, event))
    if request.method == "GET":
        form.side_id.data = query_int("ben", 0, minimum=0) or None
    if not form.validate_on_submit():
        return _quick_page(event, form, 422 if form.is_submitted() else 200)
    data = form.data_for_service()
    [result] = ledger.sync_entries(user, event_id, [data])
    if result.status == "refused":
        for name, messages in result.errors.items():
            field = getattr(form, name, None) or form.quantity
            field.errors = [*field.errors, *messages]
        return _quick_page(event, form, 422)
    flash(_("Đã lưu: %(name)s.", name=data["giver_name"] or _("không ghi tên")), "success")
    return redirect(url_for("events.ledger_quick", event_id=event_id, ben=data["side_id"]))


@bp.route("/su-kien/<int:event_id>/so-mung/xuat.<any(csv, xlsx):fmt>")
def ledger_export(event_id: int, fmt: str) -> Response:
    """The ledger as a file: one side (`ben`) or every side the host reads."""
    user = require_login()
    side_id = query_int("ben", 0, minimum=0) or None
    body, headers = ledger_exports.export(user, event_id, side_id, fmt)
    return Response(body, headers=headers)


@bp.route("/su-kien/so-mung-sw.js")
def ledger_worker() -> Response:
    """The fast entry page's service worker (it keeps the page and its files for offline
    reopening); served under /su-kien/ so that its scope covers the page."""
    script = Path(current_app.static_folder or "static", SERVICE_WORKER).read_bytes()
    return Response(
        script,
        headers={"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache"},
    )
