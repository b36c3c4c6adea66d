"""An event's guests: added by hand (or from a file, `app.events.guest_files`), changed,
removed, searched, each with a personal code (prefix "QK", the purpose of their QR) and a
personal link (a random 128-bit token; a new one kills the old, for a link that leaked).

Only the event's hosts manage its guests; a host tied to one side manages that side's guests
only, and another side's guests are, for them, as if they did not exist (404). Audit entries
keep that a guest of an event was added, changed or removed, and which fields changed: never
the guest's name or phone number, and no locality (officers read a locality's audit log).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.services import normalise_phone
from app.audit_log import record_change
from app.errors import DomainError
from app.events import hosting
from app.events.models import (
    GUEST_CODE_INDEX,
    GUEST_TOKEN_INDEX,
    EventSide,
    GiftEvent,
    Guest,
    new_token,
)
from app.extensions import db
from app.matching import new_code
from app.transaction import transaction
from app.vietqr.text import fold

GUEST_PREFIX: Final = "QK"
#: Draws of a fresh code or token before giving up (a collision is rare; three in a row means
#: something else is wrong).
CODE_ATTEMPTS: Final = 5
MAX_NAME: Final = 200
MAX_HONORIFIC: Final = 30
MAX_GROUP: Final = 100
MAX_INVITED_BY: Final = 100
#: The honorifics offered on the form (any other short one may be typed).
HONORIFICS: Final = (
    "anh",
    "chị",
    "em",
    "cô",
    "chú",
    "bác",
    "ông",
    "bà",
    "ông bà",
    "anh chị",
    "cô chú",
    "gia đình",
    "bạn",
)
#: Suggestions for "invited by" (whose guest); any other text may be typed.
INVITED_BY_SUGGESTIONS: Final = (
    "Cô dâu",
    "Chú rể",
    "Bố cô dâu",
    "Mẹ cô dâu",
    "Bố chú rể",
    "Mẹ chú rể",
)
#: The fields a guest is made of, as the services take them.
FIELDS: Final = ("name", "honorific", "phone", "group_name", "invited_by", "side_id")
LIMITS: Final = {
    "name": MAX_NAME,
    "honorific": MAX_HONORIFIC,
    "group_name": MAX_GROUP,
    "invited_by": MAX_INVITED_BY,
}
PER_PAGE: Final = 50
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Found[T]:
    """One page of a list and how many rows there are in all."""

    items: list[T]
    total: int


# ---- who manages which guests ---------------------------------------------------------------


def managed_sides(user: Any, event: GiftEvent) -> list[EventSide]:
    """The sides whose guests `user` manages: all for a host of the whole event, their own for
    a host of one side, none for anyone else."""
    host = hosting.host_of(user, event)
    if host is None:
        return []
    return [side for side in event.sides if host.side_id in (None, side.id)]


def hosted_event(user: Any, event_id: int) -> GiftEvent:
    """The event `event_id` if `user` hosts it; 404 otherwise."""
    return hosting.hosted_event(user, event_id)


def managed_guest(user: Any, event_id: int, guest_id: int) -> Guest:
    """A guest of an event `user` hosts, of a side they manage; 404 otherwise."""
    event = hosting.hosted_event(user, event_id)
    guest = db.session.get(Guest, guest_id)
    sides = {side.id for side in managed_sides(user, event)}
    if guest is None or guest.event_id != event.id or guest.side_id not in sides:
        raise hosting.not_found("guest")
    return guest


def pick_side(user: Any, event: GiftEvent, side_id: Any, field: str = "side_id") -> EventSide:
    """The side a guest goes to: `side_id`, or the only side `user` manages when it is None."""
    sides = managed_sides(user, event)
    if side_id is None:
        if len(sides) == 1:
            return sides[0]
        raise DomainError("events.guest_side_required", field)
    side = next((side for side in event.sides if side.id == side_id), None)
    if side is None:
        raise DomainError("events.guest_side_unknown", field)
    if side not in sides:
        raise DomainError("events.guest_side_not_yours", field, status=403, side=side.name)
    return side


# ---- checking what a guest is made of -------------------------------------------------------


def one_line(value: Any) -> str:
    """Text on one line with single spaces (names typed or pasted with stray spaces)."""
    return _SPACES.sub(" ", value).strip() if isinstance(value, str) else ""


def guest_phone(text: str, field: str = "phone") -> str:
    """A phone number as guests' are kept (E.164, like accounts'); "" stays ""; 9 digits get
    back the leading zero a spreadsheet took away."""
    text = text.strip()
    if not text:
        return ""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.isdigit() and len(digits) == 9:
        text = "0" + digits
    try:
        return normalise_phone(text, field)
    except DomainError as error:
        raise DomainError("events.guest_phone_invalid", field, value=text[:30]) from error


def clean_guest(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The guest fields of `data` checked and tidied (a DomainError on the first bad one);
    `partial`: only the fields given (a change)."""
    cleaned: dict[str, Any] = {}
    if "name" in data or not partial:
        name = one_line(data.get("name"))
        if not name:
            raise DomainError("events.guest_name_required", "name")
        cleaned["name"] = name
    for key in ("honorific", "group_name", "invited_by"):
        if key in data:
            cleaned[key] = one_line(data[key])
    if "phone" in data:
        cleaned["phone"] = guest_phone(data["phone"] or "")
    for key, most in LIMITS.items():
        if len(cleaned.get(key, "")) > most:
            raise DomainError("events.guest_too_long", key, length=len(cleaned[key]), most=most)
    return cleaned


def phone_owner(side: EventSide, phone: str, but: Guest | None = None) -> Guest | None:
    """The guest of `side` with `phone` (other than `but`), if any. A phone is unique within a
    side, not the event: a friend of both the bride and the groom may be a guest of each side,
    and a host of one side learns nothing of the other side's guests from a refusal."""
    if not phone:
        return None
    stmt = select(Guest).where(Guest.side_id == side.id, Guest.phone == phone)
    if but is not None and but.id is not None:
        stmt = stmt.where(Guest.id != but.id)
    return db.session.scalars(stmt.limit(1)).first()


def _check_phone_free(side: EventSide, phone: str, but: Guest | None = None) -> None:
    owner = phone_owner(side, phone, but)
    if owner is not None:
        raise DomainError("events.guest_phone_taken", "phone", name=owner.name)


# ---- audit: that it happened, never who the guest is ---------------------------------------


def _audit(action: str, guest: Guest, changed: Iterable[str] = ()) -> None:
    after = {"event_id": guest.event_id, "side_id": guest.side_id}
    if changed:
        after["changed"] = sorted(changed)  # type: ignore[assignment]
    record_change(action, "guest", guest.id, None, after, None)


# ---- writing -------------------------------------------------------------------------------


def _fresh_code() -> str:
    """A guest code no guest has yet (drawn again while one has it)."""
    for _attempt in range(CODE_ATTEMPTS):
        candidate = new_code(GUEST_PREFIX)
        if db.session.scalar(select(Guest.id).where(Guest.code == candidate)) is None:
            return candidate
    raise DomainError("events.guest_code_exhausted", status=503)


def conflicts() -> dict[str, DomainError | str]:
    return {
        GUEST_CODE_INDEX: DomainError("events.guest_code_taken", status=409),
        GUEST_TOKEN_INDEX: DomainError("events.guest_code_taken", status=409),
    }


def retrying[T](write: Callable[[], T]) -> T:
    """`write()` again (a fresh code and token) when two requests drew the same one at once."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            result: T = write()
            return result
        except DomainError as error:
            if error.code != "events.guest_code_taken" or attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def new_guest(event: GiftEvent, side: EventSide, cleaned: Mapping[str, Any]) -> Guest:
    """A guest row with a fresh code and token, added to the session (inside a transaction)."""
    guest = Guest(
        event=event,
        side=side,
        name=cleaned["name"],
        honorific=cleaned.get("honorific", ""),
        phone=cleaned.get("phone", ""),
        group_name=cleaned.get("group_name", ""),
        invited_by=cleaned.get("invited_by", ""),
        code=_fresh_code(),
        token=new_token(),
    )
    db.session.add(guest)
    db.session.flush()
    _audit("create", guest)
    return guest


def add_guest(user: Any, event_id: int, data: Mapping[str, Any]) -> Guest:
    """Add a guest to a side of an event `user` hosts (the side they manage when they manage
    one only), with a fresh personal code and link."""
    event = hosting.hosted_event(user, event_id)
    side = pick_side(user, event, data.get("side_id"))
    cleaned = clean_guest(data)
    _check_phone_free(side, cleaned.get("phone", ""))

    def write() -> Guest:
        with transaction(conflicts()):
            return new_guest(event, side, cleaned)

    return retrying(write)


def update_guest(user: Any, guest: Guest, data: Mapping[str, Any]) -> Guest:
    """Change a guest (moving them to another side `user` manages included)."""
    event = guest.event
    side = pick_side(user, event, data["side_id"]) if data.get("side_id") is not None else None
    cleaned = clean_guest(data, partial=True)
    if cleaned.get("phone") or side is not None:
        phone = cleaned.get("phone", guest.phone)
        _check_phone_free(side or guest.side, phone, guest)
    with transaction():
        changed = [key for key, value in cleaned.items() if getattr(guest, key) != value]
        for key in changed:
            setattr(guest, key, cleaned[key])
        if side is not None and side.id != guest.side_id:
            guest.side = side
            changed.append("side_id")
        db.session.flush()
        if changed:
            _audit("update", guest, changed)
    return guest


def remove_guest(user: Any, guest: Guest) -> None:
    """Remove a guest: their personal link stops working; their RSVP goes with them, the
    ledger keeps its entries (without the link to the guest)."""
    with transaction():
        _audit("delete", guest)
        db.session.delete(guest)


def renew_link(user: Any, guest: Guest) -> Guest:
    """A new personal link for a guest whose link leaked: the old one stops working at once
    (the code stays: transfers already made with it are still theirs)."""

    def write() -> Guest:
        with transaction({GUEST_TOKEN_INDEX: DomainError("events.guest_code_taken")}):
            guest.token = new_token()
            db.session.flush()
            record_change(
                "new_link",
                "guest",
                guest.id,
                None,
                {"event_id": guest.event_id, "side_id": guest.side_id},
                None,
            )
        return guest

    return retrying(write)


# ---- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuestQuery:
    """What a list of guests is narrowed to: words (name with or without diacritics, phone,
    group), a side, a group, whose guests."""

    q: str = ""
    side_id: int | None = None
    group: str = ""
    invited_by: str = ""


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _matches(guest: Guest, words: list[str], digits: str) -> bool:
    haystack = fold(f"{guest.honorific} {guest.name} {guest.group_name} {guest.invited_by}")
    if all(word in haystack for word in words):
        return True
    if digits and len(digits) >= 3:
        phone = _digits(guest.phone)
        national = "0" + phone[2:] if phone.startswith("84") else phone
        return digits in phone or digits in national
    return False


def find_guests(
    user: Any, event: GiftEvent, query: GuestQuery, page: int = 1, per_page: int = PER_PAGE
) -> Found[Guest]:
    """The guests of the sides `user` manages, by name, narrowed by `query`, one page of them.
    Words are compared without diacritics ("nam" finds "Nâm" and "Năm"), so the narrowing is
    done here rather than in SQL: an event has hundreds of guests, not millions."""
    side_ids = [side.id for side in managed_sides(user, event)]
    if query.side_id is not None:
        side_ids = [side_id for side_id in side_ids if side_id == query.side_id]
    stmt = select(Guest).where(Guest.event_id == event.id, Guest.side_id.in_(side_ids))
    if query.group:
        stmt = stmt.where(Guest.group_name == query.group)
    if query.invited_by:
        stmt = stmt.where(Guest.invited_by == query.invited_by)
    # Lists and the API show each guest's side and answer: loaded with them, not one by one.
    stmt = stmt.options(selectinload(Guest.rsvps), selectinload(Guest.side))
    guests = list(db.session.scalars(stmt.order_by(Guest.sort_key, Guest.id)))
    words = fold(query.q).split()
    if words:
        digits = _digits(query.q) if not any(c.isalpha() for c in query.q) else ""
        guests = [guest for guest in guests if _matches(guest, words, digits)]
    start = (max(page, 1) - 1) * per_page
    return Found(guests[start : start + per_page], len(guests))


def choices_of(user: Any, event: GiftEvent) -> tuple[list[str], list[str]]:
    """The groups and the "invited by" values the guests of `user`'s sides have, for filters
    and suggestions."""
    side_ids = [side.id for side in managed_sides(user, event)]
    rows = db.session.execute(
        select(Guest.group_name, Guest.invited_by).where(
            Guest.event_id == event.id, Guest.side_id.in_(side_ids)
        )
    ).all()
    groups = sorted({group for group, _ in rows if group}, key=fold)
    owners = sorted({owner for _, owner in rows if owner}, key=fold)
    return groups, owners
