"""The periodic report on a 360-px phone (playwright + chromium): commune A's officer enters a
figure far from the previous months, sees the check, explains it and submits; the province's
officer finds the report waiting and approves it; then a desktop look at the approved report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.reports import figures
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.reports.test_periods_world import COUNT, SHARE, World, figure, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app: Flask) -> World:
    made = make_world(app)
    a = made.places.commune_a
    for period, value in (("2025-07", 10), ("2025-08", 12), ("2025-09", 11)):
        data = figure(a, period, indicator=COUNT, numerator=value, denominator=None)
        figures.enter_figure(made.officer_a, data, date(2026, 11, 20))
    return made


def test_enter_check_explain_submit_approve(page: Any, world: World) -> None:
    a = world.places.commune_a
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/bao-cao/{a.id}/nhap-so-lieu?ky=2025-10")
    page.select_option("#f-indicator", COUNT)
    page.fill("#f-numerator", "95")
    page.fill("#f-source", "Tổ tự đếm")
    fits(page)
    screenshot(page, "periods-enter-figure")
    page.click("#figure-form button[type=submit]")
    page.wait_for_url(f"**/bao-cao/{a.id}/ky/2025-10")

    check = page.locator("#kiem-tra li").first
    expect(check).to_contain_text("khác xa trung bình 3 kỳ trước")
    expect(check.locator(".badge")).to_have_text("cần xử lý")
    fits(page)
    screenshot(page, "periods-check-shown")

    check.locator("textarea").fill("Tháng 10 tổ kết nạp thêm thành viên ở 3 thôn mới")
    check.locator("button[type=submit]").click()
    expect(page.locator("#kiem-tra li .badge").first).to_have_text("đã giải trình")
    page.click("#thao-tac button:has-text('Nộp báo cáo')")
    expect(page.locator("#report-state")).to_have_text("Đã nộp")
    fits(page)
    screenshot(page, "periods-submitted")

    page.context.clear_cookies()
    sign_in_page(page, "officer-p@x.vn", PASSWORD)
    page.goto("/bao-cao/cho-duyet")
    page.click(f"text={a.name} · 2025-10")
    page.click("#thao-tac button:has-text('Duyệt báo cáo')")
    expect(page.locator("#report-state")).to_have_text("Đã duyệt")
    row = page.locator(f"#row-{COUNT.replace('.', '-')}")
    expect(row.locator(".as-submitted")).to_contain_text("95")
    fits(page)
    screenshot(page, "periods-approved")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/bao-cao/{a.id}/chi-tieu")
    page.select_option("#f-indicator", SHARE)
    page.fill("#f-value", "100")
    page.click("#them button[type=submit]")
    expect(page.locator("#tien-do")).to_contain_text("kế hoạch 100%")
    screenshot(page, "periods-targets-desktop")
