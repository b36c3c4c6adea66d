"""The markets part of `flask demo load`: a market of forty vendors whose participation has a
history (some receive transfers, some stopped, some are not taking part, and why), and a
cashless street with its shops. Everything goes through the services, as an officer would do
it; a second run finds the market and the street by name and adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.localities.models import Locality
from app.markets import checks, registration, services
from app.markets.models import CashlessStreet, Market, Stall

DEMO_MARKET = "Chợ An Hội"
DEMO_STREET = "Phố đi bộ Hùng Vương"
SECTIONS = (("A", "Cá, tôm"), ("B", "Rau, củ"), ("C", "Thịt"), ("D", "Trái cây"), ("E", "Vải"))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")
GIVEN = ("Thị Đào", "Văn Ba", "Thị Hoa", "Thị Lan", "Văn Tư", "Thị Mai", "Minh Tâm", "Thị Cúc")
BANKS = ("970415", "970436", "970418", "970405", "970422")
NOT_TAKING_PART = ("no_smartphone", "elderly", "tax_fears", "prefers_cash", "not_reached")
SHOPS = (
    ("12", "Tiệm vàng Kim Phát", "Vàng bạc"),
    ("18", "Nhà thuốc Bình An", "Thuốc"),
    ("25", "Quán cà phê Dừa", "Ăn uống"),
    ("31", "Tạp hoá Cô Sáu", "Tạp hoá"),
    ("40", "Tiệm bánh Ngọc Hân", "Bánh"),
    ("47", "Shop quần áo Mộc", "Quần áo"),
)


@dataclass(frozen=True)
class Loaded:
    market: Market
    street: CashlessStreet
    created: bool

    def summary(self) -> str:
        if not self.created:
            return f"Markets: {self.market.name} and {self.street.name} already there."
        return (
            f"Markets: {self.market.name} with {len(self.market.stalls)} stalls and vendors "
            "(one a self-registration waiting for approval; a check round found one swapped "
            f"sign), {self.street.name} with {len(SHOPS)} shops added."
        )


def _history(index: int) -> list[tuple[str, str | None, int]]:
    """Steps (status, reason, days ago) of the index-th vendor: a varied, repeatable roster."""
    kind = index % 10
    if kind <= 3:
        return [("enrolled", None, 200), ("qr_displayed", None, 180), ("receiving", None, 150)]
    if kind in (4, 5):
        return [("enrolled", None, 120), ("qr_displayed", None, 90 - index)]
    if kind == 6:
        return [("enrolled", None, 30)]
    if kind == 7:
        return [("not_taking_part", NOT_TAKING_PART[index // 10 % len(NOT_TAKING_PART)], 160)]
    if kind == 8:
        return [
            ("enrolled", None, 210),
            ("qr_displayed", None, 190),
            ("receiving", None, 170),
            ("stopped", "prefers_cash", 60),
        ]
    return []  # not recorded yet


def _account(index: int) -> dict[str, Any]:
    return {
        "bank": BANKS[index % len(BANKS)],
        "number": f"10{index:02d}{(index * 7919) % 10**6:06d}",
    }


def load(commune: Locality, officer: Any, vendors: int = 40) -> Loaded:
    """The demo market and street in `commune`, entered by `officer` (idempotent)."""
    market = db.session.scalar(
        select(Market).where(Market.locality_id == commune.id, Market.name == DEMO_MARKET)
    )
    street = db.session.scalar(
        select(CashlessStreet).where(
            CashlessStreet.locality_id == commune.id, CashlessStreet.name == DEMO_STREET
        )
    )
    if market is not None and street is not None:
        return Loaded(market, street, created=False)
    today = services.today()
    if market is None:
        market = services.create_market(
            officer,
            {
                "name": DEMO_MARKET,
                "locality_id": commune.id,
                "kind": "hang_2",
                "address": "Đường Trần Quốc Tuấn",
                "board_contact_name": "Ban quản lý chợ An Hội",
                "board_contact_phone": "0275 3822 000",
            },
        )
        for index in range(vendors):
            section, goods = SECTIONS[index % len(SECTIONS)]
            stall = services.add_stall(
                officer,
                market,
                {"number": f"{section}{index // len(SECTIONS) + 1}", "section": f"Dãy {section}"}
                | {"goods": goods},
            )
            name = f"{FAMILY[index % len(FAMILY)]} {GIVEN[(index // len(FAMILY)) % len(GIVEN)]}"
            vendor = services.create_vendor(
                officer,
                {
                    "name": name,
                    "market_id": market.id,
                    "stall_ids": [stall.id],
                    "goods": goods,
                    "phone": f"09{index:08d}",
                    "code_in_purpose": index % 3 == 0,
                },
            )
            history = _history(index)
            if any(status in services.WITH_QR for status, _reason, _ago in history):
                services.add_account(officer, vendor, _account(index))
            for status, reason, days_ago in history:
                services.record_step(
                    officer,
                    vendor,
                    {
                        "status": status,
                        "reason": reason,
                        "effective_on": today - timedelta(days=days_ago),
                    },
                )
        _demo_round(officer, market)
        _demo_registration(officer, market)
    if street is None:
        street = services.create_street(
            officer,
            {
                "name": DEMO_STREET,
                "locality_id": commune.id,
                "launched_on": today - timedelta(days=100),
            },
        )
        for index, (number, name, kind) in enumerate(SHOPS):
            shop = services.create_vendor(
                officer,
                {
                    "name": name,
                    "street_id": street.id,
                    "house_number": number,
                    "business_kind": kind,
                },
            )
            services.add_account(officer, shop, _account(100 + index))
            services.record_step(
                officer, shop, {"status": "enrolled", "effective_on": today - timedelta(days=100)}
            )
            if index % 2 == 0:
                services.record_step(
                    officer,
                    shop,
                    {"status": "receiving", "effective_on": today - timedelta(days=80)},
                )
    return Loaded(market, street, created=True)


def _demo_round(officer: Any, market: Market) -> None:
    """A check round of the first signs: all genuine but one, where another vendor's code was
    pasted over (left open, so the market page shows a mismatch to follow up)."""
    stalls = db.session.scalars(
        select(Stall)
        .where(Stall.market_id == market.id, Stall.vendor_id.is_not(None))
        .order_by(Stall.id)
    )
    held = [stall for stall in stalls if stall.vendor and stall.vendor.primary_account]
    if len(held) < 2:
        return
    walk = checks.start_round(officer, market=market)
    for position, stall in enumerate(held[:8]):
        shown = held[position + 1 if position == 3 else position].vendor
        assert shown is not None
        made = services.sign_code_of(shown)
        assert made is not None
        checks.check_sign(officer, walk, {"stall_id": stall.id, "payloads": [made.payload]})
    checks.finish_round(officer, walk)


def _demo_registration(officer: Any, market: Market) -> None:
    """A vendor who registered herself on a new stall, waiting for an officer's approval."""
    services.add_stall(officer, market, {"number": "F1", "section": "Dãy F", "goods": "Hoa"})
    registration.register(
        None,
        {
            "market_id": market.id,
            "stall_number": "F1",
            "name": "Chị Võ Thị Sen",
            "phone": "0988000111",
            "goods": "Hoa tươi",
            "bank": "970436",
            "number": "1019988776",
            "holder_name": "VO THI SEN",
        },
    )
