"""An event's guests (app.events.guests): the rules of a guest added by hand, a host of one side
managing that side's guests only, unique codes and tokens (a clash drawn again), a new personal
link killing the old one, search without diacritics, and audit entries that never name the
guest."""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

import pytest
from flask import Flask
from sqlalchemy import event as sa_event
from sqlalchemy import select

from app.accounts.models import User
from app.audit_log import AuditEntry
from app.errors import DomainError
from app.events import guests, hosting
from app.events.models import EventHost, GiftEvent, Guest, Rsvp
from app.extensions import db
from app.matching import is_valid, new_code
from tests.factories import Places, make_event, make_user


@dataclass
class Party:
    """A wedding with two sides: its owner (every side), the bride's mother (a co-host of the
    bride's side only) and a stranger (an owner of another event)."""

    event: GiftEvent
    owner: User
    bride_mother: User
    stranger: User

    @property
    def groom(self) -> int:
        return self.event.sides[0].id

    @property
    def bride(self) -> int:
        return self.event.sides[1].id


def make_party() -> Party:
    places = Places()
    owner = make_user("owner@x.vn", "host", name="Minh")
    bride_mother = make_user("me@x.vn", "host", name="Mẹ cô dâu")
    stranger = make_user("stranger@x.vn", "host")
    event = make_event(owner, places.commune_a)
    event.hosts.append(EventHost(user_id=bride_mother.id, role="cohost", side_id=event.sides[1].id))
    db.session.commit()
    make_event(stranger, places.commune_a, title="Tân gia nhà chị C")
    return Party(event, owner, bride_mother, stranger)


@pytest.fixture
def party(app: Flask) -> Party:
    return make_party()


def _add(party: Party, user: User | None = None, **data: object) -> Guest:
    body = {"name": "Trần Văn Nam", "side_id": party.groom, **data}
    return guests.add_guest(user or party.owner, party.event.id, body)


def test_a_guest_gets_a_code_and_a_128_bit_link(party: Party) -> None:
    guest = _add(
        party,
        name="  Trần   Văn Nam ",
        honorific="anh",
        phone="0912 345 678",
        group_name="Bạn chú rể",
        invited_by="Chú rể",
    )
    assert (guest.name, guest.phone, guest.side_id) == ("Trần Văn Nam", "+84912345678", party.groom)
    assert guest.code.startswith("QK") and is_valid(guest.code)
    assert len(guest.token) >= 22  # 16 random bytes, URL-safe
    other = _add(party, name="Lê Thị Hoa")
    assert other.code != guest.code and other.token != guest.token


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"name": "   "}, "events.guest_name_required", "name"),
        ({"name": "A" * 201}, "events.guest_too_long", "name"),
        ({"honorific": "x" * 31}, "events.guest_too_long", "honorific"),
        ({"group_name": "x" * 101}, "events.guest_too_long", "group_name"),
        ({"phone": "12ab"}, "events.guest_phone_invalid", "phone"),
        ({"phone": "123"}, "events.guest_phone_invalid", "phone"),
        ({"side_id": None}, "events.guest_side_required", "side_id"),
        ({"side_id": 999999}, "events.guest_side_unknown", "side_id"),
    ],
)
def test_bad_guests_are_refused_by_field(
    party: Party, data: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _add(party, **data)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert db.session.scalars(select(Guest)).all() == []


def test_the_same_phone_twice_on_a_side_is_refused(party: Party) -> None:
    first = _add(party, phone="0912345678")
    with pytest.raises(DomainError) as refused:
        _add(party, name="Người khác", phone="+84 912 345 678")
    assert refused.value.code == "events.guest_phone_taken"
    assert "Trần Văn Nam" in refused.value.message
    other = _add(party, name="Người khác", phone="0987654321")
    with pytest.raises(DomainError):
        guests.update_guest(party.owner, other, {"phone": "0912.345.678"})
    assert guests.update_guest(party.owner, first, {"phone": "0912345678"}) is first
    # A friend of both the bride and the groom is a guest of each side; the bride's mother
    # learns nothing of the groom's side's guests from a refusal.
    both = _add(party, party.bride_mother, name="Bạn chung", phone="0912345678", side_id=None)
    assert both.side_id == party.bride
    with pytest.raises(DomainError):
        guests.update_guest(party.owner, other, {"side_id": party.bride, "phone": "0912345678"})


def test_a_side_host_manages_only_their_sides_guests(party: Party) -> None:
    groom_guest = _add(party)
    bride_guest = _add(party, party.bride_mother, name="Phạm Thị Mai", side_id=None)
    assert bride_guest.side_id == party.bride  # their one side, without asking

    with pytest.raises(DomainError) as refused:
        _add(party, party.bride_mother, name="Ai đó", side_id=party.groom)
    assert (refused.value.code, refused.value.status) == ("events.guest_side_not_yours", 403)
    with pytest.raises(DomainError) as hidden:
        guests.managed_guest(party.bride_mother, party.event.id, groom_guest.id)
    assert (hidden.value.code, hidden.value.status) == ("events.guest_not_found", 404)
    with pytest.raises(DomainError):
        guests.update_guest(party.bride_mother, bride_guest, {"side_id": party.groom})

    everyone = guests.find_guests(party.owner, party.event, guests.GuestQuery())
    theirs = guests.find_guests(party.bride_mother, party.event, guests.GuestQuery())
    assert {g.id for g in everyone.items} == {groom_guest.id, bride_guest.id}
    assert [g.id for g in theirs.items] == [bride_guest.id]


def test_strangers_and_guests_of_other_events_are_404(party: Party) -> None:
    guest = _add(party)
    for outsider in (party.stranger, None):
        with pytest.raises(DomainError) as refused:
            guests.add_guest(outsider, party.event.id, {"name": "X", "side_id": party.groom})
        assert refused.value.status == 404
    other_event = hosting.hosted_events(party.stranger)[0]
    with pytest.raises(DomainError) as wrong_event:
        guests.managed_guest(party.stranger, other_event.id, guest.id)
    assert wrong_event.value.code == "events.guest_not_found"


def test_a_new_link_kills_the_old_one_and_keeps_the_code(party: Party) -> None:
    guest = _add(party)
    old_token, code = guest.token, guest.code
    assert hosting.guest_by_token(old_token) is guest
    guests.renew_link(party.owner, guest)
    assert guest.token != old_token and guest.code == code
    with pytest.raises(DomainError):
        hosting.guest_by_token(old_token)
    assert hosting.guest_by_token(guest.token) is guest


def test_a_code_drawn_twice_is_drawn_again(party: Party) -> None:
    taken = _add(party)
    fresh = new_code("QK")
    draws = iter([taken.code, taken.code, fresh])
    with mock.patch("app.events.guests.new_code", side_effect=lambda prefix: next(draws)):
        guest = _add(party, name="Lê Văn Ba")
    assert guest.code == fresh


def test_a_clash_on_the_unique_index_is_retried(party: Party) -> None:
    """Two requests drawing the same code at once: the index refuses the second, which draws
    again (the check before the insert cannot see the other's uncommitted row)."""
    taken = _add(party)
    fresh = guests._fresh_code()
    codes = iter([taken.code, fresh])
    with mock.patch("app.events.guests._fresh_code", side_effect=lambda: next(codes)):
        guest = _add(party, name="Lê Văn Ba")
    assert guest.code == fresh
    assert len(db.session.scalars(select(Guest)).all()) == 2


def test_search_folds_diacritics_and_finds_phones_groups_and_owners(party: Party) -> None:
    nam = _add(party, phone="0912345678", group_name="Đồng nghiệp", invited_by="Chú rể")
    hoa = _add(party, name="Lê Thị Hoà", group_name="Bạn cô dâu", side_id=party.bride)
    _add(party, name="Đặng Văn Đức", invited_by="Bố chú rể")

    def names(**query: object) -> list[str]:
        found = guests.find_guests(party.owner, party.event, guests.GuestQuery(**query))  # type: ignore[arg-type]
        return [guest.name for guest in found.items]

    assert names(q="hoa") == ["Lê Thị Hoà"]
    assert names(q="dang van duc") == ["Đặng Văn Đức"]
    assert names(q="dong nghiep") == ["Trần Văn Nam"]
    assert names(q="345 678") == ["Trần Văn Nam"]
    assert names(q="+84912") == ["Trần Văn Nam"]
    assert names(side_id=party.bride) == ["Lê Thị Hoà"]
    assert names(group="Bạn cô dâu") == ["Lê Thị Hoà"]
    assert names(invited_by="Chú rể") == ["Trần Văn Nam"]
    assert names() == ["Đặng Văn Đức", "Lê Thị Hoà", "Trần Văn Nam"]  # Vietnamese order
    page = guests.find_guests(party.owner, party.event, guests.GuestQuery(), page=2, per_page=2)
    assert (page.total, [g.name for g in page.items]) == (3, ["Trần Văn Nam"])
    assert guests.choices_of(party.owner, party.event) == (
        ["Bạn cô dâu", "Đồng nghiệp"],
        ["Bố chú rể", "Chú rể"],
    )
    assert nam.id != hoa.id


def test_update_and_remove(party: Party) -> None:
    guest = _add(party)
    db.session.add(Rsvp(side_id=guest.side_id, guest_id=guest.id, name="Nam", answer="yes"))
    db.session.commit()
    guests.update_guest(
        party.owner, guest, {"honorific": "chú", "side_id": party.bride, "name": "Trần Văn Nam"}
    )
    assert (guest.honorific, guest.side_id) == ("chú", party.bride)
    guest_id = guest.id
    guests.remove_guest(party.owner, guest)
    assert db.session.get(Guest, guest_id) is None
    assert db.session.scalars(select(Rsvp)).all() == []


def test_audit_entries_keep_what_happened_not_who_the_guest_is(party: Party) -> None:
    guest = _add(party, phone="0912345678")
    guests.update_guest(party.owner, guest, {"phone": "0987654321", "group_name": "Họ hàng"})
    guests.renew_link(party.owner, guest)
    guests.remove_guest(party.owner, guest)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.entity) for e in entries] == [
        ("create", "guest"),
        ("update", "guest"),
        ("new_link", "guest"),
        ("delete", "guest"),
    ]
    assert entries[1].after == {
        "event_id": party.event.id,
        "side_id": party.groom,
        "changed": ["group_name", "phone"],
    }
    for entry in entries:
        text = repr((entry.before, entry.after))
        assert "Nam" not in text and "0912" not in text and "+84" not in text
        assert guest.token not in text
        assert entry.locality_id is None  # a locality's officers do not read a family's guests


def test_a_list_of_guests_loads_their_sides_and_answers_with_them(party: Party) -> None:
    for name in ("Anh Nam", "Chị Lan", "Cô Ba"):
        guest = _add(party, name=name)
        db.session.add(Rsvp(side_id=guest.side_id, guest=guest, name=name, answer="yes"))
    db.session.commit()
    event_id = party.event.id
    db.session.expire_all()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event = hosting.hosted_event(party.owner, event_id)
    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = guests.find_guests(party.owner, event, guests.GuestQuery())
        answers = [
            (guest.side.name, [rsvp.answer for rsvp in guest.rsvps]) for guest in found.items
        ]
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert answers == [("Nhà trai", ["yes"])] * 3
    assert len(statements) <= 4  # the sides (scope), the guests, their answers, their sides
