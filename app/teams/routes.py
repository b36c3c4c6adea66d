"""Pages of the teams feature: the teams of a locality, a team's page (members, activities with
outcomes, totals per outcome), the forms to found, change, dissolve and re-form a team, to add
and change members, to record and correct activities, the imports of members and activities, the
topic list (admins) and the pilot models of a locality.

Every page needs a signed-in person: officers and viewers read their subtree, officers change
it. A service's refusal is shown beside the field it concerns; a refusal of the whole request
(403, 404) is an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import require_login
from app.errors import DomainError
from app.forms import PageForm, save_form, show_beside
from app.localities.models import Locality
from app.localities.tree import ancestors
from app.teams import imports, services
from app.teams.blueprints import bp
from app.teams.forms import (
    OUTCOME_FIELD,
    ActivityForm,
    DissolveForm,
    MemberForm,
    PilotForm,
    TeamConfirmForm,
    TeamFileForm,
    TeamForm,
    TopicEditForm,
    TopicForm,
    activity_form,
    outcome_fields,
)
from app.teams.messages import PILOT_KIND_LABELS, ROLE_LABELS
from app.teams.models import Team, TeamActivity
from app.teams.team_files import MEMBER_HEADERS, ListKind

Page = tuple[str, int]
#: The import pages' paths and the list each one imports.
IMPORT_PATHS: dict[str, ListKind] = {"nhap-thanh-vien": "members", "nhap-hoat-dong": "activities"}


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"role_labels": ROLE_LABELS, "pilot_kind_labels": PILOT_KIND_LABELS}


def _crumbs(locality: Locality) -> list[Locality]:
    return [*ancestors(locality), locality]


def _form_page(form: PageForm, title: str, back: str, status: int = 200, **context: Any) -> Page:
    return render_template("teams/form.html", form=form, title=title, back=back, **context), status


def _team_page(team: Team) -> str:
    return url_for("teams.team", team_id=team.id)


def _managed_team(user: Any, team_id: int) -> Team:
    team = services.get_team(team_id)
    services.require_manage(user, team.locality)
    return team


def _query_locality(user: Any) -> Locality:
    locality_id = request.args.get("locality_id", "")
    return services.visible_locality(
        user, int(locality_id) if locality_id.isdigit() and len(locality_id) < 10 else None
    )


# ---- teams --------------------------------------------------------------------------------


def _home(user: Any, endpoint: str) -> WerkzeugResponse | None:
    """Without a unit asked for: the way to the user's own unit (admins pick one among the
    localities), or None when a unit was asked for."""
    if request.args.get("locality_id"):
        return None
    home = services.home_locality(user)
    if home is None:
        flash(_("Chọn một địa bàn, rồi mở các tổ công nghệ số hay mô hình điểm của nó."), "info")
        return redirect(url_for("localities.browse"))
    return redirect(url_for(endpoint, locality_id=home.id))


@bp.route("/to-cong-nghe-so")
def teams() -> WerkzeugResponse | Page:
    """The teams of a locality and of the units below it (without one: the user's own unit)."""
    user = require_login()
    elsewhere = _home(user, "teams.teams")
    if elsewhere is not None:
        return elsewhere
    locality = _query_locality(user)
    found = services.teams_in(user, locality, 1, 500)
    return render_template(
        "teams/teams.html",
        locality=locality,
        crumbs=_crumbs(locality),
        rows=services.team_rows(found.items),
        total=found.total,
        can_manage=services.may_manage(user, locality),
    ), 200


@bp.route("/to-cong-nghe-so/moi", methods=["GET", "POST"])
def add_team() -> WerkzeugResponse | Page:
    """Found a team in a locality the person manages."""
    user = require_login()
    locality = _query_locality(user)
    services.require_manage(user, locality)
    form = TeamForm()
    back = url_for("teams.teams", locality_id=locality.id)
    title = _("Lập tổ công nghệ số: %(name)s", name=locality.name)
    return save_form(
        form,
        "name",
        lambda data: services.create_team(user, {**data, "locality_id": locality.id}),
        _team_page,
        lambda status: _form_page(form, title, back, status),
    )


@bp.route("/to-cong-nghe-so/<int:team_id>")
def team(team_id: int) -> Page:
    """A team: its members, its activities with their outcomes, and totals per outcome."""
    user = require_login()
    found = services.visible_team(user, team_id)
    return render_template(
        "teams/team.html",
        team=found,
        crumbs=_crumbs(found.locality),
        members=services.members_of(found, 1, 500).items,
        activities=services.activities_of(found, 1, 200).items,
        totals=services.outcome_totals(found),
        people=services.people_reached_total(found),
        successor=services.successor_of(found),
        can_manage=services.may_manage(user, found.locality),
        today=services.today(),
    ), 200


@bp.route("/to-cong-nghe-so/<int:team_id>/sua", methods=["GET", "POST"])
def edit_team(team_id: int) -> WerkzeugResponse | Page:
    """Change a team's name, founding decision and date, or note."""
    user = require_login()
    found = _managed_team(user, team_id)
    form = TeamForm(obj=found)
    title = _("Sửa tổ: %(name)s", name=found.name)
    return save_form(
        form,
        "name",
        lambda data: services.update_team(user, found, data),
        _team_page,
        lambda status: _form_page(form, title, _team_page(found), status),
    )


@bp.route("/to-cong-nghe-so/<int:team_id>/giai-the", methods=["GET", "POST"])
def dissolve_team(team_id: int) -> WerkzeugResponse | Page:
    """Dissolve a team on a day."""
    user = require_login()
    found = _managed_team(user, team_id)
    form = DissolveForm()
    title = _("Giải thể tổ: %(name)s", name=found.name)
    return save_form(
        form,
        "dissolved_on",
        lambda data: services.dissolve_team(user, found, data),
        _team_page,
        lambda status: _form_page(form, title, _team_page(found), status),
    )


@bp.route("/to-cong-nghe-so/<int:team_id>/tai-lap", methods=["GET", "POST"])
def reform_team(team_id: int) -> WerkzeugResponse | Page:
    """Found a new team replacing this one (the old one ends that day)."""
    user = require_login()
    found = _managed_team(user, team_id)
    form = TeamForm(data={"name": found.name} if request.method == "GET" else None)
    title = _("Tái lập tổ: %(name)s", name=found.name)
    return save_form(
        form,
        "founded_on",
        lambda data: services.reform_team(user, found, data),
        _team_page,
        lambda status: _form_page(form, title, _team_page(found), status),
    )


# ---- members and activities ---------------------------------------------------------------


@bp.route("/to-cong-nghe-so/<int:team_id>/thanh-vien", methods=["GET", "POST"])
def add_member(team_id: int) -> WerkzeugResponse | Page:
    """Add a member to a team."""
    user = require_login()
    found = _managed_team(user, team_id)
    form = MemberForm()
    title = _("Thêm thành viên: %(name)s", name=found.name)
    return save_form(
        form,
        "name",
        lambda data: services.add_member(user, found, data),
        lambda _member: _team_page(found),
        lambda status: _form_page(form, title, _team_page(found), status),
    )


@bp.route("/to-cong-nghe-so/<int:team_id>/thanh-vien/<int:member_id>", methods=["GET", "POST"])
def edit_member(team_id: int, member_id: int) -> WerkzeugResponse | Page:
    """Change a member (a left date ends the membership)."""
    user = require_login()
    found = _managed_team(user, team_id)
    member = services.get_member(member_id)
    if member.team_id != found.id:
        raise DomainError("teams.member_not_found", status=404)
    form = MemberForm(obj=member)
    title = _("Sửa thành viên: %(name)s", name=member.name)
    return save_form(
        form,
        "name",
        lambda data: services.update_member(user, member, data),
        lambda _member: _team_page(found),
        lambda status: _form_page(form, title, _team_page(found), status),
    )


def _activity_of(team: Team, activity_id: int) -> TeamActivity:
    """An activity of `team` (404 for one of another team)."""
    activity = services.get_activity(activity_id)
    if activity.team_id != team.id:
        raise DomainError("teams.activity_not_found", status=404)
    return activity


def _save_activity(
    form: ActivityForm, title: str, found: Team, save: Callable[[dict[str, Any]], Any]
) -> WerkzeugResponse | Page:
    return save_form(
        form,
        "held_on",
        save,
        lambda _activity: _team_page(found),
        lambda status: (
            render_template(
                "teams/activity_form.html",
                form=form,
                outcomes=outcome_fields(form),
                title=title,
                back=_team_page(found),
            ),
            status,
        ),
        fields={"outcomes": "people_reached"},
    )


@bp.route("/to-cong-nghe-so/<int:team_id>/hoat-dong", methods=["GET", "POST"])
def add_activity(team_id: int) -> WerkzeugResponse | Page:
    """Record an activity with how many people got each outcome."""
    user = require_login()
    found = _managed_team(user, team_id)
    form = activity_form(services.topics(active_only=True))
    title = _("Ghi hoạt động: %(name)s", name=found.name)
    return _save_activity(
        form, title, found, lambda data: services.record_activity(user, found, data)
    )


@bp.route("/to-cong-nghe-so/<int:team_id>/hoat-dong/<int:activity_id>", methods=["GET", "POST"])
def edit_activity(team_id: int, activity_id: int) -> WerkzeugResponse | Page:
    """Correct an activity (a topic retired since stays on offer for the activity that has it)."""
    user = require_login()
    found = _managed_team(user, team_id)
    activity = _activity_of(found, activity_id)
    counts = {f"{OUTCOME_FIELD}{o.topic_id}": o.count for o in activity.outcomes}
    form = activity_form(services.topics_for(activity), obj=activity, **counts)
    title = _("Sửa hoạt động: %(name)s", name=found.name)
    return _save_activity(
        form, title, found, lambda data: services.update_activity(user, activity, data)
    )


@bp.route("/to-cong-nghe-so/<int:team_id>/hoat-dong/<int:activity_id>/xoa", methods=["POST"])
def delete_activity(team_id: int, activity_id: int) -> WerkzeugResponse:
    """Remove an activity recorded by mistake."""
    user = require_login()
    found = _managed_team(user, team_id)
    services.delete_activity(user, _activity_of(found, activity_id))
    flash(_("Đã xoá hoạt động."), "success")
    return redirect(_team_page(found))


# ---- importing members and activities -----------------------------------------------------


def _render_import(
    found: Team,
    path: str,
    form: TeamFileForm,
    preview: imports.TeamPreview | None = None,
    status: int = 200,
) -> Page:
    kind = IMPORT_PATHS[path]
    confirm = None
    if preview is not None and preview.valid:
        confirm = TeamConfirmForm(formdata=None)
        confirm.rows.data = [draft.posted() for draft in preview.rows]
    spec = imports.spec_of(kind)
    headers = MEMBER_HEADERS if kind == "members" else {c.key: c.label for c in spec.columns}
    return render_template(
        "teams/import.html",
        team=found,
        kind=kind,
        path=path,
        crumbs=_crumbs(found.locality),
        form=form,
        preview=preview,
        confirm=confirm,
        columns=list(spec.keys),
        headers=headers,
    ), status


@bp.route(
    "/to-cong-nghe-so/<int:team_id>/<any('nhap-thanh-vien', 'nhap-hoat-dong'):path>",
    methods=["GET", "POST"],
)
def import_list(team_id: int, path: str) -> Page:
    """Step 1: upload a member or activity list (CSV/XLSX); the answer is the preview."""
    user = require_login()
    found = _managed_team(user, team_id)
    form = TeamFileForm()
    if not form.is_submitted():
        return _render_import(found, path, form)
    if not form.validate_on_submit():
        return _render_import(found, path, form, status=422)
    upload = form.file.data
    try:
        preview = imports.preview_file(
            user, found, IMPORT_PATHS[path], upload.filename or "", upload.read()
        )
    except DomainError as error:
        show_beside(form, error, "file")
        return _render_import(found, path, form, status=error.status)
    return _render_import(found, path, form, preview, 200 if preview.valid else 422)


@bp.route(
    "/to-cong-nghe-so/<int:team_id>/<any('nhap-thanh-vien', 'nhap-hoat-dong'):path>/xac-nhan",
    methods=["POST"],
)
def confirm_list(team_id: int, path: str) -> WerkzeugResponse | Page:
    """Step 2: write the previewed rows (checked again), all or none."""
    user = require_login()
    found = _managed_team(user, team_id)
    kind = IMPORT_PATHS[path]
    confirm = TeamConfirmForm()
    form = TeamFileForm(formdata=None)
    if not confirm.validate_on_submit():
        show_beside(form, DomainError("teams.import_no_rows", "file"), "file")
        return _render_import(found, path, form, status=400)
    try:
        drafts = imports.drafts_from_rows(kind, confirm.rows.data or [])
        created = imports.import_drafts(user, found, kind, drafts)
    except imports.TeamRowsError as error:
        show_beside(form, error, "file")
        return _render_import(found, path, form, imports.TeamPreview(error.drafts), error.status)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        show_beside(form, error, "file")
        return _render_import(found, path, form, status=error.status)
    flash(_("Đã thêm %(n)d dòng vào %(name)s.", n=len(created), name=found.name), "success")
    return redirect(_team_page(found))


# ---- topics (admins) ----------------------------------------------------------------------


def _require_admin() -> Any:
    user = require_login()
    services.require_admin(user)
    return user


@bp.route("/to-cong-nghe-so/chu-de", methods=["GET", "POST"])
def topics() -> WerkzeugResponse | Page:
    """The topic list: add, rename, retire, reorder (admins)."""
    user = _require_admin()
    form = TopicForm()
    listed = services.topics()
    return save_form(
        form,
        "code",
        lambda data: services.add_topic(user, data),
        lambda _topic: url_for("teams.topics"),
        lambda status: (
            render_template("teams/topics.html", form=form, topics=listed),
            status,
        ),
    )


@bp.route("/to-cong-nghe-so/chu-de/<int:topic_id>", methods=["GET", "POST"])
def edit_topic(topic_id: int) -> WerkzeugResponse | Page:
    """Rename a topic, change what it counts, retire or restore it (admins)."""
    user = _require_admin()
    topic = services.get_topic(topic_id)
    form = TopicEditForm(obj=topic)
    title = _("Sửa chủ đề: %(name)s", name=topic.name)
    back = url_for("teams.topics")
    return save_form(
        form,
        "name",
        lambda data: services.update_topic(user, topic, data),
        lambda _topic: back,
        lambda status: _form_page(form, title, back, status),
    )


@bp.route("/to-cong-nghe-so/chu-de/<int:topic_id>/<any(len, xuong):way>", methods=["POST"])
def move_topic(topic_id: int, way: str) -> WerkzeugResponse:
    """Move a topic up or down the list (admins)."""
    user = _require_admin()
    services.move_topic(user, services.get_topic(topic_id), -1 if way == "len" else 1)
    return redirect(url_for("teams.topics"))


# ---- pilot models -------------------------------------------------------------------------


@bp.route("/mo-hinh-diem", methods=["GET", "POST"])
def pilots() -> WerkzeugResponse | Page:
    """The pilot models of a locality and the units below it; officers add one here (without a
    unit: the user's own)."""
    user = require_login()
    elsewhere = _home(user, "teams.pilots") if request.method == "GET" else None
    if elsewhere is not None:
        return elsewhere
    locality = _query_locality(user)
    manages = services.may_manage(user, locality)
    if request.method == "POST":
        services.require_manage(user, locality)
    form = PilotForm()
    found = services.pilots_in(user, locality, 1, 500)
    here = url_for("teams.pilots", locality_id=locality.id)
    return save_form(
        form,
        "name",
        lambda data: services.add_pilot(user, {**data, "locality_id": locality.id}),
        lambda _pilot: here,
        lambda status: (
            render_template(
                "teams/pilots.html",
                form=form if manages else None,
                locality=locality,
                crumbs=_crumbs(locality),
                pilots=found.items,
                can_manage=manages,
            ),
            status,
        ),
    )


@bp.route("/mo-hinh-diem/<int:pilot_id>/sua", methods=["GET", "POST"])
def edit_pilot(pilot_id: int) -> WerkzeugResponse | Page:
    """Change a pilot model (an end date ends it)."""
    user = require_login()
    pilot = services.get_pilot(pilot_id)
    services.require_manage(user, pilot.locality)
    form = PilotForm(obj=pilot)
    back = url_for("teams.pilots", locality_id=pilot.locality_id)
    title = _("Sửa mô hình điểm: %(name)s", name=pilot.name)
    return save_form(
        form,
        "name",
        lambda data: services.update_pilot(user, pilot, data),
        lambda _pilot: back,
        lambda status: _form_page(form, title, back, status),
    )
