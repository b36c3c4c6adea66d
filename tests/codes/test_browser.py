"""Browser tests of the two codes pages on a 360-px phone screen (playwright + chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from app.render import render_png
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width}px wide on a 360px screen"


def test_make_a_code_on_a_phone(page: Any, tmp_path: Path) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Tạo mã QR nhận tiền"
    page.fill("#f-bank", "Vietin")
    options = page.eval_on_selector_all("#bank-list option", "os => os.map(o => o.value)")
    assert "VietinBank" in options
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "1133 6666 8888")
    page.fill("#f-account_name", "Nguyễn Thị Hồng Đào")
    page.fill("#f-amount", "79000")
    page.fill("#f-purpose", "Ủng hộ quỹ vắc xin")
    page.click("button[type=submit]")
    page.wait_for_selector(".qr-preview img.sign")
    # Not wait_for_function: its polling evaluates a string, which the CSP forbids (no eval).
    page.wait_for_load_state("networkidle")
    assert page.evaluate(
        "[...document.querySelectorAll('.qr-preview img')].every(i => i.complete && "
        "i.naturalWidth > 0)"
    )
    assert "79.000 đ" in page.inner_text(".qr-preview")
    _no_horizontal_scroll(page)
    shot = screenshot(page, "codes-home-made")
    # The code on the screen is the one we promised.
    qr = page.locator(".qr-preview img").first
    qr.screenshot(path=str(tmp_path / "qr.png"))
    texts = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))]
    shown = page.text_content("code.payload")
    assert texts == [shown]
    assert "0818Ung ho quy vac xin" in shown and "540579000" in shown
    with page.expect_download() as download:
        page.click("text=PDF biển A6")
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    assert shot.exists()


def test_error_shows_beside_the_field(page: Any) -> None:
    page.goto("/")
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "113366668888")
    page.fill("#f-amount", "50.000")
    page.click("button[type=submit]")
    error = page.locator("#e-amount")
    assert "không viết 50.000" in error.inner_text()
    assert page.get_attribute("#f-amount", "aria-invalid") == "true"
    assert page.input_value("#f-amount") == "50.000"  # what was typed is kept
    screenshot(page, "codes-home-error")


def test_check_a_pasted_payload_and_a_photo(page: Any, tmp_path: Path) -> None:
    page.goto("/kiem-tra")
    page.fill("#f-payload", SAMPLE[:-1] + "E")
    page.click("button[type=submit]")
    result = page.locator("#result")
    assert "Mã có lỗi" in result.inner_text()
    assert "Mã kiểm tra (CRC) sai" in result.inner_text()
    screenshot(page, "codes-check-bad-crc")

    photo = tmp_path / "code.png"
    photo.write_bytes(render_png(SAMPLE))
    page.goto("/kiem-tra")
    page.set_input_files("#f-image", str(photo))
    page.click("button[type=submit]")
    text = page.locator("#result").inner_text()
    assert "Mã hợp lệ" in text and "VietinBank" in text and "79.000 đ" in text
    _no_horizontal_scroll(page)
    screenshot(page, "codes-check-photo")


def test_language_switch_persists(page: Any) -> None:
    page.goto("/")
    page.click("a[lang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/kiem-tra")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "codes-check-english")


def test_api_docs_page_renders_offline(page: Any, live_server: str) -> None:
    """The API reference works on a closed network: every asset comes from our own host."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else outside.append(r.url))
    page.goto("/api/docs")
    page.get_by_text("/api/v1/qr/decode", exact=True).wait_for()
    assert "Quét API" in page.inner_text("body")
    assert outside == []
    screenshot(page, "api-docs")
