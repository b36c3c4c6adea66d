"""Flask-WTF forms of the localities pages (each carries a CSRF token).

The forms check only that something was given; the rules (a hamlet's name, type and code, a
file's contents and limits) are the services', whose refusals the pages show beside the field
(`app.forms.show_beside`). Inputs have the ids `f-<name>`, as on every page.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired

from app.forms import PageForm, RowsField, picked_id, strip
from app.localities.messages import MESSAGES
from app.localities.models import HAMLET_KINDS, KIND_LABELS


def _hamlet_kinds() -> list[tuple[str, str]]:
    return [("", _("— chọn —")), *((kind, KIND_LABELS[kind]) for kind in HAMLET_KINDS)]


class HamletForm(PageForm):
    """One hamlet added by hand on its commune's page."""

    name = StringField(
        _l("Tên"),
        validators=[DataRequired(MESSAGES["localities.name_missing"])],
        filters=[strip],
        description=_l("Ví dụ: Ấp 3, Thôn Đông, Khu phố 5"),
        id="f-name",
    )
    kind = SelectField(
        _l("Loại"),
        validators=[DataRequired(MESSAGES["localities.kind_missing"])],
        choices=_hamlet_kinds,
        validate_choice=False,  # any spelling of a type is the service's to read
        id="f-kind",
    )
    code = StringField(_l("Mã (nếu có)"), filters=[strip], id="f-code")


class HamletEditForm(HamletForm):
    """A hamlet's name, type and code changed on its own page (prefilled with the current ones)."""


class HamletMoveForm(PageForm):
    """The commune a hamlet is moved to: one of the province's that the officer manages."""

    commune = SelectField(
        _l("Chuyển sang xã/phường"),
        validators=[InputRequired(MESSAGES["localities.commune_not_found"])],
        coerce=picked_id,
        validate_choice=False,  # the service and the access check decide
        id="f-commune",
    )


class ChildFilterForm(PageForm):
    """The filter over a unit's list of children (a GET form: works without JavaScript)."""

    class Meta:
        csrf = False

    q = StringField(_l("Lọc danh sách"), filters=[strip], id="f-filter")


class HamletFileForm(PageForm):
    """Step 1 of an import: the CSV or XLSX file to preview."""

    file = FileField(
        _l("Tệp .csv hoặc .xlsx"),
        validators=[FileRequired(message=_l("Hãy chọn một tệp .csv hoặc .xlsx."))],
        description=_l(
            "Cột: tên (name), loại (type: Thôn, Ấp, Bản, Khu phố, Tổ dân phố…), mã (code, "
            "không bắt buộc). CSV UTF-8 hoặc Windows-1258 đều được."
        ),
        render_kw={
            "accept": ".csv,.xlsx,text/csv,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
        id="f-file",
    )


class HamletConfirmForm(PageForm):
    """Step 2 of an import: the previewed rows posted back, to be checked again and written."""

    rows = RowsField(validators=[InputRequired()])
