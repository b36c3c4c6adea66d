"""Importing an old paper sổ mừng: preview with row errors, then all or nothing; the past event
is created archived, its entries kept in their units, its givers matched to contacts."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import func, select

from app.errors import DomainError
from app.events import contact_files, contacts
from app.events.models import Contact, GiftEvent, LedgerEntry
from app.extensions import db
from tests.factories import Places, make_user

GOOD = (
    "Họ tên,Quan hệ,Số tiền,Số lượng,Đơn vị,Hình thức,Ghi chú,Điện thoại\n"
    "Anh Trần Văn Nam,Bạn chú rể,500.000,,,Phong bì,,0912345678\n"
    'Gia đình cô Ba,Họ hàng,,"1,5",chỉ,,,\n'
    "Chị Lan,,,50,USD,Chuyển khoản,,\n"
    "Bác Tư,,,,hiện vật,,Bộ ấm chén Bát Tràng,\n"
    'Lê Thị Hoa,Đồng nghiệp,"1.000.000 đ",,,,Chúc mừng,\n'
)


def _event(places: Places, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "dam_cuoi",
        "title": "Đám cưới con trai 2019",
        "held_on": date(2019, 11, 30),
        "locality_id": places.commune_a.id,
        **changes,
    }


def test_a_good_ledger_previews_then_writes_the_past_event_archived(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    known = contacts.create_contact(host, {"name": "Nam", "phone": "0912 345 678"})
    same_name = contacts.create_contact(host, {"name": "Lê Thị Hoa"})

    preview = contact_files.preview_file(host, _event(places), "so.csv", GOOD.encode())
    assert preview.valid, [d.errors for d in preview.rows]
    assert [d.gift_text for d in preview.rows][1:4] == [
        "1,5 chỉ vàng",
        "50 USD",
        "Bộ ấm chén Bát Tràng",
    ]
    assert [(d.contact_id, d.matched_by) for d in preview.rows] == [
        (known.id, "phone"),
        (None, ""),
        (None, ""),
        (None, ""),
        (same_name.id, "name"),
    ]
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0

    event = contact_files.import_file(host, _event(places), "so.csv", GOOD.encode())
    assert event.archived_at is not None
    assert (event.kind, event.title, [h.user_id for h in event.hosts]) == (
        "dam_cuoi",
        "Đám cưới con trai 2019",
        [host.id],
    )
    assert len(event.sides) == 1 and event.sides[0].code.startswith("QH")
    entries = db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)).all()
    assert [(e.unit, e.quantity, e.currency, e.method, e.source) for e in entries] == [
        ("dong", Decimal(500000), "", "envelope", "manual"),
        ("gold_chi", Decimal("1.5"), "", "gold", "manual"),
        ("foreign", Decimal(50), "USD", "transfer", "manual"),
        ("in_kind", None, "", "in_kind", "manual"),
        ("dong", Decimal(1000000), "", "envelope", "manual"),
    ]
    assert entries[3].description == "Bộ ấm chén Bát Tràng"
    assert entries[0].contact_id == known.id and entries[4].contact_id == same_name.id
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 5
    household = db.session.scalar(select(Contact).where(Contact.name == "Gia đình cô Ba"))
    assert household is not None and household.kind == "household"
    found = contacts.history(host, known)
    assert [(item.entry.quantity, item.held_on) for item in found.received] == [
        (Decimal(500000), date(2019, 11, 30))
    ]


def test_wrong_columns_and_row_errors_write_nothing(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    with pytest.raises(DomainError) as refused:
        contact_files.preview_file(host, _event(places), "so.csv", "Tên khách,Tiền\nA,1\n".encode())
    assert refused.value.code == "events.file_columns_missing"
    bad = (
        "Họ tên,Số tiền,Số lượng,Đơn vị,Hình thức,Điện thoại\n"
        "Anh A,500.000,,,,\n"
        ",200000,,,,\n"
        "Anh C,abc,,,,\n"
        "Anh D,,2,bitcoin,,\n"
        "Anh E,100000,1,chỉ,,\n"
        "Anh F,,,,,\n"
        "Anh G,0,,,,\n"
        "Anh H,100000,,,thẻ cào,\n"
        "Anh I,100000,,,,12ab\n"
        "=HYPERLINK(1),100000,,,,\n"
        "Anh K,,1,,,\n"
    )
    preview = contact_files.preview_file(host, _event(places), "so.csv", bad.encode())
    fields = {d.line: sorted(d.errors) for d in preview.rows if not d.ok}
    assert fields == {
        3: ["name"],
        4: ["amount"],
        5: ["unit"],
        6: ["amount"],
        7: ["amount"],
        8: ["amount"],
        9: ["method"],
        10: ["phone"],
        11: ["name"],
        12: ["unit"],
    }
    with pytest.raises(contact_files.LedgerRowsError) as rows:
        contact_files.import_file(host, _event(places), "so.csv", bad.encode())
    assert rows.value.params == {"bad": 10, "total": 11}
    assert "line 3" in rows.value.errors
    for model in (GiftEvent, LedgerEntry, Contact):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_the_past_event_is_checked(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    tomorrow = contacts.today() + timedelta(days=1)
    for changes, field, code in [
        ({"kind": "party"}, "kind", "events.kind_invalid"),
        ({"title": " "}, "title", "events.required"),
        ({"held_on": tomorrow}, "held_on", "events.past_date_future"),
        ({"held_on": None}, "held_on", "events.date_invalid"),
        ({"locality_id": places.province.id}, "locality_id", "events.locality_level"),
        ({"locality_id": 999999}, "locality_id", "events.locality_not_found"),
        ({"locality_id": None, "locality": "Xã Không Có"}, "locality", "events.commune_not_found"),
    ]:
        with pytest.raises(DomainError) as refused:
            contact_files.import_file(host, _event(places, **changes), "so.csv", GOOD.encode())
        assert (refused.value.field, refused.value.code) == (field, code)
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0
    event = _event(places, locality_id=None, locality="xa an binh")
    assert contact_files.check_event(event).locality == places.commune_a
    assert contact_files.check_event(
        _event(places, locality_id=None, locality="91002")
    ).locality == (places.commune_b)


def test_an_xlsx_ledger_and_the_templates_read_back(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    preview = contact_files.preview_file(
        host, _event(places), "mau.xlsx", contact_files.xlsx_template()
    )
    assert preview.valid and len(preview.rows) == len(contact_files.EXAMPLES)
    book = openpyxl.load_workbook(io.BytesIO(contact_files.xlsx_template()))
    assert [c.value for c in next(book["Sổ mừng"].iter_rows(max_row=1))][:3] == [
        "Họ tên",
        "Quan hệ",
        "Số tiền",
    ]
    assert contact_files.preview_file(
        host, _event(places), "mau.csv", contact_files.csv_template()
    ).valid


def test_a_confirmation_is_checked_again(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    drafts = contact_files.drafts_from_rows(
        [{"line": 2, "name": "Anh A", "amount": "100000"}, {"line": 3, "name": "", "amount": "1"}]
    )
    with pytest.raises(contact_files.LedgerRowsError):
        contact_files.import_drafts(host, _event(places), drafts)
    with pytest.raises(DomainError) as empty:
        contact_files.import_drafts(host, _event(places), [])
    assert empty.value.code == "events.import_no_rows"
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0
