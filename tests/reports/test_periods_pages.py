"""The periodic reports' pages: the report page (drafted on its officer's visit, not a
reader's), explanations, submit, approve, reopen; the figures form (refusals beside their
field); the targets page; the list waiting for approval; scope."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.reports.models import EnteredFigure, Report, Target
from tests.factories import sign_in
from tests.reports.test_periods_world import COUNT, SHARE, World, make_world


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


@pytest.fixture
def app_config_csrf(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_report_page_through_its_life(
    client: FlaskClient, world: World, app_config_csrf: None
) -> None:
    a = world.places.commune_a
    url = f"/bao-cao/{a.id}/ky/2025-10"
    sign_in(client, world.viewer_a)
    assert client.get(url).status_code == 200
    assert db.session.scalars(select(Report)).all() == []  # a reader writes nothing
    sign_in(client, world.officer_a)
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Tháng 10/2025" in html and "Nộp báo cáo" in html
    assert "chỉ tiêu bắt buộc chưa có số liệu" in html
    refused = client.post(url + "/nop")
    assert refused.status_code == 422
    assert "Còn 1 cảnh báo" in refused.get_data(as_text=True)
    entered = client.post(
        f"/bao-cao/{a.id}/nhap-so-lieu",
        data={
            "indicator": SHARE,
            "period": "2025-10",
            "numerator": "30",
            "denominator": "100",
            "source": "Agribank",
        },
    )
    assert entered.status_code == 302 and entered.headers["Location"].endswith(url)
    prefix = f"w-missing-{COUNT.replace('.', '-')}"
    explained = client.post(
        url + f"/giai-trinh?canh-bao=missing:{COUNT}", data={f"{prefix}-text": "Tổ chưa lập"}
    )
    assert explained.status_code == 302
    assert client.post(url + "/nop").status_code == 302
    sign_in(client, world.officer_p)
    waiting = client.get("/bao-cao/cho-duyet").get_data(as_text=True)
    assert a.name in waiting
    assert "Duyệt báo cáo" in client.get(url).get_data(as_text=True)
    assert client.post(url + "/duyet").status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Đã duyệt" in html and "Như đã nộp" in html
    missing_reason = client.post(url + "/mo-lai", data={"reason": ""})
    assert missing_reason.status_code == 422
    assert client.post(url + "/mo-lai", data={"reason": "Sửa số"}).status_code == 302
    assert db.session.scalars(select(Report.state)).one() == "draft"


def test_the_figures_form_shows_refusals_beside_fields(
    client: FlaskClient, world: World, app_config_csrf: None
) -> None:
    a = world.places.commune_a
    sign_in(client, world.officer_a)
    assert client.get(f"/bao-cao/{a.id}/nhap-so-lieu").status_code == 200
    over = client.post(
        f"/bao-cao/{a.id}/nhap-so-lieu",
        data={
            "indicator": SHARE,
            "period": "2025-10",
            "numerator": "130",
            "denominator": "100",
            "source": "x",
        },
    )
    assert over.status_code == 422
    assert 'id="e-f-numerator"' in over.get_data(as_text=True)
    future = client.post(
        f"/bao-cao/{a.id}/nhap-so-lieu",
        data={
            "indicator": SHARE,
            "period": "2099-01",
            "numerator": "1",
            "denominator": "2",
            "source": "x",
        },
    )
    assert future.status_code == 422 and 'id="e-f-period"' in future.get_data(as_text=True)
    assert db.session.scalars(select(EnteredFigure)).all() == []


@pytest.mark.parametrize("who", ["officer_b", "viewer_a"])
def test_others_cannot_enter_or_submit(
    client: FlaskClient, world: World, who: str, app_config_csrf: None
) -> None:
    a = world.places.commune_a
    sign_in(client, getattr(world, who))
    data = {
        "indicator": SHARE,
        "period": "2025-10",
        "numerator": "1",
        "denominator": "2",
        "source": "x",
    }
    assert client.post(f"/bao-cao/{a.id}/nhap-so-lieu", data=data).status_code == 403
    assert client.post(f"/bao-cao/{a.id}/ky/2025-10/nop").status_code == 403


def test_anonymous_is_sent_to_sign_in(client: FlaskClient, world: World) -> None:
    a = world.places.commune_a
    for url in (
        f"/bao-cao/{a.id}/ky/2025-10",
        f"/bao-cao/{a.id}/nhap-so-lieu",
        f"/bao-cao/{a.id}/chi-tieu",
        "/bao-cao/cho-duyet",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_the_targets_page(client: FlaskClient, world: World, app_config_csrf: None) -> None:
    a = world.places.commune_a
    sign_in(client, world.officer_a)
    url = f"/bao-cao/{a.id}/chi-tieu"
    assert client.get(url).status_code == 200
    over = client.post(url, data={"indicator": SHARE, "year": "2026", "value": "101"})
    assert over.status_code == 422 and 'id="e-f-value"' in over.get_data(as_text=True)
    assert (
        client.post(url, data={"indicator": SHARE, "year": "2026", "value": "100"}).status_code
        == 302
    )
    assert db.session.scalars(select(Target.value)).one() == 100
    target_id = db.session.scalars(select(Target.id)).one()
    sign_in(client, world.viewer_a)
    assert "100" in client.get(url).get_data(as_text=True)
    assert client.post(f"/bao-cao/chi-tieu/{target_id}/xoa").status_code == 403
