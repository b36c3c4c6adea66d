"""A form posted with a lost session (no valid CSRF token) changes nothing, and the page comes
back with what was typed (never a password), a new token, and a message to press again."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.accounts.models import ApiToken
from app.extensions import db
from app.localities.models import Locality
from tests.factories import PASSWORD, Places, make_user, sign_in

CSRF_ON = pytest.mark.app_config(WTF_CSRF_ENABLED=True)
MESSAGE_VI = "Phiên làm việc đã hết hạn nên biểu mẫu chưa được gửi."
MESSAGE_EN = "Your session had expired, so the form was not sent."
CODE = {
    "bank": "ICB",
    "account": "113366668888",
    "account_name": "Nguyễn Thị Hồng Đào",
    "amount": "79000",
    "purpose": "Mừng cưới",
}


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def value_of(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


@CSRF_ON
def test_make_a_code_with_a_stale_token_keeps_the_input(client: FlaskClient) -> None:
    client.get("/")  # a session with a token, which the phone then loses
    client.delete_cookie("session")
    refused = client.post("/", data={**CODE, "csrf_token": "stale"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert MESSAGE_VI in html and "Bad Request" not in html
    assert "qr-preview" in html and "Mã QR chuyển khoản" not in html  # no code made
    for name in ("bank", "account", "amount"):
        assert value_of(html, name) == CODE[name]
    assert value_of(html, "account_name") == "Nguyễn Thị Hồng Đào"
    assert "session=" in refused.headers["Set-Cookie"]  # the new token's session

    again = client.post("/", data={**CODE, "csrf_token": token_in(html)})
    assert again.status_code == 200
    made = again.get_data(as_text=True)
    assert "Mã QR chuyển khoản" in made and MESSAGE_VI not in made


@CSRF_ON
def test_a_missing_token_is_the_same(client: FlaskClient) -> None:
    html = client.post("/?lang=en", data=CODE).get_data(as_text=True)
    assert MESSAGE_EN in html and value_of(html, "account") == CODE["account"]


@CSRF_ON
def test_a_password_is_never_sent_back(client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    response = client.post(
        "/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD, "csrf_token": "x"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and MESSAGE_VI in html
    assert value_of(html, "email") == "hoa@x.vn"
    assert PASSWORD not in html
    assert "_user_id" not in (response.headers.get("Set-Cookie") or "")  # not signed in
    follow = client.post(
        "/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD, "csrf_token": token_in(html)}
    )
    assert follow.status_code == 302


@CSRF_ON
def test_no_change_without_a_valid_token(client: FlaskClient) -> None:
    """The token form posts to an address without a page of its own: the account page (the
    Referer) is shown again with the name kept, and no token was made."""
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    response = client.post(
        "/tai-khoan/ma-truy-cap",
        data={"name": "máy tính tiền"},
        headers={"Referer": "http://localhost/tai-khoan"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and MESSAGE_VI in html
    assert value_of(html, "name") == "máy tính tiền"
    assert db.session.query(ApiToken).count() == 0
    created = client.post(
        "/tai-khoan/ma-truy-cap", data={"name": "máy tính tiền", "csrf_token": token_in(html)}
    )
    assert created.status_code == 201 and db.session.query(ApiToken).count() == 1


@CSRF_ON
def test_the_form_posted_from_another_page_comes_back_filled(
    client: FlaskClient, places: Places
) -> None:
    commune = places.commune_a
    sign_in(client, make_user("canbo@x.vn", ("officer", commune)))
    response = client.post(
        f"/dia-ban/{commune.id}/them-thon",
        data={"name": "Thôn Bắc", "kind": "thon", "code": "TB"},
        headers={"Referer": f"http://localhost/dia-ban/{commune.id}"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and MESSAGE_VI in html
    assert value_of(html, "name") == "Thôn Bắc" and value_of(html, "code") == "TB"
    assert re.search(
        r'<option[^>]* selected[^>]* value="thon"|<option[^>]* value="thon"[^>]* selected', html
    )
    assert db.session.query(Locality).filter_by(name="Thôn Bắc").count() == 0


@CSRF_ON
@pytest.mark.parametrize(
    "referrer",
    [None, "https://evil.example/dia-ban/1", "http://localhost/dang-xuat", "not a url"],
)
def test_without_a_page_of_ours_an_error_page_says_what_happened(
    client: FlaskClient, referrer: str | None
) -> None:
    headers = {"Referer": referrer} if referrer else {}
    response = client.post("/dang-xuat", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Phiên làm việc đã hết hạn nên yêu cầu chưa được gửi." in html
    assert "evil.example" not in html


@CSRF_ON
def test_a_button_without_fields_shows_its_page_again(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    response = client.post("/dang-xuat", headers={"Referer": "http://localhost/tai-khoan"})
    assert response.status_code == 400 and MESSAGE_VI in response.get_data(as_text=True)
    assert client.get("/tai-khoan").status_code == 200  # still signed in


@CSRF_ON
def test_the_api_keeps_its_json_answer(client: FlaskClient) -> None:
    sign_in(client, make_user("hoa@x.vn"))
    response = client.post("/api/v1/tokens", json={"name": "x"})
    assert response.status_code == 400 and response.get_json()["code"] == 400


@CSRF_ON
def test_a_page_that_refuses_the_reader_is_not_shown(client: FlaskClient, places: Places) -> None:
    """Signed out meanwhile: the page the form was on answers as it would (the login page)."""
    commune = places.commune_a
    response = client.post(
        f"/dia-ban/{commune.id}/nhap-thon",
        data={"x": "y"},
        headers={"Referer": "http://localhost/"},
    )
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


@CSRF_ON
@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/trap"},
    ],
)
def test_a_form_posted_from_another_site_fills_nothing(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    """Another site's form must not land in ours, ready to be sent with a fresh token."""
    response = client.post("/", data=CODE, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn nên yêu cầu chưa được gửi." in html
    assert CODE["account"] not in html and 'name="csrf_token"' not in html


@CSRF_ON
@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://localhost"}],
)
def test_a_browser_saying_same_origin_keeps_the_input(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    html = client.post("/", data=CODE, headers=headers).get_data(as_text=True)
    assert MESSAGE_VI in html and value_of(html, "account") == CODE["account"]


@CSRF_ON
def test_the_page_of_the_referer_keeps_its_query(client: FlaskClient) -> None:
    """The page a button was on comes back as it was, its (encoded) query included."""
    response = client.post(
        "/dang-xuat", headers={"Referer": "http://localhost/dia-ban?q=B%E1%BA%BFn+Tre"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and MESSAGE_VI in html
    assert 'value="Bến Tre"' in html
