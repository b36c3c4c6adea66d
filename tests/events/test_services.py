"""The rules of events, sides, ceremonies and hosts: checked accounts, codes, Vietnam's time,
co-hosts with accounts only, and deletion that leaves no personal data behind."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.events import services
from app.events.models import (
    Ceremony,
    EventHost,
    EventSide,
    GiftEvent,
    Guest,
    LedgerEntry,
    Rsvp,
    Wish,
)
from app.extensions import db
from app.matching import is_valid
from tests.factories import Places, make_event, make_guest, make_user

BANK = "970436"  # Vietcombank
ACCOUNT = "0011004455667"


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _wedding(places: Places, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "dam_cuoi",
        "title": "Lễ cưới Minh & Lan",
        "locality_id": places.hamlet.id,
        "message": "Trân trọng kính mời.",
        "sides": [
            {
                "name": "Nhà trai",
                "hosts_names": "Ông Nguyễn Văn An – Bà Trần Thị Bình",
                "bank": "Vietcombank",
                "account_number": " 0011 0044 55667 ",
                "account_name": "NGUYEN VAN MINH",
                "ceremonies": [
                    {"name": "Lễ Thành Hôn", "starts_at": datetime(2026, 10, 18, 9, 0)},
                ],
            },
            {"name": "Nhà gái", "bank": "970415", "account_number": "113366668888"},
        ],
        **changes,
    }


def test_an_event_is_created_with_its_sides_codes_and_owner(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn")
    event = services.create_event(host, _wedding(places))

    assert [(h.user_id, h.role) for h in event.hosts] == [(host.id, "owner")]
    groom, bride = event.sides
    assert (groom.name, groom.position, bride.position) == ("Nhà trai", 0, 1)
    assert (groom.bank_bin, groom.account_number) == (BANK, ACCOUNT)
    assert groom.code != bride.code
    for side in (groom, bride):
        assert side.code.startswith("QH") and is_valid(side.code)
    # 09:00 in Vietnam is 02:00 UTC; stored aware.
    assert groom.ceremonies[0].starts_at == datetime(2026, 10, 18, 2, 0, tzinfo=UTC)
    actions = db.session.scalars(select(AuditEntry.entity).order_by(AuditEntry.id)).all()
    assert actions == ["gift_event", "event_side", "ceremony", "event_side", "event_host"]


@pytest.mark.parametrize(
    ("side", "field"),
    [
        ({"bank": "970436", "account_number": "1" * 20}, "account_number"),
        ({"bank": "970436", "account_number": "0011#44"}, "account_number"),
        ({"bank": "Ngân hàng Không Có", "account_number": ACCOUNT}, "bank"),
        ({"bank": "", "account_number": ACCOUNT}, "bank"),
        ({"bank": "970436", "account_number": ""}, "account_number"),
    ],
)
def test_a_bad_account_writes_nothing_and_names_its_field(
    app: Flask, side: dict[str, Any], field: str
) -> None:
    places = Places()
    host = make_user("host@x.vn")
    data = _wedding(places)
    data["sides"][1] = {"name": "Nhà gái", **side}
    with pytest.raises(DomainError) as refused:
        services.create_event(host, data)
    assert (refused.value.status, refused.value.field) == (422, field)
    assert _count(GiftEvent) == _count(EventSide) == _count(Ceremony) == _count(AuditEntry) == 0


def test_a_side_code_drawn_twice_is_drawn_again(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = Places()
    host = make_user("host@x.vn")
    first = services.create_event(host, _wedding(places, sides=[{"name": "Nhà trai"}]))
    taken = first.sides[0].code
    drawn = iter([taken, taken])
    real = services.new_code

    def drawing(prefix: str) -> str:
        return next(drawn, None) or real(prefix)

    monkeypatch.setattr(services, "new_code", drawing)
    second = services.create_event(host, _wedding(places, sides=[{"name": "Nhà gái"}]))
    assert second.sides[0].code != taken


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"kind": "sinh_nhat"}, "events.kind_invalid", "kind"),
        ({"title": "  "}, "events.required", "title"),
        ({"sides": []}, "events.side_required", "sides"),
        ({"locality_id": 10**6}, "events.locality_not_found", "locality_id"),
    ],
)
def test_bad_events_are_refused(app: Flask, changes: dict[str, Any], code: str, field: str) -> None:
    places = Places()
    with pytest.raises(DomainError) as refused:
        services.create_event(make_user("h@x.vn"), _wedding(places, **changes))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert _count(GiftEvent) == 0


def test_an_event_is_in_a_2025_commune_or_hamlet(app: Flask) -> None:
    places = Places()
    with pytest.raises(DomainError) as refused:
        services.create_event(make_user("h@x.vn"), _wedding(places, locality_id=places.province.id))
    assert refused.value.code == "events.locality_level"


@pytest.mark.parametrize(
    ("ceremony", "code", "field"),
    [
        ({"starts_at": datetime(1899, 12, 31, 9)}, "events.year_range", "starts_at"),
        ({"starts_at": datetime(2101, 1, 1, 9)}, "events.year_range", "starts_at"),
        (
            {"starts_at": datetime(2026, 5, 1, 18), "ends_at": datetime(2026, 5, 1, 17)},
            "events.ends_before_start",
            "ends_at",
        ),
        ({"map_url": "http://maps.example/x"}, "events.map_url_https", "map_url"),
        ({"map_url": "javascript:alert(1)"}, "events.map_url_https", "map_url"),
        ({"name": ""}, "events.required", "name"),
    ],
)
def test_bad_ceremonies_are_refused(
    app: Flask, ceremony: dict[str, Any], code: str, field: str
) -> None:
    places = Places()
    host = make_user("h@x.vn")
    event = make_event(host, places.commune_a)
    side = event.sides[0]
    data = {"name": "Tiệc cưới", "starts_at": datetime(2026, 5, 1, 11), **ceremony}
    with pytest.raises(DomainError) as refused:
        services.add_ceremony(host, side, data)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert len(side.ceremonies) == 1


def test_past_ceremonies_are_allowed_and_shown_in_vietnam_time(app: Flask) -> None:
    places = Places()
    host = make_user("h@x.vn")
    event = make_event(host, places.commune_a)
    old = services.add_ceremony(
        host,
        event.sides[0],
        {
            "name": "Tiệc cưới",
            "starts_at": datetime(1998, 2, 1, 23, 30),
            "ends_at": datetime(1998, 2, 2, 1, 0),
            "map_url": "https://maps.app.goo.gl/abc",
        },
    )
    assert old.starts_at == datetime(1998, 2, 1, 16, 30, tzinfo=UTC)
    assert services.local_day(old.ends_at).isoformat() == "1998-02-02"


def test_sides_are_changed_removed_and_an_event_keeps_one(app: Flask) -> None:
    places = Places()
    host = make_user("h@x.vn")
    event = make_event(host, places.commune_a)
    groom, bride = event.sides
    services.update_side(host, bride, {"account_number": "", "bank": "", "show_qr": False})
    assert (bride.has_account, bride.show_qr) == (False, False)
    with pytest.raises(DomainError) as bad:
        services.update_side(host, groom, {"account_number": "0011#44"})
    assert bad.value.field == "account_number"
    db.session.refresh(groom)
    assert groom.account_number == ACCOUNT

    make_guest(event, side_index=1)
    with pytest.raises(DomainError) as in_use:
        services.remove_side(host, bride)
    assert (in_use.value.code, in_use.value.status) == ("events.side_in_use", 409)
    services.remove_side(host, groom)
    assert [side.name for side in event.sides] == ["Nhà gái"]
    with pytest.raises(DomainError) as last:
        services.remove_side(host, bride)
    assert last.value.code == "events.last_side"
    third = services.add_side(host, event, {"name": "Nhà ông bà nội"})
    assert third.position == 2 and is_valid(third.code)


def test_co_hosts_need_an_account(app: Flask) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = make_event(owner, places.commune_a)
    with pytest.raises(DomainError) as refused:
        services.invite_host(owner, event, {"login": "ai-do@x.vn"})
    assert (refused.value.code, refused.value.status, refused.value.field) == (
        "events.no_account",
        422,
        "login",
    )
    assert "ask them to sign up first" in str(refused.value.message).lower() or (
        "đăng ký" in str(refused.value.message)
    )
    with pytest.raises(DomainError):
        services.invite_host(owner, event, {"login": "0912345678"})
    assert len(event.hosts) == 1

    mother = make_user("Me@X.vn")
    host = services.invite_host(owner, event, {"login": " me@x.vn ", "side_id": event.sides[1].id})
    assert (host.role, host.side_id, host.invited_by_id) == ("cohost", event.sides[1].id, owner.id)
    with pytest.raises(DomainError) as twice:
        services.invite_host(owner, event, {"login": "me@x.vn"})
    assert twice.value.code == "events.already_host"
    with pytest.raises(DomainError) as elsewhere:
        services.invite_host(owner, event, {"login": "owner@x.vn", "side_id": 10**6})
    assert elsewhere.value.field == "side_id"

    # A co-host of one side changes that side only, and does not manage the event.
    with pytest.raises(DomainError) as other_side:
        services.update_side(mother, event.sides[0], {"show_qr": False})
    assert (other_side.value.code, other_side.value.status) == ("events.other_side", 403)
    services.update_side(mother, event.sides[1], {"show_qr": False})
    with pytest.raises(DomainError) as whole:
        services.update_event(mother, event, {"title": "Khác"})
    assert whole.value.status == 403
    with pytest.raises(DomainError) as not_owner:
        services.delete_event(mother, event)
    assert not_owner.value.code == "events.owner_only"


def test_the_owner_stays_and_a_co_host_may_leave(app: Flask) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = make_event(owner, places.commune_a)
    first = services.invite_host(owner, event, {"login": make_user("a@x.vn").email})
    second = services.invite_host(owner, event, {"login": make_user("b@x.vn").email})
    owner_row = event.hosts[0]
    with pytest.raises(DomainError) as stays:
        services.remove_host(first.user, owner_row)
    assert stays.value.code == "events.owner_stays"
    with pytest.raises(DomainError) as not_theirs:
        services.remove_host(first.user, second)
    assert not_theirs.value.status == 403
    services.remove_host(first.user, first)  # leaves
    services.remove_host(owner, second)
    assert [h.role for h in event.hosts] == ["owner"]
    stranger = make_user("s@x.vn")
    with pytest.raises(DomainError) as unseen:
        services.remove_host(stranger, owner_row)
    assert unseen.value.status == 404


def test_archive_and_the_lists_of_my_events(app: Flask) -> None:
    places = Places()
    host = make_user("h@x.vn")
    older = make_event(host, places.commune_a, title="Tân gia")
    newer = make_event(host, places.commune_a)
    make_event(make_user("other@x.vn"), places.commune_a)
    assert services.events_of(host).items == [newer, older]
    services.set_archived(host, older, True)
    assert services.events_of(host).items == [newer]
    assert services.events_of(host, archived=True).items == [older]
    assert services.events_of(host, archived=None).total == 2
    services.set_archived(host, older, False)
    assert older.archived_at is None
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "gift_event")
    ).all()
    assert actions == ["archive", "unarchive"]


def test_deleting_an_event_leaves_no_personal_data(app: Flask) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = services.create_event(owner, _wedding(places))
    services.update_event(owner, event, {"title": "Lễ cưới Minh và Lan", "show_wishes": False})
    services.invite_host(owner, event, {"login": make_user("co@x.vn").email})
    guest = make_guest(event, "Trần Văn Nam")
    groom = event.sides[0]
    db.session.add_all(
        [
            Rsvp(side=groom, guest=guest, name="Trần Văn Nam", answer="yes", people=2),
            Rsvp(side=groom, name="Chị Hoa", answer="maybe"),
            Wish(event=event, side_id=groom.id, name="Trần Văn Nam", message="Trăm năm hạnh phúc"),
            LedgerEntry(
                event=event,
                side=groom,
                guest=guest,
                giver_name="Trần Văn Nam",
                quantity=500000,
                method="envelope",
            ),
        ]
    )
    db.session.commit()
    event_id = event.id

    counts = services.delete_event(owner, event)

    assert (counts.guests, counts.rsvps, counts.wishes, counts.gifts) == (1, 2, 1, 1)
    for model in (GiftEvent, EventSide, Ceremony, EventHost, Guest, Rsvp, Wish, LedgerEntry):
        assert _count(model) == 0, model
    deleted = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "delete", AuditEntry.entity == "gift_event")
    ).one()
    assert deleted.entity_id == str(event_id)
    assert deleted.before is not None and deleted.before["gifts"] == 1
    everything = json.dumps(
        [[e.before, e.after, e.locality_id] for e in db.session.scalars(select(AuditEntry))],
        ensure_ascii=False,
    )
    for private in (
        "Minh",
        "Lan",
        "Nam",
        "Hoa",
        "hạnh phúc",
        "500000",
        ACCOUNT,
        "113366668888",
        "NGUYEN",
        "Bình",
        "Trân trọng",
        "Lễ Thành Hôn",
    ):
        assert private not in everything, private
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.locality_id.is_not(None))
        )
        == 0
    )


def test_strangers_cannot_touch_an_event(app: Flask) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    stranger = make_user("s@x.vn")
    event = make_event(owner, places.commune_a)
    for act in (
        lambda: services.update_event(stranger, event, {"title": "x"}),
        lambda: services.add_side(stranger, event, {"name": "x"}),
        lambda: services.update_side(stranger, event.sides[0], {"name": "x"}),
        lambda: services.add_ceremony(stranger, event.sides[0], {"name": "x"}),
        lambda: services.invite_host(stranger, event, {"login": "s@x.vn"}),
        lambda: services.set_archived(stranger, event, True),
        lambda: services.delete_event(stranger, event),
    ):
        with pytest.raises(DomainError) as refused:
            act()
        assert refused.value.status == 404
    assert _count(GiftEvent) == 1 and event.title == "Lễ cưới Minh & Lan"


def test_audit_entries_are_told_in_words_without_family_data(app: Flask) -> None:
    from app.audit.presentation import Presenter
    from app.feature import audit_labels

    places = Places()
    owner = make_user("owner@x.vn")
    event = services.create_event(owner, _wedding(places))
    services.update_event(owner, event, {"title": "Cưới Minh Lan", "kind": "dam_hoi"})
    services.update_side(owner, event.sides[0], {"account_number": "0011004455668"})
    services.invite_host(owner, event, {"login": make_user("co@x.vn").email})
    services.set_archived(owner, event, True)
    services.delete_event(owner, event)
    presenter = Presenter(audit_labels(app))
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    with app.test_request_context():
        for entry in entries:
            for name in {*(entry.before or {}), *(entry.after or {})}:
                label = presenter.field_label(entry.entity, name)
                assert label != name.replace("_", " "), (entry.entity, name)
        shown = [presenter.entry(entry) for entry in entries]
    heads = [(s.action, s.entity, s.subject) for s in shown]
    assert heads[0] == ("Thêm", "Sự kiện mừng", f"Đám cưới · Sự kiện số {event.id}")
    assert ("Lưu trữ", "Sự kiện mừng", f"Đám hỏi · Sự kiện số {event.id}") in heads
    assert heads[-1] == ("Xoá", "Sự kiện mừng", f"Đám hỏi · Sự kiện số {event.id}")
    changes = [{c.label: (c.before, c.after) for c in s.changes} for s in shown]
    renamed = next(c for c, s in zip(changes, shown, strict=True) if s.action == "Sửa")
    assert renamed["Loại sự kiện"] == ("Đám cưới", "Đám hỏi")
    assert renamed["Đã sửa"] == (None, "Tên sự kiện")
    side_change = [c for c, s in zip(changes, shown, strict=True) if s.entity == "Bên nhận mừng"]
    assert side_change[-1]["Đã sửa"] == (None, "Số tài khoản")
    added_side = side_change[0]
    assert added_side["Ngân hàng"] == (None, "Vietcombank (970436)")
    assert added_side["Sự kiện"] == (None, f"Sự kiện số {event.id}")
    host = next(c for c, s in zip(changes, shown, strict=True) if s.entity == "Chủ nhà sự kiện")
    assert host["Vai trò"] == (None, "Người tạo") and host["Người dùng"] == (None, "owner@x.vn")
