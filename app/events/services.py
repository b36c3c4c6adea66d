"""The rules of gift events: events, their receiving sides (each with its bank account and its
code), the sides' ceremonies, the hosts who manage them, archiving and deleting.

Every function that changes data takes the acting `user`, checks that they host the event
(anyone else gets the 404 of `app.events.hosting`), owns its transaction and records the change
in the audit log. Refusals are `DomainError`s with "events.…" codes (their texts in
`app.events.messages`): 404 for what the caller may not see, 403 for what a co-host may not do
(only hosts of the whole event change it; only its owner deletes it), 409 for a race on a unique
index, 422 otherwise.

**The audit log keeps that something happened, not the family's data.** An event's entries
carry ids, kinds, dates, flags and the names of the fields that changed, never titles, names,
messages, account numbers or venues, and no locality (so only admins read them): deleting an
event on request leaves nothing personal behind in the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.services import get_user_by_login
from app.audit_log import record_change, snapshot
from app.codes import services as codes
from app.database import utcnow
from app.errors import DomainError
from app.events.hosting import host_of, hosted_event, not_found
from app.events.models import (
    EVENT_KINDS,
    SIDE_CODE_INDEX,
    Ceremony,
    EventHost,
    EventSide,
    GiftEvent,
    Guest,
    LedgerEntry,
    Rsvp,
    Wish,
)
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import get_locality
from app.matching import new_code
from app.paging import Found, page_of
from app.request_guards import VIETNAM_TIME
from app.transaction import transaction

SIDE_PREFIX = "QH"
#: Draws of a fresh side code before giving up (as markets does for sign codes).
SIDE_CODE_ATTEMPTS = 5
#: Pages show and forms take times in Vietnam's time; the database keeps aware UTC.
VIETNAM = VIETNAM_TIME
FIRST_YEAR = 1900
LAST_YEAR = 2100
MAX_SIDES = 6

EVENT_FIELDS = ("kind", "locality_id", "show_wishes", "archived_at")
EVENT_TEXTS = ("title", "message")
SIDE_FIELDS = ("event_id", "position", "show_qr", "ledger_shared", "bank_bin", "code")
SIDE_TEXTS = ("name", "hosts_names", "account_number", "account_name")
CEREMONY_FIELDS = ("side_id", "starts_at", "ends_at")
CEREMONY_TEXTS = ("name", "venue", "address", "map_url")
HOST_FIELDS = ("event_id", "user_id", "role", "side_id")

#: The codes feature's field names → a side's.
_CODE_FIELDS = {"account": "account_number", "account_name": "account_name", "bank": "bank"}


def clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _required_text(data: Mapping[str, Any], field: str) -> str:
    value = clean(data.get(field)) or ""
    if not value:
        raise DomainError("events.required", field)
    return str(value)


def _changed(row: Any, texts: Iterable[str], before: Mapping[str, Any]) -> list[str]:
    """The private text fields that changed: named in the log, their values never."""
    return [name for name in texts if getattr(row, name) != before[name]]


def _record(
    action: str,
    entity: str,
    entity_id: int,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    # No locality: an event's entries are for admins, never for the locality's officers.
    record_change(action, entity, entity_id, before, after, None)


# ---- who may do what ----------------------------------------------------------------------


def _whole_event_host(user: Any, event: GiftEvent) -> EventHost:
    """The caller's host row if they host the whole event; a co-host of one side is refused."""
    host = host_of(user, event)
    if host is None:
        raise not_found()
    if host.side_id is not None:
        raise DomainError("events.whole_event_only", status=403)
    return host


def _side_host(user: Any, side: EventSide) -> EventHost:
    """The caller's host row if they may change `side` (whole-event hosts and its own)."""
    host = host_of(user, side.event)
    if host is None:
        raise not_found()
    if host.side_id not in (None, side.id):
        raise DomainError("events.other_side", status=403)
    return host


def event_side(event: GiftEvent, side_id: int) -> EventSide:
    side = next((side for side in event.sides if side.id == side_id), None)
    if side is None:
        raise not_found("side")
    return side


def side_ceremony(side: EventSide, ceremony_id: int) -> Ceremony:
    ceremony = next((c for c in side.ceremonies if c.id == ceremony_id), None)
    if ceremony is None:
        raise not_found("ceremony")
    return ceremony


def event_host(event: GiftEvent, host_id: int) -> EventHost:
    host = next((host for host in event.hosts if host.id == host_id), None)
    if host is None:
        raise not_found("host")
    return host


def events_of(
    user: Any, *, archived: bool | None = False, page: int = 1, per_page: int = 50
) -> Found[GiftEvent]:
    """The events `user` hosts, newest first: active ones (`archived` False), archived ones
    (True) or all (None)."""
    stmt = (
        select(GiftEvent)
        .join(EventHost, EventHost.event_id == GiftEvent.id)
        .where(EventHost.user_id == user.id)
        .order_by(GiftEvent.created_at.desc(), GiftEvent.id.desc())
    )
    if archived is True:
        stmt = stmt.where(GiftEvent.archived_at.is_not(None))
    elif archived is False:
        stmt = stmt.where(GiftEvent.archived_at.is_(None))
    return page_of(stmt, page, per_page)


# ---- events -------------------------------------------------------------------------------


def _event_locality(locality_id: Any) -> Locality:
    """A commune of 2025 or a hamlet under one, as for markets."""
    locality = get_locality(locality_id) if isinstance(locality_id, int) else None
    if locality is None:
        raise DomainError("events.locality_not_found", "locality_id")
    if locality.era != "vn2025" or locality.level not in ("commune", "hamlet"):
        raise DomainError("events.locality_level", "locality_id", name=locality.name)
    return locality


def _apply_event(event: GiftEvent, data: Mapping[str, Any]) -> None:
    if "kind" in data or event.kind is None:
        if data.get("kind") not in EVENT_KINDS:
            raise DomainError("events.kind_invalid", "kind")
        event.kind = data["kind"]
    if "title" in data or event.title is None:
        event.title = _required_text(data, "title")
    if "locality_id" in data or event.locality_id is None:
        event.locality = _event_locality(data.get("locality_id"))
    if "message" in data:
        event.message = clean(data["message"]) or ""
    if "show_wishes" in data and data["show_wishes"] is not None:
        event.show_wishes = bool(data["show_wishes"])


def create_event(user: Any, data: Mapping[str, Any]) -> GiftEvent:
    """A new event of which `user` is the owner host, with its sides (`data["sides"]`, at
    least one, each with its account and ceremonies) in one transaction; a side's code is
    drawn afresh when two requests drew the same one."""
    for attempt in range(SIDE_CODE_ATTEMPTS):
        try:
            return _create_event(user, data)
        except DomainError as error:
            if error.code != "events.side_code_taken" or attempt == SIDE_CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _create_event(user: Any, data: Mapping[str, Any]) -> GiftEvent:
    sides = list(data.get("sides") or [])
    if not sides:
        raise DomainError("events.side_required", "sides")
    if len(sides) > MAX_SIDES:
        raise DomainError("events.too_many_sides", "sides", most=MAX_SIDES)
    event = GiftEvent(kind=None, title=None, locality_id=None)
    with transaction(_side_conflicts()):
        with db.session.no_autoflush:
            _apply_event(event, data)
        event.hosts.append(EventHost(user_id=user.id, role="owner"))
        db.session.add(event)
        db.session.flush()
        _record("create", "gift_event", event.id, None, snapshot(event, EVENT_FIELDS))
        for position, side_data in enumerate(sides):
            _insert_side(event, {"position": position, **side_data})
        host = event.hosts[0]
        _record("create", "event_host", host.id, None, snapshot(host, HOST_FIELDS))
    return event


def update_event(user: Any, event: GiftEvent, data: Mapping[str, Any]) -> GiftEvent:
    """Change an event's kind, title, locality, message or whether wishes are shown."""
    _whole_event_host(user, event)
    before = snapshot(event, (*EVENT_FIELDS, *EVENT_TEXTS))
    with transaction():
        with db.session.no_autoflush:
            _apply_event(event, data)
        db.session.flush()
        _record(
            "update",
            "gift_event",
            event.id,
            {k: before[k] for k in EVENT_FIELDS},
            {**snapshot(event, EVENT_FIELDS), "changed": _changed(event, EVENT_TEXTS, before)},
        )
    return event


def set_archived(user: Any, event: GiftEvent, archived: bool) -> GiftEvent:
    """Archive an event (it leaves the list of current events; nothing is deleted) or bring
    it back."""
    _whole_event_host(user, event)
    before = snapshot(event, EVENT_FIELDS)
    if (event.archived_at is not None) == archived:
        return event
    with transaction():
        event.archived_at = utcnow() if archived else None
        _record(
            "archive" if archived else "unarchive",
            "gift_event",
            event.id,
            before,
            snapshot(event, EVENT_FIELDS),
        )
    return event


@dataclass(frozen=True)
class EventCounts:
    """How much personal data an event holds: what deleting it deletes."""

    sides: int
    hosts: int
    guests: int
    rsvps: int
    wishes: int
    gifts: int


def _count(model: Any, *where: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def counts_of(event: GiftEvent) -> EventCounts:
    side_ids = [side.id for side in event.sides]
    return EventCounts(
        sides=len(event.sides),
        hosts=len(event.hosts),
        guests=_count(Guest, Guest.event_id == event.id),
        rsvps=_count(Rsvp, Rsvp.side_id.in_(side_ids)) if side_ids else 0,
        wishes=_count(Wish, Wish.event_id == event.id),
        gifts=_count(LedgerEntry, LedgerEntry.event_id == event.id),
    )


def delete_event(user: Any, event: GiftEvent) -> EventCounts:
    """Delete an event with all its personal data (sides, ceremonies, hosts, guests, RSVPs,
    wishes, ledger): only its owner may. The audit entry keeps the counts, never the data."""
    host = host_of(user, event)
    if host is None:
        raise not_found()
    if host.role != "owner":
        raise DomainError("events.owner_only", status=403)
    counts = counts_of(event)
    before = {
        "kind": event.kind,
        "sides": counts.sides,
        "hosts": counts.hosts,
        "guests": counts.guests,
        "rsvps": counts.rsvps,
        "wishes": counts.wishes,
        "gifts": counts.gifts,
    }
    event_id = event.id
    with transaction():
        # Rows that point at a side or guest are removed before them (foreign keys hold on
        # SQLite too, where ON DELETE CASCADE needs the pragma): ledger, wishes, RSVPs, guests.
        for model in (LedgerEntry, Wish, Guest):
            for row in db.session.scalars(select(model).where(model.event_id == event_id)):
                db.session.delete(row)
        db.session.flush()
        db.session.delete(event)
        db.session.flush()
        _record("delete", "gift_event", event_id, before, None)
    return counts


# ---- sides --------------------------------------------------------------------------------


def _side_conflicts() -> dict[str, DomainError | str]:
    return {SIDE_CODE_INDEX: DomainError("events.side_code_taken", status=409)}


def _fresh_side_code() -> str:
    """A side code no side has yet (drawn again while one has it)."""
    for _attempt in range(SIDE_CODE_ATTEMPTS):
        candidate = new_code(SIDE_PREFIX)
        if db.session.scalar(select(EventSide.id).where(EventSide.code == candidate)) is None:
            return candidate
    raise DomainError("events.side_code_exhausted", status=503)


def _apply_account(side: EventSide, data: Mapping[str, Any]) -> None:
    """The side's account as the VietQR core checks it (as markets checks a vendor's): all
    three fields empty clears it; a bank without a number or the reverse is refused."""
    bank = clean(data["bank"]) if "bank" in data else side.bank_bin
    number = clean(data["account_number"]) if "account_number" in data else side.account_number
    holder = clean(data["account_name"]) if "account_name" in data else side.account_name
    bank, number, holder = bank or "", number or "", holder or ""
    if not bank and not number:
        side.bank_bin, side.account_number, side.account_name = "", "", holder
        return
    if not bank:
        raise DomainError("events.required", "bank")
    if not number:
        raise DomainError("events.required", "account_number")
    try:
        made = codes.make_code(
            codes.CodeRequest(
                bank=bank, account=number, account_name=holder or None, purpose=side.code
            )
        )
    except DomainError as error:
        error.field = _CODE_FIELDS.get(error.field or "", "account_number")
        error.errors = {_CODE_FIELDS.get(k, k): v for k, v in error.errors.items()}
        raise
    side.bank_bin = made.bank.bin
    side.account_number = made.code.account
    side.account_name = holder


def _apply_side(side: EventSide, data: Mapping[str, Any]) -> None:
    if "name" in data or side.name is None:
        side.name = _required_text(data, "name")
    if "hosts_names" in data:
        side.hosts_names = clean(data["hosts_names"]) or ""
    if "position" in data and data["position"] is not None:
        side.position = int(data["position"])
    for flag in ("show_qr", "ledger_shared"):
        if flag in data and data[flag] is not None:
            setattr(side, flag, bool(data[flag]))
    if {"bank", "account_number", "account_name"} & data.keys():
        _apply_account(side, data)


def _insert_side(event: GiftEvent, data: Mapping[str, Any]) -> EventSide:
    """Write a checked side of `event`, its ceremonies and their audit entries (inside the
    caller's transaction)."""
    side = EventSide(name=None, code=_fresh_side_code(), show_qr=True, ledger_shared=False)
    side.hosts_names = side.bank_bin = side.account_number = side.account_name = ""
    side.position = 0
    with db.session.no_autoflush:
        _apply_side(side, data)
    event.sides.append(side)
    db.session.flush()
    _record("create", "event_side", side.id, None, _side_snapshot(side))
    for ceremony_data in data.get("ceremonies") or []:
        _insert_ceremony(side, ceremony_data)
    return side


def _side_snapshot(side: EventSide) -> dict[str, Any]:
    return {**snapshot(side, SIDE_FIELDS), "has_account": side.has_account}


def add_side(user: Any, event: GiftEvent, data: Mapping[str, Any]) -> EventSide:
    """A new receiving side of the event (after the others unless `position` says where)."""
    _whole_event_host(user, event)
    if len(event.sides) >= MAX_SIDES:
        raise DomainError("events.too_many_sides", "name", most=MAX_SIDES)
    position = max((side.position for side in event.sides), default=-1) + 1
    for attempt in range(SIDE_CODE_ATTEMPTS):
        try:
            with transaction(_side_conflicts()):
                return _insert_side(event, {"position": position, **data})
        except DomainError as error:
            if error.code != "events.side_code_taken" or attempt == SIDE_CODE_ATTEMPTS - 1:
                raise
            db.session.expire(event)
    raise AssertionError("unreachable")  # pragma: no cover


def update_side(user: Any, side: EventSide, data: Mapping[str, Any]) -> EventSide:
    """Change a side: its name, hosts' names, place, QR shown or not, ledger shared or not,
    account (checked again)."""
    _side_host(user, side)
    before = {**_side_snapshot(side), **snapshot(side, SIDE_TEXTS)}
    with transaction():
        with db.session.no_autoflush:
            _apply_side(side, data)
        db.session.flush()
        _record(
            "update",
            "event_side",
            side.id,
            {k: before[k] for k in (*SIDE_FIELDS, "has_account")},
            {**_side_snapshot(side), "changed": _changed(side, SIDE_TEXTS, before)},
        )
    return side


def remove_side(user: Any, side: EventSide) -> None:
    """Remove a side with its ceremonies; an event keeps at least one side, and a side that
    has guests or gifts is kept (its guests and ledger would go with it)."""
    event = side.event
    _whole_event_host(user, event)
    if len(event.sides) <= 1:
        raise DomainError("events.last_side", "side", status=409)
    guests = _count(Guest, Guest.side_id == side.id)
    gifts = _count(LedgerEntry, LedgerEntry.side_id == side.id)
    if guests or gifts:
        raise DomainError("events.side_in_use", "side", status=409, guests=guests, gifts=gifts)
    before = _side_snapshot(side)
    side_id = side.id
    with transaction():
        for host in event.hosts:
            if host.side_id == side_id:
                host.side_id = None
        wishes = list(db.session.scalars(select(Wish).where(Wish.side_id == side_id)))
        for wish in wishes:
            db.session.delete(wish)
        db.session.delete(side)
        db.session.flush()
        db.session.expire(event, ["sides"])
        _record("delete", "event_side", side_id, before, None)


# ---- ceremonies ---------------------------------------------------------------------------


def as_utc(moment: datetime) -> datetime:
    """An aware moment in UTC; a naive one is Vietnam's local time (as forms give it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(UTC)


def local_moment(moment: datetime) -> datetime:
    """A stored (UTC) moment in Vietnam's time."""
    return moment.astimezone(VIETNAM)


def local_day(moment: datetime) -> date:
    """The day in Vietnam of a stored moment (the day a card prints)."""
    return local_moment(moment).date()


def today() -> date:
    """Today in Vietnam."""
    return local_day(utcnow())


def _moment(value: Any, field: str) -> datetime:
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if not isinstance(value, datetime):
        raise DomainError("events.required", field)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise DomainError("events.year_range", field, first=FIRST_YEAR, last=LAST_YEAR)
    moment = as_utc(value)
    if not FIRST_YEAR <= local_moment(moment).year <= LAST_YEAR:
        raise DomainError("events.year_range", field, first=FIRST_YEAR, last=LAST_YEAR)
    return moment


def _map_url(value: Any) -> str:
    url = clean(value) or ""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.netloc or any(c.isspace() for c in url):
        raise DomainError("events.map_url_https", "map_url")
    return str(url)


def _apply_ceremony(ceremony: Ceremony, data: Mapping[str, Any]) -> None:
    if "name" in data or ceremony.name is None:
        ceremony.name = _required_text(data, "name")
    if "starts_at" in data or ceremony.starts_at is None:
        ceremony.starts_at = _moment(data.get("starts_at"), "starts_at")
    if "ends_at" in data:
        ends = data["ends_at"]
        ceremony.ends_at = _moment(ends, "ends_at") if ends is not None else None
    if ceremony.ends_at is not None and ceremony.ends_at <= ceremony.starts_at:
        raise DomainError("events.ends_before_start", "ends_at")
    for name in ("venue", "address"):
        if name in data:
            setattr(ceremony, name, clean(data[name]) or "")
    if "map_url" in data:
        ceremony.map_url = _map_url(data["map_url"])


def _insert_ceremony(side: EventSide, data: Mapping[str, Any]) -> Ceremony:
    ceremony = Ceremony(name=None, starts_at=None, venue="", address="", map_url="")
    with db.session.no_autoflush:
        _apply_ceremony(ceremony, data)
    side.ceremonies.append(ceremony)
    db.session.flush()
    _record("create", "ceremony", ceremony.id, None, snapshot(ceremony, CEREMONY_FIELDS))
    return ceremony


def add_ceremony(user: Any, side: EventSide, data: Mapping[str, Any]) -> Ceremony:
    """A ceremony or party of a side: name, start (and end) in Vietnam's time, venue,
    address, an https map link. Past dates are fine (an old paper ledger's event)."""
    _side_host(user, side)
    with transaction():
        return _insert_ceremony(side, data)


def update_ceremony(user: Any, ceremony: Ceremony, data: Mapping[str, Any]) -> Ceremony:
    _side_host(user, ceremony.side)
    before = snapshot(ceremony, (*CEREMONY_FIELDS, *CEREMONY_TEXTS))
    with transaction():
        with db.session.no_autoflush:
            _apply_ceremony(ceremony, data)
        db.session.flush()
        _record(
            "update",
            "ceremony",
            ceremony.id,
            {k: before[k] for k in CEREMONY_FIELDS},
            {
                **snapshot(ceremony, CEREMONY_FIELDS),
                "changed": _changed(ceremony, CEREMONY_TEXTS, before),
            },
        )
    return ceremony


def remove_ceremony(user: Any, ceremony: Ceremony) -> None:
    side = ceremony.side
    _side_host(user, side)
    before = snapshot(ceremony, CEREMONY_FIELDS)
    ceremony_id = ceremony.id
    with transaction():
        side.ceremonies.remove(ceremony)
        db.session.delete(ceremony)
        db.session.flush()
        _record("delete", "ceremony", ceremony_id, before, None)


# ---- hosts --------------------------------------------------------------------------------


def _invitee(login: Any) -> User:
    text = clean(login) or ""
    if not text:
        raise DomainError("events.required", "login")
    user = get_user_by_login(str(text))
    if user is None or not user.is_active:
        raise DomainError("events.no_account", "login", login=text)
    return user


def invite_host(user: Any, event: GiftEvent, data: Mapping[str, Any]) -> EventHost:
    """Make the user who signs in with `data["login"]` (an email or a phone number) a
    co-host, of the whole event or of one side (`side_id`). Someone without an account is
    refused: they sign up first (the service sends nothing)."""
    inviter = _whole_event_host(user, event)
    invitee = _invitee(data.get("login"))
    side_id = data.get("side_id")
    if side_id is not None and not any(side.id == side_id for side in event.sides):
        raise DomainError("events.side_not_found", "side_id", status=422)
    if host_of(invitee, event) is not None:
        raise DomainError("events.already_host", "login", status=409, login=invitee.login_name)
    conflicts: dict[str, DomainError | str] = {
        "uq_event_hosts_event_id": DomainError(
            "events.already_host", "login", login=invitee.login_name
        )
    }
    with transaction(conflicts):
        host = EventHost(
            user_id=invitee.id, role="cohost", side_id=side_id, invited_by_id=inviter.user_id
        )
        event.hosts.append(host)
        db.session.flush()
        _record("create", "event_host", host.id, None, snapshot(host, HOST_FIELDS))
    return host


def remove_host(user: Any, host: EventHost) -> None:
    """Remove a co-host: the owner removes anyone but themself, a co-host only leaves."""
    event = host.event
    me = host_of(user, event)
    if me is None:
        raise not_found()
    if host.role == "owner":
        raise DomainError("events.owner_stays", "host", status=409)
    if me.role != "owner" and me.id != host.id:
        raise DomainError("events.cohost_removes_self", "host", status=403)
    before = snapshot(host, HOST_FIELDS)
    host_id = host.id
    with transaction():
        event.hosts.remove(host)
        db.session.delete(host)
        db.session.flush()
        _record("delete", "event_host", host_id, before, None)


def hosted(user: Any, event_id: int) -> GiftEvent:
    """The event `event_id` if `user` hosts it; 404 otherwise (whether or not it exists)."""
    return hosted_event(user, event_id)


def host_row(user: Any, event: GiftEvent) -> EventHost:
    """`user`'s host row of `event`; 404 when they are not one of its hosts."""
    host = host_of(user, event)
    if host is None:
        raise not_found()
    return host


def picked_locality(locality_id: Any) -> Locality | None:
    """The locality a form picked (any kind: the service judges it), if there is one."""
    return get_locality(locality_id) if isinstance(locality_id, int) and locality_id else None
