"""The teams indicators through `app.reports.rollup.breakdown` on a small hand-made tree:
province P with communes A and B, hamlet H under A. Counts are as of a date, from the history;
a topic the admin adds brings its outcome indicator with it."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.reports.aggregates import count_key
from app.reports.rollup import all_indicators, breakdown, indicator
from app.teams import services
from app.teams.indicators import GROUP
from app.teams.models import ActivityOutcome, Team, TeamActivity, TeamMember
from app.teams.topics import SEED_CODES
from tests.teams.conftest import TeamWorld

AS_OF = date(2026, 3, 1)


def _team(locality_id: int, founded: date, dissolved: date | None = None) -> Team:
    team = Team(locality_id=locality_id, name="Tổ", founded_on=founded, dissolved_on=dissolved)
    db.session.add(team)
    db.session.commit()
    return team


def _codes(*names: str) -> list:
    found = [indicator(f"teams.{name}") for name in names]
    assert all(found)
    return found


def test_every_seeded_outcome_has_an_indicator(world: TeamWorld) -> None:
    assert all(indicator(f"teams.outcome_{code}") for code in SEED_CODES)


def test_communes_and_hamlets_with_a_team_as_of_a_date(world: TeamWorld) -> None:
    p = world.places
    _team(p.commune_a.id, date(2025, 7, 1))
    _team(p.commune_b.id, date(2025, 7, 1), dissolved=date(2026, 1, 1))  # gone by then
    _team(p.hamlet.id, date(2026, 4, 1))  # founded after the date
    chosen = _codes("communes_with_team", "hamlets_with_team")
    total, rows = breakdown(p.province, AS_OF, chosen)
    communes = total.figures["teams.communes_with_team"]
    assert (communes.numerator, communes.denominator, communes.percent) == (1, 2, 50.0)
    by_unit = {row.locality.id: row.figures for row in rows if row.locality}
    assert by_unit[p.commune_a.id]["teams.communes_with_team"].percent == 100.0
    assert by_unit[p.commune_b.id]["teams.communes_with_team"].percent == 0.0
    hamlets = total.figures["teams.hamlets_with_team"]
    # The hamlet was registered today: it did not exist on 1 March 2026.
    assert (hamlets.numerator, hamlets.denominator, hamlets.percent) == (0, 0, None)
    # Commune B has no hamlet at all: an empty denominator, never 0 %.
    assert by_unit[p.commune_b.id]["teams.hamlets_with_team"].percent is None
    today = services.today()
    total, _rows = breakdown(p.province, today, chosen)
    assert total.figures["teams.hamlets_with_team"].percent == 100.0
    assert total.figures["teams.communes_with_team"].numerator == 1


def test_members_activities_people_and_outcomes_as_of_a_date(world: TeamWorld) -> None:
    p = world.places
    a = _team(p.commune_a.id, date(2025, 7, 1))
    h = _team(p.hamlet.id, date(2025, 7, 1))
    gone = _team(p.commune_b.id, date(2025, 7, 1), dissolved=date(2026, 1, 1))
    db.session.add_all(
        [
            TeamMember(team=a, name="An", joined_on=date(2025, 7, 1)),
            TeamMember(team=a, name="Bình", joined_on=date(2025, 7, 1), left_on=date(2026, 2, 1)),
            TeamMember(team=a, name="Chi", joined_on=date(2026, 5, 1)),
            TeamMember(team=h, name="Dũng", joined_on=date(2025, 8, 1)),
            TeamMember(team=gone, name="Em", joined_on=date(2025, 8, 1)),
        ]
    )
    wallet = world.topic("e_wallet")
    vneid = world.topic("vneid")
    for team, day, people, counts in [
        (a, date(2025, 9, 1), 40, {wallet.id: 15, vneid.id: 10}),
        (h, date(2026, 2, 28), 20, {wallet.id: 5}),
        (a, date(2026, 3, 2), 99, {wallet.id: 50}),  # after the date
        (gone, date(2025, 10, 1), 7, {vneid.id: 7}),  # a dissolved team's work still counts
    ]:
        activity = TeamActivity(team=team, held_on=day, topic=wallet, people_reached=people)
        activity.outcomes = [ActivityOutcome(topic_id=k, count=n) for k, n in counts.items()]
        db.session.add(activity)
    db.session.commit()
    chosen = _codes("members", "activities", "people_reached", "outcome_e_wallet", "outcome_vneid")
    total, rows = breakdown(p.province, AS_OF, chosen)
    figures = {code: figure.numerator for code, figure in total.figures.items()}
    assert figures == {
        "teams.members": 2,  # An and Dũng (Bình left, Chi not yet, Em's team dissolved)
        "teams.activities": 3,
        "teams.people_reached": 67,
        "teams.outcome_e_wallet": 20,
        "teams.outcome_vneid": 17,
    }
    assert total.figures["teams.members"].percent is None  # a count, not a share
    by_unit = {row.locality.id: row.figures for row in rows if row.locality}
    assert by_unit[p.commune_a.id]["teams.outcome_e_wallet"].numerator == 20  # A and H
    assert by_unit[p.commune_b.id]["teams.outcome_e_wallet"].numerator == 0
    assert by_unit[p.commune_b.id]["teams.outcome_vneid"].numerator == 7


def test_a_topic_the_admin_adds_rolls_up_like_the_seeded_ones(world: TeamWorld) -> None:
    p = world.places
    topic = services.add_topic(
        world.admin,
        {"code": "chu_ky_so", "name": "Chữ ký số", "outcome": "chứng thư số được cấp"},
    )
    added = indicator("teams.outcome_chu_ky_so")
    assert added is not None and added.feature == "teams" and added.group == GROUP
    assert (added.label, added.numerator_label) == ("Chữ ký số", "chứng thư số được cấp")
    assert count_key(added.numerator) == "teams.outcome_chu_ky_so:n"  # found again when stored
    codes = [item.code for item in all_indicators()]
    teams_at = [i for i, code in enumerate(codes) if code.startswith("teams.")]
    assert teams_at == list(range(teams_at[0], teams_at[-1] + 1))  # listed with the teams'
    assert codes[teams_at[-1]] == "teams.outcome_chu_ky_so"

    a = _team(p.commune_a.id, date(2025, 7, 1))
    b = _team(p.commune_b.id, date(2025, 7, 1))
    topic_id = topic.id
    for team, day, people in [(a, date(2026, 1, 10), 12), (b, date(2026, 2, 20), 5)]:
        activity = TeamActivity(team=team, held_on=day, topic=topic, people_reached=people)
        activity.outcomes = [ActivityOutcome(topic_id=topic_id, count=people)]
        db.session.add(activity)
    db.session.commit()
    total, rows = breakdown(p.province, AS_OF, [added])
    assert total.figures[added.code].numerator == 17
    by_unit = {row.locality.id: row.figures[added.code].numerator for row in rows if row.locality}
    assert by_unit == {p.commune_a.id: 12, p.commune_b.id: 5}

    # a late activity, recorded now for January, shows up in the stored values too
    late = TeamActivity(team=b, held_on=date(2026, 1, 20), topic=topic, people_reached=3)
    late.outcomes = [ActivityOutcome(topic_id=topic_id, count=3)]
    db.session.add(late)
    db.session.commit()
    assert breakdown(p.province, AS_OF, [added])[0].figures[added.code].numerator == 20

    # renamed, then retired: named as the list names it now, and its past still counts
    services.update_topic(world.admin, topic, {"name": "Chữ ký số cá nhân", "active": False})
    renamed = indicator("teams.outcome_chu_ky_so")
    assert renamed is not None and renamed.label == "Chữ ký số cá nhân"
    assert breakdown(p.province, AS_OF, [renamed])[0].figures[added.code].numerator == 20


def test_a_topic_without_an_outcome_counts_its_people_under_its_name(world: TeamWorld) -> None:
    services.add_topic(world.admin, {"code": "an_ninh_mang", "name": "An ninh mạng"})
    added = indicator("teams.outcome_an_ninh_mang")
    assert added is not None and added.numerator_label == "An ninh mạng"


def test_a_seeded_topic_renamed_by_the_admin_is_named_anew(world: TeamWorld) -> None:
    seeded = indicator("teams.outcome_vneid")
    assert seeded is not None and str(seeded.label) == "Định danh điện tử VNeID (Đề án 06)"
    vneid = world.topic("vneid")
    services.update_topic(
        world.admin, vneid, {"name": "VNeID mức 2 <b>", "outcome": "tài khoản mức 2"}
    )
    renamed = indicator("teams.outcome_vneid")
    assert renamed is not None
    assert (str(renamed.label), str(renamed.numerator_label)) == (
        "VNeID mức 2 <b>",
        "tài khoản mức 2",
    )
    assert renamed.label.__html__() == "VNeID mức 2 &lt;b&gt;"  # data: escaped on a page
