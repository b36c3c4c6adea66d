"""Pages of Chợ 4.0 recognition, on the markets blueprint: the province's checklist of criteria
(admins list, add, edit and retire them) and, on a market's page, its decisions with a form for
the officers who manage the market to record one (`markets/_recognitions.html`), and the count
of registrations waiting there (`markets/_pending.html`)."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.accounts.permissions import is_admin
from app.errors import DomainError
from app.markets import services
from app.markets.forms import CriterionForm, RecognitionForm
from app.markets.models import Market
from app.markets.routes import Page, _form_page, _market_page, _save, bp


def _require_admin() -> Any:
    user = require_login()
    if not is_admin(user):
        raise DomainError("markets.forbidden", status=403)
    return user


# ---- the checklist ------------------------------------------------------------------------


@bp.route("/chuan-cho-4-0", methods=["GET", "POST"])
def criteria() -> WerkzeugResponse | Page:
    """The Chợ 4.0 checklist, with a form to add a criterion (admins)."""
    user = _require_admin()
    form = CriterionForm()
    del form.active
    here = url_for("markets.criteria")
    return _save(
        form,
        "name",
        lambda data: services.add_criterion(user, data),
        lambda criterion: here,
        lambda status: (
            render_template("markets/criteria.html", criteria=services.criteria(), form=form),
            status,
        ),
    )


@bp.route("/chuan-cho-4-0/<int:criterion_id>/sua", methods=["GET", "POST"])
def edit_criterion(criterion_id: int) -> WerkzeugResponse | Page:
    """Rename, describe or retire a criterion (admins); decisions keep what they met."""
    user = _require_admin()
    criterion = services.get_criterion(criterion_id)
    form = CriterionForm(obj=criterion)
    back = url_for("markets.criteria")
    return _save(
        form,
        "name",
        lambda data: services.update_criterion(user, criterion, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa tiêu chí Chợ 4.0"), back, status),
    )


# ---- a market's decisions -----------------------------------------------------------------


def _recognition_form(market: Market) -> RecognitionForm:
    """The form of the market page's section: the one just refused, or a fresh one."""
    form: RecognitionForm | None = g.get("recognition_form")
    if form is None:
        form = RecognitionForm(formdata=None)
    form.criterion_ids.choices = [
        SelectChoice(str(c.id), c.name) for c in services.criteria(active_only=True)
    ]
    return form


@bp.context_processor
def recognition_parts() -> dict[str, Any]:
    """What `_recognitions.html` reads on a market's page."""
    return {
        "recognitions_of": services.recognitions_of,
        "recognition_form": _recognition_form,
        "keeps_criteria": lambda: is_admin(current_user),
    }


@bp.route("/cho/<int:market_id>/cong-nhan", methods=["POST"])
def recognise(market_id: int) -> WerkzeugResponse | Page:
    """Record a decision recognising the market as Chợ 4.0, with the criteria it met."""
    user = require_login()
    market = services.get_market(market_id)
    services.require_manage(user, market.locality)
    form = RecognitionForm()
    form.criterion_ids.choices = [
        SelectChoice(str(c.id), c.name) for c in services.criteria(active_only=True)
    ]

    def page(status: int) -> Page:
        g.recognition_form = form
        return _market_page(market, status=status)

    return _save(
        form,
        "decision_number",
        lambda data: services.recognise_market(user, market, data),
        lambda saved: url_for("markets.market", market_id=market.id, _anchor="cong-nhan"),
        page,
    )
