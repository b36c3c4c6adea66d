"""One guard for every redirect target taken from a request: only paths on this site."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from app.redirects import local_path
from tests.factories import PASSWORD, make_user

OPEN_REDIRECTS = [
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    " /x",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/\u3000/evil.example",
    "/" + "a" * 3000,
]
# A NUL anywhere in a request is refused (422) before any view runs; the rest must land home.
THROUGH_REQUESTS = [target for target in OPEN_REDIRECTS if "\x00" not in target]
LOCAL = ["/", "/dia-ban?q=b%E1%BA%BFn+tre", "/tai-khoan#ma-truy-cap", "/dia-ban/31"]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_the_guard_refuses_every_way_out(target: str) -> None:
    assert local_path(target, "/home") == "/home"


@pytest.mark.parametrize("target", LOCAL)
def test_the_guard_keeps_local_paths(target: str) -> None:
    assert local_path(target) == target


@pytest.mark.parametrize("target", THROUGH_REQUESTS)
def test_the_language_switch_is_no_open_redirect(client: FlaskClient, target: str) -> None:
    response = client.get("/lang/en?next=" + quote(target, safe=""))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switch_keeps_a_local_path(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=" + quote("/dia-ban?q=a", safe=""))
    assert response.headers["Location"] == "/dia-ban?q=a"


@pytest.mark.parametrize("target", THROUGH_REQUESTS)
def test_login_next_is_no_open_redirect(client: FlaskClient, target: str) -> None:
    make_user("hoa@x.vn")
    response = client.post(
        "/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/tai-khoan"
