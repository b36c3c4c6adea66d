"""The markets feature's rules: scope, stall numbers, sign codes, accounts, participation
history and statuses as of a date, Chợ 4.0 recognitions; every change audited, nothing partly
written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.markets import services
from app.markets.models import ParticipationStep, Vendor, VendorAccount
from app.matching import is_valid
from tests.markets.conftest import ACCOUNT, BANK, World, add_step, add_vendor


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_market_in_scope_only(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.create_market(
            world.officer_b,
            {"name": "Chợ lạ", "locality_id": world.places.commune_a.id, "kind": "dem"},
        )
    assert refused.value.status == 403 and refused.value.field == "locality_id"
    with pytest.raises(DomainError) as refused:
        services.create_market(
            world.admin,
            {"name": "Chợ tỉnh", "locality_id": world.places.province.id, "kind": "dem"},
        )
    assert refused.value.code == "markets.locality_level"
    hamlet_market = services.create_market(
        world.officer_a,
        {"name": "Chợ Thôn Đông", "locality_id": world.places.hamlet.id, "kind": "tam"},
    )
    assert hamlet_market.locality_id == world.places.hamlet.id
    found = services.markets_in(world.officer_b, world.places.province)
    assert found.total == 0
    assert services.markets_in(world.viewer_a).total == 2


def test_stall_number_unique_in_its_market(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.add_stall(world.officer_a, world.market, {"number": "2"})
    assert (refused.value.status, refused.value.field) == (409, "number")
    assert refused.value.code == "markets.stall_number_taken"
    # Hawkers' places have no number: any number of them.
    services.add_stall(world.officer_a, world.market, {"number": ""})
    services.add_stall(world.officer_a, world.market, {"number": None, "goods": "rau"})
    other = services.create_market(
        world.officer_a,
        {"name": "Chợ đêm", "locality_id": world.places.commune_a.id, "kind": "dem"},
    )
    services.add_stall(world.officer_a, other, {"number": "2"})  # same number, other market
    with pytest.raises(DomainError) as refused:
        services.update_stall(world.officer_a, world.stalls[0], {"number": "3"})
    assert refused.value.status == 409
    numbers = [s.number for s in services.stalls_of(world.market).items]
    assert numbers == ["1", "2", "3", None, None]


def test_stall_number_race_is_a_409(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two requests passing the check at once: the partial unique index refuses the second."""
    real_scalar = db.session.scalar
    monkeypatch.setattr(db.session, "scalar", lambda stmt: None)
    with pytest.raises(DomainError) as refused:
        services.add_stall(world.officer_a, world.market, {"number": "1"})
    monkeypatch.setattr(db.session, "scalar", real_scalar)
    assert (refused.value.status, refused.value.field) == (409, "number")
    assert len(services.stalls_of(world.market).items) == 3


def test_vendor_gets_a_checked_sign_code_and_stalls(world: World) -> None:
    vendor = add_vendor(
        world, "Cô Đào", stall_ids=[world.stalls[0].id, world.stalls[1].id], goods="cá"
    )
    assert is_valid(vendor.sign_code) and vendor.sign_code.startswith("QT")
    assert [s.number for s in vendor.stalls] == ["1", "2"]
    assert vendor.locality_id == world.places.commune_a.id
    assert vendor.registration == "approved" and vendor.code_in_purpose is False
    with pytest.raises(DomainError) as refused:
        add_vendor(world, "Chị Hai", stall_ids=[world.stalls[0].id])
    assert refused.value.code == "markets.stall_held" and refused.value.field == "stall_ids"
    assert _count(Vendor) == 1


def test_sign_code_drawn_again_on_collision(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    first = add_vendor(world, "Cô Đào")
    fresh = next(code for code in _codes() if code != first.sign_code)
    draws = iter([first.sign_code, first.sign_code, fresh])
    monkeypatch.setattr(services, "new_code", lambda prefix: next(draws))
    second = add_vendor(world, "Anh Ba")
    assert second.sign_code == fresh


def _codes() -> list[str]:
    from app.matching import new_code

    return [new_code("QT") for _ in range(3)]


def test_vendor_outside_scope_and_place_rules(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.create_vendor(world.officer_b, {"name": "X", "market_id": world.market.id})
    assert (refused.value.status, refused.value.field) == (403, "market_id")
    with pytest.raises(DomainError) as refused:
        services.create_vendor(world.officer_a, {"name": "X"})
    assert refused.value.code == "markets.place_missing"
    street = services.create_street(
        world.officer_a, {"name": "Phố đi bộ", "locality_id": world.places.commune_a.id}
    )
    with pytest.raises(DomainError) as refused:
        services.create_vendor(
            world.officer_a, {"name": "X", "market_id": world.market.id, "street_id": street.id}
        )
    assert refused.value.code == "markets.place_both"
    shop = services.create_vendor(
        world.officer_a,
        {"name": "Tiệm vàng Kim", "street_id": street.id, "house_number": "12"},
    )
    assert shop.street_id == street.id and shop.market_id is None
    assert _count(Vendor) == 1


def test_owner_edits_only_their_own_fields(world: World) -> None:
    vendor = add_vendor(world, "Cô Đào", user_id=world.vendor_user.id)
    services.update_vendor(world.vendor_user, vendor, {"phone": "0909123456"})
    assert vendor.phone == "0909123456"
    with pytest.raises(DomainError) as refused:
        services.update_vendor(world.vendor_user, vendor, {"market_id": world.market.id})
    assert (refused.value.status, refused.value.field) == (403, "market_id")
    stranger = add_vendor(world, "Anh Ba")
    with pytest.raises(DomainError) as refused:
        services.update_vendor(world.vendor_user, stranger, {"phone": "1"})
    assert refused.value.status == 403
    account = services.add_account(world.vendor_user, vendor, {"bank": BANK, "number": ACCOUNT})
    assert account.is_primary


def test_accounts_checked_by_vietqr_one_primary(world: World) -> None:
    vendor = add_vendor(world, "Cô Đào", code_in_purpose=True)
    before = _count(AuditEntry)
    with pytest.raises(DomainError) as refused:
        services.add_account(world.officer_a, vendor, {"bank": "nganhangma", "number": ACCOUNT})
    assert refused.value.field == "bank"
    with pytest.raises(DomainError) as refused:
        services.add_account(world.officer_a, vendor, {"bank": BANK, "number": "12#45"})
    assert refused.value.field == "number" and refused.value.code.startswith("codes.")
    assert _count(VendorAccount) == 0 and _count(AuditEntry) == before
    first = services.add_account(
        world.officer_a,
        vendor,
        {"bank": "vietinbank", "number": "1133 6666 8888", "holder_name": "NGUYEN THI DAO"},
    )
    assert (first.bank_bin, first.number, first.is_primary) == (BANK, ACCOUNT, True)
    with pytest.raises(DomainError) as refused:
        services.add_account(world.officer_a, vendor, {"bank": BANK, "number": ACCOUNT})
    assert (refused.value.status, refused.value.code) == (409, "markets.account_duplicate")
    with pytest.raises(DomainError) as refused:
        services.add_account(
            world.officer_a, vendor, {"bank": "970436", "number": "0123456789", "is_primary": True}
        )
    assert (refused.value.status, refused.value.field) == (409, "is_primary")
    second = services.add_account(
        world.officer_a, vendor, {"bank": "970436", "number": "0123456789"}
    )
    assert not second.is_primary
    with pytest.raises(DomainError) as refused:
        services.update_account(world.officer_a, first, {"is_primary": False})
    assert refused.value.code == "markets.primary_required"
    with pytest.raises(DomainError):
        services.remove_account(world.officer_a, first)
    services.make_primary(world.officer_a, second)
    db.session.refresh(first)
    assert (first.is_primary, second.is_primary) == (False, True)
    made = services.sign_code_of(vendor)
    assert made is not None and made.code.account == "0123456789"
    assert made.code.purpose == vendor.sign_code  # the vendor opted in
    first_id = first.id
    services.remove_account(world.officer_a, first)
    assert [a.id for a in vendor.accounts] == [second.id]
    removal = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).one()
    assert (removal.entity, removal.entity_id, removal.after) == (
        "vendor_account",
        str(first_id),
        None,
    )
    with pytest.raises(DomainError) as refused:
        services.add_account(world.officer_b, vendor, {"bank": BANK, "number": "99"})
    assert refused.value.status == 403


def test_steps_need_reasons_and_no_future(world: World) -> None:
    vendor = add_vendor(world, "Cô Đào")
    with pytest.raises(DomainError) as refused:
        services.record_step(world.officer_a, vendor, {"status": "not_taking_part"})
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        services.record_step(world.officer_a, vendor, {"status": "enrolled", "reason": "elderly"})
    assert refused.value.code == "markets.reason_unexpected"
    with pytest.raises(DomainError) as refused:
        services.record_step(
            world.officer_a,
            vendor,
            {"status": "enrolled", "effective_on": services.today() + timedelta(days=1)},
        )
    assert refused.value.field == "effective_on"
    with pytest.raises(DomainError) as refused:
        services.record_step(world.officer_b, vendor, {"status": "enrolled"})
    assert refused.value.status == 403
    step = services.record_step(world.officer_a, vendor, {"status": "enrolled"})
    assert step.effective_on == services.today()
    assert (step.recorded_by_id, step.recorded_by_label) == (world.officer_a.id, "officer-a@x.vn")
    assert _count(ParticipationStep) == 1


def test_status_as_of_a_date_across_a_history(world: World) -> None:
    dao = add_vendor(world, "Cô Đào")
    ba = add_vendor(world, "Anh Ba")
    tu = add_vendor(world, "Bà Tư")
    add_step(world, dao, "enrolled", date(2026, 3, 1))
    add_step(world, dao, "qr_displayed", date(2026, 3, 10))
    add_step(world, dao, "receiving", date(2026, 4, 1))
    add_step(world, dao, "stopped", date(2026, 6, 1), "prefers_cash")
    add_step(world, ba, "not_taking_part", date(2026, 3, 5), "elderly")
    add_step(world, ba, "enrolled", date(2026, 5, 1))
    # Recorded late, dated earlier: the history is ordered by date, not by when it was typed.
    add_step(world, ba, "qr_displayed", date(2026, 4, 15))
    # Two steps on one day: the later recorded one wins.
    add_step(world, tu, "enrolled", date(2026, 4, 1))
    add_step(world, tu, "qr_displayed", date(2026, 4, 1))

    def at(day: date) -> dict[str, str | None]:
        found = services.statuses_as_of(day, market=world.market)
        return {item.vendor.name: item.status for item in found}

    assert at(date(2026, 2, 1)) == {}  # nobody on the roster with a step then, none added yet
    assert at(date(2026, 3, 5)) == {"Cô Đào": "enrolled", "Anh Ba": "not_taking_part"}
    assert at(date(2026, 4, 1)) == {
        "Anh Ba": "not_taking_part",
        "Bà Tư": "qr_displayed",
        "Cô Đào": "receiving",
    }
    assert at(date(2026, 4, 20))["Anh Ba"] == "qr_displayed"
    assert at(date(2026, 5, 2))["Anh Ba"] == "enrolled"
    assert at(date(2026, 6, 1))["Cô Đào"] == "stopped"
    today = services.statuses_as_of(services.today(), locality=world.places.province)
    assert [s.vendor.name for s in today] == ["Anh Ba", "Bà Tư", "Cô Đào"]
    assert today[2].reason == "prefers_cash" and today[2].since == date(2026, 6, 1)
    counts = services.count_statuses(
        services.statuses_as_of(date(2026, 4, 20), market=world.market)
    )
    assert (counts.vendors, counts.with_qr, counts.receiving) == (3, 3, 1)
    assert services.statuses_as_of(services.today(), locality=world.places.commune_b) == []
    # A self-registration waiting for approval is on the list but not in the roster's counts.
    services.create_vendor(
        world.officer_a, {"name": "Chị Năm", "market_id": world.market.id}, registration="pending"
    )
    waiting = services.count_statuses(
        services.statuses_as_of(services.today(), market=world.market)
    )
    assert (waiting.vendors, waiting.pending) == (3, 1)
    # Steps are only added: the history of Cô Đào is intact.
    assert [s.status for s in dao.steps] == ["enrolled", "qr_displayed", "receiving", "stopped"]


def test_status_as_of_is_one_query(world: World) -> None:
    from sqlalchemy import event

    for n in range(6):
        vendor = add_vendor(world, f"Người {n}")
        add_step(world, vendor, "enrolled", date(2026, 1, 1))
        add_step(world, vendor, "receiving", date(2026, 2, 1))
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    db.session.expire_all()
    commune = world.places.commune_a
    assert commune.path  # loaded before counting
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = services.statuses_as_of(date(2026, 3, 1), locality=commune)
        assert [s.status for s in found] == ["receiving"] * 6
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_recognition_with_criteria(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.add_criterion(world.officer_a, {"name": "Tỷ lệ sạp có mã QR ≥ 80%"})
    assert refused.value.status == 403
    share = services.add_criterion(world.admin, {"name": "Tỷ lệ sạp có mã QR ≥ 80%"})
    fees = services.add_criterion(world.admin, {"name": "Thu phí không dùng tiền mặt"})
    with pytest.raises(DomainError) as refused:
        services.add_criterion(world.admin, {"name": "Thu phí không dùng tiền mặt"})
    assert refused.value.status == 409
    recognition = services.recognise_market(
        world.officer_a,
        world.market,
        {
            "decision_number": "123/QĐ-UBND",
            "decided_on": date(2026, 5, 20),
            "criterion_ids": [share.id, fees.id],
        },
    )
    assert [c.name for c in recognition.criteria] == [share.name, fees.name]
    with pytest.raises(DomainError) as refused:
        services.recognise_market(
            world.officer_a,
            world.market,
            {
                "decision_number": "123/QĐ-UBND",
                "decided_on": date(2026, 5, 21),
                "criterion_ids": [share.id],
            },
        )
    assert (refused.value.status, refused.value.field) == (409, "decision_number")
    with pytest.raises(DomainError) as refused:
        services.recognise_market(
            world.officer_a,
            world.market,
            {"decision_number": "9", "decided_on": date(2026, 5, 21), "criterion_ids": [999]},
        )
    assert refused.value.field == "criterion_ids"
    services.update_criterion(world.admin, fees, {"active": False})
    assert services.criteria(active_only=True) == [share]
    assert services.recognitions_of(world.market)[0].criteria[1].name == fees.name


def test_every_change_is_audited(world: World) -> None:
    vendor = add_vendor(world, "Cô Đào")
    services.add_account(world.officer_a, vendor, {"bank": BANK, "number": ACCOUNT})
    add_step(world, vendor, "enrolled", date(2026, 1, 1))
    entities = set(db.session.scalars(select(AuditEntry.entity)))
    assert {"market", "stall", "vendor", "vendor_account", "participation_step"} <= entities
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "vendor_account")
    ).one()
    assert entry.locality_id == world.places.commune_a.id and entry.after["number"] == ACCOUNT


def test_moving_a_market_moves_its_vendors(world: World) -> None:
    vendor = add_vendor(world, "Cô Đào")
    with pytest.raises(DomainError) as refused:
        services.update_market(
            world.officer_a, world.market, {"locality_id": world.places.commune_b.id}
        )
    assert refused.value.status == 403
    services.update_market(world.admin, world.market, {"locality_id": world.places.commune_b.id})
    db.session.refresh(vendor)
    assert vendor.locality_id == world.places.commune_b.id


def test_sign_code_race_is_settled_by_the_index(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests drawing the same code at once: both pass the look-up, the unique index
    refuses the second insert, and the whole creation runs again with a new draw."""
    first = add_vendor(world, "Cô Đào", stall_ids=[world.stalls[0].id])
    fresh = next(code for code in _codes() if code != first.sign_code)
    draws = iter([first.sign_code, fresh])
    monkeypatch.setattr(services, "_fresh_sign_code", lambda: next(draws))
    before = _count(AuditEntry)
    second = add_vendor(world, "Anh Ba", stall_ids=[world.stalls[1].id])
    assert second.sign_code == fresh and [s.number for s in second.stalls] == ["2"]
    assert _count(Vendor) == 2 and _count(AuditEntry) == before + 1


def test_lists_sort_the_vietnamese_way(world: World) -> None:
    commune = world.places.commune_a.id
    for name in ("chợ Đầm", "Chợ Dầu", "Chợ Bà Chiểu", "Chợ Ấp 10", "Chợ Ấp 2"):
        services.create_market(
            world.officer_a, {"name": name, "locality_id": commune, "kind": "dem"}
        )
    names = [m.name for m in services.markets_in(world.officer_a).items]
    assert names == ["Chợ An Bình", "Chợ Ấp 2", "Chợ Ấp 10", "Chợ Bà Chiểu", "Chợ Dầu", "chợ Đầm"]
    dau = services.markets_in(world.officer_a).items[4]
    services.update_market(world.officer_a, dau, {"name": "Chợ Ẩm"})
    names = [m.name for m in services.markets_in(world.officer_a).items]
    assert names[:3] == ["Chợ An Bình", "Chợ Ẩm", "Chợ Ấp 2"]
    for name in ("Đường Ba", "đường An"):
        services.create_street(world.officer_a, {"name": name, "locality_id": commune})
    assert [s.name for s in services.streets_in(world.officer_a).items] == ["đường An", "Đường Ba"]
    for name in ("Út", "Ánh", "Bé"):
        add_vendor(world, name)
    assert [v.name for v in services.vendors_in(world.officer_a).items] == ["Ánh", "Bé", "Út"]
    places = services.places_of(world.officer_a, world.places.commune_a)
    assert [p.name for p in places.markets][:2] == ["Chợ An Bình", "Chợ Ẩm"]


def test_moving_a_street_moves_its_shops(world: World) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố đi bộ", "locality_id": world.places.commune_a.id}
    )
    shop = services.create_vendor(world.officer_a, {"name": "Tiệm Hoa", "street_id": street.id})
    with pytest.raises(DomainError) as refused:
        services.update_street(world.officer_a, street, {"locality_id": world.places.commune_b.id})
    assert refused.value.status == 403 and refused.value.field == "locality_id"
    assert street.locality_id == world.places.commune_a.id
    services.update_street(world.admin, street, {"locality_id": world.places.commune_b.id})
    db.session.refresh(shop)
    assert street.locality_id == shop.locality_id == world.places.commune_b.id
