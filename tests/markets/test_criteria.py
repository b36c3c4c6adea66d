"""The Chợ 4.0 pages: the admins' checklist of criteria, and a market's recognitions with the
form its officers record a decision in."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.markets import services
from app.markets.models import MarketRecognition, RecognitionCriterion
from tests.factories import sign_in
from tests.markets.conftest import World


def test_admins_add_edit_and_retire_criteria(client: FlaskClient, world: World) -> None:
    sign_in(client, world.officer_a)
    assert client.get("/chuan-cho-4-0").status_code == 403
    sign_in(client, world.admin)
    assert "Chưa có tiêu chí nào." in client.get("/chuan-cho-4-0").text
    added = client.post("/chuan-cho-4-0", data={"name": "Trên 80% sạp có mã QR"})
    assert added.status_code == 302
    criterion = db.session.scalars(select(RecognitionCriterion)).one()
    twice = client.post("/chuan-cho-4-0", data={"name": "Trên 80% sạp có mã QR"})
    assert twice.status_code == 409
    assert "Tiêu chí &#39;Trên 80% sạp có mã QR&#39; đã có." in twice.text
    empty = client.post("/chuan-cho-4-0", data={"name": ""})
    assert empty.status_code == 422 and 'id="e-f-name"' in empty.text

    form = client.get(f"/chuan-cho-4-0/{criterion.id}/sua")
    assert '<input checked id="f-active" name="active" type="checkbox"' in form.text
    retired = client.post(
        f"/chuan-cho-4-0/{criterion.id}/sua",
        data={"name": "Trên 80% sạp có mã QR", "description": "Đếm theo sạp có người"},
    )
    assert retired.status_code == 302
    assert (criterion.active, criterion.description) == (False, "Đếm theo sạp có người")
    assert "Thôi dùng" in client.get("/chuan-cho-4-0").text
    assert 'href="/chuan-cho-4-0"' in client.get(f"/cho/{world.market.id}").text


def test_officers_record_a_recognition_on_the_market_page(
    client: FlaskClient, world: World
) -> None:
    qr = services.add_criterion(world.admin, {"name": "Trên 80% sạp có mã QR"})
    fees = services.add_criterion(world.admin, {"name": "Thu phí không dùng tiền mặt"})
    retired = services.add_criterion(world.admin, {"name": "Tiêu chí cũ"})
    services.update_criterion(world.admin, retired, {"active": False})
    sign_in(client, world.viewer_a)
    page = client.get(f"/cho/{world.market.id}").text
    assert "Chưa có quyết định công nhận nào." in page
    assert "Ghi quyết định" not in page
    assert 'href="/chuan-cho-4-0"' not in page
    sign_in(client, world.officer_a)
    page = client.get(f"/cho/{world.market.id}").text
    assert "Thu phí không dùng tiền mặt" in page and "Tiêu chí cũ" not in page

    refused = client.post(
        f"/cho/{world.market.id}/cong-nhan",
        data={"decision_number": "12/QĐ-UBND", "decided_on": "2026-05-01", "issued_by": "UBND"},
    )
    assert refused.status_code == 422
    assert "Chọn ít nhất một tiêu chí đạt." in refused.text
    assert 'value="12/QĐ-UBND"' in refused.text  # what was typed stays
    saved = client.post(
        f"/cho/{world.market.id}/cong-nhan",
        data={
            "decision_number": "12/QĐ-UBND",
            "decided_on": "2026-05-01",
            "issued_by": "UBND tỉnh",
            "criterion_ids": [str(qr.id), str(fees.id)],
        },
    )
    assert saved.status_code == 302
    decision = db.session.scalars(select(MarketRecognition)).one()
    assert [c.name for c in decision.criteria] == [qr.name, fees.name]
    page = client.get(f"/cho/{world.market.id}").text
    assert "QĐ 12/QĐ-UBND ngày" in page and "UBND tỉnh" in page

    sign_in(client, world.officer_b)
    other = client.post(
        f"/cho/{world.market.id}/cong-nhan",
        data={"decision_number": "13", "decided_on": "2026-05-01", "criterion_ids": str(qr.id)},
    )
    assert other.status_code == 403
