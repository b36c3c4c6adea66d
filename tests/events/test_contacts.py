"""A host's contacts: validation, owner only, suggestions, linking guests and entries, and the
history of what passed between them in the units it was given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.events import contacts
from app.events.models import Contact, GiftGiven, LedgerEntry
from app.extensions import db
from tests.factories import Places, make_event, make_guest, make_user


def _entry(event, side_index: int = 0, **fields) -> LedgerEntry:  # type: ignore[no-untyped-def]
    entry = LedgerEntry(event=event, side=event.sides[side_index], **fields)
    db.session.add(entry)
    db.session.commit()
    return entry


def test_a_contact_is_checked_and_its_phone_normalised(app: Flask) -> None:
    host = make_user("host@x.vn", "host")
    contact = contacts.create_contact(
        host, {"name": "  Anh   Trần Văn Nam ", "phone": "0912 345 678", "relation": "Bạn"}
    )
    assert (contact.name, contact.phone, contact.kind) == (
        "Anh Trần Văn Nam",
        "+84912345678",
        "person",
    )
    for data, field, code in [
        ({"name": " "}, "name", "events.required"),
        ({"name": "A", "phone": "12ab"}, "phone", "accounts.phone_invalid"),
        ({"name": "A", "kind": "company"}, "kind", "events.contact_kind_invalid"),
        ({"name": "A" * 201}, "name", "events.too_long"),
    ]:
        with pytest.raises(DomainError) as refused:
            contacts.create_contact(host, data)
        assert (refused.value.field, refused.value.code) == (field, code)
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 1
    updated = contacts.update_contact(host, contact, {"kind": "household", "note": "Nhà bên"})
    assert (updated.kind, updated.note, updated.name) == (
        "household",
        "Nhà bên",
        "Anh Trần Văn Nam",
    )
    audited = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "contact")).all()
    assert [entry.action for entry in audited] == ["create", "update"]
    assert "Trần" not in str(audited[0].after)  # the log keeps that it happened, not who


def test_contacts_are_their_owners_alone(app: Flask) -> None:
    host, other = make_user("host@x.vn", "host"), make_user("other@x.vn", "host")
    contact = contacts.create_contact(host, {"name": "Chị Lan"})
    gift = contacts.add_given(host, contact, {"unit": "dong", "quantity": "500000"})
    for attempt in (
        lambda: contacts.owned_contact(other, contact.id),
        lambda: contacts.update_contact(other, contact, {"name": "X"}),
        lambda: contacts.delete_contact(other, contact),
        lambda: contacts.history(other, contact),
        lambda: contacts.add_given(other, contact, {"quantity": "1"}),
        lambda: contacts.owned_gift(other, contact.id, gift.id),
        lambda: contacts.owned_contact(None, contact.id),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.status == 404
    assert contacts.contacts_of(other).total == 0
    assert contact.name == "Chị Lan"


def test_search_finds_names_without_diacritics_and_phones_and_pages(app: Flask) -> None:
    host = make_user("host@x.vn", "host")
    for name, phone in [("Trần Văn Nam", "0912345678"), ("Lê Thị Hoa", ""), ("Đặng Bảy", "")]:
        contacts.create_contact(host, {"name": name, "phone": phone})
    assert [c.name for c in contacts.contacts_of(host, "tran van").items] == ["Trần Văn Nam"]
    assert [c.name for c in contacts.contacts_of(host, "dang").items] == ["Đặng Bảy"]
    assert [c.name for c in contacts.contacts_of(host, "345678").items] == ["Trần Văn Nam"]
    page = contacts.contacts_of(host, page=2, per_page=2)
    assert (page.total, [c.name for c in page.items]) == (3, ["Trần Văn Nam"])


def test_gifts_given_keep_their_units_and_are_checked(app: Flask) -> None:
    host = make_user("host@x.vn", "host")
    contact = contacts.create_contact(host, {"name": "Anh B"})
    contacts.add_given(
        host,
        contact,
        {
            "occasion": "Đám cưới con trai anh B",
            "given_on": date(2024, 5, 18),
            "quantity": "500000",
        },
    )
    gold = contacts.add_given(
        host, contact, {"unit": "gold_chi", "quantity": "1.5", "value_vnd": "12000000"}
    )
    contacts.add_given(host, contact, {"unit": "foreign", "currency": "usd", "quantity": "100"})
    contacts.add_given(host, contact, {"unit": "in_kind", "description": "Bộ ấm chén"})
    for data, field in [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "100.5"}, "quantity"),
        ({"quantity": "20000000000"}, "quantity"),
        ({"unit": "bitcoin", "quantity": "1"}, "unit"),
        ({"unit": "in_kind"}, "description"),
        ({"quantity": "1", "occasion": "x" * 201}, "occasion"),
    ]:
        with pytest.raises(DomainError) as refused:
            contacts.add_given(host, contact, data)
        assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(GiftGiven)) == 4
    contacts.update_given(host, gold, {"quantity": "2"})
    assert (gold.unit, gold.quantity, gold.value_vnd) == ("gold_chi", Decimal("2"), 12000000)
    totals = contacts.history(host, contact).given_totals
    assert [(t.unit, t.currency, t.quantity) for t in totals] == [
        ("dong", "", Decimal(500000)),
        ("gold_chi", "", Decimal(2)),
        ("foreign", "USD", Decimal(100)),
        ("in_kind", "", Decimal(0)),
    ]
    with app.test_request_context():
        assert [t.text for t in totals][1:] == ["2 chỉ vàng", "100 USD", "1 món hiện vật"]
    contacts.delete_given(host, gold)
    assert len(contact.given) == 3


def test_suggestions_put_the_same_phone_first_then_the_same_name(app: Flask) -> None:
    host, other = make_user("host@x.vn", "host"), make_user("other@x.vn", "host")
    by_name = contacts.create_contact(host, {"name": "Trần Văn Nam"})
    by_phone = contacts.create_contact(host, {"name": "Nam (cơ quan)", "phone": "0912345678"})
    contacts.create_contact(host, {"name": "Lê Hoa"})
    contacts.create_contact(other, {"name": "Trần Văn Nam", "phone": "0912345678"})
    assert contacts.suggest_contact(host, "tran van nam", "+84 912 345 678") == [by_phone, by_name]
    assert contacts.suggest_contact(host, "Trần Văn Nam", "not a phone") == [by_name]
    assert contacts.suggest_contact(host, "Nobody") == []


def test_linking_guests_and_entries_and_the_history_in_units(app: Flask) -> None:
    places = Places()
    host, stranger = make_user("host@x.vn", "host"), make_user("s@x.vn", "host")
    event = make_event(host, places.commune_a, title="Đám cưới Minh & Lan")
    guest = make_guest(event, "Trần Văn Nam")
    contact = contacts.create_contact(host, {"name": "Anh Nam"})
    theirs = contacts.create_contact(stranger, {"name": "Anh Nam"})
    via_guest = _entry(
        event, guest=guest, giver_name="Anh Nam", unit="dong", quantity=Decimal(500000)
    )
    direct = _entry(event, 1, giver_name="Nhà anh Nam", unit="gold_chi", quantity=Decimal("1.5"))
    _entry(event, giver_name="Người khác", unit="dong", quantity=Decimal(200000))

    with pytest.raises(DomainError) as refused:
        contacts.link_guest(host, guest, theirs)
    assert refused.value.status == 404
    with pytest.raises(DomainError):
        contacts.link_guest(stranger, guest, theirs)
    contacts.link_guest(host, guest, contact)
    contacts.link_entry(host, direct, contact)
    with pytest.raises(DomainError) as refused:
        contacts.link_entry(stranger, direct, theirs)
    assert refused.value.status == 404

    contacts.add_given(host, contact, {"quantity": "300000", "occasion": "Tân gia anh Nam"})
    found = contacts.history(host, contact)
    assert [item.entry for item in found.received] == [via_guest, direct]
    assert [item.text for item in found.received][1] == "1,5 chỉ vàng"
    assert {item.event.title for item in found.received} == {"Đám cưới Minh & Lan"}
    assert [(t.unit, t.quantity) for t in found.received_totals] == [
        ("dong", Decimal(500000)),
        ("gold_chi", Decimal("1.5")),
    ]
    assert [(t.unit, t.quantity) for t in found.given_totals] == [("dong", Decimal(300000))]

    assert contacts.guest_history(host, event.id, guest.id)[1] is not None
    with pytest.raises(DomainError):
        contacts.guest_history(stranger, event.id, guest.id)
    contacts.link_guest(host, guest, None)
    assert [item.entry for item in contacts.history(host, contact).received] == [direct]


def test_a_contact_made_from_a_guest_is_linked(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    event = make_event(host, places.commune_a)
    guest = make_guest(event, "Chị Hoa")
    guest.phone, guest.group_name = "0987654321", "Bạn cô dâu"
    db.session.commit()
    contact = contacts.contact_from_guest(host, guest)
    assert (contact.name, contact.phone, contact.relation) == (
        "Chị Hoa",
        "+84987654321",
        "Bạn cô dâu",
    )
    assert guest.contact_id == contact.id
    contacts.delete_contact(host, contact)
    db.session.expire_all()
    assert guest.contact_id is None
