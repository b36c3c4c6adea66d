"""Gift events (đám cưới, đám hỏi, tân gia, thôi nôi, mừng thọ): their hosts, receiving sides
and ceremonies, guests, RSVPs and wishes, each side's gift ledger (sổ mừng), and the hosts'
contacts with what passed between them at others' events (reciprocity).

**Privacy.** Only an event's hosts read its guests, ledger and personal links. Public pages are
reached by random tokens of 128 bits (`new_token`), never by ids. Deleting an event deletes
every row below it (guests, RSVPs, wishes, ledger); the audit log keeps that it happened.

**What was given is kept as given.** A gift is a quantity in a unit: đồng (whole), gold in chỉ
or cây (fractions allowed), a foreign currency, or a thing described in words. Gold is never
turned into đồng: the host may note its đồng value at the time (`value_vnd`) beside it.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, TimestampMixin, unique_where, utcnow
from app.localities.models import Locality, SortedByName
from app.matching import CODE_LENGTH

if TYPE_CHECKING:
    from app.accounts.models import User

#: Kinds of event: wedding, engagement, housewarming, first birthday, longevity celebration.
EVENT_KINDS: Final = ("dam_cuoi", "dam_hoi", "tan_gia", "thoi_noi", "mung_tho", "khac")
#: An owner created the event; co-hosts were invited by a host. Both manage it.
HOST_ROLES: Final = ("owner", "cohost")
#: Units a gift is kept in: đồng, gold (chỉ, cây = 10 chỉ), a foreign currency, a thing.
UNITS: Final = ("dong", "gold_chi", "gold_cay", "foreign", "in_kind")
#: How a gift came: bank transfer, envelope, cash handed over, gold, a thing.
METHODS: Final = ("transfer", "envelope", "cash", "gold", "in_kind")
#: Who gave: a guest, a household, several givers together, someone on another's behalf, unnamed.
GIVER_KINDS: Final = ("person", "household", "together", "on_behalf", "unnamed")
#: Where an entry came from: entered by hand (cash, envelopes) or a matched bank transfer.
SOURCES: Final = ("manual", "matched_transfer")
CONTACT_KINDS: Final = ("person", "household")
RSVP_ANSWERS: Final = ("yes", "no", "maybe")

#: Bytes of randomness in a public link's token: 16 bytes = 128 bits.
TOKEN_BYTES: Final = 16
TOKEN_LENGTH: Final = 32

SIDE_CODE_INDEX: Final = "uq_event_sides_code"
SIDE_TOKEN_INDEX: Final = "uq_event_sides_token"
EVENT_TOKEN_INDEX: Final = "uq_gift_events_token"
GUEST_CODE_INDEX: Final = "uq_guests_code"
GUEST_TOKEN_INDEX: Final = "uq_guests_token"
HOST_INDEX: Final = "uq_event_hosts_event_id"
ENTRY_CLIENT_INDEX: Final = "uq_ledger_entries_client_id"
GUEST_RSVP_INDEX: Final = "uq_rsvps_guest_id"


def new_token() -> str:
    """A public link's token: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class GiftEvent(TimestampMixin, Base):
    """An event the hosts receive gifts at, in a locality (counted in adoption reports)."""

    __tablename__ = "gift_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    #: The hosts' words to their guests, shown on the public pages.
    message: Mapped[str] = mapped_column(Text, default="")
    #: The whole event's public page (every side); each side also has its own.
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), default=new_token)
    #: Wishes guests agreed to show are shown on the public pages unless this is off.
    show_wishes: Mapped[bool] = mapped_column(default=True)
    archived_at: Mapped[datetime | None]

    locality: Mapped[Locality] = relationship(lazy="joined")
    hosts: Mapped[list[EventHost]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventHost.id"
    )
    sides: Mapped[list[EventSide]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(EventSide.position, EventSide.id)",
    )
    guests: Mapped[list[Guest]] = relationship(back_populates="event", cascade="all, delete-orphan")
    wishes: Mapped[list[Wish]] = relationship(back_populates="event", cascade="all, delete-orphan")
    entries: Mapped[list[LedgerEntry]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index(EVENT_TOKEN_INDEX, "token", unique=True),
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
    )

    def __repr__(self) -> str:
        return f"<GiftEvent {self.id} {self.title!r}>"


class EventHost(TimestampMixin, Base):
    """A user who manages an event. `side_id` set: they belong to that side (its ledger is
    theirs; the other sides' only when shared); unset: every side."""

    __tablename__ = "event_hosts"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("gift_events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sides.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str] = mapped_column(String(10), default="owner")
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    event: Mapped[GiftEvent] = relationship(back_populates="hosts")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    side: Mapped[EventSide | None] = relationship(foreign_keys=[side_id])

    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name=HOST_INDEX),
        CheckConstraint(_in("role", HOST_ROLES), name="role"),
    )


class EventSide(TimestampMixin, Base):
    """A receiving side ("Nhà trai", "Nhà gái", or the one side of a housewarming): its hosts'
    names as the card prints them, its bank account, its QR with the side's code as purpose,
    its ceremonies, and whether its ledger is shared with the other sides' hosts."""

    __tablename__ = "event_sides"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("gift_events.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    #: The names the card prints for this side, e.g. "Ông Nguyễn Văn An – Bà Trần Thị Bình".
    hosts_names: Mapped[str] = mapped_column(String(300), default="")
    #: The receiving account (checked by the VietQR core when set): bank BIN, number, name.
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    account_number: Mapped[str] = mapped_column(String(19), default="")
    account_name: Mapped[str] = mapped_column(String(100), default="")
    #: Guests see the QR; off where a QR would feel like a bill.
    show_qr: Mapped[bool] = mapped_column(default=True)
    #: The side's code (app.matching, prefix "QH"), the purpose its QR carries.
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), default=new_token)
    ledger_shared: Mapped[bool] = mapped_column(default=False)

    event: Mapped[GiftEvent] = relationship(back_populates="sides")
    ceremonies: Mapped[list[Ceremony]] = relationship(
        back_populates="side",
        cascade="all, delete-orphan",
        order_by="(Ceremony.starts_at, Ceremony.id)",
    )
    rsvps: Mapped[list[Rsvp]] = relationship(
        back_populates="side", cascade="all, delete-orphan", order_by="Rsvp.id"
    )

    __table_args__ = (
        Index(SIDE_CODE_INDEX, "code", unique=True),
        Index(SIDE_TOKEN_INDEX, "token", unique=True),
    )

    @property
    def has_account(self) -> bool:
        return bool(self.bank_bin and self.account_number)

    def __repr__(self) -> str:
        return f"<EventSide {self.id} {self.name!r} of event {self.event_id}>"


class Ceremony(TimestampMixin, Base):
    """A ceremony or party of a side (Lễ Vu Quy, Lễ Thành Hôn, Tiệc cưới): when and where.
    `starts_at` is aware UTC; pages show it in Vietnam's time with the lunar date beside it."""

    __tablename__ = "ceremonies"

    id: Mapped[int] = mapped_column(primary_key=True)
    side_id: Mapped[int] = mapped_column(
        ForeignKey("event_sides.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    #: A map link (Google Maps, OpenStreetMap…), https only.
    map_url: Mapped[str] = mapped_column(String(500), default="")

    side: Mapped[EventSide] = relationship(back_populates="ceremonies")


class Contact(SortedByName, TimestampMixin, Base):
    """Someone a host has gifts with, across the host's events: a person or a household. Guests
    and ledger entries point here, so that what passed between them shows when they meet again."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="person")
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    relation: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(500), default="")

    given: Mapped[list[GiftGiven]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="(GiftGiven.given_on, GiftGiven.id)",
    )

    __table_args__ = (CheckConstraint(_in("kind", CONTACT_KINDS), name="kind"),)


class Guest(SortedByName, TimestampMixin, Base):
    """A guest of one side, with their personal link (token) and code for transfers."""

    __tablename__ = "guests"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("gift_events.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int] = mapped_column(
        ForeignKey("event_sides.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    #: How the personal page greets them: "anh", "chị", "cô", "chú", "bác", "ông bà"…
    honorific: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    #: A group such as "bạn cô dâu", "đồng nghiệp".
    group_name: Mapped[str] = mapped_column(String(100), default="")
    #: Whose guest they are (the couple, a parent…): ledger subtotals per owner.
    invited_by: Mapped[str] = mapped_column(String(100), default="")
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), default=new_token)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )

    event: Mapped[GiftEvent] = relationship(back_populates="guests")
    side: Mapped[EventSide] = relationship()
    contact: Mapped[Contact | None] = relationship()
    rsvps: Mapped[list[Rsvp]] = relationship(back_populates="guest", cascade="all, delete-orphan")

    __table_args__ = (
        Index(GUEST_CODE_INDEX, "code", unique=True),
        Index(GUEST_TOKEN_INDEX, "token", unique=True),
    )

    def __repr__(self) -> str:
        return f"<Guest {self.id} {self.name!r}>"


class Rsvp(TimestampMixin, Base):
    """An answer to the invitation from a public page: a named guest's (one per guest, the
    latest kept) or anyone's from a side's page."""

    __tablename__ = "rsvps"

    id: Mapped[int] = mapped_column(primary_key=True)
    side_id: Mapped[int] = mapped_column(
        ForeignKey("event_sides.id", ondelete="CASCADE"), index=True
    )
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guests.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    answer: Mapped[str] = mapped_column(String(5))
    people: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(String(500), default="")

    side: Mapped[EventSide] = relationship(back_populates="rsvps")
    guest: Mapped[Guest | None] = relationship(back_populates="rsvps")

    __table_args__ = (
        unique_where(GUEST_RSVP_INDEX, "guest_id", where="guest_id IS NOT NULL"),
        CheckConstraint(_in("answer", RSVP_ANSWERS), name="answer"),
        CheckConstraint("people >= 0 AND people <= 50", name="people"),
    )


class Wish(TimestampMixin, Base):
    """A guest's wish: shown publicly only when the guest agreed to it and the hosts have not
    hidden it."""

    __tablename__ = "wishes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("gift_events.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sides.id", ondelete="CASCADE"), index=True
    )
    guest_id: Mapped[int | None] = mapped_column(
        ForeignKey("guests.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(String(1000))
    public: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)

    event: Mapped[GiftEvent] = relationship(back_populates="wishes")


class GiftQuantity:
    """What was given, kept as given: `quantity` of `unit` (đồng whole; gold in chỉ or cây,
    fractions allowed; `currency` for foreign money; `description` says what a thing is, or the
    kind of gold), and, when the host entered it, its đồng value at the time."""

    unit: Mapped[str] = mapped_column(String(10), default="dong")
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(17, 2))
    currency: Mapped[str] = mapped_column(String(3), default="")
    description: Mapped[str] = mapped_column(String(300), default="")
    value_vnd: Mapped[int | None] = mapped_column(BigInteger)


class LedgerEntry(GiftQuantity, TimestampMixin, Base):
    """One gift in a side's ledger (sổ mừng)."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("gift_events.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int] = mapped_column(
        ForeignKey("event_sides.id", ondelete="CASCADE"), index=True
    )
    guest_id: Mapped[int | None] = mapped_column(
        ForeignKey("guests.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    giver_kind: Mapped[str] = mapped_column(String(10), default="person")
    #: The giver as the host writes it ("Anh Nam", "Gia đình chú Ba", "Nhóm lớp 12A"); empty
    #: only when unnamed.
    giver_name: Mapped[str] = mapped_column(String(200), default="")
    #: Whom a giver gave on behalf of ("gửi hộ" / "mừng thay").
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="")
    #: Quan hệ: the giver's relation to the hosts.
    relation: Mapped[str] = mapped_column(String(100), default="")
    #: Whose gift it is (the couple, a parent…); taken from the guest's "invited by".
    owner: Mapped[str] = mapped_column(String(100), default="")
    method: Mapped[str] = mapped_column(String(10), default="envelope")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    message: Mapped[str] = mapped_column(String(1000), default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    thanked_at: Mapped[datetime | None]
    #: The id a phone gave the entry when it was typed (offline): a second sync finds it here.
    client_id: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    event: Mapped[GiftEvent] = relationship(back_populates="entries")
    side: Mapped[EventSide] = relationship()
    guest: Mapped[Guest | None] = relationship()
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (
        unique_where(ENTRY_CLIENT_INDEX, "event_id", "client_id", where="client_id IS NOT NULL"),
        CheckConstraint(_in("unit", UNITS), name="unit"),
        CheckConstraint(_in("method", METHODS), name="method"),
        CheckConstraint(_in("giver_kind", GIVER_KINDS), name="giver_kind"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity"),
        CheckConstraint("value_vnd IS NULL OR value_vnd > 0", name="value_vnd"),
    )

    def __repr__(self) -> str:
        return f"<LedgerEntry {self.id} {self.quantity} {self.unit} side {self.side_id}>"


class GiftGiven(GiftQuantity, TimestampMixin, Base):
    """What the host gave a contact at the contact's event ("mừng anh B 500.000 đ ở đám cưới
    2024"): the other half of reciprocity."""

    __tablename__ = "gifts_given"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    occasion: Mapped[str] = mapped_column(String(200), default="")
    given_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(500), default="")

    contact: Mapped[Contact] = relationship(back_populates="given")

    __table_args__ = (
        CheckConstraint(_in("unit", UNITS), name="unit"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity"),
        CheckConstraint("value_vnd IS NULL OR value_vnd > 0", name="value_vnd"),
    )
