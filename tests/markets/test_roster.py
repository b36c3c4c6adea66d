"""The officer's roster walk: the "add vendor" and "add account" forms read the account from a
photo of the bank-made code the vendor displays."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.extensions import db
from app.markets.models import Vendor, VendorAccount
from tests.factories import sign_in
from tests.markets.conftest import ACCOUNT, BANK, World, add_vendor
from tests.markets.test_registration import bank_code_png, blank_png

MULTIPART = "multipart/form-data"


def test_adding_a_vendor_by_photographing_their_bank_code(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, world.officer_a)
    form = client.get(f"/cho/{world.market.id}/tieu-thuong/them").text
    assert 'accept="image/*"' in form and 'capture="environment"' in form
    assert 'enctype="multipart/form-data"' in form
    answer = client.post(
        f"/cho/{world.market.id}/tieu-thuong/them",
        data={
            "name": "Cô Đào",
            "stall_ids": str(world.stalls[0].id),
            "photo": (io.BytesIO(bank_code_png(name="NGUYEN THI DAO")), "ma.jpg"),
        },
        content_type=MULTIPART,
    )
    assert answer.status_code == 302
    vendor = db.session.scalars(select(Vendor)).one()
    assert vendor.registration == "approved"
    account = vendor.primary_account
    assert account is not None
    assert (account.bank_bin, account.number, account.holder_name) == (
        BANK,
        ACCOUNT,
        "NGUYEN THI DAO",
    )
    page = client.get(answer.headers["Location"]).text
    assert "Đã đọc từ mã QR: VietinBank · 113366668888 · NGUYEN THI DAO" in page
    assert "img" in page and "sign-preview" in page
    audited = db.session.scalars(
        select(AuditEntry.entity).where(AuditEntry.actor_label == "officer-a@x.vn")
    ).all()
    assert "vendor_account" in audited


def test_a_photo_without_a_code_is_refused_beside_it_and_nothing_is_lost(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, world.officer_a)
    answer = client.post(
        f"/cho/{world.market.id}/tieu-thuong/them",
        data={
            "name": "Cô Đào",
            "goods": "Cá đồng",
            "photo": (io.BytesIO(blank_png()), "ma.png"),
        },
        content_type=MULTIPART,
    )
    assert answer.status_code == 422
    assert 'id="e-f-photo"' in answer.text
    assert 'value="Cô Đào"' in answer.text and 'value="Cá đồng"' in answer.text
    assert db.session.scalar(select(Vendor.id)) is None


def test_adding_an_account_from_a_photo_and_typed(client: FlaskClient, world: World) -> None:
    vendor = add_vendor(world, "Cô Đào")
    sign_in(client, world.officer_a)
    read = client.post(
        f"/tieu-thuong/{vendor.id}/tai-khoan/them",
        data={
            "bank": "",
            "number": "",
            "service": "account",
            "holder_name": "CO DAO",
            "photo": (io.BytesIO(bank_code_png()), "ma.png"),
        },
        content_type=MULTIPART,
    )
    assert read.status_code == 302
    [account] = vendor.accounts
    # The code carried no name: the one typed is kept.
    assert (account.bank_bin, account.number, account.holder_name) == (BANK, ACCOUNT, "CO DAO")

    refused = client.post(
        f"/tieu-thuong/{vendor.id}/tai-khoan/them",
        data={
            "bank": "970436",
            "number": "0123456789",
            "service": "account",
            "photo": (io.BytesIO(blank_png()), "ma.png"),
        },
        content_type=MULTIPART,
    )
    assert refused.status_code == 422 and 'id="e-f-photo"' in refused.text
    assert 'value="0123456789"' in refused.text
    typed = client.post(
        f"/tieu-thuong/{vendor.id}/tai-khoan/them",
        data={"bank": "970436", "number": "0123456789", "service": "account"},
    )
    assert typed.status_code == 302
    assert db.session.scalars(select(VendorAccount.number).order_by(VendorAccount.id)).all() == [
        ACCOUNT,
        "0123456789",
    ]


def test_adding_a_shop_on_a_street_by_photo(client: FlaskClient, world: World) -> None:
    from app.markets import services

    street = services.create_street(
        world.officer_a, {"name": "Phố An Bình", "locality_id": world.places.commune_a.id}
    )
    sign_in(client, world.officer_a)
    answer = client.post(
        f"/tuyen-pho/{street.id}/tieu-thuong/them",
        data={
            "name": "Tiệm bánh Hoa",
            "house_number": "25",
            "photo": (io.BytesIO(bank_code_png(account="0123456789")), "ma.png"),
        },
        content_type=MULTIPART,
    )
    assert answer.status_code == 302
    vendor = db.session.scalars(select(Vendor)).one()
    assert (vendor.street_id, vendor.house_number) == (street.id, "25")
    assert [a.number for a in vendor.accounts] == ["0123456789"]
