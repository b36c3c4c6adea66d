"""The ledger's rules (app.events.ledger): entries, who may write which side, search, totals kept
in their units, the offline sync that writes each envelope once, transfers matched by the
payments feature, and the exports laid out as families keep them."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.accounts.models import User
from app.audit_log import AuditEntry
from app.errors import DomainError
from app.events import ledger, ledger_exports
from app.events.models import EventHost, GiftEvent, LedgerEntry
from app.extensions import db
from tests.factories import Places, make_event, make_guest, make_user


@pytest.fixture
def wedding(app: Flask) -> tuple[User, GiftEvent]:
    host = make_user("host@x.vn", "host")
    return host, make_event(host, Places().commune_a)


def _add(host: User, event: GiftEvent, side: int = 0, **data: Any) -> LedgerEntry:
    return ledger.add_entry(
        host,
        event.id,
        {"side_id": event.sides[side].id, "giver_name": "Anh Ba", "quantity": "500000", **data},
    )


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerEntry)) or 0


def test_an_envelope_from_a_guest_takes_the_guests_inviter_as_owner(wedding: Any) -> None:
    host, event = wedding
    guest = make_guest(event, "Trần Văn Nam")
    guest.invited_by = "Bố chú rể"
    guest.group_name = "Đồng nghiệp"
    db.session.commit()

    by_id = _add(host, event, guest_id=guest.id, giver_name="", relation="Bạn của bố")
    by_name = _add(host, event, giver_name="tran van nam")  # picked from the suggestions

    for entry in (by_id, by_name):
        assert (entry.guest_id, entry.owner, entry.method) == (guest.id, "Bố chú rể", "envelope")
        assert (entry.unit, entry.quantity, entry.source) == ("dong", Decimal(500000), "manual")
    assert by_id.giver_name == "Trần Văn Nam"
    assert by_id.created_by_id == host.id
    free = _add(host, event, giver_name="Cô Tư", owner="Mẹ cô dâu")
    assert (free.guest_id, free.owner) == (None, "Mẹ cô dâu")


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"quantity": "0"}, "quantity", "events.quantity_positive"),
        ({"quantity": "-500000"}, "quantity", "events.quantity_positive"),
        ({"quantity": "10000000001"}, "quantity", "events.quantity_absurd"),
        ({"quantity": "500000.5"}, "quantity", "events.dong_whole"),
        ({"unit": "bac"}, "unit", "events.unit_unknown"),
        ({"giver_name": ""}, "giver_name", "events.ledger_name_required"),
        ({"giver_kind": "on_behalf"}, "on_behalf_of", "events.ledger_on_behalf_required"),
        ({"giver_kind": "ban"}, "giver_kind", "events.ledger_giver_kind"),
        ({"method": "gold"}, "method", "events.ledger_method_gold"),
        (
            {"unit": "gold_chi", "quantity": "1", "method": "envelope"},
            "method",
            "events.ledger_method_gold",
        ),
        (
            {"unit": "in_kind", "description": "Ấm chén", "quantity": None, "method": "cash"},
            "method",
            "events.ledger_method_in_kind",
        ),
        ({"method": "sec"}, "method", "events.ledger_method_unknown"),
        ({"message": "x" * 1001}, "message", "events.ledger_too_long"),
        ({"received_at": "hôm qua"}, "received_at", "events.ledger_received_at"),
        ({"client_id": "phong-bi-1"}, "client_id", "events.ledger_client_id"),
        ({"side_id": None}, "side_id", "events.ledger_side_required"),
    ],
)
def test_bad_entries_are_refused_on_their_field_and_nothing_is_written(
    wedding: Any, data: dict[str, Any], field: str, code: str
) -> None:
    host, event = wedding
    with pytest.raises(DomainError) as refused:
        _add(host, event, **data)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert refused.value.message != code  # a sentence, registered in the feature's messages
    assert _count() == 0


def test_giver_kinds_gold_foreign_and_things_are_kept_as_given(wedding: Any) -> None:
    host, event = wedding
    unnamed = _add(host, event, giver_kind="unnamed", giver_name="")
    behalf = _add(host, event, giver_kind="on_behalf", giver_name="Chị Hai", on_behalf_of="Bác Ba")
    together = _add(host, event, giver_kind="together", giver_name="Nhóm lớp 12A")
    gold = _add(host, event, unit="gold_chi", quantity="1.5", value_vnd="12.750.000")
    usd = _add(host, event, unit="foreign", currency="usd", quantity="100")
    thing = _add(host, event, unit="in_kind", quantity=None, description="Bộ ấm chén Bát Tràng")

    assert (unnamed.giver_name, behalf.on_behalf_of, together.giver_kind) == (
        "",
        "Bác Ba",
        "together",
    )
    assert (gold.quantity, gold.method, gold.value_vnd) == (Decimal("1.5"), "gold", 12_750_000)
    assert (usd.currency, usd.quantity, usd.method) == ("USD", Decimal(100), "envelope")
    assert (thing.method, thing.quantity, thing.description) == (
        "in_kind",
        None,
        "Bộ ấm chén Bát Tràng",
    )


def test_a_side_host_writes_their_side_and_only_reads_a_shared_one(wedding: Any) -> None:
    owner, event = wedding
    groom, bride = event.sides
    bride_mother = make_user("me@x.vn", "host")
    event.hosts.append(EventHost(user_id=bride_mother.id, role="cohost", side_id=bride.id))
    db.session.commit()
    groom_entry = _add(owner, event, side=0)
    stranger = make_user("stranger@x.vn", "host")

    with pytest.raises(DomainError) as hidden:
        _add(bride_mother, event, side=0)
    assert hidden.value.status == 404
    with pytest.raises(DomainError) as unseen:
        ledger.get_entry(bride_mother, event.id, groom_entry.id)
    assert unseen.value.status == 404
    for outsider in (stranger, None):
        with pytest.raises(DomainError) as not_host:
            ledger.entries_of(outsider, event.id, ledger.Filters())
        assert not_host.value.status == 404
    mine = _add(bride_mother, event, side=1, giver_name="Chị Hoa")
    assert ledger.entries_of(bride_mother, event.id, ledger.Filters()).items == [mine]

    groom.ledger_shared = True
    db.session.commit()
    found = ledger.entries_of(bride_mother, event.id, ledger.Filters())
    assert {entry.id for entry in found.items} == {groom_entry.id, mine.id}
    for write in (
        lambda: _add(bride_mother, event, side=0),
        lambda: ledger.update_entry(bride_mother, event.id, groom_entry.id, {"relation": "x"}),
        lambda: ledger.delete_entry(bride_mother, event.id, groom_entry.id),
        lambda: ledger.mark_thanked(bride_mother, event.id, [groom_entry.id, mine.id], True),
    ):
        with pytest.raises(DomainError) as read_only:
            write()
        assert (read_only.value.code, read_only.value.status) == ("events.ledger_read_only", 403)
    assert mine.thanked_at is None  # the bulk marking is all or nothing
    assert [side.id for side in ledger.writable_sides(bride_mother, event)] == [bride.id]


def test_change_delete_and_thank_in_bulk(wedding: Any) -> None:
    host, event = wedding
    first = _add(host, event)
    second = _add(host, event, giver_name="Chị Tư")

    changed = ledger.update_entry(
        host, event.id, first.id, {"quantity": "300000", "relation": "Bạn"}
    )
    assert (changed.quantity, changed.relation, changed.giver_name) == (
        Decimal(300000),
        "Bạn",
        "Anh Ba",
    )
    with pytest.raises(DomainError) as bad:
        ledger.update_entry(host, event.id, first.id, {"quantity": "0"})
    assert bad.value.field == "quantity"
    db.session.refresh(first)
    assert first.quantity == Decimal(300000)

    assert ledger.mark_thanked(host, event.id, [first.id, second.id, first.id], True) == 2
    assert ledger.mark_thanked(host, event.id, [first.id], True) == 0
    assert first.thanked_at is not None
    assert ledger.mark_thanked(host, event.id, [second.id], False) == 1
    assert second.thanked_at is None

    ledger.delete_entry(host, event.id, second.id)
    assert _count() == 1
    with pytest.raises(DomainError) as gone:
        ledger.get_entry(host, event.id, second.id)
    assert gone.value.status == 404


def test_audit_entries_say_that_the_ledger_changed_not_who_gave_what(wedding: Any) -> None:
    host, event = wedding
    entry = _add(host, event, giver_name="Nguyễn Thị Bí Mật", message="Riêng tư")
    ledger.update_entry(host, event.id, entry.id, {"quantity": "700000"})
    ledger.mark_thanked(host, event.id, [entry.id], True)
    ledger.delete_entry(host, event.id, entry.id)
    audits = list(db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "ledger_entry")))
    assert [audit.action for audit in audits] == ["create", "update", "thanked", "delete"]
    text = repr([(audit.before, audit.after) for audit in audits])
    for secret in ("Bí Mật", "Riêng tư", "500000", "700000"):
        assert secret not in text
    assert all(audit.locality_id is None for audit in audits)


def test_search_ignores_diacritics_and_filters_narrow_the_list(wedding: Any) -> None:
    host, event = wedding
    guest = make_guest(event, "Lê Thị Hồng")
    guest.group_name = "Bạn cô dâu"
    db.session.commit()
    nam = _add(host, event, giver_name="Trần Văn Nam", message="Chúc trăm năm hạnh phúc")
    hong = _add(host, event, guest_id=guest.id, giver_name="")
    gold = _add(host, event, side=1, giver_name="Bác Sáu", unit="gold_chi", quantity="2")
    ledger.mark_thanked(host, event.id, [hong.id], True)

    def ids(**filters: Any) -> list[int]:
        return [e.id for e in ledger.entries_of(host, event.id, ledger.Filters(**filters)).items]

    assert ids(q="tran van nam") == [nam.id]
    assert ids(q="HANH PHUC") == [nam.id]
    assert ids(q="hong") == [hong.id]
    assert ids(q="không có ai") == []
    assert set(ids(side_id=event.sides[0].id)) == {nam.id, hong.id}
    assert ids(unit="gold_chi") == [gold.id]
    assert ids(method="gold") == [gold.id]
    assert ids(group="Bạn cô dâu") == [hong.id]
    assert ids(thanked=True) == [hong.id]
    assert set(ids(thanked=False)) == {nam.id, gold.id}
    page = ledger.entries_of(host, event.id, ledger.Filters(), page=2, per_page=2)
    assert (len(page.items), page.total) == (1, 3)
    assert ledger.Filters.of({"thanked": "false", "q": " x "}) == ledger.Filters(
        thanked=False, q="x"
    )


def test_totals_keep_gold_and_foreign_money_in_their_units(wedding: Any) -> None:
    host, event = wedding
    aunt = make_guest(event, "Cô Năm")
    aunt.invited_by = "Mẹ chú rể"
    aunt.group_name = "Họ hàng"
    db.session.commit()
    _add(host, event, quantity="500000", guest_id=aunt.id, giver_name="")
    _add(host, event, quantity="1000000", method="transfer")
    _add(host, event, unit="gold_chi", quantity="1.5", value_vnd="12750000")
    _add(host, event, unit="gold_chi", quantity="0.5")
    _add(host, event, side=1, unit="foreign", currency="USD", quantity="100", value_vnd="2500000")
    _add(host, event, side=1, unit="in_kind", quantity=None, description="Ấm chén")

    totals = ledger.totals_of(host, event.id)

    overall = totals.overall
    assert [(t.unit, t.currency, t.quantity, t.count) for t in overall.totals] == [
        ("dong", "", Decimal(1_500_000), 2),
        ("gold_chi", "", Decimal(2), 2),
        ("foreign", "USD", Decimal(100), 1),
        ("in_kind", "", Decimal(0), 1),
    ]
    assert [t.text for t in overall.totals] == [
        "1.500.000 đ",
        "2 chỉ vàng",
        "100 USD",
        "1 món hiện vật",
    ]
    assert (overall.count, overall.estimated_vnd) == (6, 15_250_000)
    groom, bride = totals.by_side
    assert (groom.label, groom.count, bride.label, bride.count) == ("Nhà trai", 4, "Nhà gái", 2)
    assert [t.text for t in bride.totals] == ["100 USD", "1 món hiện vật"]
    owners = {part.key: [t.text for t in part.totals] for part in totals.by_owner}
    assert owners == {
        "": ["1.000.000 đ", "2 chỉ vàng", "100 USD", "1 món hiện vật"],
        "Mẹ chú rể": ["500.000 đ"],
    }
    methods = {part.label: part.count for part in totals.by_method}
    assert methods == {"Chuyển khoản": 1, "Phong bì": 2, "Vàng": 2, "Hiện vật": 1}
    assert [part.key for part in totals.by_unit] == ["dong", "gold_chi", "foreign", "in_kind"]
    groups = {part.key: part.count for part in totals.by_group}
    assert groups == {"": 5, "Họ hàng": 1}
    only_bride = ledger.totals_of(host, event.id, ledger.Filters(side_id=event.sides[1].id))
    assert only_bride.overall.count == 2


def _item(event: GiftEvent, client_id: str, **data: Any) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "side_id": event.sides[0].id,
        "giver_name": "Anh Tư",
        "quantity": "500000",
        **data,
    }


def test_a_batch_synced_twice_gives_each_envelope_once(wedding: Any) -> None:
    host, event = wedding
    ids = [str(uuid.uuid4()) for _ in range(3)]
    batch = [_item(event, ids[0]), _item(event, ids[1], unit="gold_chi", quantity="1")]
    batch.append(_item(event, ids[2], quantity="0"))  # a slip: refused, the others kept

    first = ledger.sync_entries(host, event.id, batch)
    assert [(r.client_id, r.status) for r in first] == [
        (ids[0], "created"),
        (ids[1], "created"),
        (ids[2], "refused"),
    ]
    assert first[2].errors == {"quantity": ["Số lượng phải lớn hơn 0."]}
    again = ledger.sync_entries(host, event.id, batch)  # the answer was lost: sent again
    assert [r.status for r in again] == ["exists", "exists", "refused"]
    assert [r.entry_id for r in again[:2]] == [r.entry_id for r in first[:2]]
    assert _count() == 2

    # A phone's retry and the first send in one batch (or two tabs): still once.
    twice = ledger.sync_entries(host, event.id, [_item(event, ids[2]), _item(event, ids[2])])
    assert [r.status for r in twice] == ["created", "exists"]
    assert twice[0].entry_id == twice[1].entry_id
    assert _count() == 3
    assert ledger.sync_entries(host, event.id, [_item(event, "")])[0].errors == {
        "client_id": ["Mã của mục trên điện thoại (client_id) phải là một UUID."]
    }


def test_a_sync_race_lost_at_the_unique_index_answers_exists(
    wedding: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, event = wedding
    client_id = str(uuid.uuid4())
    first = ledger.sync_entries(host, event.id, [_item(event, client_id)])[0]
    # The other phone's insert lands between this one's look and its insert.
    monkeypatch.setattr(ledger, "_by_client_id", _late_lookup(ledger._by_client_id))
    [raced] = ledger.sync_entries(host, event.id, [_item(event, client_id)])
    assert (raced.status, raced.entry_id) == ("exists", first.entry_id)
    assert _count() == 1


def _late_lookup(real: Any) -> Any:
    calls = {"n": 0}

    def lookup(event_id: int, client_id: str) -> LedgerEntry | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(event_id, client_id)

    return lookup


def test_sync_refuses_a_side_read_only_per_entry_and_too_big_batches(wedding: Any) -> None:
    owner, event = wedding
    groom, bride = event.sides
    groom.ledger_shared = True
    bride_mother = make_user("me@x.vn", "host")
    event.hosts.append(EventHost(user_id=bride_mother.id, role="cohost", side_id=bride.id))
    db.session.commit()
    results = ledger.sync_entries(
        bride_mother,
        event.id,
        [_item(event, str(uuid.uuid4())), _item(event, str(uuid.uuid4()), side_id=bride.id)],
    )
    assert [r.status for r in results] == ["refused", "created"]
    assert list(results[0].errors) == ["side"]
    with pytest.raises(DomainError) as too_many:
        ledger.sync_entries(owner, event.id, [{}] * (ledger.SYNC_MAX + 1))
    assert too_many.value.field == "entries"


def test_a_matched_transfer_is_recorded_once_per_bank_reference(wedding: Any) -> None:
    _host, event = wedding
    guest = make_guest(event, "Trần Văn Nam")
    guest.invited_by = "Chú rể"
    db.session.commit()
    at = datetime(2026, 12, 20, 11, 30, tzinfo=UTC)
    side = event.sides[0]

    entry = ledger.record_matched_transfer(side, guest, 2_000_000, at, "QK123 mung cuoi", "FT1")
    again = ledger.record_matched_transfer(side, guest, 2_000_000, at, "QK123 mung cuoi", "FT1")
    unknown = ledger.record_matched_transfer(side, None, 300_000, at, "chuc mung", "FT2")

    assert again.id == entry.id
    assert (entry.source, entry.method, entry.unit, entry.quantity) == (
        "matched_transfer",
        "transfer",
        "dong",
        Decimal(2_000_000),
    )
    assert (entry.guest_id, entry.giver_name, entry.owner, entry.message) == (
        guest.id,
        "Trần Văn Nam",
        "Chú rể",
        "QK123 mung cuoi",
    )
    assert (unknown.giver_kind, unknown.giver_name, unknown.guest_id) == ("unnamed", "", None)
    assert _count() == 2
    with pytest.raises(DomainError) as other_side:
        ledger.record_matched_transfer(event.sides[1], guest, 1000, at, "", "FT3")
    assert other_side.value.field == "guest_id"
    with pytest.raises(DomainError) as absurd:
        ledger.record_matched_transfer(side, None, 20_000_000_000, at, "", "FT4")
    assert absurd.value.field == "quantity"


def test_the_xlsx_export_is_laid_out_as_families_keep_it(wedding: Any) -> None:
    host, event = wedding
    _add(host, event, giver_name="Trần Văn Nam", relation="Bạn", message="Chúc mừng")
    _add(host, event, giver_name='=HYPERLINK("http://x")', quantity="300000")
    _add(host, event, unit="gold_chi", quantity="1.5", value_vnd="12750000", giver_name="Bác Sáu")
    _add(host, event, side=1, unit="foreign", currency="USD", quantity="100", giver_name="Jim")

    body, headers = ledger_exports.export(host, event.id, event.sides[0].id, "xlsx")

    assert headers["Content-Disposition"].startswith('attachment; filename="so-mung-nha-trai-')
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "STT",
        "Họ tên",
        "Quan hệ",
        "Số tiền",
        "Hình thức",
        "Ghi chú",
        "Đơn vị",
        "Mời bởi",
        "Ngày nhận",
        "Đã cảm ơn",
    ]
    assert rows[1][:7] == [1, "Trần Văn Nam", "Bạn", 500000, "Phong bì", "Chúc mừng", "đồng"]
    assert rows[2][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=3, column=2).data_type == "s"  # text, never a formula
    assert rows[3][3:7] == [1.5, "Vàng", None, "chỉ vàng"]
    assert all(row[1] != "Jim" for row in rows)  # the other side is not in this file
    totals = {row[1]: (row[3], row[6]) for row in rows[5:]}
    assert totals == {
        "Tổng cộng (2 mục)": (800000, "đồng"),
        "Tổng cộng (1 mục)": (1.5, "chỉ vàng"),
        "Giá trị quy đổi (ước tính), đồng": (12750000, "đồng"),
    }


def test_the_csv_export_of_every_side_has_a_side_column(wedding: Any) -> None:
    host, event = wedding
    _add(host, event, giver_name="Anh Ba")
    _add(host, event, side=1, unit="foreign", currency="USD", quantity="100", giver_name="Jim")
    ledger.mark_thanked(
        host, event.id, [e.id for e in db.session.scalars(select(LedgerEntry))], True
    )

    body, headers = ledger_exports.export(host, event.id, None, "csv")

    assert headers["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][-1] == "Bên"
    assert rows[1][1:4] == ["Anh Ba", "", "500000"]
    assert (rows[1][9], rows[1][10]) == ("x", "Nhà trai")
    assert (rows[2][3], rows[2][6], rows[2][10]) == ("100", "USD", "Nhà gái")
    assert ["", "Tổng cộng (1 mục)", "", "100", "", "", "USD"] in rows
