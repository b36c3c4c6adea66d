"""Envelopes entered on a 360-px phone with the network off: queued on the phone, kept through
a reload offline (the service worker keeps the page), synced once when the network returns,
and not doubled when the same queue is sent again. Then the ledger page with its totals."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.events.models import GiftEvent, LedgerEntry
from app.extensions import db
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_event, make_guest, make_user


def _entries() -> list[tuple[str, str, Any]]:
    db.session.expire_all()
    return [
        (entry.giver_name, entry.unit, entry.quantity)
        for entry in db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.id))
    ]


def _envelope(page: Any, name: str, *, amount: str | None = None, unit: str = "dong",
              typed: str = "") -> None:  # fmt: skip
    page.fill("#f-giver-name", name)
    page.check(f"input[name=unit][value={unit}]")
    if amount:
        page.click(f".quick-amounts button[data-amount='{amount}']")
    else:
        page.fill("#f-quantity", typed)
    page.click("button.save-envelope")


@pytest.fixture
def wedding(app: Any) -> GiftEvent:
    host = make_user("host@x.vn", "host")
    event = make_event(host, Places().commune_a)
    make_guest(event, "Trần Văn Nam")
    make_guest(event, "Lê Thị Hồng")
    return event


@pytest.mark.browser
@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_envelopes_entered_offline_are_synced_once(page: Any, wedding: GiftEvent) -> None:
    event = wedding
    sign_in_page(page, "host@x.vn", PASSWORD)
    url = f"/su-kien/{event.id}/so-mung/nhap-nhanh"
    page.goto(url)
    # The service worker takes the page in hand, then a reload lets it keep a copy.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    expect(page.locator(".quick-amounts")).to_be_visible()
    assert page.evaluate("!!navigator.serviceWorker.controller")
    assert page.locator("#guest-names option").count() == 2

    page.context.set_offline(True)
    _envelope(page, "Trần Văn Nam", amount="500000")
    _envelope(page, "Lê Thị Hồng", amount="1000000")
    _envelope(page, "Bác Sáu", unit="gold_chi", typed="0,5")
    items = page.locator(".session-list li")
    expect(items).to_have_count(3)
    expect(page.locator("[data-pending]")).to_have_text("3")
    expect(page.locator(".session-list .envelope-waiting")).to_have_count(3)
    expect(page.locator("[data-total]")).to_have_text("1.500.000 đ · 0,5 chỉ vàng")
    assert _entries() == []
    fits(page)
    screenshot(page, "events-ledger-offline-queue")

    # The tab reopened with no network: the page comes from the service worker's copy and the
    # queue from the phone's storage.
    page.reload()
    expect(page.locator(".session-list .envelope-waiting")).to_have_count(3)
    expect(page.locator("[data-pending]")).to_have_text("3")
    screenshot(page, "events-ledger-offline-reloaded")

    page.context.set_offline(False)  # the "online" event sends the queue
    expect(page.locator(".session-list .envelope-saved")).to_have_count(3)
    expect(page.locator("[data-pending]")).to_have_text("0")
    entries = _entries()
    assert sorted(name for name, _unit, _q in entries) == ["Bác Sáu", "Lê Thị Hồng", "Trần Văn Nam"]
    assert ("Bác Sáu", "gold_chi") in [(name, unit) for name, unit, _q in entries]
    screenshot(page, "events-ledger-synced")

    # The answer was lost and the phone sends the same queue again: nothing is doubled.
    with page.expect_response(lambda r: r.url.endswith("/ledger/sync")) as answer:
        page.evaluate(
            "(() => { const id = document.getElementById('quick-entry').dataset.event;"
            " localStorage.setItem(`quet-ledger-queue-${id}`,"
            " localStorage.getItem(`quet-ledger-session-${id}`));"
            " window.dispatchEvent(new Event('online')); })()"
        )
    statuses = [result["status"] for result in answer.value.json()["results"]]
    assert statuses == ["exists", "exists", "exists"]
    expect(page.locator("[data-pending]")).to_have_text("0")
    expect(page.locator(".session-list .envelope-saved")).to_have_count(3)
    expect(page.locator(".session-list .envelope-refused")).to_have_count(0)
    assert len(_entries()) == 3
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == 3

    page.click("text=Xem sổ mừng")
    page.wait_for_url(f"**/su-kien/{event.id}/so-mung")
    expect(page.locator("li.ledger-entry")).to_have_count(3)
    overall = page.inner_text(".ledger-overall")
    assert "1.500.000 đ" in overall and "0,5 chỉ vàng" in overall
    fits(page)
    screenshot(page, "events-ledger-page")

    page.check("li.ledger-entry >> nth=0 >> input[type=checkbox]")
    page.click(".ledger-bulk button[value='1']")
    expect(page.locator("li.ledger-entry.thanked")).to_have_count(1)
