"""Forms of the public pages (RSVP, a wish) and of the hosts' wishes page. Inputs have the ids
`<prefix>-<name>`; the rules (lengths, the number of people, a closed event) are the services'
(`app.events.public`), whose refusals the pages show beside the field."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired

from app.events.public import MAX_NAME, MAX_PEOPLE, MAX_WISH
from app.forms import PageForm, picked_id, strip

ANSWER_LABELS = {
    "yes": _l("Sẽ đến"),
    "maybe": _l("Chưa chắc"),
    "no": _l("Tiếc là không đến được"),
}


class ReplyForm(PageForm):
    """What a public form gives its service: its fields' data, by name."""

    def data_for_service(self) -> dict[str, Any]:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class RsvpForm(ReplyForm):
    name = StringField(
        _l("Tên của bạn"), filters=[strip], render_kw={"maxlength": MAX_NAME, "required": True}
    )
    side = SelectField(_l("Bạn là khách của"), choices=[], validate_choice=False)
    answer = RadioField(
        _l("Bạn sẽ đến chứ?"),
        choices=[SelectChoice(value, label) for value, label in ANSWER_LABELS.items()],
        validate_choice=False,
    )
    people = StringField(
        _l("Số người đi cùng (tính cả bạn)"),
        default="1",
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*", "maxlength": 2},
        description=_l("Từ 0 đến %(most)s người.", most=MAX_PEOPLE),
    )


class WishForm(ReplyForm):
    name = StringField(
        _l("Tên của bạn"), filters=[strip], render_kw={"maxlength": MAX_NAME, "required": True}
    )
    message = TextAreaField(
        _l("Lời chúc"),
        render_kw={"rows": 4, "required": True},
        description=_l("Tối đa %(most)s ký tự.", most=MAX_WISH),
    )
    public = BooleanField(_l("Cho mọi người xem lời chúc này trên trang"), default=True)


class WishVisibilityForm(PageForm):
    """The hosts hide a wish from the public pages or show it again."""

    wish = HiddenField(validators=[InputRequired()], filters=[picked_id])
    hidden = HiddenField(validators=[InputRequired()])
