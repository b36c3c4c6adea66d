"""The account and user pages in English carry no Vietnamese interface text (only the data:
names of people and places), and in Vietnamese no English validator text, whatever went wrong."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts import services
from app.extensions import LANGUAGE_COOKIE
from tests.factories import PASSWORD, Places, make_user, sign_in

VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)
#: Words of the data and of the brand, not of the interface.
DATA = (
    "Quét",
    "Tỉnh Phú Thịnh",
    "Xã An Bình",
    "Xã Bình Minh",
    "Thôn Đông",
    "Tỉnh Hà Sơn",
    "Xã Cẩm Sơn",
)


def _texts(html: str) -> Iterator[str]:
    """Visible text and the attributes people read (confirm dialogs, placeholders, labels)."""
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    for piece in re.sub(r"<[^>]+>", "\n", body).splitlines():
        yield piece.strip()
    yield from re.findall(r'(?:data-confirm|placeholder|aria-label|title)="([^"]*)"', html)


def _vietnamese_left(html: str) -> list[str]:
    found = []
    for text in _texts(html):
        for word in DATA:
            text = text.replace(word, "")
        if VIETNAMESE.search(text):
            found.append(text)
    return found


@pytest.fixture
def english(app: Flask, places: Places) -> tuple[FlaskClient, Places]:
    client = app.test_client()
    client.set_cookie(LANGUAGE_COOKIE, "en")
    return client, places


def test_every_account_and_user_page_is_english_in_english(
    english: tuple[FlaskClient, Places],
) -> None:
    client, places = english
    admin = make_user("admin@x.vn", "admin", name="Admin")
    officer = make_user("officer@x.vn", ("officer", places.commune_a), name="Officer")
    invitation, invite_secret = services.invite(admin, "new@x.vn", "viewer", places.commune_a)
    _reset, reset_secret = services.issue_password_reset(admin, officer.id)
    anonymous = [
        client.get("/dang-ky"),
        client.post("/dang-ky", data={"email": "bad", "phone": "12", "name": "n" * 300}),
        client.post("/dang-ky", data={}),
        client.get("/dang-nhap"),
        client.post("/dang-nhap", data={"email": "a@x.vn", "password": "wrong-password"}),
        client.post("/dang-nhap", data={}),
        client.get("/quen-mat-khau"),
        client.get(f"/loi-moi/{invite_secret}"),
        client.post(f"/loi-moi/{invite_secret}", data={"password": "short"}),
        client.get("/loi-moi/nothing"),
        client.get(f"/dat-lai-mat-khau/{reset_secret}"),
        client.post(f"/dat-lai-mat-khau/{reset_secret}", data={"password": "x", "confirm": "y"}),
        client.get("/dat-lai-mat-khau/nothing"),
    ]
    sign_in(client, admin)
    signed_in = [
        client.get("/tai-khoan"),
        client.post("/tai-khoan/mat-khau", data={"current_password": "x", "new_password": "y"}),
        client.post("/tai-khoan/lien-he", data={"email": "", "phone": "1", "password": "x"}),
        client.post("/tai-khoan/ma-truy-cap", data={"name": ""}),
        client.post("/tai-khoan/ma-truy-cap", data={"name": "script"}),
        client.get("/nguoi-dung"),
        client.post("/nguoi-dung/moi", data={"email": "x", "role": "admin", "locality": "0"}),
        client.post(
            "/nguoi-dung/moi",
            data={"email": "v@x.vn", "role": "viewer", "locality": str(places.commune_a.id)},
        ),
        client.post(f"/nguoi-dung/{officer.id}/dat-lai-mat-khau"),
        client.post(f"/nguoi-dung/loi-moi/{invitation.id}/rut-lai", follow_redirects=True),
        client.post(f"/nguoi-dung/loi-moi/{invitation.id}/rut-lai", follow_redirects=True),
        client.post(f"/nguoi-dung/vai-tro/{admin.roles[0].id}/thu-hoi", follow_redirects=True),
        client.post("/dang-xuat", follow_redirects=True),
    ]
    left = {
        f"{response.request.path}: {text}"
        for response in anonymous + signed_in
        for text in _vietnamese_left(response.get_data(as_text=True))
    }
    assert not left, sorted(left)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/nguoi-dung/moi", {"email": "a@x.vn", "role": "admin", "locality": "1"}),
        ("/tai-khoan/lien-he", {"email": "x" * 300, "phone": "1" * 40, "password": ""}),
        (
            "/dang-ky",
            {"email": "a@x.vn", "name": "n" * 300, "password": PASSWORD, "confirm": PASSWORD},
        ),
    ],
)
def test_no_english_validator_text_on_vietnamese_pages(
    client: FlaskClient, path: str, data: dict[str, str]
) -> None:
    if not path.startswith("/dang-ky"):
        sign_in(client, make_user("admin@x.vn", "admin"))
    html = client.post(path, data=data).get_data(as_text=True)
    errors = re.findall(r'class="error"[^>]*>([^<]*)', html)
    assert errors and all(VIETNAMESE.search(error) for error in errors), errors
