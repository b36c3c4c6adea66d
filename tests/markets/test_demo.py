"""`flask demo load` adds a market of forty vendors with a varied history and a cashless
street, once."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.localities import tree
from app.markets import services
from app.markets.models import ParticipationStep, Vendor


def test_demo_market_and_street_once(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "Chợ An Hội with 40 stalls" in first.output
    counts = (
        db.session.scalar(select(func.count()).select_from(Vendor)),
        db.session.scalar(select(func.count()).select_from(ParticipationStep)),
    )
    assert counts[0] == 46
    commune = tree.get_by_code("vn2025", "commune", "28777")
    assert commune is not None
    statuses = {s.status for s in services.statuses_as_of(services.today(), locality=commune)}
    assert statuses == {None, "enrolled", "qr_displayed", "receiving", "stopped", "not_taking_part"}
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "already there" in second.output
    assert counts == (
        db.session.scalar(select(func.count()).select_from(Vendor)),
        db.session.scalar(select(func.count()).select_from(ParticipationStep)),
    )
