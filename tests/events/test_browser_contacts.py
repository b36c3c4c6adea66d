"""The contacts pages in a phone-sized chromium (360 px): a contact with what passed between
them in its units, recording a gift given with an error beside the field, and the old ledger's
import preview with a row error, then a good file confirmed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.events import contacts
from app.events.models import LedgerEntry
from app.extensions import db
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_event, make_user


@pytest.mark.browser
def test_a_contact_page_with_history(page: Any, app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    event = make_event(host, places.commune_a, title="Đám cưới Minh & Lan")
    contact = contacts.create_contact(
        host, {"name": "Anh Trần Văn Nam", "phone": "0912345678", "relation": "Bạn đại học"}
    )
    for unit, quantity, extra in (
        ("dong", Decimal(500000), {}),
        ("gold_chi", Decimal("1.5"), {}),
        ("foreign", Decimal(100), {"currency": "USD"}),
    ):
        db.session.add(
            LedgerEntry(
                event=event,
                side=event.sides[0],
                contact=contact,
                unit=unit,
                quantity=quantity,
                method="envelope",
                **extra,
            )
        )
    db.session.commit()
    contacts.add_given(
        host,
        contact,
        {"occasion": "Đám cưới anh Nam", "given_on": "2024-05-18", "quantity": "1000000"},
    )
    sign_in_page(page, "host@x.vn", PASSWORD)
    page.goto(f"/danh-ba/{contact.id}")
    received = page.locator("#ho-mung")
    expect(received).to_contain_text("1,5 chỉ vàng")
    expect(received).to_contain_text("100 USD")
    expect(received).to_contain_text("500.000")
    expect(page.locator("#minh-mung")).to_contain_text("Đám cưới anh Nam")
    fits(page)

    page.fill("#f-occasion", "Tân gia anh Nam")
    page.select_option("#f-unit", "dong")
    page.fill("#f-quantity", "0")
    page.click("#ghi-mung button[type=submit]")
    expect(page.locator("#e-f-quantity")).to_contain_text("lớn hơn 0")
    fits(page)
    page.fill("#f-quantity", "300000")
    page.click("#ghi-mung button[type=submit]")
    expect(page.locator("#minh-mung")).to_contain_text("Tân gia anh Nam")
    expect(page.locator("#minh-mung .gift-totals")).to_contain_text("1.300.000")
    fits(page)
    screenshot(page, "events-contact-history")


@pytest.mark.browser
def test_the_old_ledger_import_preview(page: Any, app: Flask, tmp_path: Path) -> None:
    places = Places()
    make_user("host@x.vn", "host")
    bad = tmp_path / "so-cu.csv"
    bad.write_text(
        "Họ tên,Quan hệ,Số tiền,Số lượng,Đơn vị,Hình thức,Ghi chú,Điện thoại\n"
        "Anh Trần Văn Nam,Bạn chú rể,500.000,,,Phong bì,,0912345678\n"
        'Gia đình cô Ba,Họ hàng,,"1,5",chỉ,,,\n'
        "Chị Lan,,,50,USD,Chuyển khoản,,\n"
        "Bác Tư,,,,hiện vật,,Bộ ấm chén Bát Tràng,\n"
        "Chú Bảy,,năm trăm,,,,,\n",
        encoding="utf-8",
    )
    sign_in_page(page, "host@x.vn", PASSWORD)
    page.goto("/danh-ba/nhap-so-cu")
    page.select_option("#f-kind", "dam_cuoi")
    page.fill("#f-title", "Đám cưới con trai 2019")
    page.fill("#f-held-on", "2019-11-30")
    page.fill("#f-locality", places.commune_a.code)
    page.set_input_files("#f-file", str(bad))
    page.click("form[enctype] button[type=submit]")
    preview = page.locator("#xem-truoc")
    expect(preview).to_contain_text("1 dòng có lỗi")
    expect(preview).to_contain_text("Số tiền không đọc được: năm trăm")
    expect(preview).to_contain_text("1,5 chỉ vàng")
    expect(preview).to_contain_text("50 USD")
    fits(page)
    screenshot(page, "events-contacts-import-errors")

    good = tmp_path / "so-cu-sua.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("năm trăm", "500000"), "utf-8")
    page.fill("#f-held-on", "2019-11-30")
    page.set_input_files("#f-file", str(good))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator("#xem-truoc")).to_contain_text("Không có lỗi")
    fits(page)
    screenshot(page, "events-contacts-import-preview")
    page.click("text=Xác nhận nhập 5 dòng")
    page.wait_for_url("**/danh-ba")
    expect(page.locator("ul.contact-list li")).to_have_count(5)
    fits(page)
    screenshot(page, "events-contacts-list")
