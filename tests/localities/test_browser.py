"""The locality browser in a phone-sized chromium: list, search without diacritics, a unit."""

from __future__ import annotations

from typing import Any

import pytest

from app.localities import services
from app.localities.models import Locality
from tests.conftest import screenshot


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
