"""What a public page of an event shows and what a guest may post there: RSVP and wishes; and
the hosts' side of it (every wish, hide or show one; the RSVPs with people counted per side).

A public page is reached by a token only: an event's (every side), a side's (that side) or a
guest's personal link (their side, greeted by name, their QR carrying their own code). It shows
names, ceremonies, venues, the hosts' message, the wishes guests agreed to show and the hosts
did not hide, and each side's QR when the hosts left it on. **Never** an amount, a guest list or
who gave what: nothing here reads the ledger.

Typed text is kept as typed (markup included: the pages escape it on output), with control
characters removed; a wish holds at most 1000 characters, a name 100. An archived event's page
still shows (late gifts happen) but takes no more answers or wishes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import func, or_, select

from app.audit_log import record_change
from app.codes import services as codes
from app.errors import DomainError
from app.events import services
from app.events.hosting import guest_by_token, hosted_event, not_found
from app.events.lunar import lunar_date_text
from app.events.models import RSVP_ANSWERS, Ceremony, EventSide, GiftEvent, Guest, Rsvp, Wish
from app.extensions import db
from app.transaction import transaction

MAX_NAME: Final = 100
MAX_WISH: Final = 1000
MAX_PEOPLE: Final = 50
#: How many wishes a public page lists (newest first): 30 of the longest still keep the page
#: under its 100 KB budget (bench/bench_gift_page.py, tests/events/test_public_weight.py).
SHOWN_WISHES: Final = 30
#: How long a ceremony lasts in the calendar file when the hosts gave no end.
CEREMONY_HOURS: Final = timedelta(hours=3)


@dataclass(frozen=True)
class PublicPage:
    """What one public link opens: the event, the sides it shows and, on a personal link, the
    guest. `token` is the link's own token (the page's address)."""

    event: GiftEvent
    sides: list[EventSide]
    token: str
    guest: Guest | None = None

    @property
    def closed(self) -> bool:
        """An archived event takes no more answers or wishes."""
        return self.event.archived_at is not None

    @property
    def rsvp(self) -> Rsvp | None:
        """A guest's answer so far (one per guest)."""
        return self.guest.rsvps[0] if self.guest is not None and self.guest.rsvps else None


def public_page(token: str) -> PublicPage:
    """The page of an event's token (every side) or a side's token (that side); 404 for any
    other text, ids included."""
    event = db.session.scalar(select(GiftEvent).where(GiftEvent.token == token))
    if event is not None:
        return PublicPage(event, list(event.sides), token)
    side = db.session.scalar(select(EventSide).where(EventSide.token == token))
    if side is None:
        raise not_found()
    return PublicPage(side.event, [side], token)


def guest_page(token: str) -> PublicPage:
    """A guest's personal page: their side only; 404 for an unknown token."""
    guest = guest_by_token(token)
    return PublicPage(guest.event, [guest.side], token, guest)


def ceremonies_of(page: PublicPage) -> list[tuple[EventSide, Ceremony]]:
    """The ceremonies the page shows, in time order, each with its side."""
    found = [(side, ceremony) for side in page.sides for ceremony in side.ceremonies]
    return sorted(found, key=lambda pair: (pair[1].starts_at, pair[1].id))


def side_code(side: EventSide, guest: Guest | None = None) -> codes.MadeCode | None:
    """The QR a page shows for `side`: its account with the side's code as purpose (the
    guest's own code on a personal page, so a transfer is theirs); None when the hosts left
    the QR off or the side has no account."""
    if not side.show_qr or not side.has_account:
        return None
    return codes.make_code(
        codes.CodeRequest(
            bank=side.bank_bin,
            account=side.account_number,
            account_name=side.account_name or None,
            purpose=guest.code if guest is not None else side.code,
        )
    )


def page_code(page: PublicPage) -> codes.MadeCode:
    """The QR image of a page's link: its first side showing one; 404 when none does."""
    for side in page.sides:
        made = side_code(side, page.guest)
        if made is not None:
            return made
    raise not_found("side")


def shown_wishes(page: PublicPage) -> list[Wish]:
    """The wishes a public page lists: the guest agreed, the hosts did not hide it, the event
    shows wishes; on a side's page that side's and the event-wide ones. Newest first."""
    if not page.event.show_wishes:
        return []
    side_ids = [side.id for side in page.sides]
    stmt = (
        select(Wish)
        .where(Wish.event_id == page.event.id, Wish.public.is_(True), Wish.hidden.is_(False))
        .order_by(Wish.created_at.desc(), Wish.id.desc())
        .limit(SHOWN_WISHES)
    )
    if len(side_ids) < len(page.event.sides):
        stmt = stmt.where(or_(Wish.side_id.in_(side_ids), Wish.side_id.is_(None)))
    return list(db.session.scalars(stmt))


# ---- what a guest posts -------------------------------------------------------------------


def clean_typed(text: Any, *, lines: bool = False) -> str:
    """Typed text as kept: NFC, control and format characters removed (newlines kept in a
    wish), surrounding spaces stripped. Markup stays: pages escape it on output."""
    value = unicodedata.normalize("NFC", str(text or ""))
    kept = (
        ch
        for ch in value
        if (lines and ch == "\n") or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
    return "".join(kept).replace("\r", "").strip()


def _name(data: Mapping[str, Any], page: PublicPage) -> str:
    name = clean_typed(data.get("name"))
    if not name and page.guest is not None:
        name = page.guest.name[:MAX_NAME]
    if not name:
        raise DomainError("events.name_required", "name")
    if len(name) > MAX_NAME:
        raise DomainError("events.name_too_long", "name", most=MAX_NAME)
    return name


def _open(page: PublicPage) -> None:
    if page.closed:
        raise DomainError("events.replies_closed", status=409)


def _answering_side(page: PublicPage, chosen: Any) -> EventSide:
    """The side an answer is for: the page's only side, or the one picked by its token."""
    if len(page.sides) == 1:
        return page.sides[0]
    side = next((side for side in page.sides if side.token == chosen), None)
    if side is None:
        raise DomainError("events.side_unknown", "side")
    return side


def _people(value: Any) -> int:
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_PEOPLE:
        raise DomainError("events.people_range", "people", most=MAX_PEOPLE)
    return int(text)


def answer(page: PublicPage, data: Mapping[str, Any]) -> Rsvp:
    """Record an RSVP: name, "yes" / "no" / "maybe" and how many people (0–50). On a personal
    page the guest's one answer is updated; elsewhere each answer is a new one."""
    _open(page)
    name = _name(data, page)
    side = _answering_side(page, data.get("side"))
    choice = str(data.get("answer") or "")
    if choice not in RSVP_ANSWERS:
        raise DomainError("events.answer_unknown", "answer")
    people = _people(data.get("people"))
    with transaction():
        rsvp = page.rsvp
        if rsvp is None:
            rsvp = Rsvp(side=side, guest=page.guest, name=name, answer=choice, people=people)
            db.session.add(rsvp)
        else:
            rsvp.name, rsvp.answer, rsvp.people = name, choice, people
    return rsvp


def leave_wish(page: PublicPage, data: Mapping[str, Any]) -> Wish:
    """Keep a wish: name, message (at most 1000 characters) and whether the guest agrees to it
    being shown on the page. A personal page links it to the guest."""
    _open(page)
    name = _name(data, page)
    message = clean_typed(data.get("message"), lines=True)
    if not message:
        raise DomainError("events.wish_required", "message")
    if len(message) > MAX_WISH:
        raise DomainError("events.wish_too_long", "message", got=len(message), most=MAX_WISH)
    side = page.sides[0] if len(page.sides) == 1 else None
    with transaction():
        wish = Wish(
            event=page.event,
            side_id=side.id if side is not None else None,
            guest_id=page.guest.id if page.guest is not None else None,
            name=name,
            message=message,
            public=bool(data.get("public")),
        )
        db.session.add(wish)
    return wish


# ---- the hosts' side ----------------------------------------------------------------------


@dataclass(frozen=True)
class Found[T]:
    """One page of a list and how many rows there are in all."""

    items: list[T]
    total: int


def wishes_of(user: Any, event_id: int, page: int = 1, per_page: int = 100) -> Found[Wish]:
    """Every wish of an event the user hosts (hidden and private ones too), newest first."""
    event = hosted_event(user, event_id)
    where = Wish.event_id == event.id
    total = db.session.scalar(select(func.count()).select_from(Wish).where(where)) or 0
    items = db.session.scalars(
        select(Wish)
        .where(where)
        .order_by(Wish.created_at.desc(), Wish.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Found(list(items), total)


def set_wish_hidden(user: Any, event_id: int, wish_id: int, hidden: bool) -> Wish:
    """Hide a wish from the public pages, or show it again (it shows only if the guest agreed)."""
    event = hosted_event(user, event_id)
    wish = db.session.get(Wish, wish_id)
    if wish is None or wish.event_id != event.id:
        raise not_found("wish")
    with transaction():
        before = {"event_id": event.id, "hidden": wish.hidden}
        wish.hidden = hidden
        # The entry says which wish was hidden, never its words or its writer's name.
        record_change("update", "wish", wish.id, before, {**before, "hidden": hidden}, None)
    return wish


def rsvps_of(user: Any, event_id: int, page: int = 1, per_page: int = 100) -> Found[Rsvp]:
    """Every RSVP of an event the user hosts, by side then newest first."""
    event = hosted_event(user, event_id)
    where = Rsvp.side_id.in_([side.id for side in event.sides])
    total = db.session.scalar(select(func.count()).select_from(Rsvp).where(where)) or 0
    items = db.session.scalars(
        select(Rsvp)
        .where(where)
        .order_by(Rsvp.side_id, Rsvp.updated_at.desc(), Rsvp.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Found(list(items), total)


@dataclass(frozen=True)
class SideCount:
    """A side's answers: people coming (answered yes), maybe, and the answers of each kind."""

    side: EventSide
    coming: int
    maybe: int
    answers: dict[str, int]


def counts_of(user: Any, event_id: int) -> list[SideCount]:
    """Per side of an event the user hosts: people coming, people who may come, answers."""
    event = hosted_event(user, event_id)
    rows = db.session.execute(
        select(Rsvp.side_id, Rsvp.answer, func.count(), func.coalesce(func.sum(Rsvp.people), 0))
        .where(Rsvp.side_id.in_([side.id for side in event.sides]))
        .group_by(Rsvp.side_id, Rsvp.answer)
    ).all()
    counts = []
    for side in event.sides:
        mine = {answer: (int(n), int(people)) for sid, answer, n, people in rows if sid == side.id}
        counts.append(
            SideCount(
                side,
                coming=mine.get("yes", (0, 0))[1],
                maybe=mine.get("maybe", (0, 0))[1],
                answers={answer: mine.get(answer, (0, 0))[0] for answer in RSVP_ANSWERS},
            )
        )
    return counts


# ---- dates and the calendar file ----------------------------------------------------------


def day_lines(moment: datetime) -> tuple[datetime, str]:
    """A ceremony's start in Vietnam's time and its lunar date as cards print it."""
    local = services.local_moment(moment)
    return local, lunar_date_text(local.date())


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _folded(line: str) -> str:
    """A content line folded at 75 octets (continuations start with a space), never inside a
    UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_file(page: PublicPage, url: str) -> str:
    """The page's ceremonies as an iCalendar file (times in UTC, so no VTIMEZONE is needed);
    a ceremony without an end lasts three hours."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Quet//Gift events//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    stamp = _stamp(page.event.updated_at or page.event.created_at)
    for side, ceremony in ceremonies_of(page):
        ends = ceremony.ends_at or ceremony.starts_at + CEREMONY_HOURS
        where = ", ".join(part for part in (ceremony.venue, ceremony.address) if part)
        uid = hashlib.blake2b(f"{side.token}:{ceremony.id}".encode(), digest_size=12).hexdigest()
        summary = f"{ceremony.name} – {page.event.title}"
        description = "\n".join(
            part for part in (side.hosts_names, page.event.message, url) if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@quet",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_stamp(ceremony.starts_at)}",
            f"DTEND:{_stamp(ends)}",
            f"SUMMARY:{_ics_text(summary)}",
            *([f"LOCATION:{_ics_text(where)}"] if where else []),
            f"DESCRIPTION:{_ics_text(description)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) + "\r\n" for line in lines)
