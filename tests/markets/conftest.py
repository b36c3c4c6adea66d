"""Fixtures of the markets tests: places, an officer of commune A and one of B, a market with
stalls in A, and builders for vendors with accounts and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask

from app.accounts.models import User
from app.audit_log import acting_as
from app.markets import services
from app.markets.models import Market, Stall, Vendor
from tests.factories import Places, make_user

BANK = "970415"  # VietinBank
ACCOUNT = "113366668888"


@dataclass
class World:
    places: Places
    officer_a: User
    officer_b: User
    viewer_a: User
    admin: User
    vendor_user: User
    market: Market
    stalls: list[Stall]


@pytest.fixture
def world(app: Flask, places: Places) -> World:
    officer_a = make_user("officer-a@x.vn", ("officer", places.commune_a))
    officer_b = make_user("officer-b@x.vn", ("officer", places.commune_b))
    viewer_a = make_user("viewer-a@x.vn", ("viewer", places.commune_a))
    admin = make_user("admin@x.vn", "admin")
    vendor_user = make_user("co-dao@x.vn", "vendor")
    market = services.create_market(
        officer_a,
        {"name": "Chợ An Bình", "locality_id": places.commune_a.id, "kind": "hang_2"},
    )
    stalls = [
        services.add_stall(officer_a, market, {"number": str(n), "section": "Dãy A"})
        for n in (1, 2, 3)
    ]
    return World(places, officer_a, officer_b, viewer_a, admin, vendor_user, market, stalls)


def add_vendor(world: World, name: str, **extra: Any) -> Vendor:
    data: dict[str, Any] = {"name": name, "market_id": world.market.id, **extra}
    return services.create_vendor(world.officer_a, data)


def add_step(
    world: World, vendor: Vendor, status: str, on: date, reason: str | None = None
) -> None:
    with acting_as("tests"):
        services.record_step(
            world.officer_a, vendor, {"status": status, "reason": reason, "effective_on": on}
        )
