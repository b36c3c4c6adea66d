"""No dead links in what `make run` shows: after `flask demo load`, each demo account (and an
anonymous visitor) follows the links its pages show (same site, GET), breadth first from the
home page and from its units' pages, a few of each kind of page (a kind: the path with its
numbers as #, and its query's names), and none answers 404 or 5xx, nor a 403 (a link shown is a
link its reader may follow). Each page's markup names its language, uses each id once, labels
every field and gives every image a text alternative."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.factories import sign_in

#: Pages each account opens at most, and of each kind of page.
PAGES = 400
PER_KIND = 3
HREF = re.compile(r'href="([^"]+)"')
#: Links that end a session, switch the language or are files too large to be worth fetching.
SKIPPED = re.compile(r"^/(dang-xuat|lang/|static/|api/v1/openapi|apidocs)|\.(pdf|zip)$")


class _Markup(HTMLParser):
    """What a page's markup owes its readers: the page's language, ids used once, a label (or
    an aria label) for every field, a text alternative for every image."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.ids: Counter[str] = Counter()
        self.labelled: set[str] = set()
        self.fields: list[tuple[str | None, str | None, bool]] = []
        self.images_without_alt = 0
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[str(found["id"])] += 1
        if tag == "html":
            self.lang = found.get("lang")
        elif tag == "label":
            self._in_label += 1
            if found.get("for"):
                self.labelled.add(str(found["for"]))
        elif tag in ("input", "select", "textarea"):
            if found.get("type") not in ("hidden", "submit", "button", "image"):
                named = bool(found.get("aria-label") or found.get("aria-labelledby"))
                self.fields.append(
                    (found.get("id"), found.get("name"), named or bool(self._in_label))
                )
        elif tag == "img" and found.get("alt") is None:
            self.images_without_alt += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label -= 1

    def problems(self) -> list[str]:
        found = [] if self.lang in ("vi", "en") else [f"lang={self.lang!r}"]
        found += [f"id {name!r} used {n} times" for name, n in self.ids.items() if n > 1]
        found += [
            f"field {name!r} has no label"
            for ident, name, labelled in self.fields
            if not labelled and (ident is None or ident not in self.labelled)
        ]
        return found + (["an image without alt"] if self.images_without_alt else [])


def _kind(path: str) -> str:
    parts = urlsplit(path)
    names = sorted(name.split("=", 1)[0] for name in parts.query.split("&") if name)
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(names)


def _links(base: str, html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url = urldefrag(urljoin(base, raw.replace("&amp;", "&")))[0]
        parts = urlsplit(url)
        if parts.scheme in ("", "http") and parts.netloc in ("", "localhost"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and not SKIPPED.search(parts.path):
                found.append(path)
    return found


#: The demo's accounts: an admin, an officer, a viewer, a vendor and a host.
ACCOUNTS = (
    "admin@quet.local",
    "canbo@quet.local",
    "xem@quet.local",
    "tieuthuong@quet.local",
    "chunha@quet.local",
)


def walk(
    starts: Sequence[str],
    visit: Callable[[str, str], list[str]],
    pages: int = PAGES,
    per_kind: int = PER_KIND,
) -> int:
    """Open pages breadth first from `starts`: `visit(path, linked_from)` opens one and answers
    the paths it leads to (its links, or where it redirects); at most `per_kind` of each kind
    are queued and `pages` opened. How many were opened."""
    seen: dict[str, str] = dict.fromkeys(starts, "(start)")
    kinds: Counter[str] = Counter()
    queue = deque(starts)
    opened = 0
    while queue and opened < pages:
        path = queue.popleft()
        opened += 1
        for link in visit(path, seen[path]):
            if link not in seen and kinds[_kind(link)] < per_kind:
                kinds[_kind(link)] += 1
                seen[link] = path
                queue.append(link)
    return opened


def _dead_links(client: FlaskClient, user: User | None) -> tuple[int, list[str]]:
    """How many pages `user` (None: an anonymous visitor) opened following the links, and
    those that were dead."""
    starts = ["/"]
    if user is not None:
        sign_in(client, user)
        # and from the page of each unit the account has a role in
        starts += [f"/dia-ban/{role.locality_id}" for role in user.roles if role.locality_id]
    who = user.email if user is not None else "anonymous"
    broken: list[str] = []

    def visit(path: str, linked_from: str) -> list[str]:
        answer = client.get(path)
        html = answer.get_data(as_text=True) if answer.mimetype == "text/html" else ""
        answer.close()  # a file sent from disk (the API reference) is closed at once
        if answer.status_code in (403, 404) or answer.status_code >= 500:
            broken.append(f"{who}: {answer.status_code} {path} (linked from {linked_from})")
            return []
        if answer.status_code in (301, 302, 303):
            target = urlsplit(answer.headers["Location"])
            if SKIPPED.search(target.path):
                return []
            return [target.path + (f"?{target.query}" if target.query else "")]
        markup = _Markup()
        markup.feed(html)
        broken.extend(f"{who}: {path}: {problem}" for problem in markup.problems() if html)
        return _links(path, html)

    return walk(starts, visit), broken


def test_every_link_a_demo_account_sees_opens(app: Flask, runner: FlaskCliRunner) -> None:
    loaded = runner.invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    broken: list[str] = []
    for email in (*ACCOUNTS, None):
        user = db.session.scalars(select(User).where(User.email == email)).one() if email else None
        opened, dead = _dead_links(app.test_client(), user)
        assert opened >= 5, email
        broken += dead
    assert broken == [], "\n".join(broken)
