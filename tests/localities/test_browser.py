"""The locality browser in a phone-sized chromium: list, search without diacritics, a unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.localities import services
from app.localities.models import Locality
from tests.conftest import screenshot, sign_in_page
from tests.factories import PASSWORD, make_user
from tests.localities.conftest import hamlet_count


@pytest.mark.browser
def test_browse_search_and_open_a_ward(page: Any, legacy_loaded: None, an_hoi: Locality) -> None:
    services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap")
    page.goto("/dia-ban")
    assert page.locator("ul.provinces li").count() == 34
    screenshot(page, "localities-browse")

    page.fill("#f-q", "phuong an hoi")
    page.click("button[type=submit]")
    page.wait_for_url("**/dia-ban?q=phuong+an+hoi*")
    first = page.locator("ul.results li").first
    assert first.locator(".unit-name").inner_text() == "Phường An Hội"
    assert first.locator(".breadcrumbs").inner_text() == "Tỉnh Vĩnh Long"
    assert page.locator("ul.results .era").count() >= 1  # the legacy An Hội is labelled
    screenshot(page, "localities-search")

    first.locator(".unit-name").click()
    page.wait_for_url(f"**/dia-ban/{an_hoi.id}")
    assert page.locator("h1").inner_text().startswith("Phường An Hội")
    assert page.locator("ul.children li").inner_text().startswith("Ấp Phú Lợi")
    # Nothing overflows the 360 px viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "localities-detail")

    page.goto("/dia-ban?q=B%E1%BA%BFn+Tre")
    assert page.locator("ul.results li").count() == 3
    page.locator("ul.results .unit-name", has_text="Tỉnh Bến Tre").click()
    assert "Tỉnh Vĩnh Long" in page.locator("section.conversion").inner_text()
    screenshot(page, "localities-legacy")


@pytest.mark.browser
def test_officer_adds_hamlets_by_hand_and_from_a_file(
    page: Any, an_hoi: Locality, tmp_path: Path
) -> None:
    make_user("canbo@example.vn", ("officer", an_hoi))
    sign_in_page(page, "canbo@example.vn", PASSWORD)
    page.goto(f"/dia-ban/{an_hoi.id}")

    page.fill("#f-name", "Khu phố 1")
    page.select_option("#f-kind", "khu_pho")
    page.click("#them-thon button[type=submit]")
    assert "Đã thêm Khu phố 1." in page.inner_text("main")
    page.fill("#f-name", "khu pho 1")  # the same name without diacritics
    page.select_option("#f-kind", "khu_pho")
    page.click("#them-thon button[type=submit]")
    assert page.locator("#e-f-name").is_visible()
    assert page.get_attribute("#f-name", "aria-invalid") == "true"
    screenshot(page, "localities-hamlet-duplicate")

    bad = tmp_path / "thon-loi.csv"
    bad.write_text("tên,loại,mã\nKhu phố 2,Khu phố,\n=HYPERLINK(1),Khu phố,\n", encoding="utf-8")
    page.click("text=Nhập từ tệp")
    page.set_input_files("#f-file", str(bad))
    page.click('button:has-text("Xem trước")')
    assert "1 dòng có lỗi" in page.inner_text("main")
    assert page.locator("tr.row-bad .error").first.is_visible()  # beside the row, on screen
    assert page.locator("text=Xác nhận thêm").count() == 0  # nothing can be written
    screenshot(page, "localities-import-errors")

    good = tmp_path / "thon.csv"
    good.write_text("tên,loại\nKhu phố 2,Khu phố\nKhu phố 3,Khu phố\n", encoding="utf-8-sig")
    page.set_input_files("#f-file", str(good))
    page.click('button:has-text("Xem trước")')
    assert "Không có lỗi" in page.inner_text("main")
    screenshot(page, "localities-import-preview")
    page.click("text=Xác nhận thêm 2 thôn/ấp")
    assert "Đã thêm 2 thôn/ấp" in page.inner_text("main")
    names = page.locator("ul.children .unit-name").all_inner_texts()
    assert {"Khu phố 1", "Khu phố 2", "Khu phố 3"} <= set(names)
    assert hamlet_count(an_hoi) == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
