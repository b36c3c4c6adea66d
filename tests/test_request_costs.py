"""What an image request pays for (issue 9): the per-request hooks of the extensions are gated,
and each gate only skips work that would have done nothing. Speed is measured in
`python -m bench http`, never here; these tests check that behaviour is unchanged."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import make_user

QUICK_LINK = "/qr/970415-113366668888-compact.png?amount=79000"


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
def test_quick_link_touches_no_session_and_no_limiter(client: FlaskClient) -> None:
    response = client.get(QUICK_LINK)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")  # cacheable by any proxy
    assert not [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]
    revalidated = client.get(QUICK_LINK, headers={"If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304
    assert revalidated.headers["Content-Security-Policy"]


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
def test_a_limited_endpoint_still_sends_its_limit_headers(client: FlaskClient) -> None:
    make_user("gate@x.vn")
    response = client.post("/dang-nhap", data={"email": "gate@x.vn", "password": "sai-mat-khau-1"})
    assert [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]


def test_gated_hooks_keep_their_places(app: Flask) -> None:
    names = [hook.__name__ for hook in app.before_request_funcs[None]]
    assert names.index("refuse_unstorable_text") < names.index("csrf_protect")
    assert names[-1] == "authenticate_request"


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=a%00b", "%00=1", "q=%ED%A0%80", "q=%C3%A9%00"],
)
def test_risky_query_strings_are_still_scanned(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/banks?{query}")
    if "%00" in query:
        assert response.status_code == 422
    else:  # an encoded surrogate is not valid UTF-8: Werkzeug keeps it escaped
        assert response.status_code == 200
