"""The API reference reads for people: sections named for them in Vietnamese and English, an
Authorize button for API tokens, and the quick links described beside the API."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from flask.testing import FlaskClient
from PIL import Image

from app import create_app
from app.render.templates import TEMPLATES
from tests.conftest import screenshot, scroll_to_text

ROOT = Path(__file__).resolve().parents[1]
QUICK_LINK = "/qr/{bank}-{account}-{template}.{format}"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "d"})
    body: dict[str, Any] = app.test_client().get("/api/v1/openapi.json").get_json()
    return body


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_sections_are_named_for_people_in_both_languages(document: dict[str, Any]) -> None:
    names = [tag["name"] for tag in document["tags"]]
    assert names == [
        "Mã thanh toán / Payment codes",
        "Liên kết nhanh / Quick links",
        "Địa bàn / Localities",
        "Tài khoản / Accounts",
        "Nhật ký thay đổi / Audit log",
        "Chợ và tuyến phố / Markets and streets",
        "Sự kiện mừng / Gift events",
        "Tổ công nghệ số / Community teams",
        "Báo cáo / Reports",
    ]
    for tag in document["tags"]:
        assert " / " in tag["description"], tag
    used = {tag for _m, _p, operation in _operations(document) for tag in operation["tags"]}
    assert used == set(names), "every section has operations, every operation a section"


def test_every_operation_is_described_in_both_languages(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        vietnamese, _slash, english = operation["summary"].partition(" / ")
        assert vietnamese and english, f"{method} {path}: {operation['summary']!r}"
        assert operation.get("description"), f"{method} {path} has no description"


def test_the_introduction_explains_the_authorize_button(document: dict[str, Any]) -> None:
    introduction = document["info"]["description"]
    assert "**Tiếng Việt.**" in introduction and "**English.**" in introduction
    assert introduction.count("**Authorize**") == 2


def test_bearer_tokens_can_be_entered_and_kept(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "Mã truy cập API" in scheme["description"] and "API token" in scheme["description"]
    setup = (ROOT / "static" / "apidocs" / "init.js").read_text("utf-8")
    assert "persistAuthorization: true" in setup


def test_the_quick_links_are_documented_with_their_parameters(document: dict[str, Any]) -> None:
    item = document["paths"][QUICK_LINK]
    operation = item["get"]
    assert operation["tags"] == ["Liên kết nhanh / Quick links"]
    path_parameters = {p["name"]: p for p in item["parameters"]}
    assert set(path_parameters) == {"bank", "account", "template", "format"}
    assert all(p["in"] == "path" and p["required"] for p in path_parameters.values())
    assert path_parameters["template"]["schema"]["enum"] == list(TEMPLATES)
    assert path_parameters["format"]["schema"]["enum"] == ["png", "jpg", "svg", "pdf"]
    query = {p["name"]: p for p in operation["parameters"]}
    assert set(query) == {"amount", "addInfo", "accountName"}
    assert all(p["in"] == "query" for p in query.values())
    assert query["amount"]["schema"]["type"] == "integer"
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"image/png", "image/jpeg", "image/svg+xml", "application/pdf"}
    assert {"401", "404", "422"} <= set(operation["responses"])
    assert {} in operation["security"], "public: anyone may fetch a code image"


def test_the_documented_example_works(document: dict[str, Any], client: FlaskClient) -> None:
    description = document["paths"][QUICK_LINK]["get"]["description"]
    example = description.split("Ví dụ / Example: `")[1].split("`")[0]
    response = client.get(example)
    assert response.status_code == 200 and response.mimetype == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert len(decoded) == 1 and "113366668888" in decoded[0].text


def test_documenting_again_leaves_the_document_as_it_was(document: dict[str, Any]) -> None:
    """Apps are built many times (tests, workers): the reference of a second app is the same."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "e"})
    again = app.test_client().get("/api/v1/openapi.json").get_json()
    assert again == document


@pytest.mark.browser
def test_the_reference_on_a_phone(page: Any) -> None:
    page.goto("/api/docs")
    page.get_by_text("Mã thanh toán / Payment codes", exact=True).wait_for()
    # Swagger UI draws only the sections near the screen (a virtual list): scroll to the next
    assert scroll_to_text(page, "Liên kết nhanh / Quick links").is_visible()
    assert page.get_by_text(QUICK_LINK, exact=True).is_visible()
    screenshot(page, "api-docs-sections")
    page.locator("button.authorize").first.click()
    dialog = page.locator(".dialog-ux .modal-ux")
    dialog.wait_for()
    assert "Mã truy cập API" in dialog.inner_text()
    dialog.locator("input").first.fill("quet_thu")
    dialog.locator("button.authorize").click()
    dialog.locator("button.close-modal").click()
    page.reload()
    page.get_by_text("Mã thanh toán / Payment codes", exact=True).wait_for()
    assert page.locator("button.authorize.locked").count() == 1  # the token was kept
    screenshot(page, "api-docs-authorized")
