"""The thin layer in front of Flask that answers plain quick-link requests (issue 9): it must
answer exactly as Flask does (status, every header in order, body), leave everything else to
Flask, and close itself where Flask's hooks or a rate limit would do more."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import Client, TestResponse

from app.codes.quick_links import QuickLinkLayer
from app.extensions import limiter

QUERY = "amount=79000&addInfo=Ung%20Ho%20Quy%20Vac%20Xin&accountName=NGUYEN%20VAN%20A"
LINKS = [
    f"/qr/970415-113366668888-qr_only.png?{QUERY}",
    "/qr/970415-113366668888-qr_only.png",
    f"/qr/ICB-113366668888-compact.png?{QUERY}",
    f"/qr/Vietinbank-113366668888-compact2.jpg?{QUERY}",
    f"/qr/ICB-113366668888-print.svg?{QUERY}",
    f"/qr/ICB-113366668888-qr_only.svg?{QUERY}",
    f"/qr/ICB-113366668888-print.pdf?{QUERY}",
    "/qr/ICB-113366668888.png?amount=5000",
    # Made to fit (transliterated, "#" and "%" dropped, cut at 25): still a plain query.
    "/qr/ICB-113366668888-compact2.png?addInfo=Don%20123%20gia%2050%20%23%20so%20%25%2012345678",
]
# Answered by Flask after the layer tried (its errors are Flask's own).
REFUSED = [
    "/qr/NOPE-113366668888-compact.png",
    "/qr/ICB-113366668888-fancy.png",
    "/qr/ICB-12345678901234567890-compact.png",
    "/qr/ICB-113366668888-compact.png?amount=50.000",
    "/qr/ICB-113366668888-compact.png?amount=0&lang=en",
    "/qr/ICB-113366668888-compact.png?accountName=" + "A" * 51,
    "/qr/a-b-c-d.png",
    "/qr/a.png",
]


def _layer(app: Flask) -> QuickLinkLayer:
    assert isinstance(app.wsgi_app, QuickLinkLayer)
    return app.wsgi_app


def _flask_only(app: Flask) -> Client:
    """A client of the same app without the layer: the reference answers."""
    return Client(_layer(app).wsgi_app)


def _same(ours: TestResponse, flask: TestResponse) -> None:
    assert ours.status == flask.status
    assert ours.headers.to_wsgi_list() == flask.headers.to_wsgi_list()
    assert ours.data == flask.data


def _refuse_flask(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def flask_was_called(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        raise AssertionError(f"Flask answered {environ['PATH_INFO']}")

    monkeypatch.setattr(_layer(app), "wsgi_app", flask_was_called)


def _count_flask(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    called: list[str] = []
    flask = _layer(app).wsgi_app

    def counted(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        called.append(environ["PATH_INFO"])
        return flask(environ, start_response)

    monkeypatch.setattr(_layer(app), "wsgi_app", counted)
    return called


@pytest.mark.parametrize("url", LINKS)
def test_the_layer_answers_as_flask_does(app: Flask, client: FlaskClient, url: str) -> None:
    flask = _flask_only(app)
    first = client.get(url)
    assert first.status_code == 200
    _same(first, flask.get(url))
    _same(client.head(url), flask.head(url))
    etag = first.headers["ETag"]
    for condition in (etag, "*", f"W/{etag}", f'"other", {etag}', '"other"', f"W/{etag}, *"):
        headers = {"If-None-Match": condition}
        _same(client.get(url, headers=headers), flask.get(url, headers=headers))
        _same(client.head(url, headers=headers), flask.head(url, headers=headers))


@pytest.mark.app_config(QUET_ENV="production", SECRET_KEY=secrets.token_hex(32))
def test_production_headers_too(app: Flask, client: FlaskClient) -> None:
    url = LINKS[0]
    ours = client.get(url)
    assert "Strict-Transport-Security" in ours.headers
    _same(ours, _flask_only(app).get(url))


def test_plain_requests_never_reach_flask(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_flask(app, monkeypatch)
    for url in LINKS:
        response = client.get(url)
        assert response.status_code == 200
        assert client.head(url).status_code == 200
        revalidated = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert revalidated.status_code == 304


@pytest.mark.parametrize("url", REFUSED)
def test_refusals_are_flask_own_json_errors(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    called = _count_flask(app, monkeypatch)
    ours = client.get(url)
    assert called, "the layer answered a refusal itself"
    assert ours.status_code in (404, 422) and ours.is_json
    _same(ours, _flask_only(app).get(url))


@pytest.mark.parametrize(
    ("method", "url", "headers", "status"),
    [
        ("GET", LINKS[0], {"Authorization": "Bearer quet_not-a-token"}, 401),
        ("GET", LINKS[0] + "&addInfo=a%00b", {}, 422),
        ("GET", LINKS[0], {"Content-Type": "application/json"}, 200),
        ("POST", LINKS[0], {}, 405),
        ("OPTIONS", LINKS[0], {}, 200),
        ("GET", "/qr/ICB-1133%2066668888-qr_only.png", {}, 200),
        ("GET", "/qr/ICB-113366668888-qr_only.PNG", {}, 404),
        ("GET", "/qr/" + "1" * 201 + ".png", {}, 404),
    ],
)
def test_other_requests_go_through_flask(
    app: Flask,
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    url: str,
    headers: dict[str, str],
    status: int,
) -> None:
    called = _count_flask(app, monkeypatch)
    response = client.open(url, method=method, headers=headers)
    assert response.status_code == status
    assert called


def test_a_request_with_a_cookie_goes_through_flask(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    called = _count_flask(app, monkeypatch)
    client.set_cookie("lang", "en")
    assert client.get(LINKS[0]).status_code == 200
    assert called


@pytest.fixture
def default_limits_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flask-Limiter's extension is one object for every app, and a default limit, once set
    from an app's configuration, stays for the apps made after it: put it back."""
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
def test_a_limit_on_every_request_applies_to_quick_links(
    default_limits_restored: None, client: FlaskClient
) -> None:
    answers = [client.get(LINKS[1]).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


@pytest.mark.fresh_app
def test_a_hook_the_layer_does_not_know_closes_it(app: Flask, client: FlaskClient) -> None:
    seen: list[str] = []

    @app.before_request
    def count() -> None:
        seen.append("seen")

    assert client.get(LINKS[1]).status_code == 200
    assert seen == ["seen"]


@pytest.mark.fresh_app
def test_no_hook_can_be_added_once_the_layer_decided(app: Flask, client: FlaskClient) -> None:
    assert client.get(LINKS[1]).status_code == 200
    with pytest.raises(AssertionError):
        app.before_request(lambda: None)
