"""Pages of the events feature (every page module adds its views to this blueprint `bp`).

This module holds the hosts' core pages: my events, a new event, the event's page (sides with
their accounts and ceremonies, hosts, public links, the tools other modules add with
`add_tool`), the forms to change an event, a side and a ceremony, the hosts page with the
co-host invitation, archiving and deleting. Every page is for the event's hosts: anyone else
gets 404. A service's refusal is shown beside the field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.codes import services as codes
from app.errors import DomainError
from app.events import services
from app.events.forms import (
    CeremonyForm,
    ConfirmForm,
    EventForm,
    EventsForm,
    HostForm,
    NewEventForm,
    SideForm,
)
from app.events.lunar import lunar_date_text
from app.events.messages import EVENT_KIND_LABELS, HOST_ROLE_LABELS
from app.events.models import Ceremony, EventSide, GiftEvent
from app.forms import save_form
from app.localities import services as localities
from app.localities.models import Locality

bp = Blueprint("events", __name__, template_folder="templates")

Page = tuple[str, int]
LOCALITY_CHOICES = 50


@dataclass(frozen=True)
class Tool:
    """A link on the event's page to another page of the event (guests, ledger, wishes…)."""

    endpoint: str
    label: Any


TOOLS: list[Tool] = []


def add_tool(endpoint: str, label: Any) -> None:
    """List a page of the event (an endpoint taking `event_id`) among the event's tools."""
    if all(tool.endpoint != endpoint for tool in TOOLS):
        TOOLS.append(Tool(endpoint, label))


@bp.app_template_filter("lunar")
def lunar_filter(moment: datetime) -> str:
    """A stored moment's day in Vietnam, as a card prints it in the lunar calendar."""
    return lunar_date_text(services.local_day(moment))


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"kind_labels": EVENT_KIND_LABELS, "role_labels": HOST_ROLE_LABELS}


def public_url(endpoint: str, **values: Any) -> str:
    """A link to hand out (a public page, a guest's page): under PUBLIC_BASE_URL when set, else
    this host."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def _save(*args: Any, **kwargs: Any) -> WerkzeugResponse | Page:
    """`save_form`, where a 403 (another side's data) is shown beside the field."""
    return save_form(*args, refused=(404,), **kwargs)


def _form_page(form: EventsForm, title: str, back: str, status: int = 200, **context: Any) -> Page:
    return render_template("events/form.html", form=form, title=title, back=back, **context), status


def _bank_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", _("— chưa có tài khoản —")),
        *(SelectChoice(b.bin, f"{b.short_name} ({b.code})") for b in codes.list_banks(None).banks),
    ]


def _locality_choices(query: str, current: Locality | None) -> list[SelectChoice]:
    """Communes (2025) and hamlets matching `query`, and the current one."""
    found: list[Locality] = []
    if query:
        page = localities.search(query, era="vn2025", per_page=LOCALITY_CHOICES)
        found = [u.locality for u in page.items if u.locality.level in ("commune", "hamlet")]
    if current is not None and current not in found:
        found.insert(0, current)
    prompt = _("— chọn địa bàn —") if found else _("— tìm địa bàn ở ô trên —")
    return [SelectChoice("", prompt), *(SelectChoice(loc.id, loc.known_as) for loc in found)]


def _hosted(event_id: int) -> tuple[Any, GiftEvent]:
    user = require_login()
    return user, services.hosted(user, event_id)


def _event_url(event: GiftEvent, anchor: str | None = None) -> str:
    return url_for("events.event", event_id=event.id, _anchor=anchor)


# ---- my events ----------------------------------------------------------------------------


@bp.route("/su-kien")
def my_events() -> str:
    """The events the signed-in person hosts: current ones, then archived ones."""
    user = require_login()
    return render_template(
        "events/mine.html",
        current=services.events_of(user, archived=False, per_page=200).items,
        archived=services.events_of(user, archived=True, per_page=200).items,
    )


@bp.route("/su-kien/moi", methods=["GET", "POST"])
def new_event() -> WerkzeugResponse | Page:
    user = require_login()
    form = NewEventForm()
    if not form.is_submitted():
        form.show_wishes.data = True
        form.side_name.data = _("Nhà trai")
    query = request.args.get("dia_ban", "").strip()[:100]
    current = services.picked_locality(form.locality_id.data)
    form.locality_id.choices = _locality_choices(query, current)
    form.bank.choices = _bank_choices()
    back = url_for("events.my_events")
    return _save(
        form,
        "title",
        lambda data: services.create_event(user, data),
        lambda event: _event_url(event),
        lambda status: _form_page(
            form, _("Tạo sự kiện mừng"), back, status, locality_search=query, new=True
        ),
        fields={"name": "side_name", "sides": "side_name"},
    )


# ---- an event -----------------------------------------------------------------------------


@bp.route("/su-kien/<int:event_id>")
def event(event_id: int) -> str:
    """An event for its hosts: sides, accounts, ceremonies with their lunar dates, hosts,
    public links and tools."""
    user, found = _hosted(event_id)
    banks = codes.bank_directory()
    me = services.host_row(user, found)
    return render_template(
        "events/event.html",
        event=found,
        me=me,
        banks={side.bank_bin: banks.by_bin(side.bank_bin) for side in found.sides},
        event_link=public_url("events.public_page", token=found.token),
        side_links={
            side.id: public_url("events.public_page", token=side.token) for side in found.sides
        },
        tools=TOOLS,
        may_change=me.side_id is None,
        may_change_side=lambda side: me.side_id in (None, side.id),
    )


@bp.route("/su-kien/<int:event_id>/sua", methods=["GET", "POST"])
def edit_event(event_id: int) -> WerkzeugResponse | Page:
    user, found = _hosted(event_id)
    form = EventForm(obj=found)
    query = request.args.get("dia_ban", "").strip()[:100]
    picked = services.picked_locality(form.locality_id.data) or found.locality
    form.locality_id.choices = _locality_choices(query, picked)
    back = _event_url(found)
    return _save(
        form,
        "title",
        lambda data: services.update_event(user, found, data),
        lambda saved: back,
        lambda status: _form_page(
            form, _("Sửa sự kiện"), back, status, locality_search=query, new=False
        ),
    )


# ---- sides --------------------------------------------------------------------------------


def _side(event_id: int, side_id: int) -> tuple[Any, EventSide]:
    user, found = _hosted(event_id)
    return user, services.event_side(found, side_id)


@bp.route("/su-kien/<int:event_id>/ben/them", methods=["GET", "POST"])
def add_side(event_id: int) -> WerkzeugResponse | Page:
    user, found = _hosted(event_id)
    form = SideForm()
    if not form.is_submitted():
        form.show_qr.data = True
    form.bank.choices = _bank_choices()
    back = _event_url(found)
    return _save(
        form,
        "name",
        lambda data: services.add_side(user, found, data),
        lambda side: _event_url(found, f"ben-{side.id}"),
        lambda status: _form_page(form, _("Thêm bên nhận mừng"), back, status),
    )


@bp.route("/su-kien/<int:event_id>/ben/<int:side_id>/sua", methods=["GET", "POST"])
def edit_side(event_id: int, side_id: int) -> WerkzeugResponse | Page:
    user, side = _side(event_id, side_id)
    form = SideForm(obj=side, data={"bank": side.bank_bin})
    form.bank.choices = _bank_choices()
    back = _event_url(side.event, f"ben-{side.id}")
    return _save(
        form,
        "name",
        lambda data: services.update_side(user, side, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa %(name)s", name=side.name), back, status),
    )


@bp.route("/su-kien/<int:event_id>/ben/<int:side_id>/xoa", methods=["POST"])
def remove_side(event_id: int, side_id: int) -> WerkzeugResponse:
    user, side = _side(event_id, side_id)
    event_page = _event_url(side.event)
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_side(user, side)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(error.message, "error")
        else:
            flash(_("Đã xoá bên nhận mừng."), "success")
    return redirect(event_page)


# ---- ceremonies ---------------------------------------------------------------------------


def _local(moment: datetime | None) -> datetime | None:
    """A stored moment as a form shows it: Vietnam's time, without an offset."""
    return services.local_moment(moment).replace(tzinfo=None) if moment else None


@bp.route("/su-kien/<int:event_id>/ben/<int:side_id>/nghi-le/them", methods=["GET", "POST"])
def add_ceremony(event_id: int, side_id: int) -> WerkzeugResponse | Page:
    user, side = _side(event_id, side_id)
    form = CeremonyForm()
    back = _event_url(side.event, f"ben-{side.id}")
    return _save(
        form,
        "name",
        lambda data: services.add_ceremony(user, side, data),
        lambda ceremony: back,
        lambda status: _form_page(
            form, _("Thêm nghi lễ cho %(name)s", name=side.name), back, status
        ),
    )


def _ceremony(event_id: int, side_id: int, ceremony_id: int) -> tuple[Any, Ceremony]:
    user, side = _side(event_id, side_id)
    return user, services.side_ceremony(side, ceremony_id)


@bp.route(
    "/su-kien/<int:event_id>/ben/<int:side_id>/nghi-le/<int:ceremony_id>/sua",
    methods=["GET", "POST"],
)
def edit_ceremony(event_id: int, side_id: int, ceremony_id: int) -> WerkzeugResponse | Page:
    user, ceremony = _ceremony(event_id, side_id, ceremony_id)
    form = CeremonyForm(obj=ceremony)
    if not form.is_submitted():  # the form shows Vietnam's time, the row keeps UTC
        form.starts_at.data = _local(ceremony.starts_at)
        form.ends_at.data = _local(ceremony.ends_at)
    back = _event_url(ceremony.side.event, f"ben-{side_id}")
    return _save(
        form,
        "name",
        lambda data: services.update_ceremony(user, ceremony, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa %(name)s", name=ceremony.name), back, status),
    )


@bp.route(
    "/su-kien/<int:event_id>/ben/<int:side_id>/nghi-le/<int:ceremony_id>/xoa", methods=["POST"]
)
def remove_ceremony(event_id: int, side_id: int, ceremony_id: int) -> WerkzeugResponse:
    user, ceremony = _ceremony(event_id, side_id, ceremony_id)
    back = _event_url(ceremony.side.event, f"ben-{side_id}")
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_ceremony(user, ceremony)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(error.message, "error")
        else:
            flash(_("Đã xoá nghi lễ."), "success")
    return redirect(back)


# ---- hosts --------------------------------------------------------------------------------


def _hosts_page(found: GiftEvent, user: Any, form: HostForm, status: int = 200) -> Page:
    me = services.host_row(user, found)
    return render_template(
        "events/hosts.html", event=found, me=me, form=form, may_invite=me.side_id is None
    ), status


@bp.route("/su-kien/<int:event_id>/chu-nha", methods=["GET", "POST"])
def hosts(event_id: int) -> WerkzeugResponse | Page:
    """The event's hosts, and the invitation of a co-host by their account's email or phone."""
    user, found = _hosted(event_id)
    form = HostForm()
    form.side_id.choices = [
        SelectChoice("", _("Cả sự kiện")),
        *(SelectChoice(side.id, side.name) for side in found.sides),
    ]
    back = url_for("events.hosts", event_id=found.id)
    return _save(
        form,
        "login",
        lambda data: services.invite_host(user, found, data),
        lambda host: back,
        lambda status: _hosts_page(found, user, form, status),
    )


@bp.route("/su-kien/<int:event_id>/chu-nha/<int:host_id>/xoa", methods=["POST"])
def remove_host(event_id: int, host_id: int) -> WerkzeugResponse:
    user, found = _hosted(event_id)
    host = services.event_host(found, host_id)
    leaving = host.user_id == user.id
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_host(user, host)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(error.message, "error")
        else:
            if leaving:
                flash(_("Bạn đã rời sự kiện."), "success")
                return redirect(url_for("events.my_events"))
            flash(_("Đã bỏ đồng chủ nhà."), "success")
    return redirect(url_for("events.hosts", event_id=found.id))


# ---- archive and delete -------------------------------------------------------------------


@bp.route("/su-kien/<int:event_id>/luu-tru", methods=["POST"])
def archive(event_id: int) -> WerkzeugResponse:
    """Archive the event, or bring it back (`archived` = "0")."""
    user, found = _hosted(event_id)
    if ConfirmForm().validate_on_submit():
        archived = request.form.get("archived", "1") != "0"
        try:
            services.set_archived(user, found, archived)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(error.message, "error")
        else:
            flash(_("Đã lưu trữ sự kiện.") if archived else _("Đã bỏ lưu trữ."), "success")
    return redirect(_event_url(found))


@bp.route("/su-kien/<int:event_id>/xoa", methods=["GET", "POST"])
def delete_event(event_id: int) -> WerkzeugResponse | Page:
    """What deleting the event deletes, and the button that does it."""
    user, found = _hosted(event_id)
    form = ConfirmForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.delete_event(user, found)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(error.message, "error")
            status = error.status
        else:
            flash(_("Đã xoá sự kiện và mọi dữ liệu của nó."), "success")
            return redirect(url_for("events.my_events"))
    me = services.host_row(user, found)
    return render_template(
        "events/delete.html",
        event=found,
        counts=services.counts_of(found),
        form=form,
        is_owner=me.role == "owner",
    ), status
