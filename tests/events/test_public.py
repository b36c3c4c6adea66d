"""The public pages of an event (/m/<token>, /m/k/<token>): what they show and never show, RSVP
and wishes with their limits, the calendar file, the QR without JavaScript, Open Graph tags,
the service worker; and the hosts' page and API of wishes and RSVPs."""

from __future__ import annotations

import re
from datetime import UTC
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.audit_log import AuditEntry
from app.codes import services as codes
from app.events import public
from app.events.gifts import gift_text
from app.events.models import GiftEvent, LedgerEntry, Rsvp, Wish
from app.extensions import db
from app.vietqr import decode_payload
from tests.factories import Places, make_event, make_guest, make_user, sign_in

AMOUNT = 1234567
GOLD_VALUE = 7654321


def _world() -> tuple[Any, Any, GiftEvent]:
    places = Places()
    host = make_user("host@x.vn", "host")
    stranger = make_user("other@x.vn", "host")
    event = make_event(host, places.commune_a)
    return host, stranger, event


def _ledger(event: GiftEvent) -> None:
    """Gifts with distinctive amounts, from a guest whose name must never show publicly."""
    guest = make_guest(event, "Phạm Thị Bí Mật")
    db.session.add_all(
        [
            LedgerEntry(
                event=event,
                side=event.sides[0],
                guest=guest,
                giver_name="Phạm Thị Bí Mật",
                unit="dong",
                quantity=Decimal(AMOUNT),
                method="transfer",
            ),
            LedgerEntry(
                event=event,
                side=event.sides[1],
                giver_name="Ông Vàng Giấu Tên",
                unit="gold_chi",
                quantity=Decimal("2.5"),
                value_vnd=GOLD_VALUE,
                method="gold",
            ),
        ]
    )
    db.session.commit()


def _forbidden_texts() -> list[str]:
    texts = ["Phạm Thị Bí Mật", "Ông Vàng Giấu Tên", "2,5 chỉ", "2.5", "chỉ vàng"]
    for amount in (AMOUNT, GOLD_VALUE):
        texts += [str(amount), f"{amount:,}", f"{amount:,}".replace(",", ".")]
    texts += [gift_text("dong", Decimal(AMOUNT)), gift_text("gold_chi", Decimal("2.5"))]
    return texts


def _text(response: Any) -> str:
    return unescape(response.get_data(as_text=True))


def _sign_in(client: FlaskClient, user: Any) -> None:
    sign_in(client, user)


# ---- what the page shows ------------------------------------------------------------------


def test_event_page_shows_every_side_and_never_an_amount_or_another_guest(
    app: Flask, client: FlaskClient
) -> None:
    host, stranger, event = _world()
    _ledger(event)
    other_guest = make_guest(event, "Lê Văn Khách Khác")
    readers: list[tuple[str, Any]] = [("anonymous", None), ("stranger", stranger), ("host", host)]
    for _who, user in readers:
        reader = app.test_client()
        if user is not None:
            _sign_in(reader, user)
        for path in (f"/m/{event.token}", f"/m/k/{other_guest.token}"):
            response = reader.get(path)
            assert response.status_code == 200, path
            html = _text(response)
            for forbidden in _forbidden_texts():
                assert forbidden not in html, (path, forbidden)
        html = _text(reader.get(f"/m/{event.token}"))
        assert "Lê Văn Khách Khác" not in html
        assert "Nhà trai" in html and "Nhà gái" in html
        assert "Lễ cưới Minh & Lan" in html
        assert "Nhà văn hoá thôn Đông" in html
        assert "âm lịch" in html
    # The guest's own page greets them, and only them.
    html = _text(client.get(f"/m/k/{other_guest.token}"))
    assert "Kính mời anh Lê Văn Khách Khác" in html
    assert "Phạm Thị Bí Mật" not in html


def test_a_side_page_shows_that_side_only(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    groom, bride = event.sides
    bride.hosts_names = "Ông bà Trần Văn Gái"
    db.session.commit()
    html = _text(client.get(f"/m/{groom.token}"))
    assert "Nhà trai" in html
    assert "Ông bà Trần Văn Gái" not in html
    assert f"/m/{groom.token}/qr.png" in html
    assert f"/m/{bride.token}/qr.png" not in html


def test_unknown_tokens_and_ids_are_404(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    guest = make_guest(event)
    for path in (
        "/m/not-a-token",
        f"/m/{event.id}",
        f"/m/{event.sides[0].id}",
        f"/m/k/{guest.id}",
        f"/m/k/{event.token}",
        f"/m/{guest.token}",
        f"/m/{event.id}/qr.png",
        f"/m/{event.id}/lich.ics",
        f"/m/k/{guest.id}/qr.png",
    ):
        assert client.get(path).status_code == 404, path


def test_the_qr_is_a_plain_image_with_the_side_code_and_the_guest_code(
    client: FlaskClient,
) -> None:
    _host, _stranger, event = _world()
    guest = make_guest(event)
    side = event.sides[0]
    html = _text(client.get(f"/m/{side.token}"))
    img = re.search(r'<img class="qr-img" src="([^"]+)"', html)
    assert img is not None and img.group(1) == f"/m/{side.token}/qr.png"
    assert "<noscript" not in html  # the image needs no script at all
    assert "0011004455667" in html and "NGUYEN VAN MINH" in html
    image = client.get(img.group(1))
    assert image.status_code == 200 and image.mimetype == "image/png"
    (payload,) = codes.codes_in_photo(image.data)
    assert decode_payload(payload).code.purpose == side.code

    guest_image = client.get(f"/m/k/{guest.token}/qr.png")
    (payload,) = codes.codes_in_photo(guest_image.data)
    assert decode_payload(payload).code.purpose == guest.code
    assert f"/m/k/{guest.token}/qr.png" in _text(client.get(f"/m/k/{guest.token}"))


def test_no_qr_when_the_hosts_left_it_off_or_there_is_no_account(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    groom, bride = event.sides
    groom.show_qr = False
    bride.account_number = ""
    db.session.commit()
    html = _text(client.get(f"/m/{event.token}"))
    assert "qr-img" not in html
    assert client.get(f"/m/{groom.token}/qr.png").status_code == 404
    assert client.get(f"/m/{event.token}/qr.png").status_code == 404


def test_open_graph_and_twitter_tags(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    html = client.get(f"/m/{event.token}").get_data(as_text=True)
    tags = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    assert unescape(tags["og:title"]) == "Lễ cưới Minh & Lan"
    assert tags["og:type"] == "website"
    assert tags["og:url"] == f"http://localhost/m/{event.token}"
    assert tags["og:image"] == "http://localhost/static/img/public-card.png"
    assert "qr" not in tags["og:image"]
    assert tags["og:description"]
    assert tags["twitter:card"] == "summary_large_image"
    image = client.get("/static/img/public-card.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    image.close()


def test_the_public_page_loads_none_of_the_apps_css_fonts_or_script(
    client: FlaskClient,
) -> None:
    _host, _stranger, event = _world()
    html = client.get(f"/m/{event.token}").get_data(as_text=True)
    assert "app.css" not in html and "app.js" not in html and ".ttf" not in html
    assert client.get(f"/m/{event.token}").headers["Referrer-Policy"] == "no-referrer"
    assert "/static/css/public.css" in html and "/static/js/public.js" in html


# ---- the calendar file --------------------------------------------------------------------


def test_calendar_file_is_icalendar_with_utc_times_and_escaped_text(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    ceremony = event.sides[0].ceremonies[0]
    ceremony.name = "Lễ Thành Hôn; tiệc, trưa"
    ceremony.address = "Số 5, đường Lê Lợi\\Hà Nội"
    db.session.commit()
    response = client.get(f"/m/{event.token}/lich.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    raw = response.data.decode()
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    unfolded = raw.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    start = ceremony.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in lines
    assert "SUMMARY:Lễ Thành Hôn\\; tiệc\\, trưa – Lễ cưới Minh & Lan" in lines
    assert "LOCATION:Nhà văn hoá thôn Đông\\, Số 5\\, đường Lê Lợi\\\\Hà Nội" in lines
    assert any(line.startswith("DTEND:") for line in lines)
    assert any(line.startswith("UID:") and line.endswith("@quet") for line in lines)
    # Only the side's ceremonies on the side's file.
    side_lines = client.get(f"/m/{event.sides[1].token}/lich.ics").data.decode().split("\r\n")
    assert side_lines.count("BEGIN:VEVENT") == 1


# ---- RSVP ---------------------------------------------------------------------------------


def _rsvp(client: FlaskClient, path: str, **fields: str) -> Any:
    data = {"form": "rsvp", "r-name": "Chị Hoa", "r-answer": "yes", "r-people": "2"}
    data.update({f"r-{key}": value for key, value in fields.items()})
    return client.post(path, data=data)


def test_rsvp_on_the_event_page_names_the_side(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    bride = event.sides[1]
    refused = _rsvp(client, f"/m/{event.token}")
    assert refused.status_code == 422
    assert "Xin chọn bên nhà mà bạn trả lời." in _text(refused)
    done = _rsvp(client, f"/m/{event.token}", side=bride.token)
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/m/{event.token}#tra-loi")
    (rsvp,) = db.session.scalars(select(Rsvp))
    assert (rsvp.side_id, rsvp.name, rsvp.answer, rsvp.people) == (bride.id, "Chị Hoa", "yes", 2)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"people": "51"}, "r-people", "Số người đi cùng phải là số nguyên từ 0 đến 50."),
        ({"people": "-1"}, "r-people", "Số người đi cùng phải là số nguyên từ 0 đến 50."),
        ({"people": "2.5"}, "r-people", "Số người đi cùng phải là số nguyên từ 0 đến 50."),
        ({"answer": "perhaps"}, "r-answer", "Xin chọn: sẽ đến, chưa chắc hay không đến được."),
        ({"name": "  "}, "r-name", "Xin cho biết tên của bạn."),
        ({"name": "N" * 101}, "r-name", "Tên quá dài: tối đa 100 ký tự."),
    ],
)
def test_rsvp_refusals_are_shown_beside_the_field(
    client: FlaskClient, fields: dict[str, str], field: str, message: str
) -> None:
    _host, _stranger, event = _world()
    response = _rsvp(client, f"/m/{event.sides[0].token}", **fields)
    assert response.status_code == 422
    assert f'<p class="err" id="e-{field}" role="alert">{message}</p>' in _text(response)
    assert db.session.scalar(select(func.count()).select_from(Rsvp)) == 0


def test_a_guest_has_one_rsvp_updated_and_zero_people_is_fine(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    guest = make_guest(event)
    path = f"/m/k/{guest.token}"
    assert _rsvp(client, path, name="Anh Nam").status_code == 302
    assert _rsvp(client, path, name="Anh Nam", answer="no", people="0").status_code == 302
    (rsvp,) = db.session.scalars(select(Rsvp))
    assert (rsvp.guest_id, rsvp.side_id, rsvp.answer, rsvp.people) == (
        guest.id,
        guest.side_id,
        "no",
        0,
    )
    html = _text(client.get(path))
    assert "Bạn đã trả lời; gửi lại để sửa." in html
    assert '<input checked id="r-answer-2" name="r-answer" type="radio" value="no">' in html


# ---- wishes -------------------------------------------------------------------------------


def _wish(client: FlaskClient, path: str, message: str, **fields: str) -> Any:
    data = {"form": "wish", "w-name": "Bạn Hùng", "w-message": message, "w-public": "y"}
    data.update({f"w-{key}": value for key, value in fields.items()})
    return client.post(path, data=data)


def test_a_wish_with_markup_is_kept_and_escaped(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    path = f"/m/{event.token}"
    message = "Chúc mừng <script>alert(1)</script> <b>hạnh phúc</b>\x07\u202e!\nMãi bên nhau"
    assert _wish(client, path, message).status_code == 302
    wish = db.session.scalars(select(Wish)).one()
    assert wish.message == ("Chúc mừng <script>alert(1)</script> <b>hạnh phúc</b>!\nMãi bên nhau")
    html = client.get(path).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>hạnh phúc</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_ten_thousand_character_wish_is_refused_beside_the_field(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    response = _wish(client, f"/m/{event.token}", "chúc " * 2000)
    assert response.status_code == 422
    html = _text(response)
    assert (
        '<p class="err" id="e-w-message" role="alert">Lời chúc quá dài: 9999 ký tự, tối đa '
        "1000 ký tự. Xin viết ngắn lại.</p>"
    ) in html
    assert db.session.scalar(select(func.count()).select_from(Wish)) == 0
    assert _wish(client, f"/m/{event.token}", "x" * 1000).status_code == 302


def test_the_public_list_shows_only_agreed_and_unhidden_wishes(client: FlaskClient) -> None:
    host, _stranger, event = _world()
    path = f"/m/{event.token}"
    _wish(client, path, "Lời chúc công khai")
    _wish(client, path, "Lời chúc riêng tư", public="")
    _wish(client, path, "Lời chúc bị ẩn")
    hidden = db.session.scalars(select(Wish).where(Wish.message == "Lời chúc bị ẩn")).one()
    public.set_wish_hidden(host, event.id, hidden.id, True)
    html = _text(client.get(path))
    assert "Lời chúc công khai" in html
    assert "Lời chúc riêng tư" not in html and "Lời chúc bị ẩn" not in html
    event.show_wishes = False
    db.session.commit()
    assert "Lời chúc công khai" not in _text(client.get(path))


def test_hiding_a_wish_is_audited_without_its_words(client: FlaskClient) -> None:
    host, _stranger, event = _world()
    _wish(client, f"/m/{event.token}", "Chúc hai bạn trăm năm hạnh phúc")
    wish = db.session.scalars(select(Wish)).one()
    public.set_wish_hidden(host, event.id, wish.id, True)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "wish")).one()
    assert (entry.action, entry.entity_id, entry.locality_id) == ("update", str(wish.id), None)
    assert entry.before == {"event_id": event.id, "hidden": False}
    assert entry.after == {"event_id": event.id, "hidden": True}


def test_a_guest_wish_is_linked_to_the_guest(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    guest = make_guest(event)
    assert _wish(client, f"/m/k/{guest.token}", "Chúc hai bạn", name="").status_code == 302
    wish = db.session.scalars(select(Wish)).one()
    assert (wish.guest_id, wish.side_id, wish.name) == (guest.id, guest.side_id, guest.name)


def test_an_archived_event_still_shows_but_takes_no_replies(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    event.archived_at = event.created_at
    db.session.commit()
    path = f"/m/{event.token}"
    html = _text(client.get(path))
    assert "Sự kiện đã kết thúc nên không nhận trả lời hay lời chúc nữa." in html
    assert 'name="form" value="rsvp"' not in html and "qr-img" in html
    assert _wish(client, path, "Muộn nhưng vẫn chúc").status_code == 409
    assert _rsvp(client, path, side=event.sides[0].token).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Wish)) == 0


@pytest.mark.app_config(RATELIMIT_ENABLED=True, WISH_LIMITS="2 per minute", RSVP_LIMITS="1/minute")
def test_wishes_and_rsvps_are_rate_limited_apart(client: FlaskClient) -> None:
    _host, _stranger, event = _world()
    path = f"/m/{event.sides[0].token}"
    assert _wish(client, path, "một").status_code == 302
    assert _wish(client, path, "hai").status_code == 302
    assert _wish(client, path, "ba").status_code == 429
    assert _rsvp(client, path).status_code == 302
    assert _rsvp(client, path).status_code == 429
    assert client.get(path).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Wish)) == 2


# ---- the service worker -------------------------------------------------------------------


def test_the_service_worker_is_javascript_with_scope_m(client: FlaskClient) -> None:
    response = client.get("/m/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/m/"
    assert "no-cache" in response.headers["Cache-Control"]
    assert 'addEventListener("fetch"' in response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp  # worker-src falls back to it
    response.close()


# ---- the hosts' page and API --------------------------------------------------------------


def test_hosts_page_hides_and_shows_wishes_and_counts_people_per_side(
    app: Flask, client: FlaskClient
) -> None:
    host, stranger, event = _world()
    groom, bride = event.sides
    guest = make_guest(event)
    anyone = app.test_client()
    _rsvp(anyone, f"/m/{groom.token}", people="3")
    _rsvp(anyone, f"/m/k/{guest.token}", answer="maybe", people="2")
    _rsvp(anyone, f"/m/{bride.token}", name="Cô Ba", people="4")
    _rsvp(anyone, f"/m/{bride.token}", name="Chú Tư", answer="no", people="0")
    _wish(anyone, f"/m/{event.token}", "Chúc trăm năm")
    wish = db.session.scalars(select(Wish)).one()

    counts = {count.side.name: count for count in public.counts_of(host, event.id)}
    assert (counts["Nhà trai"].coming, counts["Nhà trai"].maybe) == (3, 2)
    assert (counts["Nhà gái"].coming, counts["Nhà gái"].answers["no"]) == (4, 1)

    _sign_in(client, host)
    html = _text(client.get(f"/su-kien/{event.id}/loi-chuc"))
    assert "Chúc trăm năm" in html and "Cô Ba" in html and "Chú Tư" in html
    assert (
        client.post(
            f"/su-kien/{event.id}/loi-chuc", data={"wish": str(wish.id), "hidden": "1"}
        ).status_code
        == 302
    )
    db.session.refresh(wish)
    assert wish.hidden
    assert "Chúc trăm năm" not in _text(anyone.get(f"/m/{event.token}"))
    client.post(f"/su-kien/{event.id}/loi-chuc", data={"wish": str(wish.id), "hidden": "0"})
    db.session.refresh(wish)
    assert not wish.hidden

    other = app.test_client()
    _sign_in(other, stranger)
    assert other.get(f"/su-kien/{event.id}/loi-chuc").status_code == 404
    refused = other.post(
        f"/su-kien/{event.id}/loi-chuc", data={"wish": str(wish.id), "hidden": "1"}
    )
    assert refused.status_code == 404
    db.session.refresh(wish)
    assert not wish.hidden


def test_hosts_api_lists_wishes_and_rsvps_and_hides_a_wish(app: Flask, client: FlaskClient) -> None:
    host, stranger, event = _world()
    anyone = app.test_client()
    _wish(anyone, f"/m/{event.token}", "Chúc mừng", public="")
    _rsvp(anyone, f"/m/{event.sides[0].token}")
    wish = db.session.scalars(select(Wish)).one()
    _sign_in(client, host)
    listed = client.get(f"/api/v1/events/{event.id}/wishes")
    assert listed.status_code == 200
    assert [item["message"] for item in listed.json] == ["Chúc mừng"]
    assert listed.json[0]["public"] is False
    assert "X-Pagination" in listed.headers
    patched = client.patch(f"/api/v1/events/{event.id}/wishes/{wish.id}", json={"hidden": True})
    assert patched.status_code == 200 and patched.json["hidden"] is True
    bad = client.patch(f"/api/v1/events/{event.id}/wishes/{wish.id}", json={"hidden": "maybe"})
    assert bad.status_code == 422 and "hidden" in str(bad.json["errors"])
    rsvps = client.get(f"/api/v1/events/{event.id}/rsvps")
    assert [(item["name"], item["people"]) for item in rsvps.json] == [("Chị Hoa", 2)]
    missing = client.patch(f"/api/v1/events/{event.id}/wishes/{wish.id + 99}", json={"hidden": 1})
    assert missing.status_code == 404

    other = app.test_client()
    _sign_in(other, stranger)
    assert other.get(f"/api/v1/events/{event.id}/wishes").status_code == 404
    assert other.get(f"/api/v1/events/{event.id}/rsvps").status_code == 404
    assert (
        other.patch(
            f"/api/v1/events/{event.id}/wishes/{wish.id}", json={"hidden": False}
        ).status_code
        == 404
    )
