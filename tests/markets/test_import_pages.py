"""The roster import through the API (dry run, 201, 422 listing bad rows, nothing written) and
the pages (upload → preview → confirm posts the rows back → the place's page)."""

from __future__ import annotations

import io
import json
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.markets.models import Vendor
from tests.factories import bearer, sign_in
from tests.markets.conftest import World

GOOD = "Họ tên,Điện thoại,Số sạp,Tham gia,Lý do\nCô Đào,0912345678,A1,có,\nBác Ba,,,không,elderly\n"
BAD = GOOD + "Chú Tư,0912345678,,có,\n"


def _vendors() -> int:
    return db.session.scalar(select(func.count()).select_from(Vendor)) or 0


def _file(text: str, name: str = "ds.csv") -> dict[str, object]:
    return {"file": (io.BytesIO(text.encode()), name)}


def test_api_preview_import_and_row_errors(client: FlaskClient, world: World) -> None:
    headers = bearer(world.officer_a)
    path = f"/api/v1/markets/{world.market.id}/vendors/import"
    preview = client.post(path + "?dry_run=1", data=_file(BAD), headers=headers)
    assert preview.status_code == 200
    body = preview.get_json()
    assert (body["valid"], body["error_count"]) == (False, 1)
    assert body["rows"][2]["errors"]["phone"] == ["Trùng số điện thoại với dòng 2."]
    refused = client.post(path, data=_file(BAD), headers=headers)
    assert refused.status_code == 422
    error = refused.get_json()
    assert set(error["errors"]) == {"file", "line 4"}
    assert error["errors"]["file"] == ["1/3 dòng có lỗi; chưa ghi dòng nào. Sửa tệp rồi nhập lại."]
    assert error["errors"]["line 4"] == ["phone: Trùng số điện thoại với dòng 2."]
    assert _vendors() == 0
    created = client.post(path, data=_file(GOOD), headers=headers)
    assert created.status_code == 201
    assert created.get_json()["count"] == 2
    assert [v["name"] for v in created.get_json()["created"]] == ["Cô Đào", "Bác Ba"]


def test_api_refusals_name_the_file(client: FlaskClient, world: World) -> None:
    headers = bearer(world.officer_a)
    path = f"/api/v1/markets/{world.market.id}/vendors/import"
    wrong = client.post(path, data=_file("name,phone\nA,1\n"), headers=headers)
    assert wrong.status_code == 422 and set(wrong.get_json()["errors"]) == {"file"}
    assert "tham gia" in wrong.get_json()["errors"]["file"][0]
    xls = client.post(path, data=_file("x", "ds.xls"), headers=headers)
    assert xls.status_code == 422 and "xlsx" in xls.get_json()["message"]
    elsewhere = client.post(path, data=_file(GOOD), headers=bearer(world.officer_b))
    assert elsewhere.status_code == 403
    missing = client.post("/api/v1/streets/99999/vendors/import", data=_file(GOOD), headers=headers)
    assert missing.status_code == 404
    assert _vendors() == 0


def test_page_upload_preview_confirm(client: FlaskClient, world: World) -> None:
    sign_in(client, world.officer_a)
    market_page = client.get(f"/cho/{world.market.id}").get_data(as_text=True)
    assert f"/cho/{world.market.id}/nhap-danh-sach" in market_page
    assert f"/cho/{world.market.id}/danh-sach.xlsx" in market_page
    path = f"/cho/{world.market.id}/nhap-danh-sach"
    bad = client.post(path, data=_file(BAD))
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert 'class="row-bad"' in page and "Trùng số điện thoại với dòng 2" in page
    assert 'name="rows"' not in page
    good = client.post(path, data=_file(GOOD))
    assert good.status_code == 200
    rows = re.search(r'name="rows" type="hidden" value="([^"]*)"', good.get_data(as_text=True))
    assert rows is not None
    posted = json.loads(rows.group(1).replace("&#34;", '"').replace("&quot;", '"'))
    assert [row["name"] for row in posted] == ["Cô Đào", "Bác Ba"]
    done = client.post(path + "/xac-nhan", data={"rows": json.dumps(posted)})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/cho/{world.market.id}")
    assert _vendors() == 2


def test_page_refusals(client: FlaskClient, world: World) -> None:
    sign_in(client, world.officer_a)
    path = f"/cho/{world.market.id}/nhap-danh-sach"
    empty = client.post(path, data={})
    assert empty.status_code == 422
    assert re.search(r'id="e-f-file"[^>]*>Hãy chọn một tệp', empty.get_data(as_text=True))
    wrong = client.post(path, data=_file("ten\nA\n"))
    assert re.search(r'id="e-f-file"[^>]*>Thiếu cột', wrong.get_data(as_text=True))
    unreadable = client.post(path + "/xac-nhan", data={"rows": "[1, 2]"})
    assert unreadable.status_code == 400
    rows = [{"line": 2, "name": "A", "taking_part": "có"}, {"line": 3, "name": "B"}]
    again = client.post(path + "/xac-nhan", data={"rows": json.dumps(rows)})
    assert again.status_code == 422
    assert "Ghi &#39;có&#39; hoặc &#39;không&#39;" in again.get_data(as_text=True)
    assert _vendors() == 0
    sign_in(client, world.viewer_a)
    assert client.get(path).status_code == 403
