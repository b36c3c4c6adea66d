"""The audit log page's filters: a Flask-WTF form read from the query string."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional

from app.forms import PageForm, picked_id
from app.request_guards import MAX_DB_INTEGER


class LogFilterForm(PageForm):
    """Which entries to show. A GET form (a link can be shared), so no CSRF token."""

    class Meta:
        csrf = False

    entity = SelectField(
        _l("Loại dữ liệu"), id="f-entity", validate_choice=False, validators=[Length(max=50)]
    )
    locality = SelectField(
        _l("Địa bàn"),
        id="f-locality",
        coerce=picked_id,
        validate_choice=False,
        validators=[
            Optional(),
            NumberRange(
                min=1, max=MAX_DB_INTEGER, message=_l("Hãy chọn một địa bàn trong danh sách.")
            ),
        ],
    )
    dia_ban = SearchField(
        _l("Tìm địa bàn"),
        id="f-dia-ban",
        validators=[Length(max=100)],
        render_kw={"placeholder": _l("Tìm địa bàn theo tên hoặc mã")},
    )
