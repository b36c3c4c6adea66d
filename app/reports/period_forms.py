"""Flask-WTF forms of the periodic reports' pages: an entered figure, a warning's explanation,
the reason a report is reopened, a target."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.forms import PageForm, at_most, strip, text_field
from app.reports.figures import MAX_NOTE, MAX_SOURCE, MAX_VALUE
from app.reports.submissions import MAX_EXPLANATION, MAX_REASON
from app.reports.targets import YEAR_MAX, YEAR_MIN

REQUIRED = _l("Không được để trống.")


class FigureForm(PageForm):
    """One indicator's figure for the unit and a period."""

    indicator = SelectField(_l("Chỉ tiêu"), id="f-indicator", choices=[])
    period = text_field(_l("Kỳ báo cáo"), 10, required=True, id="f-period")
    numerator = IntegerField(
        _l("Tử số (hoặc số đếm)"),
        id="f-numerator",
        validators=[InputRequired(REQUIRED), NumberRange(min=0, max=MAX_VALUE)],
    )
    denominator = IntegerField(
        _l("Mẫu số (chỉ tiêu tỷ lệ)"),
        id="f-denominator",
        validators=[Optional(), NumberRange(min=0, max=MAX_VALUE)],
    )
    source = text_field(_l("Nguồn số liệu"), MAX_SOURCE, required=True, id="f-source")
    note = TextAreaField(
        _l("Ghi chú"), id="f-note", validators=[at_most(MAX_NOTE)], filters=[strip]
    )


class ExplanationForm(PageForm):
    """An explanation of one warning; one per warning on a page, each with its own prefix."""

    @classmethod
    def for_warning(cls, key: str, **kwargs: Any) -> ExplanationForm:
        return cls(prefix="w-" + key.replace(":", "-").replace(".", "-"), **kwargs)

    text = TextAreaField(
        _l("Giải trình"),
        validators=[at_most(MAX_EXPLANATION)],
        filters=[strip],
        description=_l("Ví dụ: tháng này xã mở thêm 2 chợ, nên số tiểu thương tăng."),
    )


class ReopenForm(PageForm):
    reason = TextAreaField(
        _l("Lý do mở lại"),
        id="f-reason",
        validators=[DataRequired(REQUIRED), at_most(MAX_REASON)],
        filters=[strip],
    )


class TargetForm(PageForm):
    indicator = SelectField(_l("Chỉ tiêu"), id="f-indicator", choices=[])
    year = IntegerField(
        _l("Năm"),
        id="f-year",
        validators=[InputRequired(REQUIRED), NumberRange(min=YEAR_MIN, max=YEAR_MAX)],
    )
    value = DecimalField(
        _l("Kế hoạch (% với chỉ tiêu tỷ lệ, số với chỉ tiêu đếm)"),
        id="f-value",
        places=2,
        validators=[InputRequired(REQUIRED), NumberRange(min=0, max=10**12)],
    )
    note = text_field(_l("Ghi chú"), 500, id="f-target-note")
