"""A side's gift ledger (sổ mừng): entries, thanks, search, totals and the offline sync.

Who may read or write a side's ledger is `app.events.hosting`'s rule (`readable_ledger`,
`writable_ledger`, `ledger_sides`): a host of the whole event every side, a host of one side
their own and the shared ones (read only). What a gift is and how it reads is
`app.events.gifts`'s: an entry keeps what was given in its unit, never converted.

**Offline entry.** A phone gives each envelope a `client_id` (a UUID) when it is typed and keeps
it in its queue until the server answers; `sync_entries` inserts each one only if no entry of
the event has that id yet (the unique index `uq_ledger_entries_client_id` decides between two
phones racing), so a batch sent twice, or retried after a lost answer, gives each entry once.
One bad entry is refused with its field's message; the others are kept.

**Privacy.** Audit entries say that a ledger changed (side, method, unit, source), never who
gave what: the ledger is the hosts' alone, and the audit log is read by others.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.audit_log import record_change
from app.errors import DomainError
from app.events.gifts import UNIT_LABELS, Total, clean_gift
from app.events.hosting import hosted_event as _hosted_event
from app.events.hosting import ledger_sides, writable_ledger
from app.events.hosting import may_write_ledger as may_write
from app.events.ledger_messages import METHOD_LABELS
from app.events.models import (
    ENTRY_CLIENT_INDEX,
    GIVER_KINDS,
    METHODS,
    UNITS,
    EventSide,
    GiftEvent,
    Guest,
    LedgerEntry,
)
from app.extensions import db
from app.transaction import transaction
from app.vietqr.text import fold

MESSAGE_MAX: Final = 1000
NAME_MAX: Final = 200
RELATION_MAX: Final = 100
OWNER_MAX: Final = 100
CLIENT_ID_MAX: Final = 40
#: At most this many entries in one sync (a phone sends its queue in batches of this size).
SYNC_MAX: Final = 200
#: What the audit log keeps of an entry: never the giver or the amount.
AUDIT_FIELDS: Final = ("side_id", "method", "unit", "source")
#: The method an entry gets when none is given, by unit.
DEFAULT_METHODS: Final[Mapping[str, str]] = {
    "dong": "envelope",
    "foreign": "envelope",
    "gold_chi": "gold",
    "gold_cay": "gold",
    "in_kind": "in_kind",
}
GOLD_UNITS: Final = ("gold_chi", "gold_cay")


@dataclass(frozen=True)
class Found:
    """One page of entries and how many there are in all."""

    items: list[LedgerEntry]
    total: int


@dataclass(frozen=True)
class Filters:
    """What the ledger list is narrowed to (every part optional)."""

    side_id: int | None = None
    owner: str | None = None
    method: str | None = None
    unit: str | None = None
    group: str | None = None
    thanked: bool | None = None
    q: str = ""

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Filters:
        def text(name: str) -> str | None:
            value = data.get(name)
            return None if value is None else str(value).strip()

        thanked = data.get("thanked")
        if isinstance(thanked, str):
            thanked = {"1": True, "true": True, "0": False, "false": False}.get(thanked.lower())
        return cls(
            side_id=data.get("side_id") or None,
            owner=text("owner"),
            method=text("method") or None,
            unit=text("unit") or None,
            group=text("group"),
            thanked=thanked if isinstance(thanked, bool) else None,
            q=(text("q") or ""),
        )


@dataclass(frozen=True)
class Subtotal:
    """The totals of one part of the ledger (a side, an owner, a method, a unit, a group)."""

    key: str
    label: str
    totals: list[Total]
    count: int
    #: The đồng value the host noted for gifts not in đồng ("giá trị quy đổi (ước tính)").
    estimated_vnd: int


@dataclass(frozen=True)
class LedgerTotals:
    """The readable ledger's totals: all of it, then per side, owner, method, unit and group."""

    overall: Subtotal
    by_side: list[Subtotal] = field(default_factory=list)
    by_owner: list[Subtotal] = field(default_factory=list)
    by_method: list[Subtotal] = field(default_factory=list)
    by_unit: list[Subtotal] = field(default_factory=list)
    by_group: list[Subtotal] = field(default_factory=list)


@dataclass(frozen=True)
class SyncResult:
    """What became of one entry of a sync: created, already there, or refused."""

    client_id: str
    status: str
    entry_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _audit(entry: LedgerEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in AUDIT_FIELDS}


def _text(data: Mapping[str, Any], name: str, maximum: int) -> str:
    value = data.get(name)
    text = "" if value is None else str(value).strip()
    if len(text) > maximum:
        raise DomainError("events.ledger_too_long", name, maximum=maximum)
    return text


def _guest(event: GiftEvent, side: EventSide, guest_id: Any) -> Guest | None:
    if guest_id in (None, ""):
        return None
    guest = db.session.get(Guest, guest_id) if isinstance(guest_id, int) else None
    if guest is None or guest.event_id != event.id:
        raise DomainError("events.guest_not_found", "guest_id", status=422)
    if guest.side_id != side.id:
        raise DomainError("events.ledger_guest_other_side", "guest_id")
    return guest


def guest_named(side: EventSide, name: str) -> Guest | None:
    """The one guest of `side` called `name` (picked from the suggestions), diacritics and case
    aside; None when there is none or more than one."""
    key = fold(name)
    found = [
        guest
        for guest in db.session.scalars(select(Guest).where(Guest.side_id == side.id))
        if fold(guest.name) == key
    ]
    return found[0] if len(found) == 1 else None


def _received_at(value: Any) -> datetime:
    if value in (None, ""):
        return datetime.now(UTC)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise DomainError("events.ledger_received_at", "received_at") from None
    if not isinstance(value, datetime):
        raise DomainError("events.ledger_received_at", "received_at")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if value.year < 1900 or value > datetime.now(UTC) + timedelta(days=366):
        raise DomainError("events.ledger_received_at", "received_at")
    moment: datetime = value.astimezone(UTC)
    return moment


def _method(data: Mapping[str, Any], unit: str) -> str:
    method = str(data.get("method") or DEFAULT_METHODS[unit]).strip()
    if method not in METHODS:
        raise DomainError("events.ledger_method_unknown", "method")
    if (method == "gold") != (unit in GOLD_UNITS):
        raise DomainError("events.ledger_method_gold", "method")
    if (method == "in_kind") != (unit == "in_kind"):
        raise DomainError("events.ledger_method_in_kind", "method")
    return method


def clean_entry(event: GiftEvent, side: EventSide, data: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's fields, checked, ready to assign; a `DomainError` naming the field at the
    first problem."""
    giver_kind = str(data.get("giver_kind") or "person").strip()
    if giver_kind not in GIVER_KINDS:
        raise DomainError("events.ledger_giver_kind", "giver_kind")
    guest = _guest(event, side, data.get("guest_id"))
    name = _text(data, "giver_name", NAME_MAX)
    if guest is None and name and giver_kind in ("person", "household"):
        guest = guest_named(side, name)
    if not name and guest is not None:
        name = guest.name
    on_behalf_of = _text(data, "on_behalf_of", NAME_MAX)
    if giver_kind == "unnamed":
        name, guest = "", None
    elif not name:
        raise DomainError("events.ledger_name_required", "giver_name")
    if giver_kind == "on_behalf" and not on_behalf_of:
        raise DomainError("events.ledger_on_behalf_required", "on_behalf_of")
    if giver_kind != "on_behalf":
        on_behalf_of = ""
    owner = _text(data, "owner", OWNER_MAX)
    if not owner and guest is not None:
        owner = guest.invited_by
    gift = clean_gift(data)
    return {
        "side_id": side.id,
        "guest_id": guest.id if guest else None,
        "contact_id": guest.contact_id if guest else None,
        "giver_kind": giver_kind,
        "giver_name": name,
        "on_behalf_of": on_behalf_of,
        "relation": _text(data, "relation", RELATION_MAX),
        "owner": owner,
        **gift.as_fields(),
        "method": _method(data, gift.unit),
        "received_at": _received_at(data.get("received_at")),
        "message": _text(data, "message", MESSAGE_MAX),
    }


def _client_id(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise DomainError("events.ledger_client_id", "client_id") from None


def _side_id(data: Mapping[str, Any]) -> int:
    side_id = data.get("side_id")
    if not isinstance(side_id, int) or isinstance(side_id, bool):
        raise DomainError("events.ledger_side_required", "side_id")
    return side_id


# ---- reading ------------------------------------------------------------------------------


def hosted_event(user: Any, event_id: int) -> GiftEvent:
    """The event if `user` hosts it (404 otherwise)."""
    return _hosted_event(user, event_id)


def readable_sides(user: Any, event: GiftEvent) -> list[EventSide]:
    """The sides whose ledger `user` reads."""
    return ledger_sides(user, event)


def writable_sides(user: Any, event: GiftEvent) -> list[EventSide]:
    """The sides whose ledger `user` writes."""
    return [side for side in ledger_sides(user, event) if may_write(user, side)]


def get_entry(user: Any, event_id: int, entry_id: int) -> LedgerEntry:
    """An entry of a side whose ledger `user` reads; 404 otherwise."""
    event = _hosted_event(user, event_id)
    entry = db.session.get(LedgerEntry, entry_id)
    readable = {side.id for side in ledger_sides(user, event)}
    if entry is None or entry.event_id != event.id or entry.side_id not in readable:
        raise DomainError("events.ledger_entry_not_found", status=404)
    return entry


def writable_entry(user: Any, event_id: int, entry_id: int) -> LedgerEntry:
    """An entry of a side whose ledger `user` writes; 404 if unseen, 403 if read only."""
    entry = get_entry(user, event_id, entry_id)
    writable_ledger(user, event_id, entry.side_id)
    return entry


def _filtered(event: GiftEvent, sides: Sequence[EventSide], filters: Filters) -> Select[Any]:
    side_ids = [side.id for side in sides]
    if filters.side_id is not None:
        side_ids = [i for i in side_ids if i == filters.side_id]
    stmt = select(LedgerEntry).where(
        LedgerEntry.event_id == event.id, LedgerEntry.side_id.in_(side_ids)
    )
    if filters.owner is not None:
        stmt = stmt.where(LedgerEntry.owner == filters.owner)
    if filters.method:
        stmt = stmt.where(LedgerEntry.method == filters.method)
    if filters.unit:
        stmt = stmt.where(LedgerEntry.unit == filters.unit)
    if filters.group is not None:
        stmt = stmt.outerjoin(Guest, Guest.id == LedgerEntry.guest_id).where(
            func.coalesce(Guest.group_name, "") == filters.group
        )
    if filters.thanked is True:
        stmt = stmt.where(LedgerEntry.thanked_at.is_not(None))
    elif filters.thanked is False:
        stmt = stmt.where(LedgerEntry.thanked_at.is_(None))
    return stmt


def _matches(entry: LedgerEntry, words: str) -> bool:
    guest = entry.guest.name if entry.guest else ""
    haystack = fold(" ".join((entry.giver_name, entry.on_behalf_of, guest, entry.message)))
    return all(word in haystack for word in words.split())


def entries_of(
    user: Any, event_id: int, filters: Filters, page: int = 1, per_page: int = 50
) -> Found:
    """A page of the entries `user` reads, newest first, narrowed by `filters`. The search
    (`q`) ignores diacritics and case ("tran van nam" finds "Trần Văn Nam") in the giver's
    name, whom they gave for, the guest's name and the message."""
    event = _hosted_event(user, event_id)
    stmt = (
        _filtered(event, ledger_sides(user, event), filters)
        .options(selectinload(LedgerEntry.guest), selectinload(LedgerEntry.side))
        .order_by(LedgerEntry.received_at.desc(), LedgerEntry.id.desc())
    )
    words = fold(filters.q)
    if not words:
        total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        items = list(db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
        return Found(items, total or 0)
    # A ledger holds hundreds of entries, not millions: folding names in Python is enough.
    matching = [entry for entry in db.session.scalars(stmt) if _matches(entry, words)]
    return Found(matching[(page - 1) * per_page : page * per_page], len(matching))


def all_entries(user: Any, event: GiftEvent, sides: Sequence[EventSide]) -> list[LedgerEntry]:
    """Every entry of `sides` (which `user` reads), oldest first: the order of an export."""
    readable = {side.id for side in ledger_sides(user, event)}
    stmt = (
        _filtered(event, [side for side in sides if side.id in readable], Filters())
        .options(selectinload(LedgerEntry.guest))
        .order_by(LedgerEntry.side_id, LedgerEntry.received_at, LedgerEntry.id)
    )
    return list(db.session.scalars(stmt))


# ---- totals -------------------------------------------------------------------------------


def _unit_order(row: tuple[str, str]) -> tuple[int, str]:
    return (UNITS.index(row[0]), row[1])


def _subtotals(
    stmt: Select[Any], key_column: Any | None, labels: Mapping[str, str] | None = None
) -> list[Subtotal]:
    """One subtotal per value of `key_column` (one for all when None): SQL sums per (unit,
    currency), never converted."""
    keys = [] if key_column is None else [key_column]
    sums_columns = (
        LedgerEntry.unit,
        LedgerEntry.currency,
        func.sum(LedgerEntry.quantity),
        func.count(LedgerEntry.id),
        func.sum(LedgerEntry.value_vnd),
    )
    grouped = stmt.with_only_columns(*keys, *sums_columns).group_by(
        *keys, LedgerEntry.unit, LedgerEntry.currency
    )
    parts: dict[str, dict[tuple[str, str], tuple[Decimal, int, int]]] = {}
    for row in db.session.execute(grouped):
        key = row[0] if key_column is not None else ""
        unit, currency, quantity, count, value = row[len(keys) :]
        currency = currency if unit == "foreign" else ""
        quantity = Decimal(str(quantity)) if quantity is not None else Decimal(0)
        sums = parts.setdefault("" if key is None else str(key), {})
        old = sums.get((unit, currency), (Decimal(0), 0, 0))
        sums[(unit, currency)] = (old[0] + quantity, old[1] + count, old[2] + int(value or 0))
    result = []
    for key, sums in parts.items():
        totals = [
            Total(unit, currency, quantity, count)
            for (unit, currency), (quantity, count, _value) in sorted(
                sums.items(), key=lambda item: _unit_order(item[0])
            )
        ]
        label = labels.get(key, key) if labels is not None else key
        result.append(
            Subtotal(
                key=key,
                label=label,
                totals=totals,
                count=sum(total.count for total in totals),
                estimated_vnd=sum(
                    value for (unit, _c), (_q, _n, value) in sums.items() if unit != "dong"
                ),
            )
        )
    return result


def _labels(words: Mapping[str, Any]) -> dict[str, str]:
    return {code: str(label) for code, label in words.items()}


def totals_of(user: Any, event_id: int, filters: Filters | None = None) -> LedgerTotals:
    """The totals of the ledgers `user` reads (narrowed by `filters`, without the search):
    per side, owner, method, unit and group, each per unit and currency, never converted."""
    event = _hosted_event(user, event_id)
    sides = ledger_sides(user, event)
    base = _filtered(event, sides, filters or Filters())
    if (filters or Filters()).group is None:
        base = base.outerjoin(Guest, Guest.id == LedgerEntry.guest_id)
    overall = _subtotals(base, None)
    empty = Subtotal("", "", [], 0, 0)
    group_key = func.coalesce(Guest.group_name, "")
    return LedgerTotals(
        overall=overall[0] if overall else empty,
        by_side=sorted(
            _subtotals(base, LedgerEntry.side_id, {str(side.id): side.name for side in sides}),
            key=lambda part: [str(side.id) for side in sides].index(part.key),
        ),
        by_owner=sorted(_subtotals(base, LedgerEntry.owner), key=lambda part: part.key),
        by_method=sorted(
            _subtotals(base, LedgerEntry.method, _labels(METHOD_LABELS)),
            key=lambda part: METHODS.index(part.key),
        ),
        by_unit=sorted(
            _subtotals(base, LedgerEntry.unit, _labels(UNIT_LABELS)),
            key=lambda part: UNITS.index(part.key),
        ),
        by_group=sorted(_subtotals(base, group_key), key=lambda part: part.key),
    )


# ---- writing ------------------------------------------------------------------------------


def _new_entry(
    user: Any, event: GiftEvent, fields: Mapping[str, Any], client_id: str | None
) -> LedgerEntry:
    entry = LedgerEntry(
        event_id=event.id,
        source="manual",
        client_id=client_id,
        created_by_id=getattr(user, "id", None),
        **fields,
    )
    db.session.add(entry)
    db.session.flush()
    record_change("create", "ledger_entry", entry.id, None, _audit(entry), None)
    return entry


def _conflicts() -> dict[str, DomainError]:
    return {ENTRY_CLIENT_INDEX: DomainError("events.ledger_client_id_taken", "client_id")}


def add_entry(user: Any, event_id: int, data: Mapping[str, Any]) -> LedgerEntry:
    """A new entry in the ledger of side `data["side_id"]`, which `user` must write."""
    side = writable_ledger(user, event_id, _side_id(data))
    fields = clean_entry(side.event, side, data)
    client_id = _client_id(data.get("client_id"))
    with transaction(_conflicts()):
        entry = _new_entry(user, side.event, fields, client_id)
    return entry


def update_entry(user: Any, event_id: int, entry_id: int, data: Mapping[str, Any]) -> LedgerEntry:
    """Change an entry (given fields over its current ones); moving it to another side needs
    that side's write right too."""
    entry = writable_entry(user, event_id, entry_id)
    current = {
        name: getattr(entry, name)
        for name in (
            "side_id guest_id giver_kind giver_name on_behalf_of relation owner unit quantity "
            "currency description value_vnd method received_at message"
        ).split()
    }
    merged = {**current, **data}
    side = writable_ledger(user, event_id, _side_id(merged))
    fields = clean_entry(side.event, side, merged)
    before = _audit(entry)
    with transaction():
        for name, value in fields.items():
            setattr(entry, name, value)
        record_change("update", "ledger_entry", entry.id, before, _audit(entry), None)
    return entry


def delete_entry(user: Any, event_id: int, entry_id: int) -> None:
    """Remove an entry from its side's ledger."""
    entry = writable_entry(user, event_id, entry_id)
    before = _audit(entry)
    with transaction():
        db.session.delete(entry)
        record_change("delete", "ledger_entry", entry_id, before, None, None)


def mark_thanked(user: Any, event_id: int, entry_ids: Iterable[int], thanked: bool) -> int:
    """Mark entries thanked (or not): all of them or none (an entry `user` may not write
    refuses the whole batch). How many changed."""
    entries = [writable_entry(user, event_id, entry_id) for entry_id in dict.fromkeys(entry_ids)]
    now = datetime.now(UTC)
    changed = 0
    with transaction():
        for entry in entries:
            if (entry.thanked_at is not None) == thanked:
                continue
            entry.thanked_at = now if thanked else None
            changed += 1
            record_change(
                "thanked" if thanked else "unthanked",
                "ledger_entry",
                entry.id,
                None,
                {"thanked": thanked},
                None,
            )
    return changed


def record_matched_transfer(
    side: EventSide,
    guest: Guest | None,
    amount_vnd: int,
    received_at: datetime,
    text: str,
    reference: str,
) -> LedgerEntry:
    """An entry for a bank transfer the payments feature matched to `side` (and to `guest` when
    it carried their code): đồng, method transfer, source matched_transfer. The bank's
    `reference` is its client id, so the same transfer matched twice gives one entry."""
    if guest is not None and guest.side_id != side.id:
        raise DomainError("events.ledger_guest_other_side", "guest_id")
    fields = clean_entry(
        side.event,
        side,
        {
            "guest_id": guest.id if guest else None,
            "giver_kind": "person" if guest else "unnamed",
            "unit": "dong",
            "quantity": amount_vnd,
            "method": "transfer",
            "received_at": received_at,
            "message": text[:MESSAGE_MAX],
        },
    )
    client_id = f"transfer:{reference}"[:CLIENT_ID_MAX]
    existing = _by_client_id(side.event_id, client_id)
    if existing is not None:
        return existing
    with transaction(_conflicts()):
        entry = LedgerEntry(
            event_id=side.event_id, source="matched_transfer", client_id=client_id, **fields
        )
        db.session.add(entry)
        db.session.flush()
        record_change("create", "ledger_entry", entry.id, None, _audit(entry), None)
    return entry


def _by_client_id(event_id: int, client_id: str) -> LedgerEntry | None:
    return db.session.scalar(
        select(LedgerEntry).where(
            LedgerEntry.event_id == event_id, LedgerEntry.client_id == client_id
        )
    )


def _sync_one(user: Any, event: GiftEvent, item: Mapping[str, Any]) -> SyncResult:
    raw = str(item.get("client_id") or "")
    if item.get("_errors"):  # refused by the API's schema: bounds and types
        return SyncResult(raw, "refused", errors=dict(item["_errors"]))
    try:
        client_id = _client_id(raw)
        if client_id is None:
            raise DomainError("events.ledger_client_id", "client_id")
        existing = _by_client_id(event.id, client_id)
        if existing is not None:
            return SyncResult(client_id, "exists", existing.id)
        side = writable_ledger(user, event.id, _side_id(item))
        fields = clean_entry(event, side, item)
    except DomainError as error:
        errors = {error.field or "_entry": [error.message], **error.errors}
        return SyncResult(raw, "refused", errors=errors)
    try:
        with transaction(_conflicts()):
            entry = _new_entry(user, event, fields, client_id)
    except DomainError as error:
        if error.status != 409:
            raise
        # Another phone (or the same one, retrying) wrote it between our look and our insert.
        raced = _by_client_id(event.id, client_id)
        if raced is None:
            raise
        return SyncResult(client_id, "exists", raced.id)
    return SyncResult(client_id, "created", entry.id)


def sync_entries(user: Any, event_id: int, items: Sequence[Mapping[str, Any]]) -> list[SyncResult]:
    """Insert each entry of a phone's queue unless its `client_id` is already in the event's
    ledger; answer per entry: created, exists (with its id) or refused (with its errors)."""
    event = _hosted_event(user, event_id)
    if len(items) > SYNC_MAX:
        raise DomainError("events.ledger_sync_too_many", "entries", maximum=SYNC_MAX)
    # Each entry is its own transaction: one refused or raced entry never undoes the others.
    return [_sync_one(user, event, item) for item in items]
