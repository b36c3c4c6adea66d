"""Every page a person uses, in chromium, under the Content-Security-Policy: nothing is blocked.

A page that still carried an inline script, style or handler, or that loaded something from
another host, would log "Refused to … because it violates the following Content Security
Policy directive" and fire a `securitypolicyviolation` event; both are collected here and the
test fails on any. A first check proves the detector sees a violation when there is one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import screenshot, scroll_to_text, sign_in_page
from tests.factories import PASSWORD, Places, make_user

pytestmark = pytest.mark.browser

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)

_LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(
    `${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
  );
});
"""


class Violations:
    """What the browser reported: CSP console messages, violation events, script errors."""

    def __init__(self, page: Any) -> None:
        self.found: list[str] = []
        page.expose_function("reportCspViolation", self._report)
        page.add_init_script(_LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))

    def _report(self, text: str) -> None:
        self.found.append(text)

    def _console(self, message: Any) -> None:
        if "content security policy" in message.text.lower():
            self.found.append(f"console {message.type}: {message.text}")

    def take(self) -> list[str]:
        found, self.found[:] = list(self.found), []
        return found


@pytest.fixture
def watched(page: Any) -> Iterator[tuple[Any, Violations]]:
    violations = Violations(page)
    yield page, violations


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")


def test_the_detector_sees_a_violation(watched: tuple[Any, Violations]) -> None:
    page, violations = watched
    page.goto("/")
    _settle(page)
    assert violations.take() == []
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)  # the event is delivered asynchronously
    found = violations.take()
    assert any("style-src" in item for item in found), found


def test_no_page_breaks_the_policy(watched: tuple[Any, Violations]) -> None:
    page, violations = watched
    places = Places()
    make_user("admin@example.vn", "admin", name="Quản trị")
    visited: dict[str, list[str]] = {}

    def visit(name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(path)
        _settle(page)
        visited[name] = violations.take()

    # Anonymous: make a code (the answer shows its images), check one, the localities.
    page.goto("/")
    visit("make a code")
    page.fill("#f-bank", "VietinBank")
    page.fill("#f-account", "113366668888")
    page.fill("#f-amount", "79000")
    page.click("button[type=submit]")
    page.wait_for_selector(".qr-preview img.sign")
    visit("a code made")
    screenshot(page, "csp-code-made")
    page.goto("/kiem-tra")
    visit("check a code")
    page.fill("#f-payload", SAMPLE)
    page.click("button[type=submit]")
    page.wait_for_selector("#result")
    visit("a code checked")
    visit("localities", "/dia-ban")
    visit("a locality", f"/dia-ban/{places.commune_a.id}")
    visit("sign up", "/dang-ky")
    visit("log in", "/dang-nhap")

    # The API reference: Swagger UI renders, and an operation opens with its schemas.
    page.goto("/api/docs")
    page.get_by_text("Mã thanh toán / Payment codes", exact=True).wait_for()
    scroll_to_text(page, "/api/v1/qr/decode").click()
    page.locator(".opblock.is-open").first.wait_for()
    visit("API reference")
    screenshot(page, "csp-api-docs")

    # An admin: account (a new token), users (an invitation), the audit log, a locality.
    sign_in_page(page, "admin@example.vn", PASSWORD)
    visit("account", "/tai-khoan")
    page.fill("#ma-truy-cap #name", "Bảng tính")
    page.click("#ma-truy-cap input[type=submit]")
    page.wait_for_selector("#new-token")
    page.focus("#new-token")  # static/js/app.js selects the secret, ready to copy
    assert page.evaluate("document.activeElement.selectionEnd") > 0
    visit("a token created")
    screenshot(page, "csp-account-token")
    page.goto("/tai-khoan")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("form[data-confirm] button").first.click()
    page.wait_for_timeout(200)
    assert dialogs and "Thu hồi" in dialogs[0]  # the confirmation still asks first
    visit("a revocation asked")
    visit("users", "/nguoi-dung")
    page.fill("#email", "canbo@example.vn")
    page.select_option("#role", "officer")
    page.select_option("#locality", str(places.commune_a.id))
    page.click("form[action$='/nguoi-dung/moi'] [type=submit]")
    page.wait_for_selector("#invitation-link")
    visit("an invitation made")
    screenshot(page, "csp-users-invited")
    visit("audit log", "/nhat-ky")
    visit("a locality as admin", f"/dia-ban/{places.commune_a.id}")
    visit("hamlet import", f"/dia-ban/{places.commune_a.id}/nhap-thon")
    visit("the invitation", "/loi-moi/khong-co")

    broken = {name: found for name, found in visited.items() if found}
    assert broken == {}, broken
    assert len(visited) >= 18
