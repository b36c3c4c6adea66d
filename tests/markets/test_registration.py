"""Self-registration, approval and rejection (app.markets.registration): the service, the API,
the pages, the rate limit, and reading an account from a photo of a bank's code."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.markets import registration, services
from app.markets.models import Stall, Vendor
from app.render import render_png
from app.vietqr import PaymentCode, build_payload
from tests.factories import sign_in
from tests.markets.conftest import ACCOUNT, BANK, World, add_vendor


def bank_code_png(bank: str = BANK, account: str = ACCOUNT, name: str | None = None) -> bytes:
    """A photo of the code a bank made for an account (with the holder's name when given)."""
    payload = build_payload(PaymentCode(bank_bin=bank, account=account, merchant_name=name))
    return render_png(payload, size=480)


def blank_png() -> bytes:
    """A photo with no code in it."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (300, 300), 255).save(out, format="PNG")
    return out.getvalue()


def registering(world: World, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "market_id": world.market.id,
        "stall_number": "1",
        "name": "Cô Nguyễn Thị Đào",
        "phone": "0912 345 678",
        "goods": "Cá đồng",
        "bank": BANK,
        "number": ACCOUNT,
        "holder_name": "NGUYEN THI DAO",
    }
    return {**data, **extra}


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# ---- the service --------------------------------------------------------------------------


def test_a_registration_is_pending_with_its_stall_and_account(world: World) -> None:
    vendor = registration.register(None, registering(world))
    assert vendor.registration == "pending"
    assert [s.number for s in vendor.stalls] == ["1"]
    assert vendor.locality_id == world.places.commune_a.id
    account = vendor.primary_account
    assert account is not None
    assert (account.bank_bin, account.number, account.holder_name) == (
        BANK,
        ACCOUNT,
        "NGUYEN THI DAO",
    )
    assert vendor.steps == []
    created = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "create")))[-2:]
    assert [(e.entity, e.actor_label, e.actor_id) for e in created] == [
        ("vendor", "self-registration", None),
        ("vendor_account", "self-registration", None),
    ]


def test_a_registration_on_a_street_needs_a_house_number(world: World) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố An Bình", "locality_id": world.places.commune_a.id}
    )
    data = registering(world, market_id=None, street_id=street.id, stall_number="")
    with pytest.raises(DomainError) as refused:
        registration.register(None, data)
    assert refused.value.field == "house_number"
    vendor = registration.register(None, {**data, "house_number": "25"})
    assert (vendor.street_id, vendor.house_number) == (street.id, "25")


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"stall_number": "99"}, "stall_number", "markets.stall_unknown"),
        ({"stall_number": ""}, "stall_number", "markets.required"),
        ({"market_id": None}, "place", "markets.place_missing"),
        ({"market_id": 999999}, "place", "markets.market_not_found"),
        ({"phone": " "}, "phone", "markets.required"),
        ({"name": ""}, "name", "markets.required"),
        ({"number": "12 34-abc!"}, "number", None),
        ({"bank": "no such bank"}, "bank", None),
        ({"number": ""}, "number", "markets.required"),
    ],
)
def test_bad_registrations_are_refused_on_their_field(
    world: World, change: dict[str, Any], field: str, code: str | None
) -> None:
    with pytest.raises(DomainError) as refused:
        registration.register(None, registering(world, **change))
    assert refused.value.field == field
    if code is not None:
        assert refused.value.code == code
    assert db.session.scalar(select(Vendor.id)) is None


def test_a_stall_held_by_an_approved_vendor_is_refused(world: World) -> None:
    add_vendor(world, "Bác Ba", stall_ids=[world.stalls[0].id])
    with pytest.raises(DomainError) as refused:
        registration.register(None, registering(world))
    assert (refused.value.code, refused.value.field, refused.value.status) == (
        "markets.stall_held",
        "stall_number",
        409,
    )


def test_a_stall_with_a_pending_registration_is_refused_until_it_is_decided(
    world: World,
) -> None:
    first = registration.register(None, registering(world))
    with pytest.raises(DomainError) as refused:
        registration.register(None, registering(world, phone="0987", number="0123456789"))
    assert refused.value.code == "markets.stall_pending"
    registration.reject(world.officer_a, first, "Không phải sạp của người này")
    again = registration.register(None, registering(world, phone="0987", number="0123456789"))
    assert [s.number for s in again.stalls] == ["1"]


def test_the_same_phone_or_account_at_the_same_place_is_refused(world: World) -> None:
    registration.register(None, registering(world))
    with pytest.raises(DomainError) as phone:
        registration.register(
            None, registering(world, stall_number="2", phone="0912.345.678", number="0123456789")
        )
    assert (phone.value.code, phone.value.field) == ("markets.registration_phone_taken", "phone")
    with pytest.raises(DomainError) as account:
        registration.register(
            None, registering(world, stall_number="2", phone="0987", number="1133 6666 8888")
        )
    assert (account.value.code, account.value.field) == (
        "markets.registration_account_taken",
        "number",
    )
    # Another market is another place.
    other = services.create_market(
        world.officer_a,
        {"name": "Chợ Đêm", "locality_id": world.places.commune_a.id, "kind": "dem"},
    )
    services.add_stall(world.officer_a, other, {"number": "1"})
    assert registration.register(None, registering(world, market_id=other.id)).id


def test_approval_is_audited_and_enrols_the_vendor(world: World) -> None:
    vendor = registration.register(None, registering(world))
    registration.approve(world.officer_a, vendor)
    assert vendor.registration == "approved"
    assert [(s.status, s.recorded_by_label) for s in vendor.steps] == [
        ("enrolled", "officer-a@x.vn")
    ]
    [approved] = entries("approve")
    assert (approved.entity, approved.entity_id, approved.actor_label) == (
        "vendor",
        str(vendor.id),
        "officer-a@x.vn",
    )
    assert approved.before is not None and approved.after is not None
    assert (approved.before["registration"], approved.after["registration"]) == (
        "pending",
        "approved",
    )
    with pytest.raises(DomainError) as twice:
        registration.approve(world.officer_a, vendor)
    assert (twice.value.code, twice.value.status) == ("markets.not_pending", 409)


def test_rejection_deletes_the_record_with_its_reason_audited(world: World) -> None:
    vendor = registration.register(None, registering(world))
    vendor_id = vendor.id
    with pytest.raises(DomainError) as no_reason:
        registration.reject(world.officer_a, vendor, " ")
    assert no_reason.value.field == "reason"
    registration.reject(world.officer_a, vendor, "Số tài khoản không phải của cô Đào")
    assert db.session.get(Vendor, vendor_id) is None
    assert world.stalls[0].vendor_id is None
    [rejected] = entries("reject")
    assert rejected.actor_label == "officer-a@x.vn"
    assert rejected.before is not None and rejected.before["name"] == "Cô Nguyễn Thị Đào"
    assert rejected.after == {"rejection_reason": "Số tài khoản không phải của cô Đào"}


def test_an_officer_of_another_commune_can_neither_see_approve_nor_reject(world: World) -> None:
    vendor = registration.register(None, registering(world))
    assert registration.pending_in(world.officer_b) == []
    assert registration.pending_in(world.viewer_a) == []
    assert registration.pending_in(world.officer_a) == [vendor]
    for act in (
        lambda: registration.approve(world.officer_b, vendor),
        lambda: registration.reject(world.officer_b, vendor, "x"),
        lambda: registration.approve(world.viewer_a, vendor),
    ):
        with pytest.raises(DomainError) as refused:
            act()
        assert refused.value.status == 403
    assert vendor.registration == "pending"
    assert entries("approve") == entries("reject") == []


def test_an_approved_vendor_cannot_be_rejected(world: World) -> None:
    vendor = add_vendor(world, "Bác Ba")
    with pytest.raises(DomainError) as refused:
        registration.reject(world.officer_a, vendor, "x")
    assert refused.value.code == "markets.not_pending"
    assert db.session.get(Vendor, vendor.id) is not None


def pending_at(world: World) -> int:
    """The registrations waiting at the test market, as its page counts them."""
    statuses = services.statuses_as_of(services.today(), market=world.market)
    return services.count_statuses(statuses).pending


def test_pending_count_of_a_market(world: World) -> None:
    assert pending_at(world) == 0
    registration.register(None, registering(world))
    registration.register(None, registering(world, stall_number="2", phone="09", number="0123"))
    add_vendor(world, "Bác Ba", stall_ids=[world.stalls[2].id])
    assert pending_at(world) == 2


# ---- reading a bank's code from a photo ---------------------------------------------------


def test_a_bank_code_is_read_from_a_photo(app: Flask) -> None:
    read = registration.read_bank_code(bank_code_png(name="NGUYEN THI DAO"))
    assert (read.bank_bin, read.bank_name, read.account, read.holder_name) == (
        BANK,
        "VietinBank",
        ACCOUNT,
        "NGUYEN THI DAO",
    )
    assert registration.read_bank_code(bank_code_png()).holder_name == ""


def test_a_photo_without_a_code_is_refused_on_the_photo(app: Flask) -> None:
    with pytest.raises(DomainError) as refused:
        registration.read_bank_code(blank_png())
    assert refused.value.field == "photo"
    assert refused.value.code.startswith("codes.image.")


def test_a_code_that_is_not_a_transfer_is_refused(app: Flask) -> None:
    with pytest.raises(DomainError) as refused:
        registration.read_bank_code(render_png("https://example.vn/not-a-payment"))
    assert (refused.value.field, refused.value.code) == ("photo", "markets.photo_not_vietqr")


# ---- the API ------------------------------------------------------------------------------


def _api_body(world: World, **extra: Any) -> dict[str, Any]:
    body = registering(world, **extra)
    return {key: value for key, value in body.items() if value is not None}


def test_api_registration_is_public_and_pending(client: FlaskClient, world: World) -> None:
    answer = client.post("/api/v1/vendor-registrations", json=_api_body(world))
    assert answer.status_code == 201, answer.json
    assert answer.json["registration"] == "pending"
    assert answer.json["accounts"][0]["number"] == ACCOUNT
    again = client.post("/api/v1/vendor-registrations", json=_api_body(world))
    assert again.status_code == 409
    assert list(again.json["errors"]) == ["stall_number"]
    bad = client.post("/api/v1/vendor-registrations", json=_api_body(world, number="x" * 41))
    assert bad.status_code == 422 and "number" in bad.json["errors"]


def test_api_pending_list_approve_and_reject(client: FlaskClient, world: World) -> None:
    first = registration.register(None, registering(world))
    second = registration.register(
        None, registering(world, stall_number="2", phone="0987", number="0123456789")
    )
    sign_in(client, world.officer_b)
    assert client.get("/api/v1/vendor-registrations").json == []
    assert client.post(f"/api/v1/vendors/{first.id}/approve").status_code == 403
    sign_in(client, world.officer_a)
    listed = client.get(f"/api/v1/vendor-registrations?locality_id={world.places.commune_a.id}")
    assert [v["id"] for v in listed.json] == [first.id, second.id]
    approved = client.post(f"/api/v1/vendors/{first.id}/approve")
    assert approved.status_code == 200 and approved.json["registration"] == "approved"
    assert client.post(f"/api/v1/vendors/{first.id}/approve").status_code == 409
    no_reason = client.post(f"/api/v1/vendors/{second.id}/reject", json={})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    rejected = client.post(f"/api/v1/vendors/{second.id}/reject", json={"reason": "Trùng"})
    assert rejected.status_code == 204
    assert client.get("/api/v1/vendor-registrations").json == []


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", REGISTRATION_LIMITS="2 per hour"
)
def test_registering_is_rate_limited_per_address_page_and_api_together(
    client: FlaskClient, world: World
) -> None:
    first = client.post("/api/v1/vendor-registrations", json=_api_body(world))
    assert first.status_code == 201
    page = client.post("/dang-ky-tieu-thuong", data={"name": "x"})
    assert page.status_code == 422  # counted, refused by the form
    third = client.post(
        "/api/v1/vendor-registrations",
        json=_api_body(world, stall_number="2", phone="0987", number="0123456789"),
    )
    assert third.status_code == 429
    assert client.post("/dang-ky-tieu-thuong", data={"name": "x"}).status_code == 429
    assert client.get("/dang-ky-tieu-thuong").status_code == 200  # reading is not limited
    assert db.session.scalar(select(Vendor.id).where(Vendor.phone == "0987")) is None


# ---- the pages ----------------------------------------------------------------------------


def _form(world: World, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "place": f"m{world.market.id}",
        "stall_number": "1",
        "name": "Cô Nguyễn Thị Đào",
        "phone": "0912345678",
        "bank": BANK,
        "number": ACCOUNT,
        "holder_name": "NGUYEN THI DAO",
    }
    return {**data, **extra}


def test_the_page_registers_and_only_this_session_gets_the_sign(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assert "Chợ An Bình" in client.get("/dang-ky-tieu-thuong").text
    answer = client.post("/dang-ky-tieu-thuong", data=_form(world))
    assert answer.status_code == 302
    vendor = db.session.scalars(select(Vendor)).one()
    assert answer.headers["Location"] == f"/dang-ky-tieu-thuong/{vendor.id}"
    done = client.get(answer.headers["Location"])
    assert "Chưa xác nhận." in done.text
    sign = client.get(f"/tieu-thuong/{vendor.id}/bien.png")
    assert sign.status_code == 200 and sign.mimetype == "image/png"
    assert client.get(f"/tieu-thuong/{vendor.id}/bien.pdf?page=A4").status_code == 200

    stranger = app.test_client()
    assert stranger.get(f"/dang-ky-tieu-thuong/{vendor.id}").status_code == 404
    assert stranger.get(f"/tieu-thuong/{vendor.id}/bien.png").status_code == 302  # to sign in

    # Once approved, the session that registered it no longer fetches it.
    registration.approve(world.officer_a, vendor)
    assert client.get(f"/tieu-thuong/{vendor.id}/bien.png").status_code == 302


def test_the_page_shows_refusals_beside_their_fields(client: FlaskClient, world: World) -> None:
    add_vendor(world, "Bác Ba", stall_ids=[world.stalls[0].id])
    answer = client.post("/dang-ky-tieu-thuong", data=_form(world))
    assert answer.status_code == 409
    assert 'id="e-f-stall-number"' in answer.text
    assert "Sạp &#39;1&#39; đã có người khác đứng tên." in answer.text
    assert 'value="Cô Nguyễn Thị Đào"' in answer.text  # what was typed stays
    unreadable = client.post(
        "/dang-ky-tieu-thuong",
        data={**_form(world, stall_number="2"), "photo": (io.BytesIO(blank_png()), "ma.png")},
        content_type="multipart/form-data",
    )
    assert unreadable.status_code == 422
    assert 'id="e-f-photo"' in unreadable.text
    assert db.session.scalars(select(Vendor).where(Vendor.registration == "pending")).all() == []


def test_the_page_reads_the_account_from_a_photo(client: FlaskClient, world: World) -> None:
    data = {
        **_form(world, bank="", number="", holder_name=""),
        "photo": (io.BytesIO(bank_code_png(account="0123456789", name="NGUYEN THI DAO")), "a.png"),
    }
    answer = client.post("/dang-ky-tieu-thuong", data=data, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.text
    vendor = db.session.scalars(select(Vendor)).one()
    account = vendor.primary_account
    assert account is not None
    assert (account.bank_bin, account.number, account.holder_name) == (
        BANK,
        "0123456789",
        "NGUYEN THI DAO",
    )


def test_the_pending_page_approves_and_rejects(client: FlaskClient, world: World) -> None:
    first = registration.register(None, registering(world))
    second = registration.register(
        None, registering(world, stall_number="2", phone="0987", number="0123456789")
    )
    sign_in(client, world.officer_b)
    assert client.get(f"/dia-ban/{world.places.commune_a.id}/dang-ky-cho-duyet").status_code == 403
    assert client.post(f"/tieu-thuong/{first.id}/duyet").status_code == 403
    sign_in(client, world.officer_a)
    market_page = client.get(f"/cho/{world.market.id}").text
    assert "2 đăng ký chờ duyệt" in market_page
    assert market_page.count('<span class="badge status-warn">Chờ duyệt</span>') == 2
    listing = client.get(f"/dia-ban/{world.places.commune_a.id}/dang-ky-cho-duyet")
    assert listing.text.count('class="vendor-name"') == 2
    assert (
        f"/dia-ban/{world.places.commune_a.id}/dang-ky-cho-duyet"
        in client.get(f"/dia-ban/{world.places.commune_a.id}/cho").text
    )
    approved = client.post(f"/tieu-thuong/{first.id}/duyet")
    assert approved.status_code == 302
    assert first.registration == "approved"
    no_reason = client.post(f"/tieu-thuong/{second.id}/tu-choi", data={"reason": ""})
    assert no_reason.status_code == 422
    assert 'id="e-f-reason"' in no_reason.text
    rejected = client.post(f"/tieu-thuong/{second.id}/tu-choi", data={"reason": "Trùng"})
    assert rejected.status_code == 302
    assert db.session.get(Vendor, second.id) is None
    assert "Không có đăng ký nào chờ duyệt." in client.get(rejected.headers["Location"]).text


def test_the_audit_log_tells_registration_approval_and_rejection_in_words(
    app: Flask, world: World
) -> None:
    from app.audit.presentation import Presenter
    from app.feature import audit_labels

    first = registration.register(None, registering(world))
    second = registration.register(
        None, registering(world, stall_number="2", phone="0987", number="0123456789")
    )
    registration.approve(world.officer_a, first)
    registration.reject(world.officer_a, second, "Trùng người")
    presenter = Presenter(audit_labels(app))
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    with app.test_request_context():
        for entry in entries:
            for name in {*(entry.before or {}), *(entry.after or {})}:
                assert presenter.field_label(entry.entity, name) != name.replace("_", " ")
        shown = [presenter.entry(entry) for entry in entries if entry.entity == "vendor"]
    assert [(s.action, s.actor) for s in shown] == [
        ("Thêm", "Tự đăng ký"),
        ("Thêm", "Tự đăng ký"),
        ("Duyệt", "officer-a@x.vn"),
        ("Từ chối", "officer-a@x.vn"),
    ]
    approved = {c.label: (c.before, c.after) for c in shown[2].changes}
    assert approved == {"Đăng ký": ("Chờ duyệt", "Đã duyệt")}
    rejected = {c.label: (c.before, c.after) for c in shown[3].changes}
    assert rejected["Lý do từ chối"] == (None, "Trùng người")


def test_a_stall_taken_a_moment_before_is_refused_not_taken_over(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request gives stall 1 to a vendor between this registration's checks and its
    write: the registration is refused on the stall, the other vendor keeps it."""
    holder = add_vendor(world, "Bà Tư")
    stall = world.stalls[0]
    checked = registration._refuse_duplicates

    def meanwhile(*args: Any) -> None:
        checked(*args)
        with db.engine.begin() as connection:
            connection.execute(
                update(Stall).where(Stall.id == stall.id).values(vendor_id=holder.id)
            )

    monkeypatch.setattr(registration, "_refuse_duplicates", meanwhile)
    with pytest.raises(DomainError) as refused:
        registration.register(None, registering(world))
    assert (refused.value.code, refused.value.field) == ("markets.stall_held", "stall_number")
    db.session.rollback()
    assert db.session.get(Stall, stall.id).vendor_id == holder.id
    assert db.session.scalar(select(Vendor).where(Vendor.registration == "pending")) is None


def test_vendors_find_the_registration_page(client: FlaskClient, world: World) -> None:
    """Anonymous visitors see it in the menu; the market's officers get its link with their
    market chosen, to share with the vendors."""
    home = client.get("/").get_data(as_text=True)
    assert 'href="/dang-ky-tieu-thuong"' in home and "Đăng ký bán hàng" in home
    sign_in(client, world.officer_a)
    market_page = client.get(f"/cho/{world.market.id}").get_data(as_text=True)
    link = f"/dang-ky-tieu-thuong?cho={world.market.id}"
    assert f'href="{link}"' in market_page
    chosen = client.get(link).get_data(as_text=True)
    option = re.search(rf'<option[^>]*value="m{world.market.id}"[^>]*>', chosen)
    assert option is not None and "selected" in option.group()


def test_the_pending_list_loads_places_stalls_and_accounts_in_a_fixed_number_of_queries(
    world: World,
) -> None:
    """The officers' list shows each registration's place, stall and account: three cost the
    same queries as one."""
    from sqlalchemy import event

    for index in range(3):
        registration.register(
            None,
            registering(
                world, stall_number=str(index + 1), phone=f"0912{index:06d}", number=f"0123{index}"
            ),
        )
    db.session.expire_all()
    statements: list[object] = []

    def count(*args: object) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = registration.pending_in(world.officer_a)
        shown = [
            (v.market.name if v.market else "", [s.number for s in v.stalls], v.primary_account)
            for v in found
        ]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(shown) == 3 and all(account is not None for *_, account in shown)
    assert len(statements) <= 6  # vendors, their markets, streets, stalls, accounts (+ scope)
