"""The localities feature's conventions: every refusal is a `DomainError` whose code has a
message (in both languages), services commit through `app.transaction`, pages read their input
through Flask-WTF forms, and API lists carry their page information in one place."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.errors import DomainError
from app.localities import hamlet_files
from app.localities.messages import MESSAGES
from app.localities.models import Locality
from tests.factories import make_user, sign_in
from tests.localities.conftest import hamlet_count

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "localities"
RAISED = re.compile(r'"(localities\.[a-z_]+)"')


def _sources() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in PACKAGE.glob("*.py")}


def test_every_code_has_a_message_and_every_message_a_use(app: Flask) -> None:
    sources = _sources()
    del sources["messages.py"], sources["models.py"]  # the texts; foreign keys
    del sources["audit_words.py"]  # its "entity.field" keys are audit labels, not error codes
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    used = {code for text in sources.values() for code in RAISED.findall(text)} - endpoints
    used |= {f"localities.file_{reason}" for reason in hamlet_files.REASONS}
    assert used == set(MESSAGES)
    # The reasons are the kernel reader's (app/spreadsheets.py), each raised there.
    reader = re.sub(r"\(\s+", "(", (PACKAGE.parent / "spreadsheets.py").read_text("utf-8"))
    assert [r for r in hamlet_files.REASONS if f'SheetFileError("{r}"' not in reader] == []


@pytest.mark.parametrize("name", ["services.py", "importers.py", "hamlet_files.py", "cli.py"])
def test_no_transitional_refusals_nor_hand_made_transactions(name: str) -> None:
    source = _sources()[name]
    for forbidden in ("FieldError", "abort(", "url_for(", "session.commit(", "rollback("):
        assert forbidden not in source, f"{name}: {forbidden}"


@pytest.mark.parametrize("name", ["routes.py", "resources.py"])
def test_views_read_forms_and_raise_domain_errors(name: str) -> None:
    source = _sources()[name]
    for forbidden in ("FieldError", "request.form", "abort(", "jsonify", "json_error", ".dump("):
        assert forbidden not in source, f"{name}: {forbidden}"


def test_messages_speak_both_languages(app: Flask, an_hoi: Locality) -> None:
    from flask_babel import force_locale

    error = DomainError("localities.code_taken", "code", value="P1", name="Ấp Phú Lợi")
    with app.test_request_context():
        assert error.message == "Mã 'P1' đã dùng cho 'Ấp Phú Lợi'."
        with force_locale("en"):
            assert error.message == "Code 'P1' is already used by 'Ấp Phú Lợi'."


def test_duplicate_beside_the_name_in_english(client: FlaskClient, an_hoi: Locality) -> None:
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    client.post(f"/dia-ban/{an_hoi.id}/them-thon", data={"name": "1", "kind": "ap"})
    client.get("/lang/en")
    response = client.post(f"/dia-ban/{an_hoi.id}/them-thon", data={"name": "ap 1", "kind": "ap"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    beside = re.search(r'<p class="error" id="e-f-name"[^>]*>([^<]*)</p>', page)
    assert beside is not None and "Phường An Hội" in beside.group(1)
    assert "đã có trong" not in beside.group(1)  # the English text
    assert 'value="ap 1"' in page  # what was typed is kept


def test_upload_without_a_file_is_refused_beside_the_field(
    client: FlaskClient, an_hoi: Locality
) -> None:
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    response = client.post(f"/dia-ban/{an_hoi.id}/nhap-thon", data={})
    assert response.status_code == 422
    assert re.search(r'id="e-f-file"[^>]*>Hãy chọn một tệp', response.get_data(as_text=True))
    missing_columns = client.post(
        f"/dia-ban/{an_hoi.id}/nhap-thon", data={"file": (io.BytesIO(b"name\nAp 1\n"), "x.csv")}
    )
    assert missing_columns.status_code == 422
    assert re.search(r'id="e-f-file"[^>]*>Thiếu cột', missing_columns.get_data(as_text=True))


@pytest.mark.parametrize(
    "rows",
    [
        None,
        "",
        "[1, 2]",
        '{"line": 1}',
        "[" * 5000,
        # Escaped in the form field, a NUL or a lone surrogate only once the JSON is read.
        '[{"line": 2, "name": "Ap\\u00001", "kind": "ap"}]',
        '[{"line": 2, "name": "\\ud800 Ap", "kind": "ap"}]',
    ],
)
def test_unreadable_confirmations_are_400(
    client: FlaskClient, an_hoi: Locality, rows: str | None
) -> None:
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    data = {} if rows is None else {"rows": rows}
    response = client.post(f"/dia-ban/{an_hoi.id}/nhap-thon/xac-nhan", data=data)
    assert response.status_code == 400
    assert "Dữ liệu xác nhận không hợp lệ" in response.get_data(as_text=True)
    assert hamlet_count(an_hoi) == 0


def test_confirmed_rows_with_errors_show_the_preview(client: FlaskClient, an_hoi: Locality) -> None:
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    rows = [{"line": 2, "name": "Ấp 1", "kind": "ấp"}, {"line": 3, "name": "ap 1", "kind": "ap"}]
    response = client.post(
        f"/dia-ban/{an_hoi.id}/nhap-thon/xac-nhan", data={"rows": json.dumps(rows)}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Trùng tên với dòng 2" in page and 'class="row-bad"' in page
    assert re.search(r'id="e-f-file"[^>]*>1/2 dòng có lỗi', page)
    assert 'name="rows"' not in page and hamlet_count(an_hoi) == 0


def test_search_pages_have_one_page_information(client: FlaskClient, loaded: None) -> None:
    response = client.get("/api/v1/localities?level=province&era=vn2025&page_size=10&page=2")
    body = response.get_json()
    assert set(body) == {"items", "total"}  # the page itself is in X-Pagination only
    assert body["total"] == json.loads(response.headers["X-Pagination"])["total"] == 34
