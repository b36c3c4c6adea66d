"""The ledger's pages: the ledger with totals and read-only sides, entry forms, the fast entry
posted without JavaScript, bulk thanks, exports and the service worker."""

from __future__ import annotations

import io
import re
import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.accounts.models import User
from app.events import ledger
from app.events.models import EventHost, GiftEvent, LedgerEntry
from app.extensions import db
from tests.factories import Places, make_event, make_guest, make_user, sign_in


@pytest.fixture
def wedding(app: Flask) -> tuple[User, GiftEvent]:
    host = make_user("host@x.vn", "host")
    return host, make_event(host, Places().commune_a)


def _add(host: User, event: GiftEvent, side: int = 0, **data: Any) -> LedgerEntry:
    return ledger.add_entry(
        host,
        event.id,
        {"side_id": event.sides[side].id, "giver_name": "Anh Ba", "quantity": "500000", **data},
    )


def test_the_ledger_page_shows_totals_in_units_and_the_list(
    client: FlaskClient, wedding: Any
) -> None:
    host, event = wedding
    _add(host, event, giver_name="Trần Văn Nam", message="Trăm năm hạnh phúc")
    _add(host, event, unit="gold_chi", quantity="1.5", value_vnd="12750000", giver_name="Bác Sáu")
    _add(host, event, side=1, unit="foreign", currency="USD", quantity="100", giver_name="Jim")
    sign_in(client, host)

    page = client.get(f"/su-kien/{event.id}/so-mung").get_data(as_text=True)

    for text in ("500.000 đ", "1,5 chỉ vàng", "100 USD", "12.750.000 đ", "Trăm năm hạnh phúc"):
        assert text in page
    assert "giá trị quy đổi (ước tính)" in page
    assert "Nhập phong bì nhanh" in page and "xuat.xlsx" in page
    assert page.count('name="entry"') == 3
    found = client.get(f"/su-kien/{event.id}/so-mung?q=tran+van&don-vi=dong").get_data(as_text=True)
    assert "Trần Văn Nam" in found and "Bác Sáu" not in found.split("entries-title")[1]
    every = client.get(f"/su-kien/{event.id}/so-mung?chu=&nhom=&cam-on=&hinh-thuc=&don-vi=")
    assert every.get_data(as_text=True).count('name="entry"') == 3  # "Tất cả" narrows nothing


def test_a_shared_side_shows_no_edit_controls(client: FlaskClient, wedding: Any) -> None:
    owner, event = wedding
    groom, bride = event.sides
    groom_entry = _add(owner, event, giver_name="Khách nhà trai")
    groom.ledger_shared = True
    bride_mother = make_user("me@x.vn", "host")
    event.hosts.append(EventHost(user_id=bride_mother.id, role="cohost", side_id=bride.id))
    db.session.commit()
    sign_in(client, bride_mother)

    page = client.get(f"/su-kien/{event.id}/so-mung").get_data(as_text=True)

    assert "Khách nhà trai" in page and "chỉ xem" in page
    assert 'name="entry"' not in page
    assert f"/so-mung/{groom_entry.id}/sua" not in page
    assert client.get(f"/su-kien/{event.id}/so-mung/{groom_entry.id}/sua").status_code == 403
    stranger = make_user("other@x.vn", "host")
    sign_in(client, stranger)
    assert client.get(f"/su-kien/{event.id}/so-mung").status_code == 404


def test_fast_entry_without_javascript_posted_twice_gives_one_entry(
    client: FlaskClient, wedding: Any
) -> None:
    host, event = wedding
    make_guest(event, "Trần Văn Nam")
    sign_in(client, host)
    url = f"/su-kien/{event.id}/so-mung/nhap-nhanh"

    page = client.get(url).get_data(as_text=True)
    assert '<datalist id="guest-names"><option value="Trần Văn Nam">' in page
    client_id = re.search(r'name="client_id" type="hidden" value="([^"]+)"', page)
    assert client_id is not None
    form = {
        "client_id": client_id.group(1),
        "side_id": str(event.sides[1].id),
        "giver_name": "Cô Tư",
        "unit": "dong",
        "quantity": "300000",
    }
    first = client.post(url, data=form)
    again = client.post(url, data=form)  # the phone sent it again
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"].endswith(f"?ben={event.sides[1].id}")
    entries = list(db.session.scalars(select(LedgerEntry)))
    assert [(e.giver_name, e.quantity, e.side_id) for e in entries] == [
        ("Cô Tư", 300000, event.sides[1].id)
    ]
    assert f'selected value="{event.sides[1].id}"' in client.get(
        first.headers["Location"]
    ).get_data(as_text=True)

    refused = client.post(url, data={**form, "client_id": str(uuid.uuid4()), "quantity": "0"})
    assert refused.status_code == 422
    assert "Số lượng phải lớn hơn 0." in refused.get_data(as_text=True)
    in_usd = client.post(
        url, data={**form, "client_id": str(uuid.uuid4()), "unit": "foreign", "quantity": "50"}
    )
    assert in_usd.status_code == 302
    assert (
        db.session.scalar(select(LedgerEntry).where(LedgerEntry.unit == "foreign")).currency
        == "USD"
    )


def test_add_change_thank_and_delete_through_the_pages(client: FlaskClient, wedding: Any) -> None:
    host, event = wedding
    sign_in(client, host)
    base = f"/su-kien/{event.id}/so-mung"
    form = {
        "side_id": str(event.sides[0].id),
        "giver_kind": "person",
        "giver_name": "Bác Sáu",
        "unit": "gold_cay",
        "quantity": "1",
        "method": "",
        "received_on": "2026-12-20",
        "value_vnd": "85000000",
    }
    assert client.post(f"{base}/them", data=form).status_code == 302
    entry = db.session.scalar(select(LedgerEntry))
    assert entry is not None
    assert (entry.unit, entry.method, entry.value_vnd) == ("gold_cay", "gold", 85_000_000)
    assert entry.received_at.date().isoformat() == "2026-12-20"

    bad = client.post(f"{base}/them", data={**form, "quantity": "10000000001", "unit": "dong"})
    assert bad.status_code == 422
    assert "quá lớn" in bad.get_data(as_text=True)

    edit = client.get(f"{base}/{entry.id}/sua").get_data(as_text=True)
    assert 'value="Bác Sáu"' in edit and 'value="85000000"' in edit
    changed = client.post(f"{base}/{entry.id}/sua", data={**form, "relation": "Bác ruột"})
    assert changed.status_code == 302
    assert entry.relation == "Bác ruột"

    thanked = client.post(f"{base}/cam-on", data={"entry": str(entry.id), "thanked": "1"})
    assert thanked.status_code == 302
    assert entry.thanked_at is not None
    nothing = client.post(f"{base}/cam-on", data={"thanked": "1"}, follow_redirects=True)
    assert "Hãy chọn ít nhất một mục." in nothing.get_data(as_text=True)

    xlsx = client.get(f"{base}/xuat.xlsx?ben={event.sides[0].id}")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet is not None
    assert (sheet["B2"].value, sheet["D2"].value, sheet["G2"].value, sheet["J2"].value) == (
        "Bác Sáu",
        1,
        "cây vàng",
        "x",
    )
    assert client.get(f"{base}/xuat.csv").status_code == 200

    assert client.post(f"{base}/{entry.id}/xoa").status_code == 302
    assert db.session.scalar(select(LedgerEntry)) is None


def test_the_service_worker_is_served_under_the_events_path(client: FlaskClient) -> None:
    response = client.get("/su-kien/so-mung-sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert "nhap-nhanh" in response.get_data(as_text=True)
