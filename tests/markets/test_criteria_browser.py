"""The Chợ 4.0 pages in a phone-sized chromium (360 px): the admin keeps the checklist, an
officer records a recognition on the market page."""

from __future__ import annotations

from typing import Any

import pytest

from app.markets import services
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import World


@pytest.mark.browser
def test_the_admin_keeps_the_checklist(page: Any, world: World) -> None:
    sign_in_page(page, "admin@x.vn", PASSWORD)
    page.goto("/chuan-cho-4-0")
    for name in ("Trên 80% sạp có mã QR", "Thu phí chợ không dùng tiền mặt"):
        page.fill("#f-name", name)
        page.click("form.market-form button[type=submit]")
        page.wait_for_url("**/chuan-cho-4-0")
    page.fill("#f-name", "Trên 80% sạp có mã QR")
    page.click("form.market-form button[type=submit]")
    assert "đã có" in page.inner_text("#e-f-name")
    assert page.locator("ul.criteria-list li").count() == 2
    fits(page)
    screenshot(page, "criteria-list")
    page.locator("ul.criteria-list li").nth(1).locator("text=Sửa").click()
    page.uncheck("#f-active")
    page.click("form.market-form button[type=submit]")
    page.wait_for_url("**/chuan-cho-4-0")
    assert "Thôi dùng" in page.locator("ul.criteria-list li").nth(1).inner_text()
    fits(page)
    screenshot(page, "criteria-retired")


@pytest.mark.browser
def test_an_officer_records_a_recognition(page: Any, world: World) -> None:
    qr = services.add_criterion(world.admin, {"name": "Trên 80% sạp có mã QR"})
    services.add_criterion(world.admin, {"name": "Thu phí chợ không dùng tiền mặt"})
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/cho/{world.market.id}")
    page.click("#cong-nhan summary")
    page.fill("#f-decision-number", "125/QĐ-UBND")
    page.fill("#f-decided-on", "2026-05-01")
    page.fill("#f-issued-by", "UBND tỉnh Phú Thịnh")
    page.click("#cong-nhan form button[type=submit]")
    assert "Chọn ít nhất một tiêu chí đạt." in page.inner_text("#cong-nhan")
    assert page.input_value("#f-decision-number") == "125/QĐ-UBND"
    page.check(f"#cong-nhan input[value='{qr.id}']")
    page.click("#cong-nhan form button[type=submit]")
    page.wait_for_url(f"**/cho/{world.market.id}#cong-nhan")
    section = page.inner_text("#cong-nhan")
    assert "QĐ 125/QĐ-UBND ngày 01/05/2026" in section
    assert "UBND tỉnh Phú Thịnh" in section and "Trên 80% sạp có mã QR" in section
    assert "Đã công nhận" in page.inner_text("dl.facts")
    fits(page)
    screenshot(page, "criteria-recognition")
