"""The markets pages: a locality's markets and streets with counts, the market page, the vendor
page with its sign links, the forms (errors beside the field, nothing partly written)."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from app.extensions import db
from app.markets import services
from app.markets.models import ParticipationStep, Stall, Vendor, VendorAccount
from tests.factories import sign_in
from tests.markets.conftest import ACCOUNT, BANK, World, add_step, add_vendor
from tests.render.conftest import decode_bytes


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_places_with_counts(client: FlaskClient, world: World) -> None:
    dao = add_vendor(world, "Cô Đào")
    add_step(world, dao, "receiving", date(2026, 1, 5))
    ba = add_vendor(world, "Anh Ba")
    add_step(world, ba, "not_taking_part", date(2026, 1, 5), "elderly")
    services.create_street(
        world.officer_a, {"name": "Phố đi bộ", "locality_id": world.places.commune_a.id}
    )
    sign_in(client, world.viewer_a)
    page = client.get(f"/dia-ban/{world.places.commune_a.id}/cho")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Chợ An Bình" in html and "Phố đi bộ" in html
    assert "2 tiểu thương" in html and "1 có QR" in html and "1 đang nhận tiền" in html
    assert "Thêm chợ" not in html  # viewers read only
    locality_page = client.get(f"/dia-ban/{world.places.commune_a.id}").get_data(as_text=True)
    assert f"/dia-ban/{world.places.commune_a.id}/cho" in locality_page


def test_market_page_lists_stalls_and_vendors_with_status(
    client: FlaskClient, world: World
) -> None:
    dao = add_vendor(world, "Cô Đào", stall_ids=[world.stalls[1].id])
    add_step(world, dao, "qr_displayed", date(2026, 2, 1))
    sign_in(client, world.officer_a)
    html = client.get(f"/cho/{world.market.id}").get_data(as_text=True)
    assert "Chợ hạng II" in html and "Đã treo mã QR" in html and "Cô Đào" in html
    assert "Thêm sạp" in html


def test_stall_form_refuses_a_taken_number_beside_it(client: FlaskClient, world: World) -> None:
    sign_in(client, world.officer_a)
    response = client.post(f"/cho/{world.market.id}/sap", data={"number": "2", "section": "B"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="e-f-number"' in html and "Số sạp &#39;2&#39; đã có trong chợ này." in html
    assert _count(Stall) == 3
    added = client.post(f"/cho/{world.market.id}/sap", data={"number": "10", "goods": "Rau"})
    assert added.status_code == 302 and _count(Stall) == 4


def test_add_vendor_account_and_step_through_the_pages(client: FlaskClient, world: World) -> None:
    sign_in(client, world.officer_a)
    form = client.get(f"/cho/{world.market.id}/tieu-thuong/them")
    assert form.status_code == 200 and 'id="f-stalls"' in form.get_data(as_text=True)
    created = client.post(
        f"/cho/{world.market.id}/tieu-thuong/them",
        data={"name": "Cô Đào", "goods": "Cá", "stall_ids": [str(world.stalls[0].id)]},
    )
    assert created.status_code == 302
    vendor = db.session.scalars(select(Vendor)).one()
    assert [s.id for s in vendor.stalls] == [world.stalls[0].id]
    bad = client.post(
        f"/tieu-thuong/{vendor.id}/tai-khoan/them",
        data={"bank": BANK, "number": "12$4", "service": "account"},
    )
    assert bad.status_code == 422 and 'id="e-f-number"' in bad.get_data(as_text=True)
    assert _count(VendorAccount) == 0
    added = client.post(
        f"/tieu-thuong/{vendor.id}/tai-khoan/them",
        data={
            "bank": BANK,
            "number": ACCOUNT,
            "service": "account",
            "holder_name": "NGUYEN THI DAO",
        },
    )
    assert added.status_code == 302 and _count(VendorAccount) == 1
    no_reason = client.post(f"/tieu-thuong/{vendor.id}/buoc", data={"status": "stopped"})
    assert no_reason.status_code == 422 and 'id="e-f-reason"' in no_reason.get_data(as_text=True)
    step = client.post(
        f"/tieu-thuong/{vendor.id}/buoc",
        data={"status": "not_taking_part", "reason": "tax_fears", "effective_on": "2026-03-01"},
    )
    assert step.status_code == 302 and _count(ParticipationStep) == 1
    page = client.get(f"/tieu-thuong/{vendor.id}").get_data(as_text=True)
    assert "Lo ngại về thuế" in page and "01/03/2026" in page and "officer-a@x.vn" in page
    assert f'src="/tieu-thuong/{vendor.id}/bien.png"' in page
    image = client.get(f"/tieu-thuong/{vendor.id}/bien.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    (decoded,) = decode_bytes(image.data)
    assert ACCOUNT in decoded


def test_outside_scope_is_refused(client: FlaskClient, world: World) -> None:
    vendor = add_vendor(world, "Cô Đào")
    sign_in(client, world.officer_b)
    assert client.get(f"/cho/{world.market.id}").status_code == 403
    assert client.get(f"/tieu-thuong/{vendor.id}").status_code == 403
    refused = client.post(f"/cho/{world.market.id}/tieu-thuong/them", data={"name": "X"})
    assert refused.status_code == 403 and _count(Vendor) == 1
    anonymous = client.application.test_client().get(f"/cho/{world.market.id}")
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.headers["Location"]


def test_vendor_edits_own_record_only_their_fields(client: FlaskClient, world: World) -> None:
    vendor = add_vendor(world, "Cô Đào", user_id=world.vendor_user.id)
    sign_in(client, world.vendor_user)
    page = client.get(f"/tieu-thuong/{vendor.id}/sua").get_data(as_text=True)
    assert 'id="f-phone"' in page and 'id="f-stalls"' not in page
    saved = client.post(
        f"/tieu-thuong/{vendor.id}/sua",
        data={"name": "Cô Đào", "phone": "0909 111 222", "stall_ids": [str(world.stalls[0].id)]},
    )
    assert saved.status_code == 302
    db.session.refresh(vendor)
    assert vendor.phone == "0909 111 222" and vendor.stalls == []


def test_dates_are_written_in_the_readers_language(client: FlaskClient, world: World) -> None:
    """Dates go through the `date` filter: 01/03/2026 in Vietnamese, Mar 1, 2026 in English."""
    vendor = add_vendor(world, "Cô Đào")
    add_step(world, vendor, "receiving", date(2026, 3, 1))
    street = services.create_street(
        world.officer_a,
        {
            "name": "Phố đi bộ",
            "locality_id": world.places.commune_a.id,
            "launched_on": date(2026, 2, 9),
        },
    )
    sign_in(client, world.officer_a)
    vietnamese = client.get(f"/tieu-thuong/{vendor.id}?lang=vi").get_data(as_text=True)
    assert "01/03/2026" in vietnamese
    english = client.get(f"/tieu-thuong/{vendor.id}?lang=en").get_data(as_text=True)
    assert "Mar 1, 2026" in english and "01/03/2026" not in english
    street_page = client.get(f"/tuyen-pho/{street.id}?lang=en").get_data(as_text=True)
    assert "Feb 9, 2026" in street_page


def _queries_of(client: FlaskClient, url: str) -> int:
    """How many SQL statements one page load runs (after signing in)."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_market_and_places_pages_do_not_query_per_vendor(client: FlaskClient, world: World) -> None:
    sign_in(client, world.officer_a)
    market_url = f"/cho/{world.market.id}"
    places_url = f"/dia-ban/{world.places.commune_a.id}/cho"
    first = add_vendor(world, "Cô Một", stall_ids=[world.stalls[0].id])
    add_step(world, first, "receiving", date(2026, 1, 5))
    before = (_queries_of(client, market_url), _queries_of(client, places_url))
    for n, stall in enumerate(world.stalls[1:], start=2):
        vendor = add_vendor(world, f"Cô {n}", stall_ids=[stall.id])
        add_step(world, vendor, "qr_displayed", date(2026, 1, 5))
    services.create_street(
        world.officer_a, {"name": "Phố đi bộ", "locality_id": world.places.commune_a.id}
    )
    assert (_queries_of(client, market_url), _queries_of(client, places_url)) == before
