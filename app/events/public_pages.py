"""The public pages of an event, on the events blueprint: an event's or a side's page
(/m/<token>), a guest's personal page (/m/k/<token>), their QR images and calendar file, the
service worker that keeps them readable offline (/m/sw.js); and the hosts' wishes and RSVPs page
and the printable table card.

The public pages use their own small layout (`events/public_base.html`: system fonts,
`public.css`, `public.js`), never the app's, so that a whole page stays under 100 KB on the
wire. RSVPs and wishes are rate-limited per address (`RSVP_LIMITS`, `WISH_LIMITS`).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.codes import services as codes
from app.errors import DomainError
from app.events import public, table_card
from app.events.hosting import hosted_event
from app.events.models import Ceremony, EventSide
from app.events.public_forms import ANSWER_LABELS, RsvpForm, WishForm, WishVisibilityForm
from app.events.routes import add_tool, bp, public_url
from app.extensions import limiter
from app.forms import show_beside

Page = tuple[str, int]

#: The QR image's size on the page (px) and its quiet zone (modules).
QR_SIZE = 320
QR_BORDER = 2
#: The Open Graph card shared links show (a small static image, never the QR).
OG_IMAGE = "img/public-card.png"

add_tool("events.wishes", _l("Lời chúc và trả lời"))
add_tool("events.table_card_pdf", _l("In thiệp bàn (PDF)"))


def wish_limits() -> str:
    """How often one address may leave a wish (`WISH_LIMITS` in the config)."""
    return str(current_app.config["WISH_LIMITS"])


def rsvp_limits() -> str:
    """How often one address may answer an invitation (`RSVP_LIMITS` in the config)."""
    return str(current_app.config["RSVP_LIMITS"])


def _posted(which: str) -> Any:
    return lambda: request.form.get("form") != which


#: One budget per address for every event's page: wishes and answers counted apart.
limit_wishes = limiter.shared_limit(
    wish_limits, scope="event-wishes", methods=["POST"], exempt_when=_posted("wish")
)
limit_rsvps = limiter.shared_limit(
    rsvp_limits, scope="event-rsvps", methods=["POST"], exempt_when=_posted("rsvp")
)


# ---- the public pages ---------------------------------------------------------------------


@bp.route("/m/<token>", methods=["GET", "POST"])
@limit_rsvps
@limit_wishes
def public_page(token: str) -> WerkzeugResponse:
    """An event's page (every side) or a side's: ceremonies, venues, message, RSVP, wishes and
    each side's QR; never an amount, a guest list or who gave what."""
    page = public.public_page(token)
    return _unreferred(_reply_page(page, "events.public_page", "events.public_qr"))


@bp.route("/m/k/<token>", methods=["GET", "POST"])
@limit_rsvps
@limit_wishes
def guest_page(token: str) -> WerkzeugResponse:
    """A guest's personal page: greeted by name, their side's ceremonies, their one RSVP, a
    wish linked to them, and a QR carrying their own code."""
    page = public.guest_page(token)
    return _unreferred(_reply_page(page, "events.guest_page", "events.guest_qr"))


def _unreferred(answer: WerkzeugResponse | Page) -> WerkzeugResponse:
    """The token in a page's address never leaves through a Referer (the map link, say)."""
    response: WerkzeugResponse = make_response(answer)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _reply_page(
    page: public.PublicPage, endpoint: str, qr_endpoint: str
) -> WerkzeugResponse | Page:
    rsvp_form, wish_form = RsvpForm(prefix="r"), WishForm(prefix="w")
    rsvp_form.side.choices = [SelectChoice(side.token, side.name) for side in page.sides]
    if request.method == "GET" and page.guest is not None:
        rsvp_form.name.data = rsvp_form.name.data or page.guest.name
        wish_form.name.data = wish_form.name.data or page.guest.name
        if page.rsvp is not None:
            rsvp_form.answer.data = page.rsvp.answer
            rsvp_form.people.data = str(page.rsvp.people)
    status = 200
    which = request.form.get("form") if request.method == "POST" else None
    form = {"rsvp": rsvp_form, "wish": wish_form}.get(which or "")
    if form is not None:
        try:
            if form is rsvp_form:
                public.answer(page, form.data_for_service())
                flash(_("Cảm ơn bạn đã trả lời!"), "success")
            else:
                public.leave_wish(page, form.data_for_service())
                flash(_("Cảm ơn lời chúc của bạn!"), "success")
        except DomainError as error:
            show_beside(form, error, "name")
            status = error.status
        else:
            anchor = "tra-loi" if form is rsvp_form else "loi-chuc"
            return redirect(url_for(endpoint, token=page.token, _anchor=anchor))
    url = public_url(endpoint, token=page.token)
    qr_token = page.token if page.guest is not None else None
    codes_shown = [
        (side, made, url_for(qr_endpoint, token=qr_token or side.token))
        for side in page.sides
        if (made := public.side_code(side, page.guest)) is not None
    ]
    return render_template(
        "events/public_page.html",
        page=page,
        ceremonies=[
            _ceremony_lines(side, ceremony) for side, ceremony in public.ceremonies_of(page)
        ],
        codes_shown=codes_shown,
        wishes=public.shown_wishes(page),
        rsvp_form=rsvp_form,
        wish_form=wish_form,
        page_url=url,
        # A guest's ceremonies are their side's: the side's calendar file.
        calendar_url=url_for(
            "events.public_calendar",
            token=page.token if page.guest is None else page.sides[0].token,
        ),
        og_image=public_url("static", filename=OG_IMAGE),
    ), status


def _ceremony_lines(side: EventSide, ceremony: Ceremony) -> tuple[Any, ...]:
    """A ceremony as the page prints it: side, ceremony, local start, weekday, lunar date."""
    local, lunar = public.day_lines(ceremony.starts_at)
    return side, ceremony, local, format_date(local.date(), "EEEE"), lunar


def _qr_response(page: public.PublicPage) -> Response:
    made = public.page_code(page)
    return codes.image_response(
        codes.code_image(made.payload, "png", size=QR_SIZE, border=QR_BORDER), request
    )


@bp.route("/m/<token>/qr.png")
def public_qr(token: str) -> Response:
    """A side's QR (its account, the side's code as purpose) as PNG; for an event's token the
    first side showing one. 404 when the hosts left it off or there is no account."""
    return _qr_response(public.public_page(token))


@bp.route("/m/k/<token>/qr.png")
def guest_qr(token: str) -> Response:
    """A guest's QR: their side's account with the guest's own code as purpose."""
    return _qr_response(public.guest_page(token))


@bp.route("/m/<token>/lich.ics")
def public_calendar(token: str) -> Response:
    """The page's ceremonies as an iCalendar file ("add to calendar")."""
    page = public.public_page(token)
    body = public.calendar_file(page, public_url("events.public_page", token=token))
    return Response(
        body.encode(),
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="su-kien.ics"'},
    )


@bp.route("/m/sw.js")
def service_worker() -> Response:
    """The service worker of the public pages (scope /m/): keeps a page read once, its CSS,
    script and QR images readable offline. Never cached by the browser's HTTP cache."""
    response = send_from_directory(
        current_app.static_folder or "static", "js/public-sw.js", mimetype="text/javascript"
    )
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/m/"
    return response


# ---- the hosts' pages ---------------------------------------------------------------------


@bp.route("/su-kien/<int:event_id>/loi-chuc", methods=["GET", "POST"])
def wishes(event_id: int) -> WerkzeugResponse | Page:
    """The hosts' page of wishes (hide or show each) and answers (people counted per side)."""
    user = require_login()
    form = WishVisibilityForm()
    status = 200
    if form.is_submitted():
        if form.validate() and form.wish.data is not None:
            hidden = form.hidden.data == "1"
            public.set_wish_hidden(user, event_id, form.wish.data, hidden)
            flash(_("Đã ẩn lời chúc.") if hidden else _("Đã hiện lại lời chúc."), "success")
            return redirect(url_for("events.wishes", event_id=event_id))
        status = 422
    found = public.wishes_of(user, event_id)
    return render_template(
        "events/wishes.html",
        event=hosted_event(user, event_id),
        wishes=found.items,
        total=found.total,
        counts=public.counts_of(user, event_id),
        rsvps=public.rsvps_of(user, event_id).items,
        answer_labels=ANSWER_LABELS,
        form=form,
    ), status


@bp.route("/su-kien/<int:event_id>/thiep-ban.pdf")
def table_card_pdf(event_id: int) -> Response:
    """The printable table card (A5 or A6, `?kho=`): the sides' names and QR codes."""
    user = require_login()
    size = request.args.get("kho", "A5")
    data, filename = table_card.table_card(user, event_id, size)
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
