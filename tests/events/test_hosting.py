"""Who sees an event: its hosts only; a host of one side reads the other sides' ledgers only
when shared, and never writes them; public links are 128-bit tokens."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.errors import DomainError
from app.events import hosting
from app.events.models import EventHost, GiftEvent, Guest, LedgerEntry, Rsvp, Wish
from app.extensions import db
from tests.factories import Places, make_event, make_guest, make_user


def test_only_hosts_reach_an_event_and_strangers_cannot_tell_it_exists(app: Flask) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    admin = make_user("admin@x.vn", "admin")
    event = make_event(host, places.commune_a)

    assert hosting.hosted_event(host, event.id) is event
    for outsider in (admin, None):
        with pytest.raises(DomainError) as refused:
            hosting.hosted_event(outsider, event.id)
        assert (refused.value.code, refused.value.status) == ("events.event_not_found", 404)
    with pytest.raises(DomainError) as missing:
        hosting.hosted_event(host, event.id + 1000)
    assert missing.value.code == "events.event_not_found"
    assert hosting.hosted_events(host) == [event]
    assert hosting.hosted_events(admin) == []


def test_a_side_host_reads_shared_ledgers_and_writes_only_their_own(app: Flask) -> None:
    places = Places()
    owner = make_user("owner@x.vn", "host")
    bride_mother = make_user("me@x.vn", "host")
    event = make_event(owner, places.commune_a)
    groom, bride = event.sides
    event.hosts.append(EventHost(user_id=bride_mother.id, role="cohost", side_id=bride.id))
    db.session.commit()

    assert hosting.ledger_sides(owner, event) == [groom, bride]
    assert hosting.ledger_sides(bride_mother, event) == [bride]
    with pytest.raises(DomainError):
        hosting.readable_ledger(bride_mother, event.id, groom.id)

    groom.ledger_shared = True
    db.session.commit()
    assert hosting.readable_ledger(bride_mother, event.id, groom.id) is groom
    with pytest.raises(DomainError) as read_only:
        hosting.writable_ledger(bride_mother, event.id, groom.id)
    assert (read_only.value.code, read_only.value.status) == ("events.ledger_read_only", 403)
    assert hosting.writable_ledger(bride_mother, event.id, bride.id) is bride
    assert hosting.writable_ledger(owner, event.id, groom.id) is groom


def test_public_links_are_random_128_bit_tokens(app: Flask) -> None:
    places = Places()
    event = make_event(make_user("host@x.vn"), places.commune_a)
    guest = make_guest(event)
    tokens = {event.token, guest.token, *(side.token for side in event.sides)}
    assert len(tokens) == 4
    for token in tokens:
        assert len(token) == 22  # 16 random bytes, URL-safe base64
    assert hosting.event_by_token(event.token) is event
    assert hosting.side_by_token(event.sides[1].token) is event.sides[1]
    assert hosting.guest_by_token(guest.token) is guest
    with pytest.raises(DomainError):
        hosting.guest_by_token(str(guest.id))


def test_deleting_an_event_deletes_its_people_and_ledger(app: Flask) -> None:
    places = Places()
    event = make_event(make_user("host@x.vn"), places.commune_a)
    guest = make_guest(event)
    side = event.sides[0]
    db.session.add(
        Wish(event=event, side_id=side.id, guest_id=guest.id, name="Nam", message="Chúc")
    )
    db.session.add(
        LedgerEntry(event=event, side=side, guest=guest, giver_name="Nam", quantity=500000)
    )
    db.session.add(Rsvp(side=side, guest=guest, name="Nam", answer="yes", people=2))
    db.session.commit()

    db.session.delete(event)
    db.session.commit()
    for model in (GiftEvent, Guest, Wish, LedgerEntry, EventHost, Rsvp):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
