"""The dashboard and map pages: who sees what, the table, charts and links, the as-of picker's
refusals beside the field, the locality search."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.reports import dashboard as service
from tests.factories import sign_in
from tests.reports.test_dashboard import AS_OF, Seeded, seed


@pytest.fixture
def seeded(app: Flask) -> Seeded:
    return seed(app)


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, seeded: Seeded) -> None:
    for path in ["/bao-cao", f"/bao-cao/{seeded.places.province.id}", "/bao-cao/ban-do"]:
        answer = client.get(path)
        assert answer.status_code == 302 and "/dang-nhap" in answer.headers["Location"]


def test_an_officer_lands_on_their_unit(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.province_officer)
    answer = client.get("/bao-cao?as_of=2026-10-20")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(
        f"/bao-cao/{seeded.places.province.id}?as_of=2026-10-20"
    )


def test_the_unit_page_shows_table_charts_targets_and_exports(
    client: FlaskClient, seeded: Seeded
) -> None:
    places = seeded.places
    sign_in(client, seeded.province_officer)
    answer = client.get(f"/bao-cao/{places.province.id}?as_of=2026-10-20")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "Tỉnh Phú Thịnh" in html and "Xã An Bình" in html and "Xã Bình Minh" in html
    assert "50,0%" in html and "20,0%" in html and "Tổng cộng" in html
    assert f'href="/bao-cao/{places.commune_a.id}?as_of=2026-10-20' in html
    assert f"/bao-cao/{places.province.id}/bang.xlsx?as_of=2026-10-20" in html
    assert html.count("<svg") == 2  # bars and trend; no targets yet
    start = html.index("<svg")
    ET.fromstring(html[start : html.index("</svg>", start) + 6])
    assert "Chưa có chỉ tiêu kế hoạch" in html
    # Nobody may open the country but admins; no breadcrumb leads there.
    assert 'href="/bao-cao?' not in html


def test_the_indicator_picker_changes_the_bar_chart(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.admin)
    html = client.get(
        f"/bao-cao/{seeded.places.province.id}?indicator=test.members&as_of=2026-10-20"
    ).get_data(as_text=True)
    assert "Thành viên tổ công nghệ số theo đơn vị" in html


def test_an_admin_sees_the_country_and_breadcrumbs(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.admin)
    html = client.get("/bao-cao?as_of=2026-10-20").get_data(as_text=True)
    assert "Cả nước" in html and "Tỉnh Hà Sơn" in html
    html = client.get(f"/bao-cao/{seeded.places.hamlet.id}?as_of=2026-10-20").get_data(as_text=True)
    assert 'href="/bao-cao?as_of=2026-10-20"' in html
    assert f'href="/bao-cao/{seeded.places.commune_a.id}?as_of=2026-10-20"' in html


def test_outside_scope_is_a_403_with_a_clear_message(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.commune_viewer)
    answer = client.get(f"/bao-cao/{seeded.places.province.id}")
    assert answer.status_code == 403
    assert "nằm ngoài địa bàn bạn phụ trách" in answer.get_data(as_text=True)
    assert client.get("/bao-cao/999999").status_code == 404


def test_a_user_without_a_unit_is_told_so(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.nobody)
    answer = client.get("/bao-cao")
    assert answer.status_code == 200
    assert "chưa được giao địa bàn" in answer.get_data(as_text=True)
    assert client.get(f"/bao-cao/{seeded.places.commune_a.id}").status_code == 403


@pytest.mark.parametrize(
    ("as_of", "message"),
    [("2999-01-01", "chưa tới"), ("2026-02-30", ""), ("hôm qua", "")],
)
def test_a_bad_day_is_refused_beside_its_field(
    client: FlaskClient, seeded: Seeded, as_of: str, message: str
) -> None:
    sign_in(client, seeded.admin)
    answer = client.get(f"/bao-cao/{seeded.places.province.id}", query_string={"as_of": as_of})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="e-f-as-of"' in html
    assert message in html


def test_the_search_lists_units_in_scope_only(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.province_officer)
    html = client.get(f"/bao-cao/{seeded.places.province.id}", query_string={"q": "xa"}).get_data(
        as_text=True
    )
    assert "Xã An Bình" in html and "Xã Cẩm Sơn" not in html


def test_the_map_page(client: FlaskClient, seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "today", lambda: date(2026, 12, 1))
    sign_in(client, seeded.province_officer)
    answer = client.get("/bao-cao/ban-do?indicator=test.vendors_with_qr&as_of=2026-10-20")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "Talia Cao" in html and "Open Development Vietnam" in html
    start = html.index("<svg")
    root = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) == 34
    # Only the officer's own province links and shows a value.
    assert f'href="/bao-cao/{seeded.places.province.id}?as_of=2026-10-20"' in html
    assert f'href="/bao-cao/{seeded.places.other_province.id}' not in html
    bad = client.get("/bao-cao/ban-do?indicator=khong.co")
    assert bad.status_code == 422 and "Không có chỉ tiêu" in bad.get_data(as_text=True)
    assert AS_OF.isoformat() in html


def test_the_header_leads_readers_of_a_locality_to_the_reports(
    client: FlaskClient, seeded: Seeded
) -> None:
    """A viewer finds "Báo cáo" in the header; a signed-in person with no locality does not."""
    link = 'href="/bao-cao"'
    sign_in(client, seeded.commune_viewer)
    assert link in client.get("/").get_data(as_text=True)
    other = client.application.test_client()
    sign_in(other, seeded.nobody)
    assert link not in other.get("/").get_data(as_text=True)


def test_the_day_shown_stands_in_the_picker_when_none_was_asked_for(
    client: FlaskClient, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "today", lambda: date(2026, 12, 1))
    sign_in(client, seeded.province_officer)
    for path in [f"/bao-cao/{seeded.places.province.id}", "/bao-cao/ban-do"]:
        html = client.get(path).get_data(as_text=True)
        assert 'id="f-as-of"' in html and 'value="2026-12-01"' in html, path
