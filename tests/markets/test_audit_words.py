"""The markets feature's audit entries in the domain's words: fields labelled, kinds, statuses
and reasons by name, markets, vendors, stalls, banks and people by name instead of ids, and a
subject naming the market, street or vendor."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit.presentation import Presenter, ShownEntry
from app.audit_log import AuditEntry
from app.extensions import db
from app.feature import audit_labels
from app.markets import services
from tests.factories import sign_in
from tests.markets.conftest import ACCOUNT, BANK, World, add_step


def _shown(app: Flask) -> list[ShownEntry]:
    presenter = Presenter(audit_labels(app))
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [presenter.entry(entry) for entry in entries]


def _everything_recorded(world: World) -> dict[str, Any]:
    """One entry of every kind the markets feature records, through its services."""
    officer = world.officer_a
    street = services.create_street(
        officer,
        {
            "name": "Phố đi bộ",
            "locality_id": world.places.commune_a.id,
            "launched_on": date(2026, 2, 9),
        },
    )
    vendor = services.create_vendor(
        officer,
        {
            "name": "Cô Đào",
            "market_id": world.market.id,
            "stall_ids": [world.stalls[0].id, world.stalls[1].id],
            "user_id": world.vendor_user.id,
        },
    )
    account = services.add_account(officer, vendor, {"bank": BANK, "number": ACCOUNT})
    services.remove_account(officer, account)
    add_step(world, vendor, "not_taking_part", date(2026, 3, 1), "tax_fears")
    criterion = services.add_criterion(world.admin, {"name": "Thanh toán không tiền mặt"})
    services.recognise_market(
        officer,
        world.market,
        {
            "decision_number": "12/QĐ-UBND",
            "decided_on": date(2026, 4, 2),
            "criterion_ids": [criterion.id],
        },
    )
    services.update_market(officer, world.market, {"kind": "tam"})
    return {"street": street, "vendor": vendor, "criterion": criterion}


def test_every_entry_is_told_in_words(app: Flask, world: World) -> None:
    _everything_recorded(world)
    shown = _shown(app)
    heads = [(s.action, s.entity, s.subject) for s in shown]
    account = "Cô Đào · VietinBank (970415) 113366668888"
    assert heads == [
        ("Thêm", "Chợ", "Chợ An Bình"),
        ("Thêm", "Sạp", "Sạp 1 · Chợ An Bình"),
        ("Thêm", "Sạp", "Sạp 2 · Chợ An Bình"),
        ("Thêm", "Sạp", "Sạp 3 · Chợ An Bình"),
        ("Thêm", "Tuyến phố không dùng tiền mặt", "Phố đi bộ"),
        ("Thêm", "Tiểu thương", "Cô Đào · Chợ An Bình"),
        ("Thêm", "Tài khoản nhận tiền", account),
        ("Xoá", "Tài khoản nhận tiền", account),
        ("Thêm", "Bước tham gia", "Cô Đào · Chợ An Bình"),
        ("Thêm", "Tiêu chí Chợ 4.0", "Thanh toán không tiền mặt"),
        ("Thêm", "Công nhận Chợ 4.0", "QĐ 12/QĐ-UBND · Chợ An Bình"),
        ("Sửa", "Chợ", "Chợ An Bình"),
    ]
    changes = [{c.label: (c.before, c.after) for c in s.changes} for s in shown]
    market, stall, _s2, _s3, street, vendor, added, removed, step, _c, decision, moved = changes
    assert market == {
        "Tên chợ": (None, "Chợ An Bình"),
        "Địa bàn": (None, "Xã An Bình (91001)"),
        "Loại chợ": (None, "Chợ hạng II"),
        "Địa chỉ": (None, None),  # left empty: a muted "—"
        "Ban quản lý chợ: người liên hệ": (None, None),
        "Ban quản lý chợ: điện thoại": (None, None),
    }
    assert stall["Chợ"] == (None, "Chợ An Bình") and stall["Khu / dãy"] == (None, "Dãy A")
    assert street["Ngày ra mắt"] == (None, "09/02/2026")
    assert street["Địa bàn"] == (None, "Xã An Bình (91001)")
    assert vendor["Chợ"] == (None, "Chợ An Bình")
    assert vendor["Sạp"] == (None, "Sạp 1, Sạp 2")
    assert vendor["Đăng ký"] == (None, "Đã duyệt")
    assert vendor["Tài khoản đăng nhập của tiểu thương"] == (None, "co-dao@x.vn")
    assert vendor["Mã biển trong nội dung chuyển khoản"] == (None, "Không")
    assert added == {
        "Tiểu thương": (None, "Cô Đào"),
        "Ngân hàng": (None, "VietinBank (970415)"),
        "Loại": (None, "Tài khoản"),
        "Số tài khoản / số thẻ": (None, ACCOUNT),
        "Tên chủ tài khoản": (None, None),
        "Tài khoản chính": (None, "Có"),
    }
    assert removed == {label: (after, None) for label, (_, after) in added.items()}
    assert step["Trạng thái"] == (None, "Không tham gia")
    assert step["Lý do"] == (None, "Lo ngại về thuế")
    assert step["Ngày"] == (None, "01/03/2026")
    assert decision["Ngày quyết định"] == (None, "02/04/2026")
    assert decision["Tiêu chí đạt"] == (None, "Thanh toán không tiền mặt")
    assert moved == {"Loại chợ": ("Chợ hạng II", "Chợ tạm")}


def test_every_recorded_field_has_a_label(app: Flask, world: World) -> None:
    """No field of a markets entry shows its code name (e.g. "stall ids")."""
    _everything_recorded(world)
    presenter = Presenter(audit_labels(app))
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    with app.test_request_context():
        for entry in entries:
            for name in {*(entry.before or {}), *(entry.after or {})}:
                label = presenter.field_label(entry.entity, name)
                assert label != name.replace("_", " "), (entry.entity, name)
        shown = [presenter.entry(entry) for entry in entries]
    for entry, told in zip(entries, shown, strict=True):
        before, after = entry.before or {}, entry.after or {}
        differing = {k for k in {*before, *after} if before.get(k) != after.get(k)}
        assert len(told.changes) == len(differing), entry


def test_the_log_page_names_rows_instead_of_ids(client: FlaskClient, world: World) -> None:
    made = _everything_recorded(world)
    sign_in(client, world.admin)
    html = client.get("/nhat-ky").get_data(as_text=True)
    body = html[html.index('<ol class="audit-list">') : html.index("</ol>")]
    text = re.sub(r"<[^>]+>", " ", body)
    assert "{" not in text and "[" not in text and "#" not in text
    for name in ("stall_ids", "market_id", "vendor_id", "bank_bin", "criterion_ids", "tax_fears"):
        assert name not in text
    assert "Cô Đào · Chợ An Bình" in text and "Sạp 1, Sạp 2" in text
    assert made["vendor"].sign_code in text
    client.get("/lang/en")
    english = client.get("/nhat-ky").get_data(as_text=True)
    for words in ("Vendor", "Not taking part", "Fears about tax", "Temporary market"):
        assert words in english, words
