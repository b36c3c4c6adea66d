"""`flask demo load` adds a market of forty vendors with a varied history and a cashless
street, once."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.localities import tree
from app.markets import checks, services
from app.markets.models import Market, ParticipationStep, Vendor


def test_demo_market_and_street_once(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "Chợ An Hội with 41 stalls" in first.output
    counts = (
        db.session.scalar(select(func.count()).select_from(Vendor)),
        db.session.scalar(select(func.count()).select_from(ParticipationStep)),
    )
    assert counts[0] == 47
    market = db.session.scalar(select(Market).where(Market.name == "Chợ An Hội"))
    assert market is not None
    pending = services.count_statuses(services.statuses_as_of(services.today(), market=market))
    assert (pending.vendors, pending.pending) == (40, 1)
    (walk,) = checks.rounds_of(market)
    summary = checks.summary(walk)
    assert (summary.checked, summary.ok, summary.problems) == (8, 7, 1)
    assert len(checks.open_problems(market=market)) == 1
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
