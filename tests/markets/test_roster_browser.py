"""The officer's roster walk in a phone-sized chromium (360 px): adding a vendor by
photographing the bank-made code at their stall, and marking another "not taking part" with a
reason."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import World, add_vendor
from tests.markets.test_registration import bank_code_png, blank_png


def _photo(page: Any, content: bytes) -> None:
    page.set_input_files(
        "#f-photo", files=[{"name": "ma.png", "mimeType": "image/png", "buffer": content}]
    )


@pytest.mark.browser
def test_register_a_vendor_by_photographing_their_bank_code(page: Any, world: World) -> None:
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/cho/{world.market.id}")
    page.click("text=Thêm tiểu thương")
    page.wait_for_url(f"**/cho/{world.market.id}/tieu-thuong/them")
    assert page.get_attribute("#f-photo", "capture") == "environment"
    page.fill("#f-name", "Cô Nguyễn Thị Đào")
    page.fill("#f-goods", "Cá đồng")
    page.select_option("#f-stalls", str(world.stalls[0].id))
    _photo(page, blank_png())
    page.click("form.market-form button[type=submit]")
    assert "Không tìm thấy mã QR nào trong ảnh" in page.inner_text("#e-f-photo")
    assert page.input_value("#f-name") == "Cô Nguyễn Thị Đào"
    fits(page)
    screenshot(page, "roster-photo-refused")

    _photo(page, bank_code_png(name="NGUYEN THI DAO"))
    page.click("form.market-form button[type=submit]")
    page.wait_for_url("**/tieu-thuong/*")
    assert "Đã đọc từ mã QR: VietinBank · 113366668888 · NGUYEN THI DAO" in page.content()
    assert "113366668888" in page.inner_text("ul.account-list")
    sign = page.locator("img.sign-preview")
    sign.wait_for()
    # Not wait_for_function: its polling evaluates a string, which the CSP forbids (no eval).
    page.wait_for_load_state("networkidle")
    assert sign.evaluate("img => img.complete && img.naturalWidth > 0")
    fits(page)
    screenshot(page, "roster-photo-read")


@pytest.mark.browser
def test_mark_not_taking_part_with_a_reason_on_a_phone(page: Any, world: World) -> None:
    ba = add_vendor(world, "Bác Trần Văn Ba", stall_ids=[world.stalls[1].id])
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/tieu-thuong/{ba.id}")
    page.select_option("#f-status", "not_taking_part")
    page.select_option("#f-reason", "elderly")
    page.fill("#f-note", "Bác không dùng điện thoại")
    fits(page)
    page.click("#lich-su form button[type=submit]")
    page.wait_for_url(f"**/tieu-thuong/{ba.id}#lich-su")
    history = page.inner_text("ol.history")
    assert "Không tham gia" in history and "Người cao tuổi" in history
    assert "Bác không dùng điện thoại" in history
    assert "Không tham gia" in page.inner_text("dl.facts")
    fits(page)
    screenshot(page, "roster-not-taking-part")
