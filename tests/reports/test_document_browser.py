"""The printable report in a browser: on a phone (360 px), at A4 width, and as printed."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.accounts.models import OFFICER
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_user
from tests.reports.document_fixtures import past_period, seed

pytestmark = pytest.mark.browser

A4_WIDTH = 794  # 210 mm at 96 px per inch


def test_the_printable_report_on_a_phone_at_a4_width_and_printed(
    app: Flask, places: Places, page: Any
) -> None:
    seed(app, places)
    make_user("can-bo@example.vn", (OFFICER, places.province))
    sign_in_page(page, "can-bo@example.vn", PASSWORD)
    page.goto(f"/bao-cao/{places.province.id}/ky/{past_period().key}/in")

    headline = page.locator(".headline")
    expect(headline).to_contain_text("1/2 xã, phường, đặc khu có Tổ công nghệ số cộng đồng")
    expect(page.locator(".report-header .motto")).to_have_text("Độc lập - Tự do - Hạnh phúc")
    expect(page.locator(".report-chart svg")).to_have_count(3)
    # Nothing but the tables' own scroll box is wider than the phone.
    fits(page)
    screenshot(page, "report-document-360")

    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    header = page.locator(".report-header")
    issuer_box = page.locator(".report-header .issuer").bounding_box()
    nation_box = page.locator(".report-header .nation").bounding_box()
    assert issuer_box["y"] == nation_box["y"]  # the two header columns side by side
    expect(header).to_be_visible()
    screenshot(page, "report-document-a4")

    page.emulate_media(media="print")
    expect(page.locator(".report-tools")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    screenshot(page, "report-document-print")
