"""Self-registration in a phone-sized chromium (360 px): the form, the sign at once with
"not confirmed", a photo of a bank's code instead of typing, and the officer approving it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.markets.models import Vendor
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import ACCOUNT, BANK, World
from tests.markets.test_registration import bank_code_png


def _sign_loaded(page: Any) -> None:
    sign = page.locator("img.sign-preview")
    sign.wait_for()
    # Not wait_for_function: its polling evaluates a string, which the CSP forbids (no eval).
    page.wait_for_load_state("networkidle")
    assert sign.evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.browser
def test_self_registration_then_approval_on_a_phone(page: Any, world: World) -> None:
    page.goto("/dang-ky-tieu-thuong")
    fits(page)
    screenshot(page, "register-form")
    page.select_option("#f-place", f"m{world.market.id}")
    page.fill("#f-stall-number", "1")
    page.fill("#f-name", "Cô Nguyễn Thị Đào")
    page.fill("#f-phone", "0912 345 678")
    page.fill("#f-goods", "Cá đồng")
    page.select_option("#f-bank", BANK)
    page.fill("#f-number", ACCOUNT)
    page.fill("#f-holder-name", "NGUYEN THI DAO")
    page.click("form.register-form button[type=submit]")
    page.wait_for_url("**/dang-ky-tieu-thuong/*")
    assert "Chưa xác nhận." in page.inner_text(".notice-pending")
    assert "CHƯA XÁC NHẬN" in page.inner_text(".notice-pending")
    _sign_loaded(page)
    pdf = page.locator("a", has_text="PDF biển A6").get_attribute("href")
    assert page.request.get(pdf).headers["content-type"] == "application/pdf"
    fits(page)
    screenshot(page, "register-done")

    # The same stall again: refused beside the stall number, what was typed kept.
    page.goto("/dang-ky-tieu-thuong")
    page.select_option("#f-place", f"m{world.market.id}")
    page.fill("#f-stall-number", "1")
    page.fill("#f-name", "Anh Lạ")
    page.fill("#f-phone", "0987")
    page.select_option("#f-bank", BANK)
    page.fill("#f-number", "0123456789")
    page.click("form.register-form button[type=submit]")
    assert "đang có một đăng ký chờ duyệt" in page.inner_text("#e-f-stall-number")
    assert page.input_value("#f-name") == "Anh Lạ"
    fits(page)
    screenshot(page, "register-stall-pending")

    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/cho/{world.market.id}")
    page.click("text=1 đăng ký chờ duyệt")
    page.wait_for_url(f"**/dia-ban/{world.places.commune_a.id}/dang-ky-cho-duyet")
    item = page.locator("ul.pending-list li").first
    assert "Cô Nguyễn Thị Đào" in item.inner_text()
    assert "VietinBank · 113366668888 · NGUYEN THI DAO" in item.inner_text()
    fits(page)
    screenshot(page, "register-pending")
    item.locator("button", has_text="Duyệt").click()
    page.wait_for_url(f"**/dia-ban/{world.places.commune_a.id}/dang-ky-cho-duyet")
    assert "Đã duyệt đăng ký của Cô Nguyễn Thị Đào." in page.content()
    assert "Không có đăng ký nào chờ duyệt." in page.content()
    vendor = db.session.scalars(select(Vendor)).one()
    db.session.refresh(vendor)
    assert vendor.registration == "approved"
    page.goto(f"/tieu-thuong/{vendor.id}")
    assert "Đã duyệt" in page.inner_text("dl.facts")
    assert "Đã đăng ký" in page.inner_text("ol.history")
    screenshot(page, "register-approved-vendor")


@pytest.mark.browser
def test_self_registration_with_a_photo_of_the_bank_code(page: Any, world: World) -> None:
    page.goto(f"/dang-ky-tieu-thuong?cho={world.market.id}")
    assert page.input_value("#f-place") == f"m{world.market.id}"
    page.fill("#f-stall-number", "2")
    page.fill("#f-name", "Chị Lê Thị Hoa")
    page.fill("#f-phone", "0988000111")
    page.set_input_files(
        "#f-photo",
        files=[
            {
                "name": "ma-ngan-hang.png",
                "mimeType": "image/png",
                "buffer": bank_code_png(account="0123456789", name="LE THI HOA"),
            }
        ],
    )
    page.click("form.register-form button[type=submit]")
    page.wait_for_url("**/dang-ky-tieu-thuong/*")
    assert "Đã đọc từ mã QR: VietinBank · 0123456789 · LE THI HOA" in page.content()
    _sign_loaded(page)
    fits(page)
    screenshot(page, "register-by-photo")
