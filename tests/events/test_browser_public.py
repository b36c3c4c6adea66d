"""The public pages in a phone-sized chromium (360 px): the event page with its QR, an RSVP, a
wish, a reload with no network once the service worker is active; the guest's personal page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.events.models import GiftEvent, Rsvp, Wish
from app.extensions import db
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_event, make_guest, make_user


def _wedding() -> GiftEvent:
    event = make_event(make_user("host@x.vn", "host"), Places().commune_a)
    groom, bride = event.sides
    groom.hosts_names = "Ông Nguyễn Văn Hùng – Bà Lê Thị Thu Hương"
    bride.hosts_names = "Ông Trần Quốc Tuấn – Bà Phạm Thị Ngọc Lan"
    bride.ceremonies[0].name = "Lễ Vu Quy"
    bride.ceremonies[0].address = "Số 125 đường Nguyễn Huệ, xã An Bình"
    bride.ceremonies[0].map_url = "https://www.openstreetmap.org/?mlat=10.77&mlon=106.70"
    db.session.commit()
    return event


def _qr_loaded(page: Any, count: int) -> None:
    images = page.locator("img.qr-img")
    expect(images).to_have_count(count)
    for i in range(count):
        handle = images.nth(i).element_handle()
        assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", handle)


@pytest.mark.browser
def test_event_page_rsvp_wish_and_offline_reload(page: Any) -> None:
    event = _wedding()
    path = f"/m/{event.token}"
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Lễ cưới Minh & Lan")
    _qr_loaded(page, 2)
    assert "âm lịch" in page.inner_text("#h-when + ul")
    fits(page)
    screenshot(page, "events-public-page")

    page.fill("#r-name", "Chị Hoa")
    page.select_option("#r-side", label="Nhà gái")
    page.check("#r-answer-0")
    page.fill("#r-people", "3")
    page.click("#tra-loi button[type=submit]")
    expect(page.locator(".flash")).to_have_text("Cảm ơn bạn đã trả lời!")
    rsvp = db.session.scalars(select(Rsvp)).one()
    assert (rsvp.name, rsvp.side_id, rsvp.people) == ("Chị Hoa", event.sides[1].id, 3)

    page.fill("#w-name", "Bạn Hùng")
    page.fill("#w-message", "Chúc hai bạn <b>trăm năm</b> hạnh phúc!")
    page.click("#loi-chuc button[type=submit]")
    expect(page.locator(".flash")).to_have_text("Cảm ơn lời chúc của bạn!")
    expect(page.locator(".wishes .wish-text")).to_have_text(
        "Chúc hai bạn <b>trăm năm</b> hạnh phúc!"
    )
    assert db.session.scalars(select(Wish)).one().public
    page.fill("#w-name", "Bạn Dài")
    page.fill("#w-message", "chúc " * 300)
    page.click("#loi-chuc button[type=submit]")
    expect(page.locator("#e-w-message")).to_contain_text("Lời chúc quá dài: 1499 ký tự")
    fits(page)
    screenshot(page, "events-public-wish-too-long")

    # Offline: the worker is active and has the page, its CSS and QR images.
    page.goto(path)
    expect(page.locator("body[data-offline-ready='1']")).to_have_count(1)
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text("Lễ cưới Minh & Lan")
    _qr_loaded(page, 2)
    expect(page.locator(".btn").first).to_have_css("border-radius", "8px")  # public.css, cached
    page.fill("#w-name", "Bạn Mất Sóng")
    page.fill("#w-message", "Chúc mừng")
    page.click("#loi-chuc button[type=submit]")
    expect(page.locator("#loi-chuc .offline")).to_be_visible()
    fits(page)
    screenshot(page, "events-public-offline")
    page.context.set_offline(False)
    assert db.session.scalars(select(Wish).where(Wish.name == "Bạn Mất Sóng")).first() is None


@pytest.mark.browser
def test_guest_page_greets_the_guest_and_keeps_one_answer(page: Any) -> None:
    event = _wedding()
    guest = make_guest(event, "Trần Văn Nam", side_index=1)
    page.goto(f"/m/k/{guest.token}")
    expect(page.locator(".invite")).to_have_text("Kính mời anh Trần Văn Nam")
    assert "Nhà trai" not in page.inner_text("header")
    _qr_loaded(page, 1)
    expect(page.locator("#r-name")).to_have_value("Trần Văn Nam")
    expect(page.locator("#r-side")).to_have_count(0)
    page.check("#r-answer-1")
    page.fill("#r-people", "2")
    page.click("#tra-loi button[type=submit]")
    expect(page.locator(".flash")).to_have_text("Cảm ơn bạn đã trả lời!")
    expect(page.locator("#r-answer-1")).to_be_checked()
    page.check("#r-answer-0")
    page.click("#tra-loi button[type=submit]")
    expect(page.locator("#r-answer-0")).to_be_checked()
    rsvp = db.session.scalars(select(Rsvp)).one()
    assert (rsvp.guest_id, rsvp.answer, rsvp.people) == (guest.id, "yes", 2)
    fits(page)
    screenshot(page, "events-guest-page")


@pytest.mark.browser
def test_hosts_page_hides_a_wish_and_counts_people(page: Any) -> None:
    event = _wedding()
    groom, bride = event.sides
    db.session.add_all(
        [
            Wish(event=event, name="Bạn Hùng", message="Chúc trăm năm hạnh phúc", public=True),
            Wish(event=event, name="Cô Ba", message="Lời riêng cho cô dâu", public=False),
            Rsvp(side=groom, name="Chị Hoa", answer="yes", people=3),
            Rsvp(side=bride, name="Chú Tư", answer="maybe", people=2),
        ]
    )
    db.session.commit()
    sign_in_page(page, "host@x.vn", PASSWORD)
    page.goto(f"/su-kien/{event.id}/loi-chuc")
    rows = page.locator("table.rsvp-counts tbody tr")
    expect(rows.nth(0)).to_contain_text("Nhà trai")
    assert rows.nth(0).locator("td").nth(1).inner_text() == "3"
    assert rows.nth(1).locator("td").nth(2).inner_text() == "2"
    expect(page.locator(".wish-list li")).to_have_count(2)
    fits(page)
    screenshot(page, "events-wishes-hosts")
    shown = page.locator(".wish-list li", has_text="Chúc trăm năm hạnh phúc")
    shown.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("Đã ẩn lời chúc.")
    expect(page.locator(".wish-list li", has_text="Chúc trăm năm")).to_contain_text("đã ẩn")
    page.goto(f"/m/{event.token}")
    expect(page.locator(".wishes")).to_have_count(0)
