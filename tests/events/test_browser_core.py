"""The hosts' event pages in a phone-sized chromium (360 px): creating a wedding with two sides
(a bad account refused beside its field first), a ceremony with its lunar date, the event's
page with its public links to copy, the hosts page and the delete confirmation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_event, make_guest, make_user


@pytest.mark.browser
def test_creating_a_wedding_with_two_sides(app: Flask, page: Any) -> None:
    places = Places()
    make_user("host@x.vn", name="Nguyễn Văn Minh")
    sign_in_page(page, "host@x.vn", PASSWORD)
    page.goto("/su-kien")
    page.click("text=Tạo sự kiện mừng")
    page.wait_for_url("**/su-kien/moi")

    page.fill("#dia-ban-q", "an binh")
    page.click(".locality-search button[type=submit]")
    page.wait_for_url("**/su-kien/moi?dia_ban=*")
    page.select_option("#f-locality", str(places.commune_a.id))
    page.select_option("#f-kind", "dam_cuoi")
    page.fill("#f-title", "Lễ cưới Minh & Lan")
    page.fill("#f-message", "Trân trọng kính mời quý khách đến chung vui cùng gia đình.")
    page.fill("#f-side-name", "Nhà trai")
    page.fill("#f-hosts-names", "Ông Nguyễn Văn An – Bà Trần Thị Bình")
    page.select_option("#f-bank", "970436")
    page.fill("#f-account-number", "0011#004455667")
    page.fill("#f-account-name", "NGUYEN VAN MINH")
    page.click(".event-form button[type=submit]")
    expect(page.locator("#e-f-account-number")).to_be_visible()
    assert page.input_value("#f-title") == "Lễ cưới Minh & Lan"
    fits(page)
    screenshot(page, "events-new-bad-account")

    page.fill("#f-account-number", "0011004455667")
    page.click(".event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/su-kien/\d+$"))
    expect(page.locator("article.side")).to_have_count(1)

    page.click("text=Thêm bên nhận mừng")
    page.fill("#f-name", "Nhà gái")
    page.fill("#f-hosts-names", "Ông Trần Văn Hải – Bà Lê Thị Mai")
    page.select_option("#f-bank", "970415")
    page.fill("#f-account-number", "113366668888")
    page.fill("#f-account-name", "TRAN THI LAN")
    page.click("form.event-form button[type=submit]")
    page.wait_for_url("**/su-kien/*#ben-*")
    sides = page.locator("article.side")
    expect(sides).to_have_count(2)

    sides.nth(1).locator("text=Thêm nghi lễ").click()
    page.fill("#f-name", "Lễ Vu Quy")
    page.fill("#f-starts-at", "2024-09-17T08:30")
    page.fill("#f-venue", "Tư gia nhà gái")
    page.fill("#f-address", "Thôn Đông, xã An Bình")
    page.fill("#f-map-url", "https://maps.app.goo.gl/anbinh")
    page.click("form.event-form button[type=submit]")
    page.wait_for_url("**/su-kien/*#ben-*")

    bride = page.locator("article.side").nth(1)
    text = bride.inner_text()
    assert "Lễ Vu Quy" in text and "08:30, 17/09/2024" in text
    assert "Nhằm ngày 15/8 âm lịch, năm Giáp Thìn" in text
    assert "113366668888" in text and "VietinBank" in text
    links = page.locator("#duong-dan input.copyable")
    expect(links).to_have_count(3)
    assert links.first.input_value().startswith("http://127.0.0.1:")
    expect(page.locator("#duong-dan button[data-copy]").first).to_be_visible()
    fits(page)
    screenshot(page, "events-event")


@pytest.mark.browser
def test_hosts_and_the_delete_confirmation(app: Flask, page: Any) -> None:
    places = Places()
    owner = make_user("owner@x.vn", name="Nguyễn Văn Minh")
    event = make_event(owner, places.commune_a)
    make_guest(event)
    make_user("co@x.vn", name="Trần Thị Lan")
    sign_in_page(page, "owner@x.vn", PASSWORD)
    page.goto(f"/su-kien/{event.id}/chu-nha")
    page.fill("#f-login", "0912000111")
    page.click("#moi button[type=submit]")
    expect(page.locator("#e-f-login")).to_contain_text("đăng ký trước")
    page.fill("#f-login", "co@x.vn")
    page.select_option("#f-side", str(event.sides[1].id))
    page.click("#moi button[type=submit]")
    expect(page.locator("ul.host-list li")).to_have_count(2)
    assert "Trần Thị Lan" in page.inner_text("ul.host-list")
    fits(page)
    screenshot(page, "events-hosts")

    page.goto(f"/su-kien/{event.id}")
    page.click("text=Xoá sự kiện…")
    page.wait_for_url(f"**/su-kien/{event.id}/xoa")
    assert "1 khách mời" in page.inner_text("ul.deleted-counts")
    fits(page)
    screenshot(page, "events-delete")
    page.click("button.danger")
    page.wait_for_url("**/su-kien")
    assert "Bạn chưa có sự kiện nào" in page.inner_text("main")
