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
from app.markets import services
from app.markets.models import CashlessStreet, Market

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
            f"Markets: {self.market.name} with {len(self.market.stalls)} stalls and vendors, "
            f"{self.street.name} with {len(SHOPS)} shops added."
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
