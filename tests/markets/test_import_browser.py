"""Importing a market's roster in a phone-sized chromium (360 px): from the market page to the
import page, a file with a row error previewed, the file fixed and uploaded again, the rows
confirmed, the vendors on the market's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import World

HEADER = "Họ tên,Điện thoại,Mặt hàng,Số sạp,Khu,Ngân hàng,Số tài khoản,Tham gia,Lý do\n"
ROWS = (
    "Cô Nguyễn Thị Đào,0912345678,Cá đồng,A1,Khu A,VietinBank,113366668888,có,\n"
    "Bác Trần Văn Ba,,Rau,A2,Khu A,,,không,Người cao tuổi\n"
)


@pytest.mark.browser
def test_import_a_roster_with_a_row_error_then_fixed(
    page: Any, world: World, tmp_path: Path
) -> None:
    bad = tmp_path / "danh-sach.csv"
    bad.write_text(HEADER + ROWS + "Chị Lê Thị Hoa,0912345678,Trái cây,A1,,,,có,\n", "utf-8")
    good = tmp_path / "danh-sach-da-sua.csv"
    good.write_text(HEADER + ROWS + "Chị Lê Thị Hoa,0987654321,Trái cây,A3,,,,có,\n", "utf-8")

    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/cho/{world.market.id}")
    page.click("text=Nhập danh sách")
    page.wait_for_url(f"**/cho/{world.market.id}/nhap-danh-sach")
    assert page.locator("a[href$='/mau-danh-sach-tieu-thuong/cho.xlsx']").count() == 1
    fits(page)
    screenshot(page, "markets-import")

    page.set_input_files("#f-file", str(bad))
    page.click("form[enctype] button[type=submit]")
    bad_row = page.locator("table.preview tr.row-bad")
    assert bad_row.count() == 1
    text = bad_row.inner_text()
    assert "Trùng số điện thoại với dòng 2" in text and "Sạp 'A1' trùng với dòng 2" in text
    assert page.locator("text=Xác nhận thêm").count() == 0
    fits(page)
    screenshot(page, "markets-import-row-error")

    page.set_input_files("#f-file", str(good))
    page.click("form[enctype] button[type=submit]")
    assert page.locator("table.preview tr.row-bad").count() == 0
    assert "Không có lỗi" in page.inner_text("#xem-truoc h2")
    fits(page)
    screenshot(page, "markets-import-preview")

    page.click("text=Xác nhận thêm 3 tiểu thương")
    page.wait_for_url(f"**/cho/{world.market.id}")
    assert "Đã thêm 3 tiểu thương vào Chợ An Bình." in page.inner_text("body")
    vendors = page.locator("ul.vendor-list li")
    assert vendors.count() == 3
    assert "Người cao tuổi" in vendors.first.inner_text()
    assert page.locator("table.stalls tbody tr").count() == 6  # 1, 2, 3 and the new A1–A3
    fits(page)
    screenshot(page, "markets-import-done")
