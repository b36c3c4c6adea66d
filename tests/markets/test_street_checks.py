"""A cashless street's sign checks, page by page without JavaScript: the street page's summary,
a round started from the street's checks page, each shop photographed in turn, a swapped sign
followed up and resolved, the round finished; and the same round through the API."""

from __future__ import annotations

import io
from datetime import date

from flask.testing import FlaskClient

from app.markets import checks, services
from app.markets.models import CashlessStreet, Vendor
from tests.factories import bearer, sign_in
from tests.markets.conftest import World, add_vendor
from tests.markets.test_checks import (
    ACCOUNT,
    BANK,
    OTHER_BANK,
    THIEF_ACCOUNT,
    payload_for,
    sign_photo,
)


def make_street(world: World, name: str = "Phố đi bộ Nguyễn Huệ") -> CashlessStreet:
    return services.create_street(
        world.officer_a,
        {"name": name, "locality_id": world.places.commune_a.id, "launched_on": date(2025, 9, 2)},
    )


def shop_with_account(
    world: World, street: CashlessStreet, name: str, number: str, house: str
) -> Vendor:
    shop = add_vendor(world, name, market_id=None, street_id=street.id, house_number=house)
    services.add_account(
        world.officer_a, shop, {"bank": BANK, "number": number, "holder_name": name.upper()}
    )
    return shop


def _photo(data: bytes) -> dict[str, object]:
    return {"photo": (io.BytesIO(data), "bien.jpg")}


def test_a_street_round_shop_by_shop(client: FlaskClient, world: World) -> None:
    street = make_street(world)
    tra = shop_with_account(world, street, "Quán chè Bà Tư", ACCOUNT, "12")
    banh = shop_with_account(world, street, "Tiệm bánh Anh Ba", "0123456789", "14")
    sign_in(client, world.officer_a)
    street_page = client.get(f"/tuyen-pho/{street.id}").get_data(as_text=True)
    assert (
        "Kiểm tra biển mã" in street_page and f"/tuyen-pho/{street.id}/kiem-tra-bien" in street_page
    )

    checks_page = client.get(f"/tuyen-pho/{street.id}/kiem-tra-bien").get_data(as_text=True)
    assert "Đi dọc tuyến phố" in checks_page and "Chưa có lượt kiểm tra nào." in checks_page
    started = client.post(f"/tuyen-pho/{street.id}/kiem-tra-bien/bat-dau")
    assert started.status_code == 302
    round_id = int(started.headers["Location"].rsplit("/", 1)[1])
    listed = client.get(f"/luot-kiem-tra/{round_id}").get_data(as_text=True)
    # the shops by name, each to be checked; the way back leads to the street's checks
    assert listed.index("Quán chè Bà Tư") < listed.index("Tiệm bánh Anh Ba")
    assert f"/luot-kiem-tra/{round_id}/cua-hang/{tra.id}" in listed
    assert f'href="/tuyen-pho/{street.id}/kiem-tra-bien"' in listed

    first = f"/luot-kiem-tra/{round_id}/cua-hang/{tra.id}"
    ok = client.post(first, data=_photo(sign_photo(tra)), content_type="multipart/form-data")
    text = ok.get_data(as_text=True)
    assert ok.status_code == 200 and "Đúng: mã trả vào tài khoản của Quán chè Bà Tư" in text
    # the next shop not yet checked is one tap away
    assert f'href="/luot-kiem-tra/{round_id}/cua-hang/{banh.id}"' in text
    assert "Cửa hàng tiếp theo: Tiệm bánh Anh Ba" in text

    swapped = sign_photo(banh, pasted=payload_for(world, banh, OTHER_BANK, THIEF_ACCOUNT))
    second = f"/luot-kiem-tra/{round_id}/cua-hang/{banh.id}"
    bad = client.post(second, data=_photo(swapped), content_type="multipart/form-data")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Sai lệch: mã không trả vào tài khoản của Tiệm bánh" in text
    assert "Cửa hàng tiếp theo" not in text  # every shop is checked
    totals = client.get(f"/luot-kiem-tra/{round_id}").get_data(as_text=True)
    assert "Đã kiểm tra 2 cửa hàng: 1 đúng, 1 sai lệch" in totals

    (problem,) = checks.open_problems(street=street)
    street_page = client.get(f"/tuyen-pho/{street.id}").get_data(as_text=True)
    assert (
        "1 sai lệch chưa xử lý:" in street_page and "2 cửa hàng, 1 đúng, 1 sai lệch" in street_page
    )
    resolve = f"/kiem-tra-bien/{problem.id}/xu-ly"
    empty = client.post(resolve, data={f"check-{problem.id}-note": ""})
    assert empty.status_code == 422 and "Đi dọc tuyến phố" in empty.get_data(as_text=True)
    done = client.post(resolve, data={f"check-{problem.id}-note": "Đã dán lại biển đúng"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/tuyen-pho/{street.id}/kiem-tra-bien#sai-lech")
    assert checks.open_problems(street=street) == []

    finished = client.post(f"/luot-kiem-tra/{round_id}/xong")
    assert finished.headers["Location"].endswith(f"/tuyen-pho/{street.id}/kiem-tra-bien")
    late = client.post(second, data=_photo(swapped), content_type="multipart/form-data")
    assert late.status_code == 409


def test_a_shop_of_another_street_or_a_market_round_is_not_found(
    client: FlaskClient, world: World
) -> None:
    street, other = make_street(world), make_street(world, "Phố Hàng Bè")
    elsewhere = shop_with_account(world, other, "Quán khác", ACCOUNT, "3")
    street_round = checks.start_round(world.officer_a, street=street)
    market_round = checks.start_round(world.officer_a, market=world.market)
    sign_in(client, world.officer_a)
    assert (
        client.get(f"/luot-kiem-tra/{street_round.id}/cua-hang/{elsewhere.id}").status_code == 404
    )
    assert (
        client.get(f"/luot-kiem-tra/{market_round.id}/cua-hang/{elsewhere.id}").status_code == 404
    )
    stall = world.stalls[0]
    assert client.get(f"/luot-kiem-tra/{street_round.id}/sap/{stall.id}").status_code == 404
    sign_in(client, world.viewer_a)  # reads the street's checks, starts nothing
    assert client.get(f"/tuyen-pho/{street.id}/kiem-tra-bien").status_code == 200
    assert client.post(f"/tuyen-pho/{street.id}/kiem-tra-bien/bat-dau").status_code == 403


def test_a_street_round_through_the_api(client: FlaskClient, world: World) -> None:
    street = make_street(world)
    shop = shop_with_account(world, street, "Quán chè Bà Tư", ACCOUNT, "12")
    officer = bearer(world.officer_a)
    rounds = f"/api/v1/streets/{street.id}/check-rounds"
    assert client.post(rounds, headers=bearer(world.officer_b)).status_code == 403
    started = client.post(rounds, headers=officer)
    assert started.status_code == 201
    checks_url = f"/api/v1/check-rounds/{started.get_json()['id']}/checks"
    swapped = payload_for(world, shop, OTHER_BANK, THIEF_ACCOUNT)
    checked = client.post(
        checks_url, json={"vendor_id": shop.id, "payload": swapped}, headers=officer
    )
    assert checked.status_code == 201 and checked.get_json()["check"]["result"] == "mismatch"
    market_vendor = add_vendor(world, "Cô ở chợ")
    elsewhere = client.post(
        checks_url, json={"vendor_id": market_vendor.id, "payload": swapped}, headers=officer
    )
    assert elsewhere.status_code == 422 and set(elsewhere.get_json()["errors"]) == {"vendor_id"}
    listed = client.get(rounds, headers=bearer(world.viewer_a)).get_json()
    assert [r["id"] for r in listed] == [started.get_json()["id"]]
