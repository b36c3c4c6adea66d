"""Error pages for people in their language; the API keeps its JSON errors."""

from __future__ import annotations

import pytest
from flask import Flask, abort, request
from flask.testing import FlaskClient

pytestmark = pytest.mark.fresh_app  # the `errors` fixture adds failing views to the app

STATUSES = (400, 403, 404, 405, 413, 429, 500)

#: The heading of each page, in Vietnamese and in English.
TITLES = {
    400: ("Yêu cầu không hợp lệ", "Bad request"),
    403: ("Không có quyền", "Not allowed"),
    404: ("Không tìm thấy trang", "Page not found"),
    405: ("Không mở được trang theo cách này", "This page cannot be opened this way"),
    413: ("Tệp quá lớn", "File too large"),
    429: ("Quá nhiều yêu cầu", "Too many requests"),
    500: ("Lỗi máy chủ", "Server error"),
}
#: Werkzeug's English texts, which a page must not show.
WERKZEUG = ("Bad Request", "Forbidden", "Not Found", "Method Not Allowed", "Too Many Requests")


@pytest.fixture
def errors(app: Flask) -> FlaskClient:
    """An app with a page and an API view that fail with each status."""

    @app.route("/thu-loi/<int:status>", methods=["GET", "POST"])
    def fail(status: int) -> str:
        if request.form.get("x"):  # a body over MAX_CONTENT_LENGTH is refused here
            status = 400
        if status == 500:
            raise RuntimeError("an unexpected failure")
        abort(status)

    @app.route("/api/v1/thu-loi/<int:status>", methods=["GET", "POST"])
    def fail_api(status: int) -> str:
        return fail(status)

    return app.test_client()


def _ask(client: FlaskClient, status: int, prefix: str = "", query: str = "") -> object:
    """Reach `status` the way a person would where one can (a wrong address, a wrong method,
    a too large body); the rest through a view that fails with it."""
    if status == 404:
        return client.get(f"{prefix}/khong-co-trang-nay{query}")
    if status == 405:
        return client.put(f"{prefix}/thu-loi/400{query}")
    if status == 413:
        return client.post(f"{prefix}/thu-loi/400{query}", data={"x": "x" * 2048})
    return client.get(f"{prefix}/thu-loi/{status}{query}")


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1024)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(("language", "index"), [("vi", 0), ("en", 1)])
def test_pages_speak_the_readers_language(
    errors: FlaskClient, status: int, language: str, index: int
) -> None:
    response = _ask(errors, status, query=f"?lang={language}")
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.mimetype == "text/html"  # type: ignore[attr-defined]
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert f'<html lang="{language}">' in html
    assert f"<h1>{TITLES[status][index]}</h1>" in html
    assert not any(f">{phrase}<" in html or f" {phrase}" in html for phrase in WERKZEUG)
    assert ("Về trang chủ" if language == "vi" else "Back to home") in html


def test_the_size_limit_in_megabytes(app: Flask) -> None:
    with app.test_request_context("/?lang=en"):
        from app.errors import error_page

        page, status = error_page(413)
    assert status == 413 and "larger than 10 MB" in page


def test_a_wrong_method_keeps_the_allow_header(errors: FlaskClient) -> None:
    response = errors.get("/dang-xuat")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    as_json = errors.get("/dang-xuat", headers={"Accept": "application/json"})
    assert as_json.status_code == 405 and as_json.get_json()["code"] == 405
    assert "POST" in as_json.headers["Allow"]


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1024)
@pytest.mark.parametrize("status", STATUSES)
def test_the_api_keeps_json_errors(errors: FlaskClient, status: int) -> None:
    response = _ask(errors, status, prefix="/api/v1", query="?lang=en")
    assert response.status_code == status  # type: ignore[attr-defined]
    body = response.get_json()  # type: ignore[attr-defined]
    assert set(body) == {"code", "status", "message", "errors"} and body["code"] == status


def test_a_script_asking_for_json_gets_json(errors: FlaskClient) -> None:
    response = errors.get("/khong-co", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["code"] == 404


def test_a_text_the_app_wrote_for_people_is_shown(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    @app.get("/thu-loi-co-loi-nhan")
    def refuse() -> str:
        abort(403, description=_l("Không có quyền"))

    html = app.test_client().get("/thu-loi-co-loi-nhan?lang=en").get_data(as_text=True)
    assert "<p>Not allowed</p>" in html


def test_a_500_when_even_the_layout_fails(errors: FlaskClient, app: Flask) -> None:
    """A database that is down breaks the layout too (it reads the signed-in user): the error
    page is still a page, in the reader's language."""

    @app.context_processor
    def broken_layout() -> dict[str, str]:
        raise RuntimeError("the database is down")

    response = errors.get("/thu-loi/500?lang=vi")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert '<html lang="vi">' in html and "<h1>Lỗi máy chủ</h1>" in html
    assert "Internal Server Error" not in html
