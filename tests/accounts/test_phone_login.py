"""Phone numbers as a login: one number however it is written, unique, and enough on its own
(vendors often have no email)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import User
from app.errors import DomainError
from app.extensions import db
from tests.factories import PASSWORD, make_user, sign_in


@pytest.mark.parametrize(
    "written",
    ["0912345678", "0912 345 678", "+84 912 345 678", "84912345678", "(+84) 91-234-5678"],
)
def test_every_way_of_writing_a_number_is_the_same_number(written: str) -> None:
    assert services.normalise_phone(written) == "+84912345678"


@pytest.mark.parametrize(
    "bad", ["12345", "0912 34", "091234567x", "hello", "0" * 40, "+84 912 345 678 ext 12", ""]
)
def test_numbers_that_cannot_be_dialled_are_refused(bad: str) -> None:
    with pytest.raises(DomainError) as refused:
        services.normalise_phone(bad)
    assert refused.value.code == "accounts.phone_invalid" and refused.value.field == "phone"


def test_sign_up_with_a_phone_only_and_log_in_with_it_written_another_way(
    client: FlaskClient,
) -> None:
    response = client.post(
        "/dang-ky",
        data={
            "email": "",
            "phone": "0912 345 678",
            "name": "Cô Đào",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "is_vendor": "y",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user is not None and user.email is None and user.phone == "+84912345678"
    assert user.login_name == "0912 345 678" and user.display_name == "Cô Đào"
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert "0912 345 678" in page
    client.post("/dang-xuat")

    fresh = client.application.test_client()
    logged_in = fresh.post("/dang-nhap", data={"email": "+84 912 345 678", "password": PASSWORD})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/tai-khoan"
    me = fresh.get("/api/v1/me").get_json()
    assert me["email"] is None and me["phone"] == "+84912345678"
    wrong = client.application.test_client().post(
        "/dang-nhap", data={"email": "0912345678", "password": "sai-mat-khau-roi"}
    )
    assert wrong.status_code == 401


def test_a_number_belongs_to_one_account(client: FlaskClient) -> None:
    services.sign_up(None, "", PASSWORD, phone="0912345678")
    response = client.post(
        "/dang-ky",
        data={"phone": "84912345678", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="e-phone"' in html and "Số điện thoại này đã có tài khoản" in html
    assert 'value="84912345678"' in html  # what was typed is kept
    assert len(db.session.scalars(select(User)).all()) == 1


def test_sign_up_needs_an_email_or_a_phone(client: FlaskClient) -> None:
    response = client.post("/dang-ky", data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 422
    assert "Hãy nhập email hoặc số điện thoại (ít nhất một)." in response.get_data(as_text=True)


def test_the_account_page_sets_and_removes_a_phone(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    other = make_user("lan@x.vn")
    other.phone = "+84987654321"
    db.session.commit()
    sign_in(client, user)

    wrong = client.post(
        "/tai-khoan/lien-he", data={"email": "hoa@x.vn", "phone": "0912345678", "password": "x"}
    )
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng." in wrong.get_data(
        as_text=True
    )
    taken = client.post(
        "/tai-khoan/lien-he",
        data={"email": "hoa@x.vn", "phone": "0987 654 321", "password": PASSWORD},
    )
    assert taken.status_code == 422 and 'id="e-phone"' in taken.get_data(as_text=True)

    ok = client.post(
        "/tai-khoan/lien-he",
        data={"email": "", "phone": "0912 345 678", "password": PASSWORD},
    )
    assert ok.status_code == 302
    db.session.refresh(user)
    assert user.email is None and user.phone == "+84912345678"
    assert services.authenticate("0912345678", PASSWORD) is user

    neither = client.post(
        "/tai-khoan/lien-he", data={"email": "", "phone": "", "password": PASSWORD}
    )
    assert neither.status_code == 422
    db.session.refresh(user)
    assert user.phone == "+84912345678"


def test_the_users_list_finds_people_by_phone(client: FlaskClient) -> None:
    admin = make_user("admin@x.vn", "admin")
    services.sign_up(None, "Cô Đào", PASSWORD, ["vendor"], phone="0912 345 678")
    found = services.users_in_scope(admin, "0912 345").items
    assert [item.user.phone for item in found] == ["+84912345678"]
    sign_in(client, admin)
    assert "0912 345 678" in client.get("/nguoi-dung?q=0912345678").get_data(as_text=True)


def test_the_cli_grants_a_role_by_phone(runner: object) -> None:
    services.sign_up(None, "", PASSWORD, phone="0912345678")
    result = runner.invoke(args=["users", "grant", "+84 912 345 678", "vendor"])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    assert "0912 345 678 is vendor." in result.output
