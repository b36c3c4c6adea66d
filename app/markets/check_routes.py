"""Pages of the swapped-sign checks, on the markets pages blueprint: the vendor's own morning
check of her sign, a market's check rounds and open mismatches, and the phone-first round page
an officer walks the market with (pick a stall, photograph its sign, see OK or MISMATCH)."""

from __future__ import annotations

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
from app.markets.models import CheckRound, Market, SignCheck, Stall
from app.markets.routes import bp

Page = tuple[str, int]


@bp.context_processor
def check_helpers() -> dict[str, Any]:
    return {
        "check_result_labels": CHECK_RESULT_LABELS,
        "sign_checks_of": checks.market_checks,
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


# ---- a market's checks --------------------------------------------------------------------


def _market_checks_page(
    market: Market, resolving: tuple[int, ResolveForm] | None = None, status: int = 200
) -> Page:
    user = require_login()
    manage = services.may_manage(user, market.locality)
    problems = checks.open_problems(market)
    forms = {c.id: ResolveForm.for_check(c.id, formdata=None) for c in problems} if manage else {}
    if resolving is not None and manage:
        forms[resolving[0]] = resolving[1]
    return render_template(
        "markets/check_market.html",
        market=market,
        crumbs=[*ancestors(market.locality), market.locality],
        rounds=[checks.summary(r) for r in checks.rounds_of(market)],
        problems=problems,
        resolve_forms=forms,
        can_manage=manage,
    ), status


@bp.route("/cho/<int:market_id>/kiem-tra-bien")
def market_checks(market_id: int) -> Page:
    """A market's check rounds (latest first) and its mismatches not yet resolved."""
    return _market_checks_page(services.visible_market(require_login(), market_id))


@bp.route("/cho/<int:market_id>/kiem-tra-bien/bat-dau", methods=["POST"])
def start_check_round(market_id: int) -> WerkzeugResponse:
    user = require_login()
    market = services.get_market(market_id)
    services.require_manage(user, market.locality)
    started = checks.start_round(user, market=market)
    return redirect(url_for("markets.check_round", round_id=started.id))


@bp.route("/kiem-tra-bien/<int:check_id>/xu-ly", methods=["POST"])
def resolve_sign_check(check_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    check = checks.get_check(check_id)
    market = check.round.market
    services.require_manage(user, check.round.locality)
    form = ResolveForm.for_check(check.id)
    if not form.validate_on_submit():
        return _page_with(market, check, form, 422)
    try:
        checks.resolve_check(user, check, form.note.data)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        show_beside(form, error, "note")
        return _page_with(market, check, form, error.status)
    flash(_("Đã ghi nhận cách xử lý."), "success")
    if market is None:
        return redirect(url_for("markets.check_round", round_id=check.round_id))
    return redirect(url_for("markets.market_checks", market_id=market.id, _anchor="sai-lech"))


def _page_with(market: Market | None, check: SignCheck, form: ResolveForm, status: int) -> Page:
    if market is None:
        return _round_page(check.round, status=status)
    return _market_checks_page(market, (check.id, form), status)


# ---- a round -------------------------------------------------------------------------------


def _round_page(check_round: CheckRound, status: int = 200) -> Page:
    user = require_login()
    market = check_round.market
    stalls = services.stalls_of(market, per_page=1000).items if market else []
    return render_template(
        "markets/check_round.html",
        round=check_round,
        market=market,
        place=market or check_round.street,
        stalls=stalls,
        latest=checks.latest_checks(check_round),
        totals=checks.summary(check_round),
        can_check=services.may_manage(user, check_round.locality)
        and check_round.finished_at is None,
    ), status


@bp.route("/luot-kiem-tra/<int:round_id>")
def check_round(round_id: int) -> Page:
    """A round: the market's stalls in stall order, each not yet checked, OK or MISMATCH."""
    return _round_page(checks.visible_round(require_login(), round_id))


@bp.route("/luot-kiem-tra/<int:round_id>/xong", methods=["POST"])
def finish_check_round(round_id: int) -> WerkzeugResponse:
    user = require_login()
    found = checks.get_round(round_id)
    services.require_manage(user, found.locality)
    checks.finish_round(user, found)
    flash(_("Đã kết thúc lượt kiểm tra."), "success")
    if found.market_id is None:
        return redirect(url_for("markets.check_round", round_id=found.id))
    return redirect(url_for("markets.market_checks", market_id=found.market_id))


def _next_stall(stalls: list[Stall], stall: Stall, latest: dict[int, SignCheck]) -> Stall | None:
    """The next stall after `stall` not yet checked in the round (held by a vendor)."""
    after = stalls[stalls.index(stall) + 1 :] + stalls[: stalls.index(stall)]
    return next((s for s in after if s.vendor_id is not None and s.id not in latest), None)


@bp.route("/luot-kiem-tra/<int:round_id>/sap/<int:stall_id>", methods=["GET", "POST"])
def check_stall(round_id: int, stall_id: int) -> Page:
    """Photograph one stall's sign: the result at once, saved in the round."""
    user = require_login()
    found = checks.get_round(round_id)
    services.require_manage(user, found.locality)
    stall = services.get_stall(stall_id)
    if found.market_id is None or stall.market_id != found.market_id:
        raise DomainError("markets.stall_not_found", status=404)
    form = SignPhotoForm()
    verification = saved = None
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        else:
            try:
                checked = checks.check_sign(user, found, {"stall_id": stall.id}, _photo(form))
                saved, verification = checked.check, checked.verification
            except DomainError as error:
                if error.status in (403, 404, 409):
                    raise
                show_beside(form, error, "photo")
                status = error.status
    stalls = services.stalls_of(found.market, per_page=1000).items if found.market else []
    latest = checks.latest_checks(found)
    return render_template(
        "markets/check_stall.html",
        round=found,
        stall=stall,
        form=form,
        verification=verification,
        saved=saved or latest.get(stall.id),
        next_stall=_next_stall(stalls, stall, latest) if found.finished_at is None else None,
    ), status
