"""Pages of the swapped-sign checks, on the markets pages blueprint: the vendor's own morning
check of her sign, a market's or a cashless street's check rounds and open mismatches, and the
phone-first round page an officer walks the market or the street with (pick a stall or a shop,
photograph its sign, see OK or MISMATCH)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.errors import DomainError
from app.forms import show_beside
from app.localities.tree import ancestors
from app.markets import checks, services
from app.markets.check_forms import OwnSignCheckForm, ResolveForm, SignPhotoForm
from app.markets.check_messages import CHECK_RESULT_LABELS
from app.markets.models import CashlessStreet, CheckRound, Market, SignCheck, Stall, Vendor
from app.markets.routes import bp

Page = tuple[str, int]


@bp.context_processor
def check_helpers() -> dict[str, Any]:
    return {
        "check_result_labels": CHECK_RESULT_LABELS,
        "sign_checks_of": checks.place_checks,
        "checks_url": _checks_url,
        "masked": checks.masked,
        "bank_name": checks.bank_name,
    }


def _photo(form: Any) -> bytes:
    upload: Any = form.photo.data
    return upload.read() if upload is not None and upload.filename else b""


# ---- the vendor's own check ---------------------------------------------------------------


@bp.route("/kiem-tra-bien-cua-toi", methods=["GET", "POST"])
def my_sign_check() -> Page:
    """A vendor photographs her own sign and sees at once whether it pays to her account."""
    user = require_login()
    mine = checks.my_vendors(user)
    form = OwnSignCheckForm()
    form.vendor_id.choices = [SelectChoice(v.id, v.name) for v in mine]
    verification = None
    status = 200
    if mine and form.validate_on_submit():
        vendor = next((v for v in mine if v.id == form.vendor_id.data), None)
        if vendor is None:
            raise DomainError("markets.forbidden", status=403)
        try:
            verification = checks.verify_own(user, vendor, _photo(form))
        except DomainError as error:
            if error.status == 403:
                raise
            show_beside(form, error, "photo")
            status = error.status
    elif form.is_submitted():
        status = 422
    return render_template(
        "markets/check_mine.html", form=form, mine=mine, verification=verification
    ), status


# ---- a market's or a street's checks -------------------------------------------------------

#: A place whose signs are checked in rounds: a market (stall by stall) or a cashless street
#: (shop by shop).
Place = Market | CashlessStreet


def _checks_url(place: Place, **kwargs: Any) -> str:
    if isinstance(place, Market):
        return url_for("markets.market_checks", market_id=place.id, **kwargs)
    return url_for("markets.street_checks", street_id=place.id, **kwargs)


def _checks_page(
    place: Place, resolving: tuple[int, ResolveForm] | None = None, status: int = 200
) -> Page:
    user = require_login()
    manage = services.may_manage(user, place.locality)
    market, street = (place, None) if isinstance(place, Market) else (None, place)
    problems = checks.open_problems(market, street)
    forms = {c.id: ResolveForm.for_check(c.id, formdata=None) for c in problems} if manage else {}
    if resolving is not None and manage:
        forms[resolving[0]] = resolving[1]
    return render_template(
        "markets/check_place.html",
        place=place,
        market=market,
        place_url=url_for("markets.market", market_id=place.id)
        if market
        else url_for("markets.street", street_id=place.id),
        start_url=url_for("markets.start_check_round", market_id=place.id)
        if market
        else url_for("markets.start_street_check_round", street_id=place.id),
        crumbs=[*ancestors(place.locality), place.locality],
        rounds=[checks.summary(r) for r in checks.rounds_of(market, street)],
        problems=problems,
        resolve_forms=forms,
        can_manage=manage,
    ), status


@bp.route("/cho/<int:market_id>/kiem-tra-bien")
def market_checks(market_id: int) -> Page:
    """A market's check rounds (latest first) and its mismatches not yet resolved."""
    return _checks_page(services.visible_market(require_login(), market_id))


@bp.route("/tuyen-pho/<int:street_id>/kiem-tra-bien")
def street_checks(street_id: int) -> Page:
    """A cashless street's check rounds (latest first) and its mismatches not yet resolved."""
    return _checks_page(services.visible_street(require_login(), street_id))


@bp.route("/cho/<int:market_id>/kiem-tra-bien/bat-dau", methods=["POST"])
def start_check_round(market_id: int) -> WerkzeugResponse:
    started = checks.start_round(require_login(), market=services.get_market(market_id))
    return redirect(url_for("markets.check_round", round_id=started.id))


@bp.route("/tuyen-pho/<int:street_id>/kiem-tra-bien/bat-dau", methods=["POST"])
def start_street_check_round(street_id: int) -> WerkzeugResponse:
    started = checks.start_round(require_login(), street=services.get_street(street_id))
    return redirect(url_for("markets.check_round", round_id=started.id))


@bp.route("/kiem-tra-bien/<int:check_id>/xu-ly", methods=["POST"])
def resolve_sign_check(check_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    check = checks.get_check(check_id)
    place = check.round.market or check.round.street
    services.require_manage(user, check.round.locality)
    form = ResolveForm.for_check(check.id)
    if not form.validate_on_submit():
        return _page_with(place, check, form, 422)
    try:
        checks.resolve_check(user, check, form.note.data)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        show_beside(form, error, "note")
        return _page_with(place, check, form, error.status)
    flash(_("Đã ghi nhận cách xử lý."), "success")
    if place is None:
        return redirect(url_for("markets.check_round", round_id=check.round_id))
    return redirect(_checks_url(place, _anchor="sai-lech"))


def _page_with(place: Place | None, check: SignCheck, form: ResolveForm, status: int) -> Page:
    if place is None:
        return _round_page(check.round, status=status)
    return _checks_page(place, (check.id, form), status)


# ---- a round -------------------------------------------------------------------------------


def _managed_round(round_id: int) -> CheckRound:
    """A round whose place the signed-in officer manages (403 otherwise)."""
    user = require_login()
    found = checks.get_round(round_id)
    services.require_manage(user, found.locality)
    return found


def _round_page(check_round: CheckRound, status: int = 200) -> Page:
    user = require_login()
    market = check_round.market
    stalls = services.stalls_of(market, per_page=1000).items if market else []
    street = check_round.street
    place = market or street
    return render_template(
        "markets/check_round.html",
        round=check_round,
        market=market,
        place=place,
        place_checks_url=_checks_url(place) if place else None,
        stalls=stalls,
        shops=checks.shops_of(street) if street else [],
        latest=checks.latest_checks(check_round),
        totals=checks.summary(check_round),
        can_check=services.may_manage(user, check_round.locality)
        and check_round.finished_at is None,
    ), status


@bp.route("/luot-kiem-tra/<int:round_id>")
def check_round(round_id: int) -> Page:
    """A round: the market's stalls in stall order (or the street's shops by name), each not yet
    checked, OK or MISMATCH."""
    return _round_page(checks.visible_round(require_login(), round_id))


@bp.route("/luot-kiem-tra/<int:round_id>/xong", methods=["POST"])
def finish_check_round(round_id: int) -> WerkzeugResponse:
    found = _managed_round(round_id)
    checks.finish_round(require_login(), found)
    flash(_("Đã kết thúc lượt kiểm tra."), "success")
    place = found.market or found.street
    if place is None:
        return redirect(url_for("markets.check_round", round_id=found.id))
    return redirect(_checks_url(place))


def _next_unchecked[T: (Stall, Vendor)](
    items: list[T], item: T, latest: dict[int, SignCheck], ready: Callable[[T], bool]
) -> T | None:
    """The next of `items` after `item`, round the list, that is `ready` and not yet checked."""
    at = items.index(item) if item in items else -1
    after = items[at + 1 :] + items[: max(at, 0)]
    return next((i for i in after if ready(i) and i.id not in latest), None)


def _sign_page[T: (Stall, Vendor)](
    found: CheckRound,
    item: T,
    items: list[T],
    ready: Callable[[T], bool],
    link: Callable[[T], tuple[str, str]],
    heading: str,
    list_label: str,
) -> Page:
    """Photograph one stall's or shop's sign (`item`, among the round's `items`): the result at
    once, saved in the round, and the next one `ready` and not yet checked a tap away (`link`:
    its page and its button's label)."""
    form = SignPhotoForm()
    verification = saved = None
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        else:
            target = {"stall_id" if isinstance(item, Stall) else "vendor_id": item.id}
            try:
                checked = checks.check_sign(require_login(), found, target, _photo(form))
                saved, verification = checked.check, checked.verification
            except DomainError as error:
                if error.status in (403, 404, 409):
                    raise
                show_beside(form, error, "photo")
                status = error.status
    latest = checks.latest_checks(found)
    after = _next_unchecked(items, item, latest, ready) if found.finished_at is None else None
    next_url, next_label = link(after) if after is not None else (None, None)
    return render_template(
        "markets/check_sign.html",
        round=found,
        place=found.market or found.street,
        form=form,
        verification=verification,
        saved=saved or latest.get(item.id),
        vendor=item.vendor if isinstance(item, Stall) else item,
        heading=heading,
        next_url=next_url,
        next_label=next_label,
        list_label=list_label,
    ), status


@bp.route("/luot-kiem-tra/<int:round_id>/sap/<int:stall_id>", methods=["GET", "POST"])
def check_stall(round_id: int, stall_id: int) -> Page:
    """Photograph one stall's sign: the result at once, saved in the round."""
    found = _managed_round(round_id)
    stall = services.get_stall(stall_id)
    if found.market is None or stall.market_id != found.market_id:
        raise DomainError("markets.stall_not_found", status=404)
    return _sign_page(
        found,
        stall,
        services.stalls_of(found.market, per_page=1000).items,
        lambda s: s.vendor_id is not None,
        lambda s: (
            url_for("markets.check_stall", round_id=found.id, stall_id=s.id),
            _("Sạp tiếp theo: %(number)s", number=s.number or "—"),
        ),
        _("Sạp %(number)s", number=stall.number or "—"),
        _("Danh sách sạp"),
    )


@bp.route("/luot-kiem-tra/<int:round_id>/cua-hang/<int:vendor_id>", methods=["GET", "POST"])
def check_shop(round_id: int, vendor_id: int) -> Page:
    """Photograph one shop's sign on a cashless street: the result at once, saved in the round."""
    found = _managed_round(round_id)
    shop = services.get_vendor(vendor_id)
    if found.street is None or shop.street_id != found.street_id:
        raise DomainError("markets.vendor_not_found", status=404)
    return _sign_page(
        found,
        shop,
        checks.shops_of(found.street),
        lambda _shop: True,
        lambda s: (
            url_for("markets.check_shop", round_id=found.id, vendor_id=s.id),
            _("Cửa hàng tiếp theo: %(name)s", name=s.name),
        ),
        shop.name,
        _("Danh sách cửa hàng"),
    )
