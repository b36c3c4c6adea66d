"""Saved bank accounts: the API (scoped to the signed-in person) and the make page's picker
and "save" box."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.codes import services
from app.codes.models import MAX_SAVED_ACCOUNTS, SavedAccount
from app.codes.schemas import AccountDraft
from app.extensions import db
from tests.factories import bearer, make_user, sign_in

API = "/api/v1/bank-accounts"


@pytest.fixture
def hoa(app: Any) -> Any:
    return make_user("hoa@x.vn")


@pytest.fixture
def other(app: Any) -> Any:
    return make_user("lan@x.vn")


def _save(client: FlaskClient, who: Any, **body: Any) -> Any:
    body.setdefault("bank", "VietinBank")
    body.setdefault("account", "1133 6666 8888")
    return client.post(API, json=body, headers=bearer(who))


def test_save_list_read_change_delete(client: FlaskClient, hoa: Any) -> None:
    response = _save(client, hoa, account_name="Nguyễn Thị Hoa", label="Quầy chợ")
    assert response.status_code == 201, response.get_json()
    saved = response.get_json()
    assert saved["bank_bin"] == "970415" and saved["bank"]["short_name"] == "VietinBank"
    assert saved["account"] == "113366668888"  # as a code carries it
    assert (saved["account_name"], saved["label"]) == ("Nguyễn Thị Hoa", "Quầy chợ")
    assert saved["created_at"] and saved["updated_at"]
    headers = bearer(hoa)
    listed = client.get(API, headers=headers)
    assert listed.status_code == 200 and [a["id"] for a in listed.get_json()] == [saved["id"]]
    assert '"total": 1' in listed.headers["X-Pagination"]
    one = client.get(f"{API}/{saved['id']}", headers=headers).get_json()
    assert one == saved
    changed = client.patch(
        f"{API}/{saved['id']}", json={"label": "", "bank": "BIDV"}, headers=headers
    )
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["label"] is None and body["bank_bin"] == "970418"
    assert body["account_name"] == "Nguyễn Thị Hoa"  # not given: kept
    assert client.delete(f"{API}/{saved['id']}", headers=headers).status_code == 204
    assert client.get(f"{API}/{saved['id']}", headers=headers).status_code == 404
    assert client.get(API, headers=headers).get_json() == []


def test_someone_elses_account_is_a_404(client: FlaskClient, hoa: Any, other: Any) -> None:
    mine = _save(client, hoa).get_json()["id"]
    headers = bearer(other)
    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(f"{API}/{mine}", json={}, headers=headers)
        assert response.status_code == 404, method
        assert set(response.get_json()) == {"code", "status", "message", "errors"}
    assert client.get(API, headers=headers).get_json() == []
    assert db.session.get(SavedAccount, mine) is not None  # untouched


def test_needs_a_signed_in_caller(client: FlaskClient) -> None:
    assert client.get(API).status_code == 401
    assert client.post(API, json={"bank": "ICB", "account": "1"}).status_code == 401


def test_accounts_are_checked_as_a_code_is(client: FlaskClient, hoa: Any) -> None:
    response = _save(client, hoa, bank="Ngân hàng", account="12$4", label="x" * 61)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"label"}  # the schema's bounds first
    response = _save(client, hoa, bank="Ngân hàng", account="12$4")
    errors = response.get_json()["errors"]
    assert set(errors) == {"bank", "account"}
    assert "ABBANK (970425)" in errors["bank"][0]
    response = client.post(API, json={}, headers=bearer(hoa))
    assert set(response.get_json()["errors"]) == {"bank", "account"}
    assert db.session.query(SavedAccount).count() == 0


def test_the_same_account_twice_is_a_409(client: FlaskClient, hoa: Any, other: Any) -> None:
    assert _save(client, hoa).status_code == 201
    again = _save(client, hoa, account="113366668888")
    assert again.status_code == 409 and "account" in again.get_json()["errors"]
    assert _save(client, other).status_code == 201  # another person may keep it too
    second = _save(client, hoa, account="999").get_json()["id"]
    moved = client.patch(f"{API}/{second}", json={"account": "1133-6666-8888"}, headers=bearer(hoa))
    assert moved.status_code == 409
    assert client.get(f"{API}/{second}", headers=bearer(hoa)).get_json()["account"] == "999"


def test_at_most_so_many_accounts(client: FlaskClient, hoa: Any) -> None:
    for n in range(MAX_SAVED_ACCOUNTS):
        db.session.add(SavedAccount(user_id=hoa.id, bank_bin="970415", account=str(n + 1)))
    db.session.commit()
    response = _save(client, hoa)
    assert response.status_code == 409
    assert str(MAX_SAVED_ACCOUNTS) in response.get_json()["message"]


def test_the_unique_index_is_a_409_not_a_500(app: Any, hoa: Any) -> None:
    """Two requests that both passed the check: the index refuses the second."""
    services.save_account(hoa, AccountDraft(bank="ICB", account="5"))
    db.session.add(SavedAccount(user_id=hoa.id, bank_bin="970415", account="6"))
    db.session.commit()
    saved = db.session.query(SavedAccount).filter_by(account="6").one()
    saved.account = "5"
    from app.errors import DomainError
    from app.transaction import transaction

    with pytest.raises(DomainError) as refused, transaction(services._saved_conflicts()):
        pass
    assert refused.value.status == 409 and refused.value.field == "account"


# ---- the make page --------------------------------------------------------------------------


def test_the_page_offers_saving_only_to_a_signed_in_person(client: FlaskClient, hoa: Any) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'name="save_account"' not in html and 'id="saved-accounts"' not in html
    sign_in(client, hoa)
    html = client.get("/").get_data(as_text=True)
    assert 'name="save_account"' in html


def test_save_from_the_page_then_pick_it(client: FlaskClient, hoa: Any, other: Any) -> None:
    sign_in(client, hoa)
    typed = {
        "bank": "VietinBank",
        "account": "113366668888",
        "account_name": "Nguyễn Thị Hoa",
        "save_account": "y",
        "account_label": "Quầy chợ Bến Thành",
    }
    html = client.post("/", data=typed).get_data(as_text=True)
    assert 'id="result"' in html and "Đã lưu tài khoản" in html
    saved = db.session.query(SavedAccount).one()
    assert (saved.user_id, saved.bank_bin, saved.account) == (hoa.id, "970415", "113366668888")
    assert (saved.account_name, saved.label) == ("Nguyễn Thị Hoa", "Quầy chợ Bến Thành")
    # Saving it again updates what was typed now; nothing doubles.
    client.post("/", data={**typed, "account_name": "", "account_label": "Quầy mới"})
    db.session.refresh(saved)
    assert (saved.account_name, saved.label) == ("Nguyễn Thị Hoa", "Quầy mới")
    assert db.session.query(SavedAccount).count() == 1
    # The picker lists it and fills the form from it (no script needed).
    html = client.get("/").get_data(as_text=True)
    assert re.search(rf'<option value="{saved.id}"[^>]*>Quầy mới', html)
    html = client.get(f"/?saved={saved.id}").get_data(as_text=True)
    assert 'value="VietinBank"' in html and 'value="113366668888"' in html
    assert 'value="Nguyễn Thị Hoa"' in html
    # Someone else's is a 404, an id that is no number too.
    sign_in(client, other)
    assert client.get(f"/?saved={saved.id}").status_code == 404
    assert client.get("/?saved=abc").status_code == 404
    assert 'id="saved-accounts"' not in client.get("/").get_data(as_text=True)


def test_a_refused_save_keeps_the_code(client: FlaskClient, hoa: Any) -> None:
    for n in range(MAX_SAVED_ACCOUNTS):
        db.session.add(SavedAccount(user_id=hoa.id, bank_bin="970415", account=str(n + 1)))
    db.session.commit()
    sign_in(client, hoa)
    html = client.post(
        "/", data={"bank": "ICB", "account": "113366668888", "save_account": "y"}
    ).get_data(as_text=True)
    assert 'id="result"' in html
    assert re.search(r'id="e-f-save_account"[^>]*>Bạn đã lưu đủ 50 tài khoản', html)


def test_forget_an_account_from_the_page(client: FlaskClient, hoa: Any, other: Any) -> None:
    saved = services.save_account(hoa, AccountDraft(bank="ICB", account="5", label="Quầy"))
    saved_id = saved.id
    sign_in(client, other)
    assert client.post(f"/tai-khoan-ngan-hang/{saved_id}/xoa").status_code == 404
    sign_in(client, hoa)
    html = client.get("/").get_data(as_text=True)
    assert f'action="/tai-khoan-ngan-hang/{saved_id}/xoa"' in html
    response = client.post(f"/tai-khoan-ngan-hang/{saved_id}/xoa")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert db.session.get(SavedAccount, saved_id) is None
    html = client.get("/").get_data(as_text=True)
    assert "Đã xoá tài khoản đã lưu." in html and 'id="saved-accounts"' not in html
