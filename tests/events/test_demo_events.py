"""The demo wedding of `flask demo load`: both sides with accounts and ceremonies on different
days, thirty guests, answers and wishes, a ledger in its units, the host's contacts; loaded
twice without change."""

from __future__ import annotations

from collections import Counter

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.events import contacts
from app.events.demo import DEMO_WEDDING
from app.events.models import (
    Contact,
    GiftEvent,
    GiftGiven,
    Guest,
    LedgerEntry,
    Rsvp,
    Wish,
)
from app.extensions import db
from app.matching import is_valid

COUNTED = (GiftEvent, Guest, Rsvp, Wish, LedgerEntry, Contact, GiftGiven)


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in COUNTED
    }


def test_the_demo_wedding_is_loaded_once(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert f"Events: {DEMO_WEDDING} with 2 sides, 30 guests" in first.output
    counts = _counts()
    assert counts == {
        "GiftEvent": 1,
        "Guest": 30,
        "Rsvp": 5,
        "Wish": 4,
        "LedgerEntry": 11,
        "Contact": 3,
        "GiftGiven": 3,
    }
    event = db.session.scalar(select(GiftEvent))
    assert event is not None and event.archived_at is None
    host = event.hosts[0].user
    assert host.email == "chunha@quet.local"
    groom, bride = event.sides
    assert (groom.name, bride.name) == ("Nhà trai", "Nhà gái")
    assert groom.has_account and bride.has_account
    assert [c.name for c in groom.ceremonies + bride.ceremonies] == ["Lễ Thành Hôn", "Lễ Vu Quy"]
    assert groom.ceremonies[0].starts_at.date() != bride.ceremonies[0].starts_at.date()
    assert all(is_valid(side.code) for side in event.sides)

    guests = list(db.session.scalars(select(Guest)))
    assert Counter(g.side_id for g in guests) == {groom.id: 15, bride.id: 15}
    assert len({g.group_name for g in guests}) == 6 and len({g.invited_by for g in guests}) == 4
    assert len({g.token for g in guests}) == 30 and all(is_valid(g.code) for g in guests)
    wishes = list(db.session.scalars(select(Wish)))
    assert sum(w.public and not w.hidden for w in wishes) == 2
    assert sum(w.hidden for w in wishes) == 1

    entries = list(db.session.scalars(select(LedgerEntry)))
    units = Counter((e.unit, e.currency) for e in entries)
    assert units == {
        ("dong", ""): 8,
        ("gold_chi", ""): 1,
        ("foreign", "USD"): 1,
        ("in_kind", ""): 1,
    }
    assert {e.method for e in entries if e.unit == "dong"} == {"envelope", "transfer"}
    assert sum(e.thanked_at is not None for e in entries) == 4

    tam = db.session.scalar(select(Contact).where(Contact.name == "Anh Trần Minh Tâm"))
    assert tam is not None and tam.owner_id == host.id
    found = contacts.history(host, tam)
    assert len(found.received) == 1 and len(found.given) == 1

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert f"Events: {DEMO_WEDDING} already there." in second.output
    assert _counts() == counts
