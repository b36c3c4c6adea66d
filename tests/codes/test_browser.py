"""Browser tests of the two codes pages on a 360-px phone screen (playwright + chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from app.render import render_png
from tests.conftest import fits, screenshot, scroll_to_text, sign_in_page
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)


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
    fits(page)
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
    error = page.locator("#e-f-amount")
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
    fits(page)
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
    page.get_by_text("Mã thanh toán / Payment codes", exact=True).wait_for()
    scroll_to_text(page, "/api/v1/qr/decode").wait_for()
    assert "Quét API" in page.inner_text("body")
    assert outside == []
    screenshot(page, "api-docs")


def _viewport_shot(page: Any, name: str) -> Path:
    """What the phone's screen shows (not the whole page), for a person to look at."""
    path = screenshot(page, name).with_name(f"{name}-screen.png")
    page.screenshot(path=str(path))
    return path


def test_the_result_is_brought_into_view_and_focused(page: Any) -> None:
    page.goto("/")
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "113366668888")
    page.fill("#f-amount", "79000")
    page.click("#make-form button[type=submit]")
    page.wait_for_selector("#result")
    # app.js is deferred: it moves the focus once the page has loaded, a moment after #result exists
    from playwright.sync_api import expect  # only where the browser tests run

    expect(page.locator("#result")).to_be_focused()
    box = page.locator("#result").bounding_box()
    assert box is not None and 0 < box["y"] < 100, box  # its top is at the top of the screen
    assert page.evaluate("window.scrollY") > 300  # the form above it was scrolled away
    assert "Mã có số tiền cố định" in page.inner_text("#result")
    fits(page)
    _viewport_shot(page, "codes-home-result-in-view")


def test_several_errors_at_once_keep_what_was_typed(page: Any) -> None:
    page.goto("/")
    page.fill("#f-bank", "Nowhere Bank")
    page.fill("#f-account", "12$34")
    page.fill("#f-amount", "50.000")
    page.fill("#f-purpose", "Chúc mừng 🎉")
    page.click("#make-form button[type=submit]")
    page.wait_for_selector("#e-f-bank")
    for name in ("bank", "account", "amount", "purpose"):
        assert page.get_attribute(f"#f-{name}", "aria-invalid") == "true"
        assert page.locator(f"#e-f-{name}").is_visible()
    assert page.input_value("#f-bank") == "Nowhere Bank"
    assert page.input_value("#f-account") == "12$34"
    assert page.input_value("#f-amount") == "50.000"
    assert page.input_value("#f-purpose") == "Chúc mừng 🎉"
    # the first error takes the focus once the deferred script has run
    from playwright.sync_api import expect  # only where the browser tests run

    expect(page.locator("#f-bank")).to_be_focused()
    assert page.locator("#result").count() == 0
    fits(page)
    screenshot(page, "codes-home-several-errors")


def test_an_ambiguous_bank_offers_candidates_to_pick(page: Any) -> None:
    page.goto("/")
    page.fill("#f-bank", "Ngân hàng")
    page.fill("#f-account", "113366668888")
    page.click("#make-form button[type=submit]")
    assert "khớp với nhiều ngân hàng" in page.inner_text("#e-f-bank")
    candidates = page.locator("#bank-candidates label")
    assert candidates.count() == 8
    fits(page)
    screenshot(page, "codes-home-bank-candidates")
    page.check("#bank-candidates input[value='970418']")
    assert page.input_value("#f-bank") == "BIDV"  # the script fills the field
    page.click("#make-form button[type=submit]")
    page.wait_for_selector("#result")
    assert "BIDV" in page.inner_text("#result h2")
    assert page.locator("#bank-candidates").count() == 0


def test_copy_the_quick_link(page: Any, live_server: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto("/")
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "113366668888")
    page.fill("#f-account_name", "Nguyễn Văn A")
    page.fill("#f-purpose", "Ủng hộ")
    page.click("#make-form button[type=submit]")
    page.wait_for_selector("#result")
    link = page.input_value("#quick-link")
    assert link.startswith(live_server + "/qr/970415-113366668888-compact2.png?")
    page.click("button[data-copy]")
    page.locator("#copy-status", has_text="Đã chép đường dẫn.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    # Desktop chromium on Linux has no share sheet: the button stays hidden.
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator("button[data-share-url]").is_visible() == has_share
    # The link is an image of the same code.
    response = page.request.get(link)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    page.locator("#quick-link").scroll_into_view_if_needed()
    fits(page)
    _viewport_shot(page, "codes-home-quick-link")


def test_save_an_account_and_use_it_again(page: Any) -> None:
    make_user("hoa@example.vn", "vendor")
    sign_in_page(page, "hoa@example.vn", PASSWORD)
    page.goto("/")
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "1133 6666 8888")
    page.fill("#f-account_name", "Nguyễn Thị Hoa")
    page.check("#f-save_account")
    page.fill("#f-account_label", "Quầy chợ Bến Thành")
    page.click("#make-form button[type=submit]")
    page.wait_for_selector("#result")
    assert "Đã lưu tài khoản" in page.inner_text("#result")
    # Another day: pick it from the list, and the form is filled at once.
    page.goto("/")
    assert page.locator("#saved-accounts button").is_hidden()  # the script fills on change
    page.select_option("#f-saved", label="Quầy chợ Bến Thành · VietinBank 113366668888")
    assert page.input_value("#f-bank") == "VietinBank"
    assert page.input_value("#f-account") == "113366668888"
    assert page.input_value("#f-account_name") == "Nguyễn Thị Hoa"
    assert page.evaluate("document.activeElement.id") == "f-amount"
    page.fill("#f-amount", "45000")
    screenshot(page, "codes-home-saved-account-picked")
    fits(page)
    page.click("#make-form button[type=submit]")
    page.wait_for_selector("#result")
    text = page.inner_text("#result")
    assert "113366668888" in text and "45.000 đ" in text and "Nguyễn Thị Hoa" in text
    # And forget it (after a confirmation).
    page.goto("/")
    page.click(".saved-list summary")
    screenshot(page, "codes-home-saved-account-list")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".saved-list button[type=submit]")
    page.wait_for_selector(".flash")
    assert "Đã xoá tài khoản đã lưu." in page.inner_text(".flash")
    assert page.locator("#saved-accounts").count() == 0
