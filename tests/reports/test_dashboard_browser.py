"""The dashboard and the map in a browser, on a 360-px phone and a 1280-px desktop: the table
scrolls in its own box, a child and a province drill down when clicked."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.extensions import db
from tests.conftest import screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.reports.test_dashboard import seed


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_dashboard_drills_down_to_a_child(page: Any, app: Flask, width: int) -> None:
    seeded = seed(app)
    places = seeded.places
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_page(page, "tinh@example.vn", PASSWORD)
    page.goto("/bao-cao?as_of=2026-10-20")
    expect(page.locator("h1")).to_have_text("Báo cáo: Tỉnh Phú Thịnh")
    expect(page.locator(".indicator-table tbody tr")).to_have_count(2)
    expect(page.locator("svg.chart")).to_have_count(2)
    # The page itself never scrolls sideways; the wide table scrolls in its own box.
    page_box = page.locator("main").bounding_box()
    assert page_box["width"] <= width
    box = page.locator(".table-scroll").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    screenshot(page, f"reports-dashboard-{width}")
    page.locator(".indicator-table tbody th a", has_text="Xã An Bình").click()
    page.wait_for_url(f"**/bao-cao/{places.commune_a.id}?**")
    expect(page.locator("h1")).to_have_text("Báo cáo: Xã An Bình")
    expect(page.locator(".breadcrumbs a", has_text="Tỉnh Phú Thịnh")).to_be_visible()
    # The bar chart's bars are links too.
    page.goto(f"/bao-cao/{places.province.id}?as_of=2026-10-20")
    page.locator(f'svg.chart a[href^="/bao-cao/{places.commune_b.id}"] rect').first.click()
    page.wait_for_url(f"**/bao-cao/{places.commune_b.id}?**")
    expect(page.locator("h1")).to_have_text("Báo cáo: Xã Bình Minh")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_map_drills_down_to_a_province(page: Any, app: Flask, width: int) -> None:
    seeded = seed(app)
    province = seeded.places.province
    # Drawn as Hà Nội, a compact shape (a click lands on its box's centre; An Giang's, code 91,
    # falls in the sea between the mainland and Phú Quốc).
    province.code = "01"
    db.session.commit()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_page(page, "admin@example.vn", PASSWORD)
    page.goto("/bao-cao/ban-do?indicator=test.members&as_of=2026-10-20")
    expect(page.locator("svg.choropleth path")).to_have_count(34)
    expect(page.locator(".attribution")).to_contain_text("Talia Cao")
    expect(page.locator(".province-table tbody tr")).to_have_count(2)
    screenshot(page, f"reports-map-{width}")
    page.locator(f'svg.choropleth a[href^="/bao-cao/{province.id}?"] path').click()
    page.wait_for_url(f"**/bao-cao/{province.id}?**")
    expect(page.locator("h1")).to_have_text("Báo cáo: Tỉnh Phú Thịnh")


@pytest.mark.browser
def test_the_indicator_picker_is_a_get_form(page: Any, app: Flask) -> None:
    seeded = seed(app)
    sign_in_page(page, "admin@example.vn", PASSWORD)
    page.goto("/bao-cao/ban-do")
    page.select_option("#f-indicator", "test.members")
    page.fill("#f-as-of", "2026-10-20")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**indicator=test.members**")
    expect(page.locator(".province-table thead")).to_contain_text("thành viên")
    assert seeded.places.province.name in page.locator(".province-table").inner_text()
