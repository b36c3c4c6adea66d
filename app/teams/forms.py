"""The page forms of the teams feature (`app.forms.PageForm`): a team, its dissolution and
re-forming, a member, an activity with one count per topic in use, a topic, a pilot model, and
the two steps of an import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.forms import PageForm, RowsField
from app.forms import text_field as _text
from app.teams.messages import PILOT_KIND_LABELS, ROLE_LABELS
from app.teams.models import MEMBER_ROLES, PILOT_KINDS, ActivityTopic
from app.teams.schemas import MAX_COUNT

OUTCOME_FIELD = "outcome_"
_REQUIRED = DataRequired(_l("Không được để trống."))


def _count(label: Any, **kwargs: Any) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=MAX_COUNT)], **kwargs)


class TeamForm(PageForm):
    name = _text(_l("Tên tổ"), 200, required=True, id="f-name")
    founded_on = DateField(_l("Ngày thành lập"), validators=[_REQUIRED], id="f-founded-on")
    decision = _text(_l("Quyết định thành lập"), 200, id="f-decision")
    note = _text(_l("Ghi chú"), 1000, id="f-note")


class DissolveForm(PageForm):
    dissolved_on = DateField(_l("Ngày giải thể"), validators=[_REQUIRED], id="f-dissolved-on")


class MemberForm(PageForm):
    name = _text(_l("Họ tên"), 200, required=True, id="f-name")
    role = SelectField(
        _l("Vai trò"),
        choices=lambda: [SelectChoice(k, str(ROLE_LABELS[k])) for k in MEMBER_ROLES],
        default="to_vien",
        id="f-role",
    )
    phone = _text(_l("Điện thoại"), 30, id="f-phone")
    joined_on = DateField(_l("Ngày vào tổ"), validators=[_REQUIRED], id="f-joined-on")
    left_on = DateField(_l("Ngày rời tổ"), validators=[Optional()], id="f-left-on")
    note = _text(_l("Ghi chú"), 500, id="f-note")


class ActivityForm(PageForm):
    held_on = DateField(_l("Ngày"), validators=[_REQUIRED], id="f-held-on")
    topic_id = SelectField(_l("Chủ đề"), coerce=int, choices=[], id="f-topic")
    place = _text(_l("Địa điểm"), 300, id="f-place")
    people_reached = _count(_l("Số người được hỗ trợ"), id="f-people")
    result = _text(_l("Kết quả"), 1000, id="f-result")

    def data_for_service(self) -> dict[str, Any]:
        """The activity's fields, and the outcome counts as {topic id: count}."""
        data = super().data_for_service()
        outcomes = {
            name.removeprefix(OUTCOME_FIELD): data.pop(name)
            for name in list(data)
            if name.startswith(OUTCOME_FIELD)
        }
        data["outcomes"] = {key: value for key, value in outcomes.items() if value}
        data["people_reached"] = data.get("people_reached") or 0
        return data


def activity_form(topics: Sequence[ActivityTopic], **kwargs: Any) -> ActivityForm:
    """An activity form with the topics in use to choose from and a count for each outcome."""

    class Form(ActivityForm):
        pass

    for topic in topics:
        label = topic.outcome or topic.name
        setattr(Form, f"{OUTCOME_FIELD}{topic.id}", _count(label, id=f"f-outcome-{topic.code}"))
    form = Form(**kwargs)
    form.topic_id.choices = [SelectChoice(topic.id, topic.name) for topic in topics]
    return form


def outcome_fields(form: ActivityForm) -> list[Any]:
    return [field for field in form if field.name.startswith(OUTCOME_FIELD)]


class TopicForm(PageForm):
    code = _text(_l("Mã (chữ thường không dấu, ví dụ chu_ky_so)"), 40, required=True, id="f-code")
    name = _text(_l("Tên chủ đề"), 200, required=True, id="f-name")
    outcome = _text(_l("Kết quả được đếm (ví dụ: chữ ký số được cấp)"), 200, id="f-outcome")


class TopicEditForm(PageForm):
    name = _text(_l("Tên chủ đề"), 200, required=True, id="f-name")
    outcome = _text(_l("Kết quả được đếm"), 200, id="f-outcome")
    active = BooleanField(_l("Đang dùng"), id="f-active")


class PilotForm(PageForm):
    kind = SelectField(
        _l("Loại mô hình"),
        choices=lambda: [SelectChoice(k, str(PILOT_KIND_LABELS[k])) for k in PILOT_KINDS],
        id="f-kind",
    )
    name = _text(_l("Tên mô hình"), 200, required=True, id="f-name")
    started_on = DateField(_l("Ngày bắt đầu"), validators=[_REQUIRED], id="f-started-on")
    ended_on = DateField(_l("Ngày kết thúc"), validators=[Optional()], id="f-ended-on")
    note = _text(_l("Ghi chú"), 1000, id="f-note")


class TeamFileForm(PageForm):
    """Step 1 of an import: the CSV or XLSX list to preview."""

    file = FileField(
        _l("Tệp .csv hoặc .xlsx"),
        validators=[FileRequired(message=_l("Hãy chọn một tệp .csv hoặc .xlsx."))],
        id="f-file",
    )


class TeamConfirmForm(PageForm):
    """Step 2 of an import: the previewed rows posted back, to be checked again and written."""

    rows = RowsField(validators=[InputRequired()])
