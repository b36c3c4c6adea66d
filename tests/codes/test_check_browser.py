"""The check page's verdict on a 360-px phone (playwright + chromium): what a payer sees first."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import fits, screenshot

pytestmark = pytest.mark.browser

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)


def check(page: Any, payload: str) -> Any:
    page.goto("/kiem-tra")
    page.fill("#f-payload", payload)
    page.click("button[type=submit]")
    verdict = page.locator("#result .verdict-title")
    verdict.wait_for()
    fits(page)
    # The verdict comes before the form: on the phone's first screen after sending.
    box = verdict.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740
    return verdict


def test_a_bad_code_on_a_phone(page: Any) -> None:
    verdict = check(page, SAMPLE[:-1] + "E")
    assert "Đừng trả tiền theo mã này" in verdict.inner_text()
    expect(verdict).to_have_css("color", "rgb(180, 35, 24)")  # --danger, once the CSS is in
    assert float(verdict.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    assert page.locator("ul.causes li").all_inner_texts() == [
        "Mã kiểm tra (CRC) sai: mã đã bị sửa hoặc chép thiếu."
    ]
    # the payee of a faulty code is behind a closed toggle, the English lines behind another
    account = page.locator("details.untrusted dd.account")
    assert not account.is_visible()
    assert not page.get_by_text("the content gives", exact=False).is_visible()
    screenshot(page, "codes-check-verdict-bad")
    page.click("details.untrusted summary")
    assert account.is_visible() and account.inner_text() == "113366668888"
    page.click("details.technical summary")
    assert page.get_by_text("the content gives", exact=False).is_visible()
    screenshot(page, "codes-check-verdict-bad-open")


def test_not_a_code_on_a_phone(page: Any) -> None:
    verdict = check(page, "hello")
    assert "Đừng trả tiền theo mã này" in verdict.inner_text()
    assert page.locator("ul.causes li").all_inner_texts() == ["Đây không phải mã thanh toán."]
    assert page.locator("details.untrusted").count() == 0
    screenshot(page, "codes-check-verdict-hello")


def test_a_cut_code_on_a_phone(page: Any) -> None:
    check(page, SAMPLE[:60])
    assert page.locator("ul.causes li").all_inner_texts() == [
        "Mã bị cắt cụt sau 60 ký tự: phần cuối, cả mã kiểm tra, đã mất (thường do chép hoặc "
        "chụp thiếu)."
    ]
    screenshot(page, "codes-check-verdict-cut")


def test_a_good_code_on_a_phone(page: Any) -> None:
    verdict = check(page, SAMPLE)
    assert "Mã hợp lệ" in verdict.inner_text()
    expect(verdict).to_have_css("color", "rgb(26, 127, 55)")  # --ok, once the CSS is in
    payee = page.locator("#result dl.payee")
    assert payee.is_visible()
    text = payee.inner_text()
    assert "VietinBank" in text and "113366668888" in text and "79.000 đ" in text
    screenshot(page, "codes-check-verdict-good")


def test_the_verdict_in_english_on_a_phone(page: Any) -> None:
    page.goto("/")
    page.click("a[lang=en]")
    verdict = check(page, "https://zalo.me/0912345678")
    assert "Do not pay with this code" in verdict.inner_text()
    assert page.locator("ul.causes li").all_inner_texts() == [
        "This is a link (zalo.me), not a payment code."
    ]
    screenshot(page, "codes-check-verdict-link-english")
