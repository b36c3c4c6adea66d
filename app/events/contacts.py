"""A host's contacts and what passed between them (reciprocity, "có đi có lại").

A contact (a person or a household) belongs to one user, its owner: nobody else sees it or
learns that it exists (404, as for a contact that does not exist). The owner records what they
gave at the contact's events (`GiftGiven`: the occasion, the day, the gift kept in its unit) and
links the guests and ledger entries of the events they host to the contact. `history` puts both
halves together: what the contact gave at the owner's events ("Họ mừng mình") and what the owner
gave them ("Mình mừng họ"), each with its totals per unit, never converted.

Every change owns its transaction and is audited; the audit entries keep that a contact or a
gift was added, changed or removed, not the names, phones or amounts (they are private).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from app.accounts.services import normalise_phone
from app.audit_log import record_change
from app.errors import DomainError
from app.events import services
from app.events.gifts import Total, add_up, clean_gift, gift_text
from app.events.hosting import is_host, ledger_sides, may_write_ledger, not_found
from app.events.models import (
    CONTACT_KINDS,
    Contact,
    EventHost,
    EventSide,
    GiftEvent,
    GiftGiven,
    Guest,
    LedgerEntry,
)
from app.extensions import db
from app.transaction import transaction
from app.vietqr.text import fold

#: The longest text of each field a contact or a gift given keeps.
CONTACT_LIMITS: Final = {"name": 200, "relation": 100, "note": 500}
GIVEN_LIMITS: Final = {"occasion": 200, "note": 500}
#: Suggestions offered for a guest or an entry: the likeliest few.
SUGGESTIONS: Final = 5


@dataclass(frozen=True)
class Found[T]:
    """One page of a list and how many rows there are in all."""

    items: list[T]
    total: int


def _text(data: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name)
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if required and not text:
        raise DomainError("events.required", name)
    if len(text) > limit:
        raise DomainError("events.too_long", name, limit=limit)
    return text


def contact_phone(text: Any, field: str = "phone") -> str:
    """A phone number as contacts keep it (E.164, like accounts'); empty stays empty."""
    if not isinstance(text, str) or not text.strip():
        return ""
    return normalise_phone(text, field)


def _same_phone(text: str) -> str:
    """`text` as `contact_phone` keeps it, or "" when it is no phone number (for matching)."""
    try:
        return contact_phone(text)
    except DomainError:
        return ""


def signed_in_id(user: Any) -> int:
    """The signed-in `user`'s id; 404 for anyone else (contacts are nobody else's)."""
    user_id = getattr(user, "id", None)
    if not getattr(user, "is_authenticated", False) or user_id is None:
        raise not_found("contact")
    return int(user_id)


# ---- contacts -----------------------------------------------------------------------------


def owned_contact(user: Any, contact_id: int) -> Contact:
    """The contact `contact_id` if it is `user`'s; else 404 (whether or not it exists)."""
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.owner_id != signed_in_id(user):
        raise not_found("contact")
    return contact


def _audited(contact: Contact) -> dict[str, Any]:
    """What the audit log keeps of a contact: that it is someone's, not who it is."""
    return {"owner_id": contact.owner_id, "kind": contact.kind}


def _apply_contact(contact: Contact, data: Mapping[str, Any]) -> None:
    if "kind" in data or not contact.kind:
        kind = data.get("kind") or "person"
        if kind not in CONTACT_KINDS:
            raise DomainError("events.contact_kind_invalid", "kind")
        contact.kind = kind
    if "name" in data or not contact.name:
        contact.name = _text(data, "name", CONTACT_LIMITS["name"], required=True)
    if "phone" in data:
        contact.phone = contact_phone(data["phone"])
    for name in ("relation", "note"):
        if name in data:
            setattr(contact, name, _text(data, name, CONTACT_LIMITS[name]))


def create_contact(user: Any, data: Mapping[str, Any]) -> Contact:
    """A new contact of `user`'s."""
    contact = Contact(owner_id=signed_in_id(user), name="", kind="")
    _apply_contact(contact, data)
    with transaction():
        db.session.add(contact)
        db.session.flush()
        record_change("create", "contact", contact.id, None, _audited(contact), None)
    return contact


def update_contact(user: Any, contact: Contact, data: Mapping[str, Any]) -> Contact:
    """Change one of `user`'s contacts."""
    owned_contact(user, contact.id)
    with transaction():
        with db.session.no_autoflush:
            _apply_contact(contact, data)
        record_change("update", "contact", contact.id, None, {"fields": sorted(data)}, None)
    return contact


def delete_contact(user: Any, contact: Contact) -> None:
    """Remove one of `user`'s contacts with what the user gave them; the guests and ledger
    entries linked to it stay, unlinked."""
    owned_contact(user, contact.id)
    before = _audited(contact)
    with transaction():
        for linked in (Guest, LedgerEntry):
            db.session.execute(
                update(linked)
                .where(linked.contact_id == contact.id)
                .values(contact_id=None)
                .execution_options(synchronize_session="fetch")
            )
        db.session.delete(contact)
        record_change("delete", "contact", contact.id, before, None, None)


def contacts_of(user: Any, query: str = "", page: int = 1, per_page: int = 50) -> Found[Contact]:
    """`user`'s contacts by name; `query` finds names (with or without diacritics), relations
    and phone numbers."""
    owner_id = signed_in_id(user)
    stmt = (
        select(Contact).where(Contact.owner_id == owner_id).order_by(Contact.sort_key, Contact.id)
    )
    wanted = fold(query or "")
    if wanted:
        digits = "".join(char for char in query if char.isdigit())
        rows = db.session.execute(
            select(Contact.id, Contact.name, Contact.relation, Contact.phone).where(
                Contact.owner_id == owner_id
            )
        )
        ids = [
            row.id
            for row in rows
            if wanted in fold(f"{row.name} {row.relation}")
            or (len(digits) >= 3 and digits in _national(row.phone))
        ]
        stmt = stmt.where(Contact.id.in_(ids))
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
    return Found(items, total or 0)


def _national(phone: str) -> str:
    """A stored number's digits as people type them at home ("+84912…" → "0912…")."""
    return "0" + phone[3:] if phone.startswith("+84") else phone.lstrip("+")


def suggest_contact(user: Any, name: str, phone: str = "") -> list[Contact]:
    """`user`'s contacts that may be this person: the same phone number first, then the same
    name without diacritics (at most SUGGESTIONS)."""
    owner_id = signed_in_id(user)
    found: list[Contact] = []
    number = _same_phone(phone)
    if number:
        found += db.session.scalars(
            select(Contact).where(Contact.owner_id == owner_id, Contact.phone == number)
        )
    folded = fold(name or "")
    if folded:
        rows = db.session.execute(
            select(Contact.id, Contact.name).where(Contact.owner_id == owner_id)
        )
        ids = [row.id for row in rows if fold(row.name) == folded]
        if ids:
            by_name = db.session.scalars(
                select(Contact).where(Contact.id.in_(ids)).order_by(Contact.id)
            )
            found += [contact for contact in by_name if contact not in found]
    return found[:SUGGESTIONS]


# ---- what the host gave -------------------------------------------------------------------


def owned_gift(user: Any, contact_id: int, gift_id: int) -> GiftGiven:
    """A gift `user` gave to their contact `contact_id`; 404 otherwise."""
    contact = owned_contact(user, contact_id)
    gift = db.session.get(GiftGiven, gift_id)
    if gift is None or gift.contact_id != contact.id:
        raise not_found("gift")
    return gift


def _apply_gift(gift: GiftGiven, data: Mapping[str, Any], *, partial: bool) -> None:
    gift_keys = ("unit", "quantity", "currency", "description", "value_vnd")
    if not partial or any(key in data for key in gift_keys):
        # A gift of another unit is a new gift: the old one's currency or description go.
        same_unit = partial and data.get("unit", gift.unit) == gift.unit
        current = {key: getattr(gift, key) for key in gift_keys} if same_unit else {}
        merged = {**current, **{key: data[key] for key in gift_keys if key in data}}
        for name, value in clean_gift(merged).as_fields().items():
            setattr(gift, name, value)
    for name, limit in GIVEN_LIMITS.items():
        if name in data or not partial:
            setattr(gift, name, _text(data, name, limit))
    if "given_on" in data or not partial:
        gift.given_on = _day(data.get("given_on"), "given_on")


def _day(value: Any, field: str) -> date | None:
    """A day given as a date or as ISO text ("2024-05-18"); blank is None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("events.date_invalid", field) from None


def _gift_audited(gift: GiftGiven) -> dict[str, Any]:
    return {"contact_id": gift.contact_id, "unit": gift.unit}


def add_given(user: Any, contact: Contact, data: Mapping[str, Any]) -> GiftGiven:
    """Record what `user` gave their contact at the contact's event."""
    owned_contact(user, contact.id)
    gift = GiftGiven()
    _apply_gift(gift, data, partial=False)
    with transaction():
        gift.contact = contact
        db.session.add(gift)
        db.session.flush()
        record_change("create", "gift_given", gift.id, None, _gift_audited(gift), None)
    return gift


def update_given(user: Any, gift: GiftGiven, data: Mapping[str, Any]) -> GiftGiven:
    """Change a gift `user` gave (only the fields in `data`)."""
    owned_gift(user, gift.contact_id, gift.id)
    with transaction():
        with db.session.no_autoflush:
            _apply_gift(gift, data, partial=True)
        record_change("update", "gift_given", gift.id, None, {"fields": sorted(data)}, None)
    return gift


def delete_given(user: Any, gift: GiftGiven) -> None:
    owned_gift(user, gift.contact_id, gift.id)
    before = _gift_audited(gift)
    with transaction():
        gift.contact.given.remove(gift)
        db.session.delete(gift)
        record_change("delete", "gift_given", gift.id, before, None, None)


# ---- linking guests and ledger entries ----------------------------------------------------


def hosted_guest(user: Any, event_id: int, guest_id: int) -> Guest:
    """A guest of an event `user` hosts; 404 otherwise."""
    guest = db.session.get(Guest, guest_id)
    if guest is None or guest.event_id != event_id or not is_host(user, guest.event):
        raise not_found("guest")
    return guest


def _contact_or_none(user: Any, contact: Contact | None) -> Contact | None:
    if contact is None:
        return None
    if contact.owner_id != signed_in_id(user):
        raise DomainError("events.contact_not_found", "contact_id", status=404)
    return contact


def link_guest(user: Any, guest: Guest, contact: Contact | None) -> Guest:
    """Link a guest of an event `user` hosts to one of `user`'s contacts (None: unlink)."""
    hosted_guest(user, guest.event_id, guest.id)
    contact = _contact_or_none(user, contact)
    before = {"contact_id": guest.contact_id}
    with transaction():
        guest.contact = contact
        guest.contact_id = contact.id if contact else None
        record_change("update", "guest", guest.id, before, {"contact_id": guest.contact_id}, None)
    return guest


def link_entry(user: Any, entry: LedgerEntry, contact: Contact | None) -> LedgerEntry:
    """Link a ledger entry `user` may write to one of `user`'s contacts (None: unlink)."""
    if not is_host(user, entry.event):
        raise not_found("entry")
    if entry.side not in ledger_sides(user, entry.event):
        raise not_found("entry")
    if not may_write_ledger(user, entry.side):
        raise DomainError("events.ledger_read_only", "side", status=403)
    contact = _contact_or_none(user, contact)
    before = {"contact_id": entry.contact_id}
    with transaction():
        entry.contact = contact
        entry.contact_id = contact.id if contact else None
        record_change(
            "update", "ledger_entry", entry.id, before, {"contact_id": entry.contact_id}, None
        )
    return entry


def contact_from_guest(user: Any, guest: Guest) -> Contact:
    """A new contact of `user`'s made from a guest of their event (name, phone, group as the
    relation), linked to the guest."""
    hosted_guest(user, guest.event_id, guest.id)
    contact = Contact(owner_id=signed_in_id(user), kind="person", name="")
    _apply_contact(
        contact,
        {
            "name": guest.name,
            "phone": _same_phone(guest.phone),
            "relation": guest.group_name[: CONTACT_LIMITS["relation"]],
        },
    )
    with transaction():
        db.session.add(contact)
        db.session.flush()
        record_change("create", "contact", contact.id, None, _audited(contact), None)
        guest.contact_id = contact.id
        record_change("update", "guest", guest.id, None, {"contact_id": contact.id}, None)
    return contact


# ---- what passed between them -------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """A gift the contact gave at one of the host's events."""

    entry: LedgerEntry
    event: GiftEvent
    held_on: date

    @property
    def text(self) -> str:
        entry = self.entry
        return gift_text(entry.unit, entry.quantity, entry.currency, entry.description)


@dataclass(frozen=True)
class History:
    """What passed between a host and a contact, each side with its totals per unit."""

    contact: Contact
    received: list[Received]
    given: list[GiftGiven]

    @property
    def received_totals(self) -> list[Total]:
        return add_up(item.entry for item in self.received)

    @property
    def given_totals(self) -> list[Total]:
        return add_up(self.given)

    @property
    def empty(self) -> bool:
        return not self.received and not self.given


def held_on(entry: LedgerEntry) -> date:
    """The day of the entry's side's first ceremony (Vietnam's date), else of its receipt."""
    ceremonies = entry.side.ceremonies
    moment = ceremonies[0].starts_at if ceremonies else entry.received_at
    return services.local_day(moment)


def history(user: Any, contact: Contact) -> History:
    """What `contact` gave at the events `user` hosts (entries linked to the contact or to a
    guest linked to it, in the sides' ledgers `user` may read) and what `user` gave them."""
    owner_id = signed_in_id(user)
    owned_contact(user, contact.id)
    linked_guests = select(Guest.id).where(Guest.contact_id == contact.id)
    entries = db.session.scalars(
        select(LedgerEntry)
        .join(EventHost, EventHost.event_id == LedgerEntry.event_id)
        .where(
            EventHost.user_id == owner_id,
            or_(LedgerEntry.contact_id == contact.id, LedgerEntry.guest_id.in_(linked_guests)),
        )
        .order_by(LedgerEntry.received_at, LedgerEntry.id)
        .options(
            selectinload(LedgerEntry.event).selectinload(GiftEvent.hosts),
            selectinload(LedgerEntry.side).selectinload(EventSide.ceremonies),
        )
    )
    received: list[Received] = []
    readable: dict[int, set[int]] = {}
    for entry in entries:
        sides = readable.setdefault(
            entry.event_id, {side.id for side in ledger_sides(user, entry.event)}
        )
        if entry.side_id in sides:
            received.append(Received(entry, entry.event, held_on(entry)))
    received.sort(key=lambda item: (item.held_on, item.entry.id))
    return History(contact, received, list(contact.given))


def guest_history(user: Any, event_id: int, guest_id: int) -> tuple[Guest, History | None]:
    """A guest of an event `user` hosts and, when the guest is linked to one of `user`'s
    contacts, what passed between them."""
    guest = hosted_guest(user, event_id, guest_id)
    contact = guest.contact
    if contact is None or contact.owner_id != signed_in_id(user):
        return guest, None
    return guest, history(user, contact)


def today() -> date:
    """Today in Vietnam."""
    return services.today()
