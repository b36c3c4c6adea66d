"""Who may see and change an event: its hosts only.

An event's guests, ledger and personal links are its hosts' alone: no officer or admin reads
them. A host tied to a side reads that side's ledger and the other sides' only when they are
shared. Someone who is not a host gets the same 404 as for an event that does not exist, so ids
tell nothing. Public pages reach an event, a side or a guest by its random token only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.access import is_signed_in
from app.errors import DomainError
from app.events.models import EventHost, EventSide, GiftEvent, Guest
from app.extensions import db


def not_found(what: str = "event") -> DomainError:
    """The refusal for a row that does not exist or that the caller may not see."""
    return DomainError(f"events.{what}_not_found", status=404)


def host_of(user: Any, event: GiftEvent) -> EventHost | None:
    """`user`'s host row of `event`, if they are one of its hosts."""
    if not is_signed_in(user):
        return None
    return next((host for host in event.hosts if host.user_id == user.id), None)


def is_host(user: Any, event: GiftEvent) -> bool:
    return host_of(user, event) is not None


def hosted_event(user: Any, event_id: int) -> GiftEvent:
    """The event `event_id` if `user` hosts it; else 404 (whether or not it exists)."""
    event = db.session.get(GiftEvent, event_id)
    if event is None or not is_host(user, event):
        raise not_found()
    return event


def hosted_side(user: Any, event_id: int, side_id: int) -> EventSide:
    """A side of an event `user` hosts; 404 otherwise."""
    event = hosted_event(user, event_id)
    side = next((side for side in event.sides if side.id == side_id), None)
    if side is None:
        raise not_found("side")
    return side


def ledger_sides(user: Any, event: GiftEvent) -> list[EventSide]:
    """The sides whose ledger `user` may read: every side for a host of the whole event; their
    own side and the shared ones for a host of one side; none for anyone else."""
    host = host_of(user, event)
    if host is None:
        return []
    if host.side_id is None:
        return list(event.sides)
    return [side for side in event.sides if side.id == host.side_id or side.ledger_shared]


def may_write_ledger(user: Any, side: EventSide) -> bool:
    """Only the side's own hosts (or hosts of the whole event) write its ledger; sharing a
    ledger lets the other side read it, not change it."""
    host = host_of(user, side.event)
    return host is not None and host.side_id in (None, side.id)


def readable_ledger(user: Any, event_id: int, side_id: int) -> EventSide:
    """A side whose ledger `user` may read; 404 otherwise."""
    event = hosted_event(user, event_id)
    side = next((side for side in ledger_sides(user, event) if side.id == side_id), None)
    if side is None:
        raise not_found("side")
    return side


def writable_ledger(user: Any, event_id: int, side_id: int) -> EventSide:
    """A side whose ledger `user` may write; 404 if they may not see it, 403 if only read it."""
    side = readable_ledger(user, event_id, side_id)
    if not may_write_ledger(user, side):
        raise DomainError("events.ledger_read_only", "side", status=403)
    return side


def hosted_events(user: Any) -> list[GiftEvent]:
    """The events `user` hosts, newest first."""
    if not is_signed_in(user):
        return []
    return list(
        db.session.scalars(
            select(GiftEvent)
            .join(EventHost, EventHost.event_id == GiftEvent.id)
            .where(EventHost.user_id == user.id)
            .order_by(GiftEvent.created_at.desc(), GiftEvent.id.desc())
        )
    )


def event_by_token(token: str) -> GiftEvent:
    """The event whose public link carries `token`; 404 otherwise."""
    event = db.session.scalar(select(GiftEvent).where(GiftEvent.token == token))
    if event is None:
        raise not_found()
    return event


def side_by_token(token: str) -> EventSide:
    """The side whose public link carries `token`; 404 otherwise."""
    side = db.session.scalar(select(EventSide).where(EventSide.token == token))
    if side is None:
        raise not_found("side")
    return side


def guest_by_token(token: str) -> Guest:
    """The guest whose personal link carries `token`; 404 otherwise."""
    guest = db.session.scalar(select(Guest).where(Guest.token == token))
    if guest is None:
        raise not_found("guest")
    return guest
