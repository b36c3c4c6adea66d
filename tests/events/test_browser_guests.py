"""The guest pages in a phone-sized chromium (360 px): the list and the add form (an error
beside the field, then a guest added), the import preview with a row error then a good file
confirmed, and the personal links page with its copy buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.events import guests
from tests.conftest import fits, screenshot, sign_in_page
from tests.events.test_guests import Party, make_party
from tests.events.test_guests_import import GOOD
from tests.factories import PASSWORD


@pytest.fixture
def party(app: Flask) -> Party:
    party = make_party()
    for name, group, side in (
        ("Trần Văn Nam", "Đồng nghiệp", party.groom),
        ("Lê Thị Hoà", "Bạn cô dâu", party.bride),
    ):
        guests.add_guest(
            party.owner,
            party.event.id,
            {"name": name, "honorific": "anh", "group_name": group, "side_id": side},
        )
    return party


@pytest.mark.browser
def test_the_guest_list_and_adding_a_guest(page: Any, party: Party) -> None:
    sign_in_page(page, "owner@x.vn", PASSWORD)
    page.goto(f"/su-kien/{party.event.id}/khach")
    expect(page.locator("ul.guest-list li")).to_have_count(2)
    fits(page)
    screenshot(page, "events-guests-list")

    page.fill("#q", "hoa")
    page.click("form.guest-search button[type=submit]")
    expect(page.locator("ul.guest-list li")).to_have_count(1)
    expect(page.locator("ul.guest-list")).to_contain_text("Lê Thị Hoà")

    page.fill("#f-name", "Đặng Văn Đức")
    page.fill("#f-phone", "12")
    page.select_option("#f-side", str(party.bride))
    page.click("#them-khach button[type=submit]")
    expect(page.locator("#e-f-phone")).to_contain_text("không hợp lệ")
    expect(page.locator("#f-name")).to_have_value("Đặng Văn Đức")
    fits(page)
    screenshot(page, "events-guests-add-error")

    page.fill("#f-phone", "0912 345 678")
    page.fill("#f-invited-by", "Mẹ cô dâu")
    page.click("#them-khach button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Đã thêm khách Đặng Văn Đức")
    expect(page.locator("ul.guest-list li")).to_have_count(3)
    fits(page)


@pytest.mark.browser
def test_the_import_preview_then_confirmed(page: Any, party: Party, tmp_path: Path) -> None:
    bad = tmp_path / "khach.csv"
    bad.write_text(GOOD + "Lê Văn Ba,,0912345678,,Nhà trai,\n", "utf-8")
    good = tmp_path / "khach-da-sua.csv"
    good.write_text(GOOD, "utf-8")

    sign_in_page(page, "owner@x.vn", PASSWORD)
    page.goto(f"/su-kien/{party.event.id}/khach/nhap")
    expect(page.locator("a[href$='/khach/nhap/mau.xlsx']")).to_have_count(1)
    fits(page)
    screenshot(page, "events-guests-import")

    page.set_input_files("#f-file", str(bad))
    page.click("form[enctype] button[type=submit]")
    bad_row = page.locator("table.preview tr.row-bad")
    expect(bad_row).to_have_count(1)
    expect(bad_row).to_contain_text("Trùng số điện thoại với dòng 2")
    expect(page.locator("text=Xác nhận thêm")).to_have_count(0)
    fits(page)
    screenshot(page, "events-guests-import-row-error")

    page.set_input_files("#f-file", str(good))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator("table.preview tr.row-bad")).to_have_count(0)
    expect(page.locator("#xem-truoc h2")).to_contain_text("Không có lỗi")
    fits(page)
    screenshot(page, "events-guests-import-preview")
    page.click("text=Xác nhận thêm 3 khách")
    expect(page.locator(".flash")).to_contain_text("Đã thêm 3 khách")
    expect(page.locator("ul.guest-list li")).to_have_count(5)


@pytest.mark.browser
def test_the_personal_links_page_copies(page: Any, party: Party) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in_page(page, "owner@x.vn", PASSWORD)
    page.goto(f"/su-kien/{party.event.id}/khach/loi-moi")
    cards = page.locator("ol.invitations > li")
    expect(cards).to_have_count(2)
    first_text = cards.first.locator("textarea")
    expect(first_text).to_have_js_property("readOnly", True)
    text = first_text.input_value()
    assert text.startswith("Kính mời anh Hoà đến dự Lễ cưới Minh & Lan vào lúc ")
    assert "/m/k/" in text
    buttons = cards.first.locator("button.copy")
    expect(buttons).to_have_count(2)
    expect(buttons.nth(1)).to_be_visible()  # shown by guests.js
    buttons.nth(1).click()
    expect(page.locator(".copy-status")).to_have_text("Đã chép.")
    assert page.evaluate("navigator.clipboard.readText()") == text
    fits(page)
    screenshot(page, "events-guests-links")
