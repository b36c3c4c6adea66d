"""The contacts pages: the list with search and the add form, a contact's history in units,
recording a gift given (errors beside the field), a guest's history from the guest list with
suggestions and linking, and the old ledger's import (upload → preview → confirm)."""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.events import contacts
from app.events.models import Contact, GiftEvent, GiftGiven, LedgerEntry
from app.extensions import db
from tests.factories import Places, make_event, make_guest, make_user, sign_in


def test_list_search_and_add(app: Flask, client: FlaskClient) -> None:
    host = make_user("host@x.vn", "host")
    contacts.create_contact(host, {"name": "Trần Văn Nam", "relation": "Bạn học"})
    contacts.create_contact(host, {"name": "Lê Thị Hoa"})
    sign_in(client, host)
    page = client.get("/danh-ba?q=tran").get_data(as_text=True)
    assert "Trần Văn Nam" in page and "Lê Thị Hoa" not in page
    refused = client.post("/danh-ba", data={"name": "Chị Mai", "phone": "abc", "kind": "person"})
    assert refused.status_code == 422
    assert re.search(r'id="e-f-phone"[^>]*>[^<]+</p>', refused.get_data(as_text=True))
    made = client.post(
        "/danh-ba", data={"name": "Chị Mai", "phone": "0912345678", "kind": "person"}
    )
    assert made.status_code == 302
    contact = db.session.scalar(select(Contact).where(Contact.name == "Chị Mai"))
    assert contact is not None and made.headers["Location"] == f"/danh-ba/{contact.id}"
    assert client.get("/danh-ba", headers={"Accept-Language": "vi"}).status_code == 200


def test_a_contact_page_shows_both_sides_in_units(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host, other = make_user("host@x.vn", "host"), make_user("other@x.vn", "host")
    event = make_event(host, places.commune_a, title="Đám cưới Minh & Lan")
    contact = contacts.create_contact(host, {"name": "Anh Nam"})
    entry = LedgerEntry(
        event=event, side=event.sides[0], contact=contact, unit="gold_chi", quantity=Decimal("1.5")
    )
    db.session.add(entry)
    db.session.commit()
    sign_in(client, host)
    url = f"/danh-ba/{contact.id}"
    refused = client.post(f"{url}/mung", data={"unit": "dong", "quantity": "100.5"})
    assert refused.status_code == 422
    assert "Số tiền đồng phải là số nguyên" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(GiftGiven)) == 0
    done = client.post(
        f"{url}/mung",
        data={
            "occasion": "Cưới anh Nam",
            "given_on": "2024-05-18",
            "unit": "foreign",
            "currency": "USD",
            "quantity": "100",
        },
    )
    assert done.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Họ mừng mình" in page and "1,5 chỉ vàng" in page and "Đám cưới Minh &amp; Lan" in page
    assert "Mình mừng họ" in page and "100 USD" in page and "Cưới anh Nam" in page
    gift = contact.given[0]
    edit = client.post(
        f"{url}/mung/{gift.id}/sua",
        data={"occasion": "Cưới anh Nam", "unit": "dong", "quantity": "500000", "currency": ""},
    )
    assert edit.status_code == 302, re.findall(
        r"class=\"error\"[^>]*>([^<]*)", edit.get_data(as_text=True)
    )
    assert gift.unit == "dong"
    sign_in(client, other)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/xoa").status_code == 404
    sign_in(client, host)
    assert client.post(f"{url}/xoa").status_code == 302
    assert db.session.get(Contact, contact.id) is None


def test_a_guest_seen_again_shows_what_passed_before(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    event = make_event(host, places.commune_a)
    guest = make_guest(event, "Trần Văn Nam")
    known = contacts.create_contact(host, {"name": "Tran Van Nam", "relation": "Bạn đại học"})
    contacts.add_given(host, known, {"quantity": "300000", "occasion": "Tân gia anh Nam"})
    sign_in(client, host)
    url = f"/su-kien/{event.id}/khach/{guest.id}/qua-lai"
    page = client.get(url).get_data(as_text=True)
    assert "Có phải là" in page and "Bạn đại học" in page
    assert client.post(f"{url}/lien-ket", data={"contact_id": str(known.id)}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Mình mừng họ" in page and "Tân gia anh Nam" in page and "300.000" in page
    client.post(f"{url}/lien-ket", data={"contact_id": ""})
    assert guest.contact_id is None
    assert client.post(f"{url}/tao-danh-ba").status_code == 302
    assert guest.contact is not None and guest.contact.name == "Trần Văn Nam"
    sign_in(client, make_user("other@x.vn"))
    assert client.get(url).status_code == 404


def test_importing_an_old_ledger_through_the_pages(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    sign_in(client, host)
    ledger = "Họ tên,Số tiền,Số lượng,Đơn vị\nAnh Nam,500000,,\nCô Ba,,1,chỉ\nChú Tư,abc,,\n"
    fields = {
        "kind": "dam_cuoi",
        "title": "Đám cưới 2019",
        "held_on": "2019-11-30",
        "locality": places.commune_a.code,
    }
    bad = client.post(
        "/danh-ba/nhap-so-cu", data={**fields, "file": (io.BytesIO(ledger.encode()), "so.csv")}
    )
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Số tiền không đọc được: abc" in text and "Xác nhận nhập" not in text
    good = ledger.rsplit("Chú Tư", 1)[0]
    preview = client.post(
        "/danh-ba/nhap-so-cu", data={**fields, "file": (io.BytesIO(good.encode()), "so.csv")}
    )
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "1 chỉ vàng" in page and "Xác nhận nhập 2 dòng" in page
    hidden = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', page))
    rows = re.search(r'id="rows" name="rows" type="hidden" value="([^"]*)"', page)
    assert rows is not None
    confirm = {k: html.unescape(v) for k, v in hidden.items() if k != "csrf_token"}
    confirm["rows"] = html.unescape(rows.group(1))
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0
    done = client.post("/danh-ba/nhap-so-cu/xac-nhan", data=confirm)
    assert done.status_code == 302, done.get_data(as_text=True)
    event = db.session.scalar(select(GiftEvent))
    assert event is not None and event.title == "Đám cưới 2019" and event.archived_at is not None
    assert len(event.entries) == 2
    wrong_place = client.post(
        "/danh-ba/nhap-so-cu",
        data={**fields, "locality": "Xã Không Có", "file": (io.BytesIO(good.encode()), "so.csv")},
    )
    assert wrong_place.status_code == 422
    assert re.search(
        r'id="e-f-locality"[^>]*>Không tìm thấy xã/phường', wrong_place.get_data(as_text=True)
    )
    template = client.get("/danh-ba/mau-so-mung.xlsx")
    assert template.status_code == 200 and template.data.startswith(b"PK")
