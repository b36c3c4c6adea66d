"""The audit log speaks the domain: labels, names and values in words, no ids, no raw JSON; and
nothing recorded is left out."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts import services as accounts
from app.audit.presentation import Presenter, ShownEntry
from app.audit_log import AuditEntry, acting_as, record_change
from app.extensions import db
from app.feature import audit_labels
from app.localities import services as localities
from app.localities.importers import ImportReport, _record_import
from tests.factories import Places, make_user, sign_in


def _entries() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _shown(app: Flask) -> list[ShownEntry]:
    presenter = Presenter(audit_labels(app))
    return [presenter.entry(entry) for entry in _entries()]


def _everything_recorded(places: Places) -> dict[str, Any]:
    """One entry of every kind the app records today, through the real services."""
    admin = make_user("admin@x.vn", "admin", name="Trần Quản Trị")
    lan = make_user("lan.nguyen@x.vn", name="Nguyễn Thị Lan")
    with acting_as("cli"):
        hamlet = localities.add_hamlet(places.commune_a, "Thôn Bắc Sơn", "thon")
        db.session.commit()
        localities.move_hamlet(hamlet, places.commune_b)
        db.session.commit()
        assignment = accounts.grant_role(lan, "officer", places.commune_a)
        accounts.revoke_role(admin, assignment.id)
        _record_import(
            ImportReport(added={"province": 34, "commune": 3321}, conversions_added=10321),
            "vn2025",
        )
        db.session.commit()
    invitation, _secret = accounts.invite(admin, "minh@x.vn", "viewer", places.commune_b)
    minh = make_user("minh@x.vn", name="Lê Minh")
    accounts.accept_invitation(invitation, minh)
    return {"hamlet": hamlet, "lan": lan, "minh": minh, "admin": admin}


def test_every_entry_is_told_in_words(app: Flask, places: Places) -> None:
    made = _everything_recorded(places)
    shown = _shown(app)
    heads = [(s.action, s.entity, s.subject, s.actor) for s in shown]
    assert heads == [
        ("Thêm", "Địa bàn", "Thôn Bắc Sơn (Xã Bình Minh)", "Dòng lệnh"),
        ("Chuyển", "Địa bàn", "Thôn Bắc Sơn (Xã Bình Minh)", "Dòng lệnh"),
        ("Cấp vai trò", "Vai trò", "Cán bộ địa bàn · Xã An Bình · lan.nguyen@x.vn", "Dòng lệnh"),
        (
            "Thu hồi vai trò",
            "Vai trò",
            "Cán bộ địa bàn · Xã An Bình · lan.nguyen@x.vn",
            "Dòng lệnh",
        ),
        ("Nhập dữ liệu", "Danh mục địa bàn", "Từ 01/07/2025", "Dòng lệnh"),
        ("Mời", "Lời mời", "minh@x.vn", "Hệ thống"),
        ("Cấp vai trò", "Vai trò", "Người xem báo cáo · Xã Bình Minh · minh@x.vn", "Hệ thống"),
        ("Nhận lời mời", "Lời mời", "minh@x.vn", "Hệ thống"),
    ]
    created, moved, granted, revoked, imported, invited, _joined, accepted = (
        {c.label: (c.before, c.after) for c in s.changes} for s in shown
    )
    assert created == {
        "Thời kỳ": (None, "Từ 01/07/2025"),
        "Cấp": (None, "Thôn, tổ dân phố"),
        "Loại": (None, "Thôn"),
        "Tên": (None, "Thôn Bắc Sơn"),
        "Trực thuộc": (None, "Xã An Bình (91001)"),
    }
    assert moved == {"Trực thuộc": ("Xã An Bình (91001)", "Xã Bình Minh (91002)")}
    assert granted == {
        "Người dùng": (None, "Nguyễn Thị Lan <lan.nguyen@x.vn>"),
        "Tài khoản": (None, "lan.nguyen@x.vn"),
        "Email": (None, "lan.nguyen@x.vn"),
        "Vai trò": (None, "Cán bộ địa bàn"),
        "Địa bàn": (None, "Xã An Bình (91001)"),
        "Tên địa bàn khi ghi": (None, "Xã An Bình"),
    }
    assert revoked == {label: (after, None) for label, (_, after) in granted.items()}
    assert imported == {
        "Đơn vị thêm mới": (None, "Tỉnh, thành phố: 34; Xã, phường: 3.321"),
        "Đơn vị cập nhật": (None, None),  # nothing at any level: shown as a muted "—"
        "Dòng chuyển đổi thêm mới": (None, "10.321"),
        "Dòng chuyển đổi cập nhật": (None, "0"),
    }
    assert invited["Vai trò"] == (None, "Người xem báo cáo")
    assert invited["Địa bàn"] == (None, "Xã Bình Minh (91002)")
    when = accepted["Nhận lời lúc"]
    assert when[0] is None and re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", when[1] or "")
    assert accepted["Người dùng"] == (None, "Lê Minh <minh@x.vn>")
    assert made["hamlet"].id  # every one of these was recorded for real


def test_nothing_recorded_is_left_out(app: Flask, places: Places) -> None:
    _everything_recorded(places)
    for entry, shown in zip(_entries(), _shown(app), strict=True):
        before, after = entry.before or {}, entry.after or {}
        differing = {k for k in {*before, *after} if before.get(k) != after.get(k)}
        assert len(shown.changes) == len(differing), entry


def test_the_page_shows_no_ids_and_no_json(client: FlaskClient, places: Places) -> None:
    made = _everything_recorded(places)
    sign_in(client, made["admin"])
    html = client.get("/nhat-ky").get_data(as_text=True)
    body = html[html.index('<ol class="audit-list">') : html.index("</ol>")]
    text = re.sub(r"<[^>]+>", " ", body)
    assert "{" not in text and "[" not in text  # no raw JSON
    assert "#" not in text  # no "#12" entity ids
    for name in ("parent_id", "user_id", "locality_id", "accepted_at", "conversions_added"):
        assert name not in text
    # the ids recorded are nowhere as bare numbers
    numbers = set(re.findall(r"(?<![\d.:/])\d+(?![\d.:/])", text))
    ids = {str(made["hamlet"].id), str(made["lan"].id), str(made["minh"].id)}
    ids |= {str(p.id) for p in (places.commune_a, places.commune_b)}
    assert not (numbers & ids) - {"34", "0", "2025"}, numbers & ids
    assert "Thôn Bắc Sơn (Xã Bình Minh)" in text and "Dòng lệnh" in text
    # The filter names the kinds of data in words too.
    assert re.search(r'<option[^>]*value="locality"[^>]*>\s*Địa bàn\s*</option>', html)


def test_values_nobody_named_are_plain_text(app: Flask, places: Places) -> None:
    with app.test_request_context():
        presenter = Presenter(audit_labels(app))
        assert presenter.plain(True) == "Có" and presenter.plain(False) == "Không"
        assert presenter.plain(1234567) == "1.234.567"
        assert presenter.plain(["a", 2]) == "a, 2"
        assert presenter.plain({"role": "x", "seen": True}) == "Vai trò: x; seen: Có"
        assert presenter.plain("2026-03-04") == "04/03/2026"
        assert presenter.plain("2026-13-45") == "2026-13-45"  # not a date after all
        moment = presenter.plain(datetime(2026, 3, 4, 5, 6, tzinfo=UTC).isoformat())
        assert re.fullmatch(r"0[34]/03/2026 \d{2}:06", moment)  # in the app's time zone
        assert presenter.field_label("stall", "opening_hours") == "opening hours"
        assert presenter.actor("cli:ops@x.vn") == "Dòng lệnh (ops@x.vn)"
        assert presenter.actor("lan@x.vn") == "lan@x.vn"
        assert presenter.actor("demo") == "Dữ liệu mẫu"


def test_dates_read_like_every_other_page_in_english(app: Flask) -> None:
    # The same patterns as the `date` and `datetime` filters (app.formatting): no seconds.
    with app.test_request_context("/?lang=en"):
        presenter = Presenter(audit_labels(app))
        assert presenter.plain("2026-03-04") == "Mar 4, 2026"
        moment = presenter.plain(datetime(2026, 3, 4, 12, 6, tzinfo=UTC).isoformat())
        assert re.fullmatch(r"Mar 4, 2026, \d{1,2}:06\s[AP]M", moment), moment


def test_a_gone_locality_or_user_is_said_to_be_gone(app: Flask, places: Places) -> None:
    entry = record_change("grant", "role_assignment", 5, None, {"user_id": 999999}, None)
    moved = record_change("move", "locality", 999998, {"parent_id": 999997}, {"name": "X"}, None)
    with app.test_request_context():
        presenter = Presenter(audit_labels(app))
        (user,) = presenter.entry(entry).changes
        assert user.after == "Tài khoản không còn (số 999999)"
        shown = presenter.entry(moved)
        assert shown.subject == "X"
        assert {c.label: c.before for c in shown.changes}["Trực thuộc"] == (
            "Địa bàn không còn trong dữ liệu (số 999997)"
        )


def test_the_log_in_english(client: FlaskClient, places: Places) -> None:
    made = _everything_recorded(places)
    sign_in(client, made["admin"])
    client.get("/lang/en")
    html = client.get("/nhat-ky").get_data(as_text=True)
    for words in ("Belongs to", "Command line", "From 1 July 2025", "Provinces and cities: 34"):
        assert words in html, words
