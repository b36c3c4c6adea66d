"""No input gets a 500 (issue 6): each class of hostile input, through the app-wide guards of
`app.request_guards`, on SQLite and on PostgreSQL.

- integers beyond the database's INTEGER: a 404 in a path, a 422 naming the query or body field;
- NUL characters and lone surrogates in any text: a 422 naming the parameter, nothing stored;
- JSON nested 50,000 deep or holding an integer of thousands of digits: a 400;
- oversized strings: a short 422, the input never echoed;
- a quick link whose holder name holds control characters: well-formed SVG.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from app.accounts.models import ApiToken, User
from app.extensions import db
from app.localities.models import Locality
from app.request_guards import MAX_DB_INTEGER, BoundedIntConverter
from tests.factories import bearer, make_locality, make_user, sign_in

BEYOND = ["2147483648", "99999999999999999999", "9" * 5000]


def count(model: type[Any]) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


# ---- integers beyond the database -----------------------------------------------------------


def _int_rules(app: Flask) -> list[Any]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


def test_every_int_in_a_url_is_bounded_to_the_database(app: Flask) -> None:
    rules = _int_rules(app)
    assert len(rules) >= 8
    for rule in rules:
        for converter in rule._converters.values():
            if isinstance(converter, IntegerConverter):
                assert isinstance(converter, BoundedIntConverter), rule.rule
                assert converter.max is not None and converter.max <= MAX_DB_INTEGER, rule.rule


@pytest.mark.parametrize("value", [*BEYOND, "0"])
def test_ids_beyond_the_database_are_not_found(app: Flask, client: FlaskClient, value: str) -> None:
    admin = make_user("admin@example.vn", "admin")
    sign_in(client, admin)
    for rule in _int_rules(app):
        path = re.sub(r"<int:\w+>", value, rule.rule)
        path = re.sub(r"<[^>]+>", "x", path)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        response = client.open(path, method=method)
        assert response.status_code == 404, (method, rule.rule, response.status_code)


def test_path_segments_are_bounded(client: FlaskClient) -> None:
    assert client.get("/api/v1/banks/" + "x" * 201).status_code == 404
    assert client.get("/qr/" + "x" * 5000 + "-1-compact.png").status_code == 404
    assert client.get("/api/v1/banks/" + "x" * 200).status_code == 404  # an unknown bank
    assert client.get("/api/v1/banks/ICB").status_code == 200


def test_the_largest_id_is_an_ordinary_miss(client: FlaskClient) -> None:
    response = client.get(f"/api/v1/localities/{MAX_DB_INTEGER}")
    assert response.status_code == 404
    assert client.get(f"/dia-ban/{MAX_DB_INTEGER}").status_code == 404


@pytest.mark.parametrize("value", BEYOND)
def test_query_and_body_integers_beyond_the_database_are_named(
    client: FlaskClient, value: str
) -> None:
    province = make_locality("Tỉnh Một", "province", code="01")
    admin = make_user("admin@example.vn", "admin")
    headers = bearer(admin)
    for url, field in [
        (f"/api/v1/localities?q=an&page={value}", "page"),
        (f"/api/v1/localities/{province.id}/children?page={value}", "page"),
        (f"/api/v1/localities?parent={value}", "parent"),
        (f"/api/v1/audit?locality={value}", "locality"),
        (f"/api/v1/audit?page={value}", "page"),
    ]:
        response = client.get(url, headers=headers)
        assert response.status_code == 422, (url, response.status_code)
        assert field in response.get_json()["errors"], url
    response = client.post(
        "/api/v1/invitations",
        data='{"email": "a@example.vn", "role": "officer", "locality_id": ' + value + "}",
        content_type="application/json",
        headers=headers,
    )
    if len(value) > 4300:  # Python's JSON refuses the number itself
        assert response.status_code == 400
    else:
        assert response.status_code == 422
        assert "locality_id" in response.get_json()["errors"]
    assert province.id is not None


@pytest.mark.parametrize("value", BEYOND)
def test_page_query_integers_beyond_the_database_are_named(client: FlaskClient, value: str) -> None:
    sign_in(client, make_user("admin@example.vn", "admin"))
    for url, field in [
        (f"/dia-ban?q=an&page={value}", "page"),
        (f"/nhat-ky?locality={value}", "locality"),
        (f"/nhat-ky?page={value}", "page"),
    ]:
        response = client.get(url)
        assert response.status_code == 422, (url, response.status_code)
        assert field in response.get_data(as_text=True)
    # A picked id posted by a page form (the invitation's locality) is bounded the same way.
    invited = client.post(
        "/nguoi-dung/moi", data={"email": "a@example.vn", "role": "officer", "locality": value}
    )
    assert invited.status_code == 422, invited.status_code


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _check_bounded(where: str, schema: dict[str, Any], problems: list[str]) -> None:
    for choice in schema.get("oneOf", []):
        _check_bounded(where, choice, problems)
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "integer" in kinds and ("maximum" not in schema or "minimum" not in schema):
        problems.append(f"{where}: integer without minimum and maximum")
    if "integer" in kinds and schema.get("maximum", 0) > 10**13:
        problems.append(f"{where}: integer maximum beyond any use")
    if "string" in kinds and not (
        "maxLength" in schema or "enum" in schema or schema.get("format") == "binary"
    ):
        problems.append(f"{where}: string without maxLength")


def test_every_input_is_documented_with_its_bounds(client: FlaskClient) -> None:
    """Every integer and string a client may send (path, query, JSON or form body) has its
    documented bounds, so no operation, old or new, takes an unbounded value."""
    doc = client.get("/api/v1/openapi.json").get_json()
    problems: list[str] = []
    checked = 0
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or method == "parameters":
                continue
            parameters = [*operations.get("parameters", []), *operation.get("parameters", [])]
            for parameter in parameters:
                checked += 1
                where = f"{method.upper()} {path} {parameter['name']}"
                _check_bounded(where, parameter.get("schema", parameter), problems)
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = _resolve(doc, media.get("schema", {}))
                for name, prop in body.get("properties", {}).items():
                    checked += 1
                    _check_bounded(f"{method.upper()} {path} body {name}", prop, problems)
    assert checked > 20
    assert not problems, problems


# ---- NUL and lone surrogates ----------------------------------------------------------------


def _json(body: Any) -> dict[str, Any]:
    """Send `body` as JSON text with escapes, the way a client may send a lone surrogate."""
    return {"data": json.dumps(body), "content_type": "application/json"}


API_CASES = [
    ("GET", "/api/v1/localities?q=a%00b", {}, "q"),
    ("GET", "/api/v1/banks?q=%00", {}, "q"),
    ("GET", "/api/v1/banks/ICB%00", {}, "bank_id"),
    ("GET", "/api/v1/localities/by-code/vn2025/commune/0%00", {}, "code"),
    ("POST", "/api/v1/qr", _json({"bank": "ICB\x00", "account": "1"}), "bank"),
    ("POST", "/api/v1/qr", _json({"bank": "ICB", "account": "1\ud800"}), "account"),
    ("POST", "/api/v1/qr", _json({"bank": "ICB", "account": "1", "x": ["\udfff"]}), "x.0"),
    ("POST", "/api/v1/qr", {"data": '{"\\ud800": 1}', "content_type": "application/json"}, None),
    ("POST", "/api/v1/qr/decode", _json({"payload": "000201\ud800"}), "payload"),
    ("POST", "/api/v1/qr/decode", _json({"payload": "000201\x00"}), "payload"),
    ("GET", "/api/v1/qr/image.svg?payload=0002%00", {}, "payload"),
    ("GET", "/qr/ICB-113366668888-compact.svg?accountName=A%00B", {}, "accountName"),
    ("GET", "/qr/ICB-1133%00-compact.svg", {}, "spec"),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "field"), API_CASES)
def test_nul_and_surrogates_in_the_api_are_named(
    client: FlaskClient, method: str, url: str, kwargs: dict[str, Any], field: str | None
) -> None:
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["code"] == 422
    if field is not None:
        assert field in body["errors"], body
    else:  # the name itself is the problem: quoted escaped, never raw
        assert list(body["errors"]) == ["\\ud800"]


def test_nul_and_surrogates_in_signed_in_api_write_nothing(client: FlaskClient) -> None:
    province = make_locality("Tỉnh Một", "province", code="01")
    commune = make_locality("Xã Một", "commune", parent=province, code="00001")
    officer = make_user("officer@example.vn", ("officer", province))
    headers = bearer(officer)
    hamlets = f"/api/v1/localities/{commune.id}/hamlets"
    for url, body, field in [
        (hamlets, {"name": "Ấp\x001", "kind": "ap"}, "name"),
        (hamlets, {"name": "Ấp 1", "kind": "ap", "code": "\ud800"}, "code"),
        ("/api/v1/tokens", {"name": "may\x00"}, "name"),
        ("/api/v1/users?q=", None, None),
    ]:
        if body is None:
            response = client.get("/api/v1/users?q=a%00", headers=headers)
            field = "q"
        else:
            response = client.post(url, headers=headers, **_json(body))
        assert response.status_code == 422, (url, response.get_data(as_text=True)[:300])
        assert field in response.get_json()["errors"]
    assert count(Locality) == 2 and count(ApiToken) == 1


PAGE_CASES = [
    ("/dang-nhap", {"email": "a\x00@example.vn", "password": "mat-khau-dai-du-10"}, "email"),
    (
        "/dang-ky",
        {
            "email": "b@example.vn",
            "name": "Nguyễn\x00",
            "password": "mat-khau-dai-du-10",
            "password2": "mat-khau-dai-du-10",
            "confirm": "mat-khau-dai-du-10",
        },
        "name",
    ),
    ("/", {"bank": "ICB", "account": "1\x00"}, "account"),
    ("/kiem-tra", {"payload": "000201\x00"}, "payload"),
    ("/dia-ban?q=a%00", None, "q"),
]


@pytest.mark.parametrize(("url", "form", "field"), PAGE_CASES)
def test_nul_in_a_page_gets_a_message_and_stores_nothing(
    client: FlaskClient, url: str, form: dict[str, str] | None, field: str
) -> None:
    response = client.get(url) if form is None else client.post(url, data=form)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "text/html" in response.content_type
    assert field in text and "ký tự không hợp lệ" in text
    assert count(User) == 0


# ---- JSON that Python cannot parse safely ---------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[" * 50_000 + "]" * 50_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"bank": "ICB", "account": "1", "amount": ' + "9" * 5000 + "}",
        '{"payload": -' + "1" * 10_000 + "}",
        '{"bank": "ICB"',
        b'{"bank": "\xff"}',
    ],
    ids=["deep-list", "deep-object", "huge-int", "huge-negative", "cut-short", "not-utf8"],
)
@pytest.mark.parametrize("url", ["/api/v1/qr", "/api/v1/qr/decode", "/api/v1/tokens"])
def test_unreadable_json_is_a_400(client: FlaskClient, url: str, body: str | bytes) -> None:
    response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "json" in response.get_json()["errors"]
    assert len(response.data) < 500


def test_moderately_nested_json_still_reaches_the_schema(client: FlaskClient) -> None:
    nested: Any = "x"
    for _ in range(200):
        nested = [nested]
    response = client.post("/api/v1/qr", json={"bank": "ICB", "account": "1", "purpose": nested})
    assert response.status_code == 422
    assert "purpose" in response.get_json()["errors"]


# ---- oversized strings ----------------------------------------------------------------------

HUGE = "x" * 9_000_000


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/qr", {"bank": HUGE, "account": "1"}, "bank"),
        ("/api/v1/qr", {"bank": "ICB", "account": HUGE}, "account"),
        ("/api/v1/qr", {"bank": "ICB", "account": "1", "amount": HUGE}, "amount"),
        ("/api/v1/qr", {"bank": "ICB", "account": "1", "account_name": HUGE}, "account_name"),
        ("/api/v1/qr", {"bank": "ICB", "account": "1", "purpose": HUGE}, "purpose"),
        ("/api/v1/qr/decode", {"payload": HUGE}, "payload"),
    ],
)
def test_oversized_strings_are_refused_without_echo(
    client: FlaskClient, url: str, body: dict[str, str], field: str
) -> None:
    response = client.post(url, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert len(response.data) < 1000


def test_oversized_query_strings_are_refused_without_echo(client: FlaskClient) -> None:
    big = "x" * 100_000
    for url in (
        f"/api/v1/banks?q={big}",
        f"/api/v1/qr/image.png?payload={big}",
        f"/api/v1/qr/sign.png?payload=0002&name={big}",
    ):
        response = client.get(url)
        assert response.status_code == 422, url
        assert len(response.data) < 1000


@pytest.mark.parametrize("field", ["bank", "account", "account_name", "amount", "purpose"])
def test_pages_refuse_oversized_fields_without_echo(client: FlaskClient, field: str) -> None:
    form = {"bank": "ICB", "account": "113366668888", field: HUGE}
    response = client.post("/", data=form)
    assert "tối đa" in response.get_data(as_text=True)
    assert len(response.data) < 100_000
    check = client.post("/kiem-tra", data={"payload": HUGE})
    assert len(check.data) < 100_000


# ---- control characters on pictures ---------------------------------------------------------


@pytest.mark.parametrize("template", ["compact", "compact2", "print"])
@pytest.mark.parametrize(
    "char", ["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\u202e", "\ufffe"]
)
def test_quick_link_svg_with_control_characters_is_well_formed(
    client: FlaskClient, template: str, char: str
) -> None:
    response = client.get(
        f"/qr/ICB-113366668888-{template}.svg",
        query_string={"accountName": f"Nguyễn{char}Văn A", "addInfo": "Ung ho"},
    )
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    texts = " ".join(el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text"))
    assert char not in texts
    if template != "compact":
        assert "NGUYỄN" in texts and "VĂN A" in texts


@pytest.mark.parametrize("url", ["/api/v1/signs/verify", "/api/v1/qr/decode", "/dang-nhap"])
def test_a_form_part_without_a_readable_name_is_not_a_500(client: FlaskClient, url: str) -> None:
    """Werkzeug keeps a multipart part whose name it cannot read under the key None: the
    guards and the views pass it by (no view reads it), and the answer is about the input."""
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="a\nb"\r\n\r\nnull\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p"\r\n\r\n\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="sign_code"\r\n\r\n{"0" * 31}\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    answer = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert 400 <= answer.status_code < 500, answer.get_data(as_text=True)[:300]
