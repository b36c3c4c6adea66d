"""Sign-up, login and token creation in a real browser at 360 px (see tests/screenshots/)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import ApiToken, User
from app.extensions import db
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_user

pytestmark = pytest.mark.browser


def test_sign_up_in_the_browser(page: Any) -> None:
    page.goto("/dang-ky")
    page.fill("#email", "lan@example.vn")
    page.fill("#name", "Nguyễn Thị Lan")
    page.fill("#password", "ngan")
    page.fill("#confirm", "ngan")
    page.click("button[type=submit], input[type=submit]")
    error = page.locator("#e-password")
    assert error.inner_text() == "Mật khẩu cần ít nhất 10 ký tự."
    fits(page)
    screenshot(page, "accounts-signup-error")

    page.fill("#password", "mot-cau-dai-de-nho")
    page.fill("#confirm", "mot-cau-dai-de-nho")
    page.check("#is_vendor")
    page.click("input[type=submit]")
    page.wait_for_url("**/tai-khoan")
    assert "lan@example.vn" in page.inner_text("main")
    assert "Tiểu thương" in page.inner_text("#vai-tro")
    fits(page)
    screenshot(page, "accounts-after-signup")
    user = db.session.scalar(select(User).where(User.email == "lan@example.vn"))
    assert user is not None and [a.role for a in user.roles] == ["vendor"]


def test_login_and_logout_in_the_browser(page: Any) -> None:
    make_user("hoa@example.vn", name="Trần Hoa")
    page.goto("/tai-khoan")
    page.wait_for_url(re.compile(r"/dang-nhap\?next=/tai-khoan$"))
    page.fill("#email", "hoa@example.vn")
    page.fill("#password", "sai-mat-khau-roi")
    page.click("input[type=submit]")
    assert "Email, số điện thoại hoặc mật khẩu không đúng." in page.inner_text("main")
    fits(page)
    screenshot(page, "accounts-login-failed")

    page.fill("#password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/tai-khoan")
    assert "hoa@example.vn" in page.inner_text("main")
    page.click("text=Đăng xuất")
    page.wait_for_url("**/dang-nhap")
    assert "Bạn đã đăng xuất." in page.inner_text("main")


def test_create_a_token_on_the_account_page(page: Any) -> None:
    make_user("hoa@example.vn")
    page.goto("/dang-nhap")
    page.fill("#email", "hoa@example.vn")
    page.fill("#password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/tai-khoan")
    page.fill("#ma-truy-cap #name", "Bảng tính báo cáo xã")
    page.click("#ma-truy-cap input[type=submit]")
    secret = page.input_value("#new-token")
    assert secret.startswith("quet_")
    fits(page)
    screenshot(page, "accounts-token-created")
    token = db.session.scalar(select(ApiToken))
    assert token is not None and token.name == "Bảng tính báo cáo xã"
    page.goto("/tai-khoan")
    assert secret not in page.content()


def test_officer_invites_a_viewer_who_accepts_and_the_log_shows_it(page: Any) -> None:
    places = Places()
    make_user("canbo@example.vn", ("officer", places.commune_a), name="Cán bộ An Bình")
    sign_in_page(page, "canbo@example.vn", PASSWORD)

    page.goto("/nguoi-dung")
    page.fill("#email", "xem@example.vn")
    page.select_option("#role", "viewer")
    page.select_option("#locality", str(places.commune_a.id))
    page.click("#moi input[type=submit]")
    link = page.input_value("#invitation-link")
    assert "/loi-moi/" in link
    fits(page)
    screenshot(page, "accounts-invitation-created")

    page.goto("/nhat-ky")
    log = page.inner_text("main")
    assert "Mời" in log and "Lời mời" in log and "canbo@example.vn" in log
    fits(page)
    screenshot(page, "audit-log")

    page.click("text=Đăng xuất")
    page.goto(link)
    assert "xem@example.vn" in page.inner_text("main")
    page.fill("#name", "Người xem báo cáo")
    page.fill("#password", "mat-khau-moi-du-dai")
    page.fill("#confirm", "mat-khau-moi-du-dai")
    page.click("input[type=submit]")
    page.wait_for_url("**/tai-khoan")
    assert "Xã An Bình" in page.inner_text("#vai-tro")
    screenshot(page, "accounts-invitation-accepted")
    user = db.session.scalar(select(User).where(User.email == "xem@example.vn"))
    assert user is not None
    assert [(a.role, a.locality_id) for a in user.roles] == [("viewer", places.commune_a.id)]

    page.goto(link)  # a link works once
    assert page.locator("#password").count() == 0


def test_log_out_everywhere_in_the_browser(page: Any, browser: Any, live_server: str) -> None:
    """A phone and a laptop signed in; the laptop ends every session; the phone is signed out."""
    make_user("hoa@example.vn", name="Trần Hoa")
    phone_context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 740}
    )
    phone = phone_context.new_page()
    try:
        sign_in_page(phone, "hoa@example.vn", PASSWORD)
        sign_in_page(page, "hoa@example.vn", PASSWORD)
        page.goto("/tai-khoan")
        sessions = page.locator("#phien-dang-nhap")
        assert sessions.locator(".token-item").count() == 2
        assert "thiết bị này" in sessions.inner_text()
        fits(page)
        screenshot(page, "accounts-sessions")
        page.once("dialog", lambda dialog: dialog.accept())
        sessions.locator("button", has_text="Đăng xuất khỏi mọi thiết bị").click()
        page.wait_for_url(re.compile(r"/dang-nhap$"))
        assert "Đã đăng xuất khỏi 2 phiên" in page.inner_text("main")
        phone.goto("/tai-khoan")
        phone.wait_for_url(re.compile(r"/dang-nhap\?next=/tai-khoan$"))
    finally:
        phone_context.close()


def test_officer_withdraws_an_invitation_in_the_browser(page: Any) -> None:
    places = Places()
    officer = make_user("canbo@example.vn", ("officer", places.commune_a), name="Cán bộ An Bình")
    services.invite(officer, "xem@example.vn", "viewer", places.commune_a)
    _invitation, secret = services.invite(officer, "rut@example.vn", "officer", places.hamlet)
    sign_in_page(page, "canbo@example.vn", PASSWORD)

    nav = page.locator("header nav")
    assert nav.locator("a", has_text="Người dùng").count() == 1
    assert nav.locator("a", has_text="Nhật ký").count() == 1
    nav.locator("a", has_text="Người dùng").click()
    page.wait_for_url("**/nguoi-dung")
    waiting = page.locator("#loi-moi-dang-cho")
    assert waiting.locator(".token-item").count() == 2
    item = waiting.locator(".token-item", has_text="rut@example.vn")
    assert "Cán bộ địa bàn" in item.inner_text() and "Thôn Đông" in item.inner_text()
    assert "Mời bởi canbo@example.vn" in item.inner_text()
    fits(page)
    screenshot(page, "accounts-invitations-waiting")

    page.once("dialog", lambda dialog: dialog.accept())
    item.locator("button", has_text="Rút lại").click()
    page.wait_for_url("**/nguoi-dung#loi-moi-dang-cho")
    assert "Đã rút lại lời mời gửi rut@example.vn." in page.inner_text("main")
    assert waiting.locator(".token-item").count() == 1
    fits(page)
    screenshot(page, "accounts-invitation-withdrawn")

    page.click("text=Đăng xuất")
    page.goto(f"/loi-moi/{secret}")
    assert "Lời mời không hợp lệ" in page.inner_text("main")


def test_password_reset_by_an_issued_link_in_the_browser(
    page: Any, browser: Any, live_server: str
) -> None:
    """An officer issues a link; the person sets a new password on a phone and logs in with
    it; the session the person had open elsewhere has ended."""
    places = Places()
    make_user("canbo@example.vn", ("officer", places.commune_a), name="Cán bộ An Bình")
    make_user("hoa@example.vn", ("viewer", places.commune_a), name="Trần Hoa")
    laptop_context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 740}
    )
    laptop = laptop_context.new_page()
    try:
        sign_in_page(laptop, "hoa@example.vn", PASSWORD)  # an old session of Hoa's

        sign_in_page(page, "canbo@example.vn", PASSWORD)
        page.goto("/nguoi-dung")
        person = page.locator(".user-item", has_text="Trần Hoa")
        page.once("dialog", lambda dialog: dialog.accept())
        person.locator("button", has_text="Cấp đường dẫn đặt lại mật khẩu").click()
        link = page.input_value("#reset-link")
        assert "/dat-lai-mat-khau/" in link
        assert "Trần Hoa" in page.inner_text(".new-token")
        fits(page)
        screenshot(page, "accounts-reset-link-issued")
        page.click("text=Đăng xuất")

        page.goto(link)
        assert "hoa@example.vn" in page.inner_text("main")
        page.fill("#password", "ngan")
        page.fill("#confirm", "ngan")
        page.click("input[type=submit]")
        assert page.inner_text("#e-password") == "Mật khẩu cần ít nhất 10 ký tự."
        fits(page)
        screenshot(page, "accounts-reset-form-error")
        page.fill("#password", "mot-cau-moi-de-nho")
        page.fill("#confirm", "mot-cau-moi-de-nho")
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/dang-nhap$"))
        assert "Đã đặt mật khẩu mới" in page.inner_text("main")
        screenshot(page, "accounts-reset-done")

        page.fill("#email", "hoa@example.vn")
        page.fill("#password", "mot-cau-moi-de-nho")
        page.click("input[type=submit]")
        page.wait_for_url("**/tai-khoan")
        assert "hoa@example.vn" in page.inner_text("main")

        laptop.goto("/tai-khoan")  # the old session has ended
        laptop.wait_for_url(re.compile(r"/dang-nhap\?next=/tai-khoan$"))

        page.click("text=Đăng xuất")
        page.goto(link)  # the link worked once
        assert "Đường dẫn không hợp lệ" in page.inner_text("main")
    finally:
        laptop_context.close()


def test_forgot_password_page_without_mail_in_the_browser(page: Any) -> None:
    page.goto("/dang-nhap")
    page.click("text=Quên mật khẩu?")
    page.wait_for_url("**/quen-mat-khau")
    assert "Hãy nhờ cán bộ địa bàn của bạn hoặc quản trị viên" in page.inner_text("main")
    fits(page)
    screenshot(page, "accounts-forgot-password")
