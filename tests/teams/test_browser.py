"""The teams pages in a phone-sized chromium (360 px): found a team, add a member, record an
activity with outcomes, import members from a file; a refusal shown beside its field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from app.teams import services
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.teams.conftest import TeamWorld


@pytest.mark.browser
def test_found_a_team_add_a_member_and_record_an_activity(page: Any, world: TeamWorld) -> None:
    commune = world.places.commune_a
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/to-cong-nghe-so?locality_id={commune.id}")
    expect(page.locator("text=Chưa có tổ nào.")).to_be_visible()
    page.click("text=Lập tổ")
    page.fill("#f-name", "Tổ công nghệ số xã An Bình")
    page.fill("#f-founded-on", "2025-07-15")
    page.fill("#f-decision", "Quyết định 215/QĐ-UBND")
    fits(page)
    screenshot(page, "teams-new")
    page.click("form.team-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổ công nghệ số xã An Bình")

    page.click("text=Thêm thành viên")
    page.fill("#f-name", "Nguyễn Văn An")
    page.select_option("#f-role", "to_truong")
    page.fill("#f-phone", "0912 345 678")
    page.fill("#f-joined-on", "2025-07-15")
    page.click("form.team-form button[type=submit]")
    expect(page.locator("#thanh-vien")).to_contain_text("Nguyễn Văn An · Tổ trưởng · 0912345678")

    # The same person again: the refusal stands beside the phone.
    page.click("text=Thêm thành viên")
    page.fill("#f-name", "Anh An")
    page.fill("#f-phone", "+84912345678")
    page.fill("#f-joined-on", "2025-08-01")
    page.click("form.team-form button[type=submit]")
    expect(page.locator("#e-f-phone")).to_contain_text("đã là thành viên tổ")
    fits(page)
    screenshot(page, "teams-member-refused")
    page.click("text=Huỷ")

    page.click("text=Ghi hoạt động")
    page.fill("#f-held-on", "2025-09-01")
    page.select_option("#f-topic", label="Ví điện tử (MoMo, ZaloPay, ViettelMoney)")
    page.fill("#f-place", "Chợ An Bình")
    page.fill("#f-people", "40")
    page.fill("#f-outcome-e_wallet", "15")
    page.fill("#f-outcome-dvc_account", "23")
    fits(page)
    screenshot(page, "teams-activity-form")
    page.click("form.team-form button[type=submit]")
    expect(page.locator("#ket-qua")).to_contain_text("tài khoản dịch vụ công được tạo")
    expect(page.locator("#ket-qua")).to_contain_text("40 lượt người")
    expect(page.locator("#hoat-dong")).to_contain_text("ví điện tử được mở: 15")
    fits(page)
    screenshot(page, "teams-team")

    # 15 e-wallets was 16: corrected on the activity's own form, filled with what was recorded
    page.locator("#hoat-dong .activity-actions a", has_text="Sửa").click()
    expect(page.locator("#f-outcome-e_wallet")).to_have_value("15")
    expect(page.locator("#f-place")).to_have_value("Chợ An Bình")
    page.fill("#f-outcome-e_wallet", "16")
    fits(page)
    page.click("form.team-form button[type=submit]")
    expect(page.locator("#hoat-dong")).to_contain_text("ví điện tử được mở: 16")
    expect(page.locator("#ket-qua")).to_contain_text("16")
    screenshot(page, "teams-activity-corrected")

    page.goto(f"/to-cong-nghe-so?locality_id={commune.id}")
    expect(page.locator("ul.team-list")).to_contain_text("1 thành viên")
    fits(page)
    screenshot(page, "teams-list")


@pytest.mark.browser
def test_import_members_from_a_file(page: Any, world: TeamWorld, tmp_path: Path) -> None:
    team = world.team()
    good = tmp_path / "thanh-vien.csv"
    good.write_text(
        "Họ tên,Vai trò,Điện thoại,Ngày vào tổ\n"
        "Nguyễn Văn An,Tổ trưởng,0912345678,15/07/2025\n"
        "Trần Thị Bình,,,01/08/2025\n",
        encoding="utf-8",
    )
    bad = tmp_path / "sai.csv"
    bad.write_text(
        "Họ tên,Ngày vào tổ\nLê Văn Cường,15/07/2025\nLê Văn Cường,16/07/2025\n", encoding="utf-8"
    )
    sign_in_page(page, "officer-a@x.vn", PASSWORD)
    page.goto(f"/to-cong-nghe-so/{team.id}")
    page.locator("#thanh-vien").get_by_text("Nhập từ tệp").click()
    page.set_input_files("#f-file", str(bad))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#xem-truoc")).to_contain_text("Trùng người với dòng 2")
    fits(page)
    screenshot(page, "teams-import-refused")
    page.set_input_files("#f-file", str(good))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#xem-truoc")).to_contain_text("Không có lỗi")
    screenshot(page, "teams-import-preview")
    page.click("text=Xác nhận thêm 2 dòng")
    expect(page.locator("#thanh-vien")).to_contain_text("Trần Thị Bình")
    assert services.members_of(team).total == 2
