"""Scale data for the dashboard (`flask demo seed --scale commune|province|national`).

Realistic volumes with histories, so that the indicators, the monthly series and the benchmark
(`python -m bench dashboard`) read what a country would hold: national is 34 provinces, 3,321
communes (the real ones when the 2025 import is loaded, else generated), about 30,000 hamlets,
10,000 markets, 1,000,000 vendors with their participation steps, 200,000 gift events with their
sides, teams in every commune and in most hamlets with their members, Chợ 4.0 recognitions,
cashless streets and sign checks.

Rows go in by bulk Core inserts in chunks (executemany; ids read back in order with RETURNING),
never as ORM objects one at a time. The tables are named through the shared metadata: the
reports feature reads the other features only through their indicators and does not import
them; this generator is test data, not a service. A database already seeded is refused.
Random choices come from one seeded generator, so two runs of one scale make the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Table, func, insert, literal, select, update
from sqlalchemy.sql.expression import cast
from sqlalchemy.types import String

from app.extensions import db
from app.localities.models import Locality, vietnamese_sort_key
from app.matching import new_code
from app.vietqr.text import fold

#: The first and last day of the generated history (two years of reporting periods).
HISTORY_START: Final = date(2025, 1, 1)
HISTORY_END: Final = date(2026, 11, 30)
CHUNK: Final = 5_000
#: Names of the generated markets start with this: it marks a seeded database.
MARKET_PREFIX: Final = "Chợ mẫu"


@dataclass(frozen=True)
class Scale:
    """How much one scale generates."""

    provinces: int
    communes: int
    hamlets: int
    markets: int
    vendors: int
    events: int
    streets: int


SCALES: Final = {
    "commune": Scale(1, 1, 9, 3, 300, 60, 1),
    "province": Scale(1, 100, 900, 300, 30_000, 6_000, 30),
    "national": Scale(34, 3_321, 30_000, 10_000, 1_000_000, 200_000, 1_000),
}

VENDOR_NAMES: Final = (
    "Cô Đào bán cá", "Chú Tư bán rau", "Bà Năm tạp hoá", "Anh Hùng thịt heo", "Chị Lan trái cây",
    "Cô Hạnh vải", "Bác Sáu gạo", "Chị Mai bánh", "Anh Phúc điện thoại", "Cô Thu hoa",
)  # fmt: skip
EVENT_KINDS: Final = ("dam_cuoi", "dam_cuoi", "dam_cuoi", "dam_hoi", "tan_gia", "mung_tho")
MEMBER_ROLES: Final = ("to_truong", "to_pho", "to_vien", "to_vien", "to_vien")


@dataclass
class SeedReport:
    """What a seed wrote, table by table, and how long it took."""

    scale: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        counts = ", ".join(f"{count:,} {table}" for table, count in self.rows.items())
        return f"Seeded {self.scale} scale in {self.seconds:.0f} s: {counts}."


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def already_seeded() -> bool:
    """Whether scale data is already there (a market the seed names)."""
    markets = _table("markets")
    found = db.session.execute(
        select(markets.c.id).where(markets.c.name.like(MARKET_PREFIX + " %")).limit(1)
    ).first()
    return found is not None


def _moment(day: date, rng: random.Random) -> datetime:
    """A time during `day` in Vietnam's working hours, as aware UTC."""
    return datetime(day.year, day.month, day.day, 1, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(600)
    )


def _day(rng: random.Random, start: date = HISTORY_START, end: date = HISTORY_END) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


class Seeder:
    """Writes one scale's rows, reporting progress through `advance(rows)`."""

    def __init__(self, scale: Scale, advance: Callable[[int], None], seed: int = 2026) -> None:
        self.scale = scale
        self.advance = advance
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.now = datetime.now(UTC)

    # ---- writing -----------------------------------------------------------------------

    def _insert(self, name: str, rows: Sequence[dict[str, Any]]) -> None:
        table = _table(name)
        for chunk in _chunks(rows):
            db.session.execute(insert(table), chunk)
            self.advance(len(chunk))
        self.counts[name] = self.counts.get(name, 0) + len(rows)

    def _insert_ids(self, name: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert `rows` and return their new ids, in the rows' order."""
        table = _table(name)
        ids: list[int] = []
        for chunk in _chunks(rows):
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += [row[0] for row in db.session.execute(stmt, chunk)]
            self.advance(len(chunk))
        self.counts[name] = self.counts.get(name, 0) + len(rows)
        return ids

    def _stamp(self, row: dict[str, Any], day: date) -> dict[str, Any]:
        moment = _moment(day, self.rng)
        row["created_at"] = moment
        row["updated_at"] = moment
        return row

    # ---- localities --------------------------------------------------------------------

    def communes(self) -> list[tuple[int, str]]:
        """The communes to fill, as (id, path): the 2025 import's when loaded, else generated."""
        loaded = db.session.execute(
            select(Locality.id, Locality.path, Locality.parent_id)
            .where(Locality.era == "vn2025", Locality.level == "commune")
            .order_by(Locality.parent_id, Locality.id)
        ).all()
        if loaded:
            provinces: list[int] = []
            for row in loaded:
                if row.parent_id not in provinces:
                    provinces.append(row.parent_id)
            kept = set(provinces[: self.scale.provinces])
            chosen = [(row.id, row.path) for row in loaded if row.parent_id in kept]
            return chosen[: self.scale.communes]
        return self._generated_communes()

    def _generated_communes(self) -> list[tuple[int, str]]:
        provinces = [
            {
                "era": "vn2025",
                "level": "province",
                "kind": "tinh",
                "code": None,
                "name": f"Tỉnh Mẫu {number}",
                "search_name": fold(f"Mẫu {number}"),
                "parent_id": None,
                "depth": 0,
                "path": "",
            }
            for number in range(1, self.scale.provinces + 1)
        ]
        province_ids = self._insert_ids("localities", provinces)
        self._fill_paths("province")
        rows = []
        for number in range(self.scale.communes):
            name = f"Xã Mẫu {number + 1}"
            rows.append(
                {
                    "era": "vn2025",
                    "level": "commune",
                    "kind": "xa",
                    "code": None,
                    "name": name,
                    "search_name": fold(f"Mẫu {number + 1}"),
                    "parent_id": province_ids[number % len(province_ids)],
                    "depth": 1,
                    "path": "",
                }
            )
        self._insert_ids("localities", rows)
        self._fill_paths("commune")
        return [
            (row.id, row.path)
            for row in db.session.execute(
                select(Locality.id, Locality.path).where(
                    Locality.level == "commune", Locality.name.like("Xã Mẫu %")
                )
            )
        ]

    def _fill_paths(self, level: str) -> None:
        """Paths of the new units of `level` (empty so far): the parent's path and their id."""
        parent = db.aliased(Locality)
        parent_path = select(parent.path).where(parent.id == Locality.parent_id).scalar_subquery()
        own = cast(Locality.id, String) + literal("/")
        db.session.execute(
            update(Locality)
            .where(Locality.level == level, Locality.path == "")
            .values(path=(literal("/") + own) if level == "province" else (parent_path + own))
            .execution_options(synchronize_session=False)
        )

    def hamlets(self, communes: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
        """About `scale.hamlets` hamlets spread over the communes, as (id, path)."""
        rows = []
        for index in range(self.scale.hamlets):
            commune_id, _path = communes[index % len(communes)]
            name = f"Thôn Mẫu {index // len(communes) + 1}"
            rows.append(
                {
                    "era": "vn2025",
                    "level": "hamlet",
                    "kind": "thon",
                    "code": None,
                    "name": name,
                    "search_name": fold(name.removeprefix("Thôn ")),
                    "parent_id": commune_id,
                    "depth": 2,
                    "path": "",
                }
            )
        ids = self._insert_ids("localities", rows)
        self._fill_paths("hamlet")
        return [(row.id, row.path) for row in self._paths(ids)]

    def _paths(self, ids: Sequence[int]) -> list[Any]:
        found: list[Any] = []
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            found += db.session.execute(
                select(Locality.id, Locality.path).where(Locality.id.in_(part))
            ).all()
        return sorted(found)

    # ---- markets, vendors, streets, checks ---------------------------------------------

    def markets(self, places: Sequence[int]) -> list[tuple[int, int]]:
        """Markets in communes and hamlets, as (id, locality id); some recognised Chợ 4.0."""
        rows = []
        for number in range(self.scale.markets):
            name = f"{MARKET_PREFIX} {number + 1}"
            row = {
                "name": name,
                "sort_key": vietnamese_sort_key(name),
                "locality_id": self.rng.choice(places),
                "kind": self.rng.choice(("hang_1", "hang_2", "hang_3", "hang_3", "tam", "dem")),
            }
            rows.append(self._stamp(row, _day(self.rng, HISTORY_START, date(2025, 6, 1))))
        ids = self._insert_ids("markets", rows)
        recognitions: list[dict[str, Any]] = [
            {
                "market_id": market_id,
                "decision_number": f"{number + 1}/QĐ-UBND",
                "decided_on": _day(self.rng, date(2025, 3, 1)),
                "issued_by": "UBND tỉnh",
            }
            for number, market_id in enumerate(ids)
            if self.rng.random() < 0.2
        ]
        self._insert("market_recognitions", [self._stamp(r, r["decided_on"]) for r in recognitions])
        return [(market_id, row["locality_id"]) for market_id, row in zip(ids, rows, strict=True)]

    def streets(self, places: Sequence[int]) -> list[tuple[int, int]]:
        """Cashless streets, most launched, as (id, locality id)."""
        rows = []
        for number in range(self.scale.streets):
            name = f"Tuyến phố mẫu {number + 1}"
            launched = _day(self.rng, date(2025, 3, 1)) if self.rng.random() < 0.8 else None
            row = {
                "name": name,
                "sort_key": vietnamese_sort_key(name),
                "locality_id": self.rng.choice(places),
                "launched_on": launched,
            }
            rows.append(self._stamp(row, launched or HISTORY_START))
        ids = self._insert_ids("cashless_streets", rows)
        return [(street_id, row["locality_id"]) for street_id, row in zip(ids, rows, strict=True)]

    def vendors(
        self, markets: Sequence[tuple[int, int]], streets: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int | None]]:
        """Vendors (nine in ten on markets, the rest on streets) with their participation
        steps, in batches; returns (vendor id, market id) of some market vendors."""
        sort_keys = {name: vietnamese_sort_key(name) for name in VENDOR_NAMES}
        codes: set[str] = set(db.session.scalars(select(_table("vendors").c.sign_code)))
        sample: list[tuple[int, int | None]] = []
        batch = 20_000
        for start in range(0, self.scale.vendors, batch):
            rows: list[dict[str, Any]] = []
            histories: list[list[tuple[str, date]]] = []
            for _ in range(min(batch, self.scale.vendors - start)):
                on_street = bool(streets) and self.rng.random() < 0.1
                place_id, locality_id = self.rng.choice(streets if on_street else markets)
                code = new_code("QT")
                while code in codes:
                    code = new_code("QT")
                codes.add(code)
                name = self.rng.choice(VENDOR_NAMES)
                history = self._history()
                row = {
                    "name": name,
                    "sort_key": sort_keys[name],
                    "locality_id": locality_id,
                    "market_id": None if on_street else place_id,
                    "street_id": place_id if on_street else None,
                    "sign_code": code,
                    "registration": "pending" if self.rng.random() < 0.01 else "approved",
                }
                rows.append(self._stamp(row, history[0][1]))
                histories.append(history)
            ids = self._insert_ids("vendors", rows)
            steps = [
                self._stamp(
                    {
                        "vendor_id": vendor_id,
                        "status": status,
                        "reason": "other" if status in ("stopped", "not_taking_part") else None,
                        "note": "",
                        "effective_on": on,
                        "recorded_by_label": "seed",
                    },
                    on,
                )
                for vendor_id, history in zip(ids, histories, strict=True)
                for status, on in history
            ]
            self._insert("participation_steps", steps)
            sample += [
                (vendor_id, row["market_id"])
                for vendor_id, row in zip(ids[:200], rows[:200], strict=True)
                if row["market_id"] is not None
            ]
        return sample

    def _history(self) -> list[tuple[str, date]]:
        """One vendor's steps: enrolled, then often a QR displayed, often receiving later,
        sometimes stopped; or not taking part at all."""
        first = _day(self.rng)
        if self.rng.random() < 0.15:
            return [("not_taking_part", first)]
        steps = [("enrolled", first)]
        day = first
        for status, chance in (("qr_displayed", 0.75), ("receiving", 0.6), ("stopped", 0.08)):
            if self.rng.random() >= chance:
                break
            day = day + timedelta(days=self.rng.randrange(5, 120))
            if day > HISTORY_END:
                break
            steps.append((status, day))
        return steps

    def sign_checks(self, sample: Sequence[tuple[int, int | None]]) -> None:
        """A check round in some markets, a few signs each, a few of them swapped."""
        rounds: dict[int, list[int]] = {}
        for vendor_id, market_id in sample:
            if market_id is not None:
                rounds.setdefault(market_id, []).append(vendor_id)
        market_ids = list(rounds)
        started = [_day(self.rng, date(2025, 6, 1)) for _ in market_ids]
        ids = self._insert_ids(
            "check_rounds",
            [
                self._stamp(
                    {
                        "market_id": market_id,
                        "started_by_label": "seed",
                        "started_at": _moment(day, self.rng),
                    },
                    day,
                )
                for market_id, day in zip(market_ids, started, strict=True)
            ],
        )
        checks = [
            self._stamp(
                {
                    "round_id": round_id,
                    "vendor_id": vendor_id,
                    "result": self.rng.choice(("ok",) * 12 + ("mismatch", "unchecked")),
                    "payloads": [],
                    "checked_by_label": "seed",
                },
                day,
            )
            for round_id, market_id, day in zip(ids, market_ids, started, strict=True)
            for vendor_id in rounds[market_id]
        ]
        self._insert("sign_checks", checks)

    # ---- gift events -------------------------------------------------------------------

    def events(self, places: Sequence[int]) -> None:
        """Gift events with one or two sides; most show their QR."""
        codes: set[str] = set(db.session.scalars(select(_table("event_sides").c.code)))
        batch = 20_000
        for start in range(0, self.scale.events, batch):
            rows = []
            for _ in range(min(batch, self.scale.events - start)):
                kind = self.rng.choice(EVENT_KINDS)
                row = {
                    "kind": kind,
                    "title": "Lễ cưới" if kind == "dam_cuoi" else "Sự kiện gia đình",
                    "locality_id": self.rng.choice(places),
                    "message": "",
                }
                rows.append(self._stamp(row, _day(self.rng)))
            ids = self._insert_ids("gift_events", rows)
            sides = []
            for event_id, row in zip(ids, rows, strict=True):
                names = ("Nhà trai", "Nhà gái") if row["kind"] == "dam_cuoi" else ("Gia chủ",)
                with_account = self.rng.random() < 0.85
                for position, name in enumerate(names):
                    code = new_code("QH")
                    while code in codes:
                        code = new_code("QH")
                    codes.add(code)
                    sides.append(
                        {
                            "event_id": event_id,
                            "name": name,
                            "position": position,
                            "bank_bin": "970436" if with_account else "",
                            "account_number": f"0011{event_id:09d}" if with_account else "",
                            "account_name": "NGUYEN VAN A" if with_account else "",
                            "show_qr": self.rng.random() < 0.9,
                            "code": code,
                            "created_at": row["created_at"],
                            "updated_at": row["created_at"],
                        }
                    )
            self._insert("event_sides", sides)

    # ---- teams -------------------------------------------------------------------------

    def teams(self, communes: Sequence[int], hamlets: Sequence[int]) -> None:
        """A team in every commune and in about seven hamlets in ten, with their members."""
        places = list(communes) + [h for h in hamlets if self.rng.random() < 0.7]
        rows: list[dict[str, Any]] = []
        for number, locality_id in enumerate(places):
            name = f"Tổ công nghệ số cộng đồng {number + 1}"
            founded = _day(self.rng, HISTORY_START, date(2026, 6, 1))
            row: dict[str, Any] = {
                "locality_id": locality_id,
                "name": name,
                "sort_key": vietnamese_sort_key(name),
                "founded_on": founded,
            }
            rows.append(self._stamp(row, founded))
        ids = self._insert_ids("teams", rows)
        members = []
        for team_id, row in zip(ids, rows, strict=True):
            for position in range(self.rng.randrange(3, 7)):
                name = f"Thành viên {position + 1}"
                members.append(
                    self._stamp(
                        {
                            "team_id": team_id,
                            "name": name,
                            "sort_key": vietnamese_sort_key(name),
                            "role": MEMBER_ROLES[min(position, len(MEMBER_ROLES) - 1)],
                            "joined_on": row["founded_on"],
                        },
                        row["founded_on"],
                    )
                )
        self._insert("team_members", members)


def planned_rows(scale: Scale) -> int:
    """About how many rows a scale writes (the progress bar's length)."""
    teams = scale.communes + scale.hamlets * 7 // 10
    return (
        scale.provinces
        + scale.communes
        + scale.hamlets
        + scale.markets * 6 // 5
        + scale.streets
        + scale.vendors * 3
        + scale.events * 5 // 2
        + teams * 11 // 2
        + 400
    )


def seed(name: str, advance: Callable[[int], None]) -> SeedReport:
    """Write the scale `name` ("commune", "province" or "national") in one transaction."""
    started = datetime.now(UTC)
    seeder = Seeder(SCALES[name], advance)
    communes = seeder.communes()
    hamlets = seeder.hamlets(communes)
    commune_ids = [locality_id for locality_id, _path in communes]
    hamlet_ids = [locality_id for locality_id, _path in hamlets]
    places = commune_ids + hamlet_ids
    markets = seeder.markets(places)
    streets = seeder.streets(commune_ids)
    sample = seeder.vendors(markets, streets)
    seeder.sign_checks(sample)
    seeder.events(places)
    seeder.teams(commune_ids, hamlet_ids)
    db.session.commit()
    report = SeedReport(name, seeder.counts)
    report.seconds = (datetime.now(UTC) - started).total_seconds()
    return report


def seeded_counts() -> dict[str, int]:
    """How many rows the seeded tables hold (for a summary and the benchmark)."""
    names = ("localities", "markets", "vendors", "participation_steps", "gift_events", "teams")
    return {
        name: int(db.session.scalar(select(func.count()).select_from(_table(name))) or 0)
        for name in names
    }
