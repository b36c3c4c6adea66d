"""A vendor's own sign: name, place and sign code printed, the primary account's code that a
decoder reads back, "not confirmed" on a self-registered vendor's sign, and the sign's page
route (formats, paper sizes, revalidation, who may fetch it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app.audit_log import acting_as
from app.extensions import db
from app.markets import services, signs
from app.markets.models import Vendor
from tests.factories import sign_in
from tests.markets.conftest import ACCOUNT, BANK, World, add_vendor
from tests.render.conftest import decode_bytes


def _with_account(world: World, name: str, **extra: object) -> Vendor:
    vendor = add_vendor(world, name, **extra)
    with acting_as("tests"):
        services.add_account(
            world.officer_a,
            vendor,
            {"bank": BANK, "number": ACCOUNT, "holder_name": "NGUYEN THI DAO", "is_primary": True},
        )
    return vendor


def test_the_sign_prints_name_stall_market_and_sign_code(world: World) -> None:
    vendor = _with_account(
        world, "Cô Đào", stall_ids=[world.stalls[0].id, world.stalls[1].id], goods="Cá"
    )
    sign = signs.sign_of(vendor)
    assert sign is not None
    assert sign.title == "Cô Đào" and sign.code == vendor.sign_code and sign.notice is None
    assert sign.footer == "Sạp 1 · Sạp 2 · Dãy A · Chợ An Bình"
    assert ACCOUNT in sign.payload and sign.purpose is None


def test_a_street_shop_prints_house_number_and_street(world: World) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố Hàng Cá", "locality_id": world.places.commune_a.id}
    )
    vendor = services.create_vendor(
        world.officer_a, {"name": "Tiệm Bà Tư", "street_id": street.id, "house_number": "25"}
    )
    assert signs.place_line(vendor) == "Số 25 · Phố Hàng Cá"


def test_a_pending_vendor_s_sign_says_not_confirmed(world: World) -> None:
    vendor = services.create_vendor(
        world.officer_a, {"name": "Cô Mai", "market_id": world.market.id}, registration="pending"
    )
    with acting_as("tests"):
        services.add_account(world.officer_a, vendor, {"bank": BANK, "number": ACCOUNT})
    sign = signs.sign_of(vendor)
    assert sign is not None and sign.notice == signs.PENDING_NOTICE
    assert "CHƯA XÁC NHẬN" in signs.PENDING_NOTICE


def test_code_in_purpose_carries_the_sign_code(world: World) -> None:
    vendor = _with_account(world, "Cô Đào", code_in_purpose=True)
    sign = signs.sign_of(vendor)
    assert sign is not None and sign.purpose == vendor.sign_code
    assert vendor.sign_code in sign.payload


def test_no_primary_account_no_sign(world: World) -> None:
    assert signs.sign_of(add_vendor(world, "Cô Lan")) is None


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_sign_files_decode_to_the_vendor_s_account(
    client: FlaskClient, world: World, tmp_path: Path
) -> None:
    vendor = _with_account(world, "Cô Đào", stall_ids=[world.stalls[0].id])
    sign_in(client, world.officer_a)
    png = client.get(f"/tieu-thuong/{vendor.id}/bien.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.headers["Cache-Control"] == "private, no-cache"
    assert [text for text in decode_bytes(png.data) if ACCOUNT in text]
    again = client.get(
        f"/tieu-thuong/{vendor.id}/bien.png", headers={"If-None-Match": png.headers["ETag"]}
    )
    assert again.status_code == 304
    a4 = client.get(f"/tieu-thuong/{vendor.id}/bien.pdf?page=A4&download=1")
    assert a4.status_code == 200 and a4.mimetype == "application/pdf"
    assert f'filename="bien-{vendor.sign_code}-A4.pdf"' in a4.headers["Content-Disposition"]
    pdf = tmp_path / "a4.pdf"
    pdf.write_bytes(a4.data)
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert text.count(vendor.sign_code) == 4 and "Chợ An Bình" in text


def test_the_sign_changes_when_the_vendor_is_approved(client: FlaskClient, world: World) -> None:
    vendor = services.create_vendor(
        world.officer_a, {"name": "Cô Mai", "market_id": world.market.id}, registration="pending"
    )
    with acting_as("tests"):
        services.add_account(world.officer_a, vendor, {"bank": BANK, "number": ACCOUNT})
    sign_in(client, world.officer_a)
    pending = client.get(f"/tieu-thuong/{vendor.id}/bien.png")
    vendor.registration = "approved"
    db.session.commit()
    approved = client.get(
        f"/tieu-thuong/{vendor.id}/bien.png", headers={"If-None-Match": pending.headers["ETag"]}
    )
    assert approved.status_code == 200 and approved.headers["ETag"] != pending.headers["ETag"]


def test_bad_sign_requests_are_refused(client: FlaskClient, world: World) -> None:
    vendor = _with_account(world, "Cô Đào")
    sign_in(client, world.officer_a)
    bad_page = client.get(f"/tieu-thuong/{vendor.id}/bien.pdf?page=A3")
    assert bad_page.status_code == 422 and "A6, A4" in bad_page.get_data(as_text=True)
    assert client.get(f"/tieu-thuong/{vendor.id}/bien.gif").status_code == 404


def test_no_account_no_sign_file(client: FlaskClient, world: World) -> None:
    vendor = add_vendor(world, "Cô Lan")
    sign_in(client, world.officer_a)
    assert client.get(f"/tieu-thuong/{vendor.id}/bien.png").status_code == 404


def test_only_those_who_see_the_vendor_fetch_the_sign(client: FlaskClient, world: World) -> None:
    vendor = _with_account(world, "Cô Đào")
    sign_in(client, world.officer_b)
    assert client.get(f"/tieu-thuong/{vendor.id}/bien.png").status_code == 403
