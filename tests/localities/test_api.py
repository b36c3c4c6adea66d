"""The localities API: reading the tree (public) and adding hamlets (officers)."""

from __future__ import annotations

import io
import json

from flask.testing import FlaskClient

from app.localities.models import Locality
from tests.factories import bearer, make_user
from tests.localities.conftest import hamlet_count, unit


def test_search(client: FlaskClient, legacy_loaded: None) -> None:
    body = client.get("/api/v1/localities?q=ben+tre").get_json()
    assert body["total"] == 3
    first = body["items"][0]
    assert (first["name"], first["era"], first["level"], first["code"]) == (
        "Tỉnh Bến Tre",
        "legacy",
        "province",
        "83",
    )
    ward = body["items"][2]
    assert [a["name"] for a in ward["ancestors"]] == ["Tỉnh Vĩnh Long"]
    page = client.get("/api/v1/localities?level=province&era=vn2025&page_size=10&page=4")
    assert page.get_json()["total"] == 34 and len(page.get_json()["items"]) == 4
    assert json.loads(page.headers["X-Pagination"]) == {
        "total": 34,
        "total_pages": 4,
        "first_page": 1,
        "last_page": 4,
        "page": 4,
        "previous_page": 3,
    }
    past_the_end = client.get("/api/v1/localities?level=province&page=999")
    assert past_the_end.status_code == 200 and past_the_end.get_json()["items"] == []
    far = client.get("/api/v1/localities?level=province&page=99999999999999999999")
    assert far.status_code == 422 and "page" in far.get_json()["errors"]


def test_search_bad_arguments(client: FlaskClient) -> None:
    response = client.get("/api/v1/localities?level=village")
    assert response.status_code == 422
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert set(body["errors"]) == {"level"}
    response = client.get("/api/v1/localities?level=province&page_size=1000")
    assert response.status_code == 422 and set(response.get_json()["errors"]) == {"page_size"}


def test_detail_children_and_by_code(client: FlaskClient, an_hoi: Locality) -> None:
    body = client.get(f"/api/v1/localities/{an_hoi.id}").get_json()
    assert body["name"] == "Phường An Hội" and body["ancestors"][0]["code"] == "86"
    assert body["children"] == []
    province = client.get("/api/v1/localities/by-code/vn2025/province/86").get_json()
    assert province["name"] == "Tỉnh Vĩnh Long" and province["child_count"] == 124
    assert len(province["children"]) == 50  # bounded; the rest through children_url
    assert province["children"][0]["child_count"] == 0
    assert province["children_url"] == f"/api/v1/localities/{province['id']}/children"
    assert client.get(f"/api/v1/localities/{province['id']}").get_json() == province
    kids = client.get(province["children_url"])
    assert kids.get_json()["locality"]["id"] == province["id"]
    assert len(kids.get_json()["children"]) == 100 and kids.get_json()["total"] == 124
    assert json.loads(kids.headers["X-Pagination"])["next_page"] == 2
    rest = client.get(province["children_url"] + "?page=2").get_json()["children"]
    names = [k["name"] for k in kids.get_json()["children"] + rest]
    assert len(rest) == 24 and names == [k["name"] for k in province["children"]] + names[50:]
    assert len(set(names)) == 124
    past_the_end = client.get(province["children_url"] + "?page=999")
    assert past_the_end.status_code == 200 and past_the_end.get_json()["children"] == []
    far = client.get(province["children_url"] + "?page=99999999999999999999")
    assert far.status_code == 422 and "page" in far.get_json()["errors"]
    assert client.get(province["children_url"] + "?page_size=101").status_code == 422
    assert client.get("/api/v1/localities/999999").status_code == 404


def test_unknown_code_is_named(client: FlaskClient, loaded: None) -> None:
    response = client.get("/api/v1/localities/by-code/vn2025/commune/99999")
    assert response.status_code == 404
    body = response.get_json()
    assert body["errors"] == {"code": ["No vn2025 commune has code '99999'."]}
    response = client.get("/api/v1/localities/by-code/vn1999/commune/1")
    assert response.status_code == 404 and "era" in response.get_json()["errors"]


def test_conversion(client: FlaskClient, legacy_loaded: None) -> None:
    ben_tre = unit("legacy", "province", "83")
    body = client.get(f"/api/v1/localities/{ben_tre.id}/conversion").get_json()
    assert [(t["locality"]["name"], t["partly"]) for t in body["targets"]] == [
        ("Tỉnh Vĩnh Long", False)
    ]


def test_add_hamlet_needs_an_officer_of_the_commune(client: FlaskClient, an_hoi: Locality) -> None:
    url = f"/api/v1/localities/{an_hoi.id}/hamlets"
    data = {"name": "Ấp 1", "kind": "ap"}
    assert client.post(url, json=data).status_code == 401
    outsider = make_user("outsider@example.vn", ("officer", unit("vn2025", "province", "01")))
    assert client.post(url, json=data, headers=bearer(outsider)).status_code == 403
    officer = make_user("officer@example.vn", ("officer", unit("vn2025", "province", "86")))
    response = client.post(url, json=data, headers=bearer(officer))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == "Ấp 1" and response.get_json()["depth"] == 2
    duplicate = client.post(url, json={"name": "ấp 1", "kind": "Ấp"}, headers=bearer(officer))
    assert duplicate.status_code == 422
    assert list(duplicate.get_json()["errors"]) == ["name"]
    missing = client.post(url, json={"name": "Ấp 2"}, headers=bearer(officer))
    assert missing.status_code == 422 and "kind" in missing.get_json()["errors"]


def test_hamlet_under_province_via_api(client: FlaskClient, vinh_long: Locality) -> None:
    admin = make_user("admin@example.vn", "admin")
    response = client.post(
        f"/api/v1/localities/{vinh_long.id}/hamlets",
        json={"name": "Ấp 1", "kind": "ap"},
        headers=bearer(admin),
    )
    assert response.status_code == 422
    assert "parent" in response.get_json()["errors"]


def test_import_file_dry_run_then_commit(client: FlaskClient, an_hoi: Locality) -> None:
    admin = make_user("admin@example.vn", "admin")
    url = f"/api/v1/localities/{an_hoi.id}/hamlets/import"
    csv = "tên,loại\nẤp 1,Ấp\nẤp 2,Ấp\n".encode()

    def upload(query: str = "") -> dict:
        response = client.post(
            url + query,
            data={"file": (io.BytesIO(csv), "thon.csv")},
            headers=bearer(admin),
            content_type="multipart/form-data",
        )
        return {**response.get_json(), "http": response.status_code}

    preview = upload("?dry_run=1")
    assert preview["http"] == 200 and preview["valid"] and preview["error_count"] == 0
    assert [r["stored_name"] for r in preview["rows"]] == ["Ấp 1", "Ấp 2"]
    assert hamlet_count(an_hoi) == 0
    done = upload()
    assert done["http"] == 201 and done["count"] == 2
    again = upload()  # now every row is a duplicate
    assert again["http"] == 422
    assert set(again["errors"]) == {"file", "line 2", "line 3"}
    assert hamlet_count(an_hoi) == 2


def test_import_file_missing_columns(client: FlaskClient, an_hoi: Locality) -> None:
    admin = make_user("admin@example.vn", "admin")
    response = client.post(
        f"/api/v1/localities/{an_hoi.id}/hamlets/import?dry_run=1",
        data={"file": (io.BytesIO(b"name\nAp 1\n"), "x.csv")},
        headers=bearer(admin),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Thiếu cột" in response.get_json()["errors"]["file"][0]


def test_anonymous_hamlet_requests_are_refused_before_validation(client: FlaskClient) -> None:
    """An anonymous caller learns nothing about the body's rules: 401, not 422."""
    response = client.post("/api/v1/localities/1/hamlets", json={"name": ""})
    assert response.status_code == 401
    response = client.post("/api/v1/localities/1/hamlets/import?dry_run=maybe")
    assert response.status_code == 401
