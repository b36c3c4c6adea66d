"""Every kind of page a demo account reaches, in a 360-px phone (playwright + chromium): after
`flask demo load`, each account (admin, officer, viewer, vendor, host) follows its pages' links,
one page of each kind (`tests.test_demo_links`), in Vietnamese and in English, and no page is
wider than the phone once its stylesheets are in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskCliRunner

from tests.conftest import sign_in_page
from tests.test_demo_links import ACCOUNTS, _links, walk

pytestmark = pytest.mark.browser

#: Pages each account opens at most.
PAGES = 150
#: How long a page may take: the first visit of the country's dashboard after `demo load`
#: computes every indicator from raw rows (over 10 s on PostgreSQL with the suite beside it).
FIRST_VISIT = 90_000
#: Files, not pages.
FILES = (".csv", ".xlsx", ".png", ".docx", ".pdf", ".ics", "/api/")


def _too_wide(page: Any, email: str, language: str) -> tuple[int, list[str]]:
    """How many pages the account opened in `language`, and those wider than the phone."""
    page.context.clear_cookies()
    sign_in_page(page, email, "quet-demo-2026")
    after_sign_in = page.url
    page.goto(f"/lang/{language}")
    page.goto(after_sign_in)
    landed = urlsplit(page.url).path  # where signing in leads: the account's own start
    wide: list[str] = []

    def visit(path: str, _linked_from: str) -> list[str]:
        answer = page.goto(path, timeout=FIRST_VISIT)
        if answer is None or "text/html" not in (answer.headers.get("content-type") or ""):
            return []
        # every request of the page done (fonts too), so that none is cut short by the next
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"{email} ({language}): {width}px {path}")
        return [link for link in _links(path, page.content()) if not any(f in link for f in FILES)]

    starts = ["/", landed] if landed != "/" else ["/"]
    return walk(starts, visit, pages=PAGES, per_kind=1), wide


def test_no_page_is_wider_than_a_phone(page: Any, runner: FlaskCliRunner) -> None:
    loaded = runner.invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    wide: list[str] = []
    for language in ("vi", "en"):  # English words are longer, and never break
        for email in ACCOUNTS:
            opened, found = _too_wide(page, email, language)
            assert opened >= 5, email
            wide += found
    assert wide == [], "\n".join(wide)
