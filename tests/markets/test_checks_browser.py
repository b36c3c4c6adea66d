"""The sign check pages on a 360-px phone (playwright + chromium): the vendor's own morning
check of her sign (genuine, then swapped), and an officer's check round through a market and
along a cashless street."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import World
from tests.markets.test_checks import (
    ACCOUNT,
    OTHER_BANK,
    THIEF_ACCOUNT,
    payload_for,
    sign_photo,
    vendor_with_account,
)
from tests.markets.test_street_checks import make_street, shop_with_account

pytestmark = pytest.mark.browser

#: How long a page may take to show the result of a photo: the server decodes a phone-sized
#: photo, a few seconds on a 2-core CI machine running two test workers; 30 s leaves room.
PHOTO_DECODED = 30_000


def _photo(data: bytes) -> dict[str, Any]:
    return {"name": "bien.jpg", "mimeType": "image/jpeg", "buffer": data}


def test_the_vendors_own_morning_check(page: Any, world: World) -> None:
    dao = vendor_with_account(world, "Cô Nguyễn Thị Đào", user_id=world.vendor_user.id)
    world.market.board_contact_phone = "0909123456"
    db.session.commit()
    vendor_with_account(world, "Anh Gian", stall=1, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    genuine, swapped = (
        sign_photo(dao),
        sign_photo(dao, pasted=payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)),
    )
    sign_in_page(page, "co-dao@x.vn", PASSWORD)
    page.goto(f"/tieu-thuong/{dao.id}")
    page.click("#kiem-tra-bien a.button")
    page.wait_for_url("**/kiem-tra-bien-cua-toi")
    camera = page.locator("#f-photo")
    assert camera.get_attribute("capture") == "environment"
    assert camera.get_attribute("accept") == "image/*"
    fits(page)
    screenshot(page, "checks-own-empty")

    camera.set_input_files(_photo(genuine))  # submits on choice (JavaScript)
    verdict = page.locator("#ket-qua .sign-verdict")
    verdict.wait_for(timeout=PHOTO_DECODED)
    assert "Mã này trả vào tài khoản của bạn tại VietinBank ····8888" in verdict.inner_text()
    # the page's own stylesheets may still be loading when its text is there: expect waits
    expect(verdict.locator("h2")).to_have_css("color", "rgb(26, 127, 55)")
    fits(page)
    screenshot(page, "checks-own-ok")

    page.locator("#f-photo").set_input_files(_photo(swapped))
    page.wait_for_selector("#ket-qua .result-mismatch", timeout=PHOTO_DECODED)
    text = page.inner_text("#ket-qua")
    assert "KHÔNG trả vào tài khoản của bạn" in text
    assert "Vietcombank" in text and THIEF_ACCOUNT in text
    assert "Tài khoản này là của một tiểu thương khác đã đăng ký." in text  # not named to her
    assert page.locator("#ket-qua a[href='tel:0909123456']").count() == 1
    fits(page)
    screenshot(page, "checks-own-swapped")


def test_an_officers_check_round(page: Any, world: World) -> None:
    dao = vendor_with_account(world, "Cô Nguyễn Thị Đào", stall=0)
    ba = vendor_with_account(world, "Bác Trần Văn Ba", stall=1, number="0123456789")
    vendor_with_account(world, "Anh Gian", stall=None, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    swapped = sign_photo(ba, pasted=payload_for(world, ba, OTHER_BANK, THIEF_ACCOUNT))
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/cho/{world.market.id}/kiem-tra-bien")
    page.click("text=Bắt đầu lượt kiểm tra")
    page.wait_for_url("**/luot-kiem-tra/*")
    rows = page.locator("ul.stall-checks li")
    assert rows.count() == 3
    assert "Chưa kiểm tra" in rows.first.inner_text()
    fits(page)
    screenshot(page, "checks-round-start")

    # wait for the stall's page before choosing the photo: a photo chosen on the page being
    # left is never sent
    with page.expect_navigation():
        rows.first.locator("a").click()
    page.locator("#f-photo").set_input_files(_photo(sign_photo(dao)))
    page.wait_for_selector("#ket-qua .result-ok", timeout=PHOTO_DECODED)
    assert "Đúng: mã trả vào tài khoản của Cô Nguyễn Thị Đào" in page.inner_text("#ket-qua")
    fits(page)
    screenshot(page, "checks-round-ok")

    with page.expect_navigation():
        page.click("#next-stall")
    page.locator("#f-photo").set_input_files(_photo(swapped))
    page.wait_for_selector("#ket-qua .result-mismatch", timeout=PHOTO_DECODED)
    text = page.inner_text("#ket-qua")
    assert "Sai lệch: mã không trả vào tài khoản của Bác Trần Văn Ba" in text
    assert "Anh Gian" in text  # named to the officer who manages the market
    fits(page)
    screenshot(page, "checks-round-mismatch")

    page.click("text=Danh sách sạp")
    assert page.inner_text("#round-totals") == "Đã kiểm tra 2 sạp: 1 đúng, 1 sai lệch"
    badges = page.locator("ul.stall-checks .badge").all_inner_texts()
    assert badges == ["Đúng", "Sai lệch"]
    screenshot(page, "checks-round-list")
    page.click("text=Kết thúc lượt kiểm tra")
    page.wait_for_url(f"**/cho/{world.market.id}/kiem-tra-bien")
    problems = page.locator("ul.check-problems li")
    assert problems.count() == 1 and "Bác Trần Văn Ba" in problems.inner_text()
    fits(page)
    screenshot(page, "checks-market-open")

    page.goto(f"/cho/{world.market.id}")
    summary = page.inner_text("#kiem-tra-bien")
    assert "2 sạp, 1 đúng, 1 sai lệch" in summary and "1 sai lệch chưa xử lý" in summary
    screenshot(page, "checks-market-page")
    page.click("#kiem-tra-bien ul a")
    page.click("ul.check-problems button[type=submit]")
    assert "Không được để trống." in page.inner_text("ul.check-problems")
    page.fill("ul.check-problems textarea", "Đã gỡ mã lạ, dán lại biển đúng")
    page.click("ul.check-problems button[type=submit]")
    page.wait_for_selector("text=Không có sai lệch nào đang chờ xử lý.")
    fits(page)
    screenshot(page, "checks-market-resolved")


def test_an_officers_round_along_a_cashless_street(page: Any, world: World) -> None:
    street = make_street(world)
    tu = shop_with_account(world, street, "Quán chè Bà Tư", ACCOUNT, "12")
    ba = shop_with_account(world, street, "Tiệm bánh Anh Ba", "0123456789", "14")
    swapped = sign_photo(ba, pasted=payload_for(world, ba, OTHER_BANK, THIEF_ACCOUNT))
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/tuyen-pho/{street.id}")
    page.click("#kiem-tra-bien a.button")
    page.click("text=Bắt đầu lượt kiểm tra")
    page.wait_for_url("**/luot-kiem-tra/*")
    rows = page.locator("ul.shop-checks li")
    expect(rows).to_have_count(2)
    assert "Chưa kiểm tra" in rows.first.inner_text()
    fits(page)
    screenshot(page, "checks-street-round-start")

    with page.expect_navigation():
        rows.first.locator("a").click()
    page.locator("#f-photo").set_input_files(_photo(sign_photo(tu)))
    page.wait_for_selector("#ket-qua .result-ok", timeout=PHOTO_DECODED)
    assert "Đúng: mã trả vào tài khoản của Quán chè Bà Tư" in page.inner_text("#ket-qua")
    fits(page)
    screenshot(page, "checks-street-shop-ok")

    with page.expect_navigation():
        page.click("#next-stall")
    page.locator("#f-photo").set_input_files(_photo(swapped))
    page.wait_for_selector("#ket-qua .result-mismatch", timeout=PHOTO_DECODED)
    verdict = page.inner_text("#ket-qua")
    assert "Sai lệch: mã không trả vào tài khoản của Tiệm bánh Anh Ba" in verdict
    assert "báo chủ cửa hàng và cán bộ phụ trách tuyến phố" in verdict  # not a market's board
    fits(page)
    screenshot(page, "checks-street-shop-mismatch")

    page.click("text=Danh sách cửa hàng")
    expect(page.locator("#round-totals")).to_have_text("Đã kiểm tra 2 cửa hàng: 1 đúng, 1 sai lệch")
    page.click("text=Kết thúc lượt kiểm tra")
    expect(page.locator("ul.check-problems li strong")).to_have_text("Tiệm bánh Anh Ba")
    fits(page)
    screenshot(page, "checks-street-open")
