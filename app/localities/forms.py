"""Flask-WTF forms of the localities pages (each carries a CSRF token).

The forms check only that something was given; the rules (a hamlet's name, type and code, a
file's contents and limits) are the services', whose refusals the pages show beside the field
(`app.forms.show_beside`). Inputs have the ids `f-<name>`, as on every page.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired

from app.forms import PageForm, picked_id, strip
from app.localities.messages import MESSAGES
from app.localities.models import HAMLET_KINDS, KIND_LABELS
from app.request_guards import forbidden_character

#: The confirmation's rows are the previewed file's rows again: at most 5,000 short rows.
MAX_CONFIRM_CHARS = 2_000_000


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


class RowsField(HiddenField):
    """The previewed rows, carried as JSON in a hidden field: a list of objects, of at most
    MAX_CONFIRM_CHARS characters (deeply nested JSON is refused, not a 500)."""

    data: list[dict[str, Any]] | None

    def _value(self) -> str:
        return json.dumps(self.data or [], ensure_ascii=False)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        raw = valuelist[0] if valuelist else ""
        try:
            rows = (
                json.loads(raw) if isinstance(raw, str) and len(raw) <= MAX_CONFIRM_CHARS else None
            )
        except (ValueError, RecursionError) as error:  # RecursionError: deeply nested JSON
            raise ValueError("the rows are not JSON") from error
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValueError("the rows are not a list of objects")
        # The request guard saw only the escaped JSON text; "\\u0000" decodes to a NUL here.
        if any(
            isinstance(text, str) and forbidden_character(text)
            for row in rows
            for pair in row.items()
            for text in pair
        ):
            raise ValueError("the rows hold a character no text may hold")
        self.data = rows


class HamletConfirmForm(PageForm):
    """Step 2 of an import: the previewed rows posted back, to be checked again and written."""

    rows = RowsField(validators=[InputRequired()])
