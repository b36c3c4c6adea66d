"""The sign check pages without JavaScript (plain form posts): the vendor's own check, a stall
photographed in a round, a mismatch resolved with a note, the market page's summary."""

from __future__ import annotations

import io

from flask.testing import FlaskClient

from app.markets import checks
from tests.factories import make_user, sign_in
from tests.markets.conftest import World
from tests.markets.test_checks import (
    OTHER_BANK,
    THIEF_ACCOUNT,
    payload_for,
    sign_photo,
    vendor_with_account,
)


def test_the_vendors_own_check_without_javascript(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào", user_id=world.vendor_user.id)
    other = vendor_with_account(world, "Anh Khác", stall=1)
    sign_in(client, world.vendor_user)
    page = client.get("/kiem-tra-bien-cua-toi").get_data(as_text=True)
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    sent = client.post(
        "/kiem-tra-bien-cua-toi",
        data={"vendor_id": str(dao.id), "photo": (io.BytesIO(sign_photo(dao)), "bien.jpg")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 200
    assert "Mã này trả vào tài khoản của bạn tại VietinBank ····8888" in sent.get_data(as_text=True)
    missing = client.post(
        "/kiem-tra-bien-cua-toi",
        data={"vendor_id": str(dao.id)},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 422
    assert 'id="e-f-photo"' in missing.get_data(as_text=True)
    assert "Chọn một ảnh chụp mã QR." in missing.get_data(as_text=True)
    theirs = client.post(
        "/kiem-tra-bien-cua-toi",
        data={"vendor_id": str(other.id), "photo": (io.BytesIO(sign_photo(dao)), "bien.jpg")},
        content_type="multipart/form-data",
    )
    assert theirs.status_code == 422  # not one of her records: the choice is refused


def test_someone_with_no_vendor_record_is_told_so(client: FlaskClient, world: World) -> None:
    sign_in(client, make_user("khach@x.vn"))
    page = client.get("/kiem-tra-bien-cua-toi").get_data(as_text=True)
    assert "chưa gắn với hồ sơ tiểu thương nào" in page


def test_a_round_without_javascript(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    sign_in(client, world.officer_a)
    started = client.post(f"/cho/{world.market.id}/kiem-tra-bien/bat-dau")
    assert started.status_code == 302
    round_url = started.headers["Location"]
    round_id = int(round_url.rsplit("/", 1)[1])
    stall_url = f"/luot-kiem-tra/{round_id}/sap/{world.stalls[0].id}"
    swapped = sign_photo(dao, pasted=payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT))
    checked = client.post(
        stall_url,
        data={"photo": (io.BytesIO(swapped), "bien.jpg")},
        content_type="multipart/form-data",
    )
    text = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "Sai lệch: mã không trả vào tài khoản của Cô Đào" in text
    blank = client.post(stall_url, data={}, content_type="multipart/form-data")
    assert blank.status_code == 422 and 'id="e-f-photo"' in blank.get_data(as_text=True)

    (problem,) = checks.open_problems(world.market)
    resolve = f"/kiem-tra-bien/{problem.id}/xu-ly"
    empty = client.post(resolve, data={f"check-{problem.id}-note": ""})
    assert empty.status_code == 422 and "Không được để trống." in empty.get_data(as_text=True)
    done = client.post(resolve, data={f"check-{problem.id}-note": "Đã dán lại biển đúng"})
    assert done.status_code == 302 and checks.open_problems(world.market) == []
    market_page = client.get(f"/cho/{world.market.id}").get_data(as_text=True)
    assert "1 sạp, 0 đúng, 1 sai lệch" in market_page
    assert client.post(f"/luot-kiem-tra/{round_id}/xong").status_code == 302
    finished = client.get(stall_url).get_data(as_text=True)
    assert "Lượt kiểm tra này đã kết thúc." in finished and 'id="stall-check"' not in finished
    late = client.post(
        stall_url,
        data={"photo": (io.BytesIO(swapped), "bien.jpg")},
        content_type="multipart/form-data",
    )
    assert late.status_code == 409


def test_the_vendor_finds_her_check_on_her_page(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào", user_id=world.vendor_user.id)
    sign_in(client, world.vendor_user)
    assert "/kiem-tra-bien-cua-toi" in client.get(f"/tieu-thuong/{dao.id}").get_data(as_text=True)
    sign_in(client, world.officer_a)
    assert "/kiem-tra-bien-cua-toi" not in client.get(f"/tieu-thuong/{dao.id}").get_data(
        as_text=True
    )
