"""The locality pages: browsing, a unit's page, adding and importing hamlets."""

from __future__ import annotations

import io
import json
import re

from flask.testing import FlaskClient

from app.localities.models import Locality
from tests.factories import make_user, sign_in
from tests.localities.conftest import hamlet_count, unit


def test_browse_and_search(client: FlaskClient, legacy_loaded: None) -> None:
    page = client.get("/dia-ban").get_data(as_text=True)
    assert page.count('class="unit-name"') == 34 and "Tỉnh Vĩnh Long" in page
    legacy = client.get("/dia-ban?era=legacy").get_data(as_text=True)
    assert legacy.count('class="unit-name"') == 63 and "Tỉnh Bến Tre" in legacy
    hits = client.get("/dia-ban?q=Bến+Tre").get_data(as_text=True)
    assert "3 kết quả" in hits and "Trước 2025" in hits and "Phường Bến Tre" in hits


def test_detail_page(client: FlaskClient, legacy_loaded: None) -> None:
    an_hoi = unit("vn2025", "commune", "28777")
    page = client.get(f"/dia-ban/{an_hoi.id}").get_data(as_text=True)
    assert "Tỉnh Vĩnh Long" in page and "Phường An Hội" in page
    assert "Thêm thôn/ấp/khu phố" not in page  # anonymous
    ben_tre = unit("legacy", "province", "83")
    page = client.get(f"/dia-ban/{ben_tre.id}").get_data(as_text=True)
    assert "Nay thuộc" in page and "Tỉnh Vĩnh Long" in page
    assert client.get("/dia-ban/999999").status_code == 404


def test_officer_adds_hamlet_from_page(client: FlaskClient, an_hoi: Locality) -> None:
    officer = make_user("o@example.vn", ("officer", an_hoi))
    sign_in(client, officer)
    page = client.get(f"/dia-ban/{an_hoi.id}").get_data(as_text=True)
    assert "Thêm thôn/ấp/khu phố" in page and "Nhập từ tệp" in page
    response = client.post(f"/dia-ban/{an_hoi.id}/them-thon", data={"name": "1", "kind": "ap"})
    assert response.status_code == 302
    response = client.post(f"/dia-ban/{an_hoi.id}/them-thon", data={"name": "Ấp 1", "kind": "ap"})
    assert response.status_code == 422
    assert "đã có trong Phường An Hội" in response.get_data(as_text=True)
    assert hamlet_count(an_hoi) == 1


def test_anonymous_cannot_add(client: FlaskClient, an_hoi: Locality) -> None:
    response = client.post(f"/dia-ban/{an_hoi.id}/them-thon", data={"name": "1", "kind": "ap"})
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    assert hamlet_count(an_hoi) == 0


def test_file_import_preview_then_confirm(client: FlaskClient, an_hoi: Locality) -> None:
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    url = f"/dia-ban/{an_hoi.id}/nhap-thon"
    assert client.get(url).status_code == 200
    bad = client.post(
        url, data={"file": (io.BytesIO("tên,loại\nẤp 1,Ấp\n@x,Ấp\n".encode()), "a.csv")}
    )
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "1 dòng có lỗi" in text and "công thức" in text and 'name="rows"' not in text
    good = client.post(
        url, data={"file": (io.BytesIO("tên,loại\nẤp 1,Ấp\nẤp 2,Ấp\n".encode()), "a.csv")}
    )
    assert good.status_code == 200 and hamlet_count(an_hoi) == 0
    rows = re.search(r'name="rows"[^>]* value="([^"]*)"', good.get_data(as_text=True))
    assert rows is not None
    payload = json.loads(rows.group(1).replace("&#34;", '"').replace("&quot;", '"'))
    done = client.post(url + "/xac-nhan", data={"rows": json.dumps(payload)})
    assert done.status_code == 302 and hamlet_count(an_hoi) == 2
    again = client.post(url + "/xac-nhan", data={"rows": json.dumps(payload)})
    assert again.status_code == 422 and hamlet_count(an_hoi) == 2
    assert client.post(url + "/xac-nhan", data={"rows": "{"}).status_code == 400


def test_confirm_step_has_the_preview_limits(client: FlaskClient, an_hoi: Locality) -> None:
    """12,000 rows posted to the confirmation are refused like such a file; nothing is written."""
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    url = f"/dia-ban/{an_hoi.id}/nhap-thon/xac-nhan"
    rows = [{"line": n, "name": f"Ấp {n}", "kind": "ấp", "code": ""} for n in range(2, 12_002)]
    response = client.post(url, data={"rows": json.dumps(rows)})
    assert response.status_code == 422
    assert "hơn 5000 dòng" in response.get_data(as_text=True)
    long_name = [{"line": 2, "name": "Ấp " + "x" * 5000, "kind": "ấp"}]
    response = client.post(url, data={"rows": json.dumps(long_name)})
    assert response.status_code == 422 and "dài hơn 1000 ký tự" in response.get_data(as_text=True)
    nested = "[" * 100_000 + "]" * 100_000
    assert client.post(url, data={"rows": nested}).status_code == 400
    assert hamlet_count(an_hoi) == 0


def test_a_long_list_has_a_filter_that_works_without_javascript(
    client: FlaskClient, vinh_long: Locality, an_hoi: Locality
) -> None:
    page = client.get(f"/dia-ban/{vinh_long.id}").get_data(as_text=True)
    assert 'id="f-filter"' in page and "js/localities.js" in page
    assert page.count('class="unit-name"') == 124
    filtered = client.get(f"/dia-ban/{vinh_long.id}?q=phuong+an").get_data(as_text=True)
    names = re.findall(r'class="unit-name"[^>]*>([^<]+)<', filtered)
    assert "Phường An Hội" in names and all("An" in name for name in names)
    assert len(names) < 124 and f"Hiện {len(names)}/124 đơn vị." in filtered
    assert 'value="phuong an"' in filtered  # what was typed stays in the box
    none = client.get(f"/dia-ban/{vinh_long.id}?q=zzz").get_data(as_text=True)
    assert none.count('class="unit-name"') == 0 and "Hiện 0/124 đơn vị." in none
    short = client.get(f"/dia-ban/{an_hoi.id}").get_data(as_text=True)
    assert 'id="f-filter"' not in short and "js/localities.js" not in short
