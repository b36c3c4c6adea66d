"""A lost session in a phone-sized chromium: the make-a-code page and the hamlet form keep
what was typed, say so in Vietnamese, and work when the button is pressed again."""

from __future__ import annotations

from typing import Any

import pytest

from app.extensions import db
from app.localities.models import Locality
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_user

pytestmark = [pytest.mark.browser, pytest.mark.app_config(WTF_CSRF_ENABLED=True)]

MESSAGE = "Phiên làm việc đã hết hạn nên biểu mẫu chưa được gửi."


def test_make_a_code_after_the_session_cookie_is_gone(page: Any) -> None:
    page.goto("/")
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "113366668888")
    page.fill("#f-account_name", "Nguyễn Thị Hồng Đào")
    page.fill("#f-amount", "79000")
    page.fill("#f-purpose", "Mừng cưới")
    page.context.clear_cookies()  # the phone lost the session while the page stayed open
    page.click("button:has-text('Tạo mã')")
    page.wait_for_load_state()

    assert MESSAGE in page.inner_text(".flash")
    assert "Bad Request" not in page.inner_text("body")
    assert page.input_value("#f-bank") == "VietinBank"
    assert page.input_value("#f-account") == "113366668888"
    assert page.input_value("#f-account_name") == "Nguyễn Thị Hồng Đào"
    assert page.input_value("#f-amount") == "79000"
    assert page.input_value("#f-purpose") == "Mừng cưới"
    assert page.locator(".qr-preview img").count() == 0  # nothing was made
    fits(page)
    screenshot(page, "lost-session-make-a-code")

    page.click("button:has-text('Tạo mã')")
    page.wait_for_selector(".qr-preview img")
    assert "79.000 đ" in page.inner_text(".qr-preview")
    assert page.locator(".flash").count() == 0


def test_add_a_hamlet_with_a_corrupted_token(page: Any, places: Places) -> None:
    commune = places.commune_a
    make_user("canbo@example.vn", ("officer", commune))
    sign_in_page(page, "canbo@example.vn", PASSWORD)
    page.goto(f"/dia-ban/{commune.id}")
    page.fill("#f-name", "Thôn Bắc")
    page.fill("#f-code", "TB")
    page.select_option("#f-kind", "thon")
    page.locator("#them-thon input[name=csrf_token]").evaluate("e => { e.value = 'hong' }")
    page.click("#them-thon button[type=submit]")
    page.wait_for_load_state()

    assert MESSAGE in page.inner_text(".flash")
    assert page.url.endswith(f"/dia-ban/{commune.id}/them-thon")
    assert page.input_value("#f-name") == "Thôn Bắc"
    assert page.input_value("#f-code") == "TB"
    assert page.input_value("#f-kind") == "thon"
    db.session.expire_all()
    assert db.session.query(Locality).filter_by(name="Thôn Bắc").count() == 0
    fits(page)
    screenshot(page, "lost-session-hamlet")

    page.click("#them-thon button[type=submit]")
    assert "Đã thêm Thôn Bắc." in page.inner_text("main")
    db.session.expire_all()
    assert db.session.query(Locality).filter_by(name="Thôn Bắc").count() == 1


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_error_page_on_a_phone(page: Any, language: str) -> None:
    page.goto(f"/khong-co-trang-nay?lang={language}")
    heading = page.inner_text("h1")
    assert heading == ("Không tìm thấy trang" if language == "vi" else "Page not found")
    fits(page)
    screenshot(page, f"error-404-{language}")
