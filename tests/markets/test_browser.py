"""The markets pages in a phone-sized chromium (360 px): a locality's markets, the market page,
a stall number used twice, the vendor page with its sign, recording "not taking part", the
audit log of these changes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.markets import services
from tests.audit.test_browser import BROKEN_WORDS
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import ACCOUNT, BANK, World, add_step, add_vendor
from tests.markets.test_audit_words import _everything_recorded


def _roster(world: World) -> Any:
    dao = add_vendor(world, "Cô Nguyễn Thị Đào", stall_ids=[world.stalls[0].id], goods="Cá đồng")
    services.add_account(
        world.officer_a, dao, {"bank": BANK, "number": ACCOUNT, "holder_name": "NGUYEN THI DAO"}
    )
    add_step(world, dao, "enrolled", date(2026, 3, 1))
    add_step(world, dao, "qr_displayed", date(2026, 3, 8))
    add_step(world, dao, "receiving", date(2026, 4, 2))
    ba = add_vendor(world, "Bác Trần Văn Ba", stall_ids=[world.stalls[1].id], goods="Rau")
    add_step(world, ba, "not_taking_part", date(2026, 3, 1), "elderly")
    add_vendor(world, "Chị Lê Thị Hoa", stall_ids=[world.stalls[2].id], goods="Trái cây")
    services.create_street(
        world.officer_a,
        {"name": "Phố đi bộ An Bình", "locality_id": world.places.commune_a.id},
    )
    return dao


@pytest.mark.browser
def test_market_page_and_a_taken_stall_number(page: Any, world: World) -> None:
    _roster(world)
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/dia-ban/{world.places.commune_a.id}/cho")
    assert page.locator("ul.place-list li").count() == 2
    assert "3 tiểu thương" in page.inner_text("ul.place-list")
    fits(page)
    screenshot(page, "markets-places")

    page.click("text=Chợ An Bình")
    page.wait_for_url(f"**/cho/{world.market.id}")
    vendors = page.locator("ul.vendor-list li")
    assert vendors.count() == 3
    assert "Đang nhận chuyển khoản" in vendors.nth(2).inner_text()
    assert "Người cao tuổi" in vendors.first.inner_text()
    assert "Chưa ghi nhận" in vendors.nth(1).inner_text()
    fits(page)
    screenshot(page, "markets-market")

    page.fill("#f-number", "2")
    page.click("#sap form button[type=submit]")
    assert "Số sạp '2' đã có trong chợ này." in page.inner_text("#e-f-number")
    assert page.locator("table.stalls tbody tr").count() == 3
    fits(page)
    screenshot(page, "markets-stall-taken")


@pytest.mark.browser
def test_vendor_page_sign_and_a_step(page: Any, world: World) -> None:
    dao = _roster(world)
    hoa = services.vendors_in(world.officer_a, market=world.market).items[1]
    assert hoa.name == "Chị Lê Thị Hoa"
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/tieu-thuong/{dao.id}")
    sign = page.locator("img.sign-preview")
    sign.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", sign.element_handle())
    assert page.locator("ol.history li").count() == 3
    assert page.locator("ul.account-list .badge").inner_text() == "Chính"
    fits(page)
    screenshot(page, "markets-vendor")

    page.goto(f"/tieu-thuong/{hoa.id}")
    page.select_option("#f-status", "not_taking_part")
    page.click("#lich-su form button[type=submit]")
    assert "Hãy chọn lý do." in page.inner_text("#e-f-reason")
    page.select_option("#f-status", "not_taking_part")
    page.select_option("#f-reason", "no_smartphone")
    page.click("#lich-su form button[type=submit]")
    page.wait_for_url(f"**/tieu-thuong/{hoa.id}#lich-su")
    assert "Không có điện thoại thông minh" in page.inner_text("ol.history")
    assert "officer-a@x.vn" in page.inner_text("ol.history")
    fits(page)
    screenshot(page, "markets-vendor-step")


@pytest.mark.browser
def test_the_audit_log_of_markets_on_a_phone(page: Any, world: World) -> None:
    """The markets' entries read in words on a 360-px phone, and nothing overflows."""
    _everything_recorded(world)
    sign_in_page(page, "admin@x.vn", PASSWORD)
    page.goto("/nhat-ky")
    log = page.locator("ol.audit-list")
    assert log.evaluate(BROKEN_WORDS) == []
    text = log.inner_text()
    assert "Cô Đào · VietinBank (970415) 113366668888" in text
    assert "Sạp 1, Sạp 2" in text and "Lo ngại về thuế" in text
    fits(page)
    screenshot(page, "markets-audit-log")
