"""The locality browser in a phone-sized chromium: list, search without diacritics, a unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.localities import services
from app.localities.models import Locality
from tests.conftest import fits, screenshot, sign_in_page
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
    fits(page)
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
    fits(page)


@pytest.mark.browser
def test_officer_renames_moves_retires_and_restores_a_hamlet(
    page: Any, an_hoi: Locality, vinh_long: Locality
) -> None:
    hamlet = services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap", "PL")
    services.add_hamlet(an_hoi, "Ấp Tân Quới", "ap")
    make_user("tinh@example.vn", ("officer", vinh_long))
    sign_in_page(page, "tinh@example.vn", PASSWORD)
    page.goto(f"/dia-ban/{hamlet.id}")
    assert page.input_value("#f-name") == "Ấp Phú Lợi"
    fits(page)
    screenshot(page, "localities-hamlet-manage")

    page.fill("#f-name", "tan quoi")  # another hamlet's name, typed without diacritics
    page.click("#sua-thon button[type=submit]")
    assert page.locator("#e-f-name").is_visible()
    assert "đã có trong Phường An Hội" in page.inner_text("#e-f-name")
    assert page.input_value("#f-name") == "tan quoi"  # kept as typed
    fits(page)
    screenshot(page, "localities-hamlet-rename-error")

    page.fill("#f-name", "Phú Lợi Đông")
    page.click("#sua-thon button[type=submit]")
    assert "Đã lưu Ấp Phú Lợi Đông." in page.inner_text("main")
    assert page.locator("h1").inner_text().startswith("Ấp Phú Lợi Đông")

    page.select_option("#f-commune", label="Phường Bến Tre")
    page.click("#chuyen-thon button[type=submit]")
    assert "Đã chuyển Ấp Phú Lợi Đông sang Phường Bến Tre." in page.inner_text("main")
    assert "Phường Bến Tre" in page.inner_text("nav.breadcrumbs")

    page.once("dialog", lambda dialog: dialog.accept())  # "Ngừng dùng Ấp Phú Lợi Đông?"
    page.click("#ngung-thon button[type=submit]")
    assert "Đã ngừng dùng Ấp Phú Lợi Đông" in page.inner_text("main")
    assert page.locator("h1 .retired").is_visible()
    assert page.locator("#f-name").count() == 0  # a retired hamlet is restored before changes
    fits(page)
    screenshot(page, "localities-hamlet-retired")

    page.click("nav.breadcrumbs >> text=Phường Bến Tre")
    assert page.locator("ul.children").count() == 0  # out of the list…
    assert "Ấp Phú Lợi Đông" in page.inner_text("#ngung-dung")  # …kept among the retired
    fits(page)
    screenshot(page, "localities-commune-retired-list")
    page.click("#ngung-dung button:has-text('Khôi phục')")
    assert "Đã khôi phục Ấp Phú Lợi Đông." in page.inner_text("main")
    page.click("nav.breadcrumbs >> text=Phường Bến Tre")
    assert page.locator("ul.children .unit-name").all_inner_texts() == ["Ấp Phú Lợi Đông"]


@pytest.mark.browser
def test_a_long_province_page_filters_as_one_types(page: Any, vinh_long: Locality) -> None:
    page.goto(f"/dia-ban/{vinh_long.id}")
    items = page.locator("ul.children li")
    assert items.count() == 124
    page.fill("#f-filter", "an hoi")  # no diacritics, no reload
    visible = page.locator("ul.children li:visible .unit-name").all_inner_texts()
    assert "Phường An Hội" in visible and len(visible) < 10
    assert page.inner_text("#filter-status") == f"Hiện {len(visible)}/124 đơn vị."
    assert page.url.endswith(f"/dia-ban/{vinh_long.id}")  # filtered in place
    fits(page)
    screenshot(page, "localities-province-filter")
    page.fill("#f-filter", "")
    assert page.locator("ul.children li:visible").count() == 124
    assert page.inner_text("#filter-status") == ""


@pytest.mark.browser
def test_a_pre_2025_name_says_what_it_became(page: Any, legacy_loaded: None) -> None:
    page.goto("/dia-ban")
    page.fill("#f-q", "tỉnh Bến Tre")
    page.click("form.search-form button[type=submit]")
    first = page.locator("ul.results li").first
    assert first.locator(".unit-name").inner_text() == "Tỉnh Bến Tre"
    assert first.locator(".now-part-of").inner_text() == "Nay thuộc Tỉnh Vĩnh Long"
    fits(page)
    screenshot(page, "localities-legacy-search")

    page.fill("#f-q", "huyện Châu Thành")
    page.click("form.search-form button[type=submit]")
    hits = page.locator("ul.results li")
    assert hits.count() >= 5
    became = hits.locator(".now-part-of").all_inner_texts()
    assert len(became) == hits.count() and "Nay thuộc Tỉnh Vĩnh Long" in became
    fits(page)
    screenshot(page, "localities-legacy-district-search")
