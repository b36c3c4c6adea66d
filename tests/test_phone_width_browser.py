"""Every kind of page a demo account reaches, in a 360-px phone (playwright + chromium): after
`flask demo load`, each account (admin, officer, viewer, vendor, host) follows its pages' links,
one page of each kind (`tests.test_demo_links`), in Vietnamese and in English, and no page is
wider than the phone once its stylesheets are in."""

from __future__ import annotations

from collections import Counter, deque
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskCliRunner

from tests.conftest import sign_in_page
from tests.test_demo_links import ACCOUNTS, _kind, _links

pytestmark = pytest.mark.browser

#: Pages each account opens at most.
PAGES = 150
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
    seen = {"/", landed}
    kinds: Counter[str] = Counter()
    queue = deque(["/", landed] if landed != "/" else ["/"])
    wide: list[str] = []
    opened = 0
    while queue and opened < PAGES:
        path = queue.popleft()
        opened += 1
        answer = page.goto(path)
        if answer is None or "text/html" not in (answer.headers.get("content-type") or ""):
            continue
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"{email} ({language}): {width}px {path}")
        for link in _links(path, page.content()):
            if link not in seen and not kinds[_kind(link)] and not any(f in link for f in FILES):
                kinds[_kind(link)] += 1
                seen.add(link)
                queue.append(link)
    return opened, wide


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
