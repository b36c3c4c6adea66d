"""The guest pages: the list with search and the add form (errors beside the field), a guest's
page (change, new link, remove), the personal links page (full links under PUBLIC_BASE_URL or
this host, a ready text, no JavaScript needed), the import (upload → preview → confirm) and the
templates; strangers get 404."""

from __future__ import annotations

import html
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.events import guests
from app.events.models import Guest
from app.extensions import db
from tests.events.test_guests import Party, make_party
from tests.events.test_guests_import import GOOD
from tests.factories import sign_in


@pytest.fixture
def party(app: Flask) -> Party:
    return make_party()


def _page(party: Party, tail: str = "") -> str:
    return f"/su-kien/{party.event.id}/khach{tail}"


def _add(party: Party, **data: object) -> Guest:
    return guests.add_guest(
        party.owner, party.event.id, {"name": "Trần Văn Nam", "side_id": party.groom, **data}
    )


def test_the_list_searches_and_adds(client: FlaskClient, party: Party) -> None:
    sign_in(client, party.owner)
    _add(party, honorific="anh", group_name="Đồng nghiệp")
    _add(party, name="Lê Thị Hoà", side_id=party.bride)
    page = client.get(_page(party))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Trần Văn Nam" in text and "Lê Thị Hoà" in text
    assert 'list="owners"' in text and '<option value="Bố cô dâu">' in text
    found = client.get(_page(party, "?q=hoa")).get_data(as_text=True)
    assert "Lê Thị Hoà" in found and "Trần Văn Nam" not in found

    added = client.post(
        _page(party),
        data={"name": "Đặng Văn Đức", "phone": "0912345678", "side_id": str(party.bride)},
    )
    assert added.status_code == 302
    assert db.session.scalar(select(Guest).where(Guest.name == "Đặng Văn Đức")) is not None

    refused = client.post(
        _page(party), data={"name": "Ai", "phone": "0912 345 678", "side_id": str(party.bride)}
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert re.search(r'id="e-f-phone"[^>]*>Số điện thoại này đã có ở khách Đặng Văn Đức', body)
    assert 'value="Ai"' in body  # what was typed is kept


def test_a_side_host_has_no_side_to_pick(client: FlaskClient, party: Party) -> None:
    sign_in(client, party.bride_mother)
    assert 'id="f-side"' not in client.get(_page(party)).get_data(as_text=True)
    assert client.post(_page(party), data={"name": "Ngô Văn Chín"}).status_code == 302
    guest = db.session.scalar(select(Guest).where(Guest.name == "Ngô Văn Chín"))
    assert guest is not None and guest.side_id == party.bride


def test_one_guest_changed_given_a_new_link_and_removed(client: FlaskClient, party: Party) -> None:
    sign_in(client, party.owner)
    guest = _add(party, honorific="anh")
    url = _page(party, f"/{guest.id}")
    shown = client.get(url).get_data(as_text=True)
    assert guest.code in shown and f"/m/k/{guest.token}" in shown
    assert 'value="Trần Văn Nam"' in shown

    changed = client.post(
        url, data={"name": "Trần Văn Năm", "honorific": "chú", "side_id": str(party.groom)}
    )
    assert changed.status_code == 302 and guest.honorific == "chú"

    old = guest.token
    assert client.post(url + "/duong-dan-moi").status_code == 302
    db.session.refresh(guest)
    assert guest.token != old

    assert client.post(url + "/xoa").status_code == 302
    assert db.session.get(Guest, guest.id) is None


@pytest.mark.app_config(PUBLIC_BASE_URL="https://quet.example.vn/")
def test_the_links_page_gives_full_links_and_ready_texts(client: FlaskClient, party: Party) -> None:
    sign_in(client, party.owner)
    guest = _add(party, honorific="anh")
    text = html.unescape(client.get(_page(party, "/loi-moi")).get_data(as_text=True))
    link = f"https://quet.example.vn/m/k/{guest.token}"
    assert f'value="{link}"' in text
    ready = re.search(r"<textarea[^>]*readonly[^>]*>([^<]*)</textarea>", text)
    assert ready is not None
    assert ready.group(1).startswith("Kính mời anh Nam đến dự Lễ cưới Minh & Lan vào lúc ")
    assert "tại Nhà văn hoá thôn Đông. Thiệp mời: " + link in ready.group(1)
    assert "data-copy-from" in text and "/static/js/guests.js" in text
    # Without JavaScript the copy buttons stay hidden and the texts are selectable by hand.
    assert len(re.findall(r"<button[^>]*data-copy-from[^>]*hidden>", text)) == 2


def test_the_links_page_without_a_public_base_uses_this_host(
    client: FlaskClient, party: Party
) -> None:
    sign_in(client, party.owner)
    guest = _add(party)
    text = client.get(_page(party, "/loi-moi")).get_data(as_text=True)
    assert f'value="http://localhost/m/k/{guest.token}"' in text
    assert "Kính mời Trần Văn Nam đến dự" in html.unescape(text)  # no honorific: the full name


def test_import_upload_preview_confirm(client: FlaskClient, party: Party) -> None:
    sign_in(client, party.owner)
    assert client.get(_page(party, "/nhap")).status_code == 200
    bad = GOOD + "Lê Văn Ba,,0912345678,,Nhà trai,\n"
    preview = client.post(
        _page(party, "/nhap"), data={"file": (io.BytesIO(bad.encode()), "k.csv"), "side_id": ""}
    )
    assert preview.status_code == 422
    body = preview.get_data(as_text=True)
    assert "Trùng số điện thoại với dòng 2." in body and "Xác nhận thêm" not in body

    good = client.post(
        _page(party, "/nhap"), data={"file": (io.BytesIO(GOOD.encode()), "k.csv"), "side_id": ""}
    )
    assert good.status_code == 200
    page = good.get_data(as_text=True)
    rows = re.search(r'name="rows" type="hidden" value="([^"]*)"', page)
    assert rows is not None and "Xác nhận thêm 3 khách" in page
    assert db.session.scalars(select(Guest)).all() == []

    done = client.post(
        _page(party, "/nhap/xac-nhan"), data={"rows": html.unescape(rows.group(1)), "side_id": ""}
    )
    assert done.status_code == 302
    assert len(db.session.scalars(select(Guest)).all()) == 3

    again = client.post(
        _page(party, "/nhap/xac-nhan"), data={"rows": html.unescape(rows.group(1)), "side_id": ""}
    )
    assert again.status_code == 422  # the same phones again: nothing written twice
    assert len(db.session.scalars(select(Guest)).all()) == 3
    unreadable = client.post(_page(party, "/nhap/xac-nhan"), data={"rows": "{"})
    assert unreadable.status_code == 400


def test_import_of_a_wrong_file_shows_the_error_beside_the_field(
    client: FlaskClient, party: Party
) -> None:
    sign_in(client, party.owner)
    wrong = client.post(
        _page(party, "/nhap"),
        data={"file": (io.BytesIO(b"Ten,Qua\nNam,1\n"), "k.csv"), "side_id": ""},
    )
    assert wrong.status_code == 422
    assert 'id="e-f-file"' in wrong.get_data(as_text=True)
    side = client.post(
        _page(party, "/nhap"),
        data={"file": (io.BytesIO("Họ tên\nNam\n".encode()), "k.csv"), "side_id": "abc"},
    )
    assert side.status_code == 422


def test_templates_download(client: FlaskClient, party: Party) -> None:
    sign_in(client, party.owner)
    csv = client.get(_page(party, "/nhap/mau.csv"))
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    assert "Họ tên,Xưng hô,Điện thoại,Nhóm,Bên,Mời bởi" in csv.data.decode("utf-8-sig")
    xlsx = client.get(_page(party, "/nhap/mau.xlsx"))
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")


def test_strangers_get_404_everywhere(client: FlaskClient, party: Party) -> None:
    guest = _add(party)
    sign_in(client, party.stranger)
    for url in (
        _page(party),
        _page(party, f"/{guest.id}"),
        _page(party, "/loi-moi"),
        _page(party, "/nhap"),
        _page(party, "/nhap/mau.csv"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_page(party, f"/{guest.id}/xoa")).status_code == 404
    assert client.post(_page(party, f"/{guest.id}/duong-dan-moi")).status_code == 404
    assert db.session.get(Guest, guest.id) is not None
