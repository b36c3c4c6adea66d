"""Loading the official units from the `vietnam-provinces` package, idempotently.

Rows are upserted by (era, level, code): a unit that exists keeps its id (so references to it
survive) and gets the package's current name and type; a new one is bulk-inserted, and its
materialised path is filled in one UPDATE per level once the ids are known. Units that vanish
from the package are kept (data may point at them) and reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import String, cast, insert, literal, select, update

from app.audit_log import record_change
from app.database import utcnow
from app.extensions import db
from app.localities.models import Locality, LocalityConversion
from app.localities.names import search_key, sort_key
from app.localities.tree import pad_code, rewrite_subtree_paths
from app.transaction import transaction

#: The 63 → 34 province merger, hand-checked against Nghị quyết 202/2025/QH15 of the National
#: Assembly (12 June 2025, "về việc sắp xếp đơn vị hành chính cấp tỉnh", effective 1 July 2025),
#: Article 1. Legacy province code → 2025 province code. The merger moved whole provinces, so each
#: legacy province has exactly one 2025 province. The package's derived province table disagrees
#: only on Tiền Giang (82), which it also maps to Tây Ninh (80) because one commune row is
#: mis-tagged (tested in tests/localities/test_import.py).
PROVINCE_MAP_2025: Final[dict[int, str]] = {
    1: "01",  # Hà Nội (unchanged)
    2: "08",  # Hà Giang → Tuyên Quang
    4: "04",  # Cao Bằng (unchanged)
    6: "19",  # Bắc Kạn → Thái Nguyên
    8: "08",  # Tuyên Quang
    10: "15",  # Lào Cai → Lào Cai (code 15, formerly Yên Bái's)
    11: "11",  # Điện Biên (unchanged)
    12: "12",  # Lai Châu (unchanged)
    14: "14",  # Sơn La (unchanged)
    15: "15",  # Yên Bái → Lào Cai
    17: "25",  # Hòa Bình → Phú Thọ
    19: "19",  # Thái Nguyên
    20: "20",  # Lạng Sơn (unchanged)
    22: "22",  # Quảng Ninh (unchanged)
    24: "24",  # Bắc Giang → Bắc Ninh (code 24)
    25: "25",  # Phú Thọ
    26: "25",  # Vĩnh Phúc → Phú Thọ
    27: "24",  # Bắc Ninh → Bắc Ninh (code 24)
    30: "31",  # Hải Dương → Hải Phòng
    31: "31",  # Hải Phòng
    33: "33",  # Hưng Yên
    34: "33",  # Thái Bình → Hưng Yên
    35: "37",  # Hà Nam → Ninh Bình
    36: "37",  # Nam Định → Ninh Bình
    37: "37",  # Ninh Bình
    38: "38",  # Thanh Hóa (unchanged)
    40: "40",  # Nghệ An (unchanged)
    42: "42",  # Hà Tĩnh (unchanged)
    44: "44",  # Quảng Bình → Quảng Trị (code 44)
    45: "44",  # Quảng Trị → Quảng Trị (code 44)
    46: "46",  # Huế (unchanged)
    48: "48",  # Đà Nẵng
    49: "48",  # Quảng Nam → Đà Nẵng
    51: "51",  # Quảng Ngãi
    52: "52",  # Bình Định → Gia Lai (code 52)
    54: "66",  # Phú Yên → Đắk Lắk
    56: "56",  # Khánh Hòa
    58: "56",  # Ninh Thuận → Khánh Hòa
    60: "68",  # Bình Thuận → Lâm Đồng
    62: "51",  # Kon Tum → Quảng Ngãi
    64: "52",  # Gia Lai → Gia Lai (code 52)
    66: "66",  # Đắk Lắk
    67: "68",  # Đắk Nông → Lâm Đồng
    68: "68",  # Lâm Đồng
    70: "75",  # Bình Phước → Đồng Nai
    72: "80",  # Tây Ninh → Tây Ninh (code 80, formerly Long An's)
    74: "79",  # Bình Dương → TP Hồ Chí Minh
    75: "75",  # Đồng Nai
    77: "79",  # Bà Rịa - Vũng Tàu → TP Hồ Chí Minh
    79: "79",  # TP Hồ Chí Minh
    80: "80",  # Long An → Tây Ninh
    82: "82",  # Tiền Giang → Đồng Tháp (code 82)
    83: "86",  # Bến Tre → Vĩnh Long
    84: "86",  # Trà Vinh → Vĩnh Long
    86: "86",  # Vĩnh Long
    87: "82",  # Đồng Tháp → Đồng Tháp (code 82)
    89: "91",  # An Giang → An Giang (code 91, formerly Kiên Giang's)
    91: "91",  # Kiên Giang → An Giang
    92: "92",  # Cần Thơ
    93: "92",  # Hậu Giang → Cần Thơ
    94: "92",  # Sóc Trăng → Cần Thơ
    95: "96",  # Bạc Liêu → Cà Mau
    96: "96",  # Cà Mau
}

_KIND_BY_TYPE: Final[dict[tuple[str, str], str]] = {
    ("province", "tỉnh"): "tinh",
    ("province", "thành phố trung ương"): "thanh_pho",
    ("district", "huyện"): "huyen",
    ("district", "quận"): "quan",
    ("district", "thị xã"): "thi_xa",
    ("district", "thành phố"): "thanh_pho_thuoc_tinh",
    ("commune", "xã"): "xa",
    ("commune", "phường"): "phuong",
    ("commune", "đặc khu"): "dac_khu",
    ("commune", "thị trấn"): "thi_tran",
}


def _kind(level: str, division_type: Any) -> str:
    return _KIND_BY_TYPE[(level, str(division_type.value))]


@dataclass
class ImportReport:
    """What an import did, per level."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    conversions_added: int = 0
    conversions_updated: int = 0
    conversions_skipped: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values()) + self.conversions_added

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values()) + self.conversions_updated

    def summary(self) -> str:
        parts = [f"{self.total_added} added, {self.total_updated} updated"]
        for level in self.added:
            parts.append(
                f"{level}: {self.added[level]} added, {self.updated.get(level, 0)} updated"
                + (
                    f", {self.missing[level]} no longer in the package"
                    if self.missing.get(level)
                    else ""
                )
            )
        if self.conversions_added or self.conversions_updated or self.conversions_skipped:
            parts.append(
                f"conversions: {self.conversions_added} added, {self.conversions_updated} updated"
                + (f", {self.conversions_skipped} skipped" if self.conversions_skipped else "")
            )
        return "; ".join(parts)


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent_code: str | None


def _upsert_level(
    report: ImportReport,
    era: str,
    level: str,
    depth: int,
    rows: Iterable[UnitRow],
    parent_level: str | None,
) -> None:
    """Insert new units of one level and update changed ones; then fill the new paths."""
    existing = {
        row.code: row
        for row in db.session.execute(
            select(
                Locality.id,
                Locality.code,
                Locality.name,
                Locality.kind,
                Locality.parent_id,
                Locality.search_name,
                Locality.sort_key,
            ).where(Locality.era == era, Locality.level == level)
        )
    }
    parent_ids: dict[str | None, int | None] = {None: None}
    if parent_level:
        rows_ = db.session.execute(
            select(Locality.code, Locality.id).where(
                Locality.era == era, Locality.level == parent_level
            )
        )
        parent_ids.update({code: locality_id for code, locality_id in rows_})
    now = utcnow()
    to_insert: list[dict[str, Any]] = []
    to_update: list[dict[str, Any]] = []
    moved = False
    seen: set[str] = set()
    for unit in rows:
        seen.add(unit.code)
        values = {
            "name": unit.name,
            "kind": unit.kind,
            "search_name": search_key(unit.name, unit.kind),
            "sort_key": sort_key(unit.name, unit.kind),
            "parent_id": parent_ids[unit.parent_code],
        }
        current = existing.get(unit.code)
        if current is None:
            to_insert.append(
                {
                    "era": era,
                    "level": level,
                    "code": unit.code,
                    "path": "",
                    "depth": depth,
                    "created_at": now,
                    "updated_at": now,
                    **values,
                }
            )
        elif any(getattr(current, key) != value for key, value in values.items()):
            moved = moved or current.parent_id != values["parent_id"]
            to_update.append({"id": current.id, "updated_at": now, **values})
    if to_insert:
        db.session.execute(insert(Locality), to_insert)
    if to_update:
        db.session.execute(update(Locality), to_update)
    # New units (path "") get theirs; a unit moved by the catalogue gets a new one, and so does
    # everything below it.
    if moved:
        for row in to_update:
            unit_row = existing[next(c for c, r in existing.items() if r.id == row["id"])]
            if unit_row.parent_id != row["parent_id"]:
                _repath(row["id"])
    _fill_paths(era, level)
    report.added[level] = len(to_insert)
    report.updated[level] = len(to_update)
    report.missing[level] = len(set(existing) - seen)


def _fill_paths(era: str, level: str) -> None:
    parent = db.aliased(Locality)
    parent_path = select(parent.path).where(parent.id == Locality.parent_id).scalar_subquery()
    own = cast(Locality.id, String) + literal("/")
    db.session.execute(
        update(Locality)
        .where(Locality.era == era, Locality.level == level, Locality.path == "")
        .values(path=(literal("/") + own) if level == "province" else (parent_path + own))
        .execution_options(synchronize_session=False)
    )


def _repath(locality_id: int) -> None:
    node = db.session.execute(
        select(Locality.path, Locality.depth, Locality.parent_id).where(Locality.id == locality_id)
    ).one()
    parent = db.session.execute(
        select(Locality.path, Locality.depth).where(Locality.id == node.parent_id)
    ).one_or_none()
    new_path = f"{parent.path if parent else '/'}{locality_id}/"
    new_depth = parent.depth + 1 if parent else 0
    rewrite_subtree_paths(node.path, new_path, new_depth - node.depth)


def _unit_rows(units: Iterable[Any], level: str, parent_level: str | None = None) -> list[UnitRow]:
    """The package's units of one level; each names its parent by `<parent_level>_code`."""
    return [
        UnitRow(
            pad_code(level, int(unit.code)),
            unit.name,
            _kind(level, unit.division_type),
            pad_code(parent_level, int(getattr(unit, f"{parent_level}_code")))
            if parent_level
            else None,
        )
        for unit in units
    ]


def _current_units() -> tuple[list[UnitRow], list[UnitRow]]:
    from vietnam_provinces import Province, Ward

    return (
        _unit_rows(Province.iter_all(), "province"),
        _unit_rows(Ward.iter_all(), "commune", "province"),
    )


def _legacy_units() -> tuple[list[UnitRow], list[UnitRow], list[UnitRow]]:
    from vietnam_provinces import legacy

    return (
        _unit_rows(legacy.Province.iter_all(), "province"),
        _unit_rows(legacy.District.iter_all(), "district", "province"),
        _unit_rows(legacy.Ward.iter_all(), "commune", "district"),
    )


def _record_import(report: ImportReport, era: str) -> None:
    if report.total_added or report.total_updated:
        record_change(
            "import",
            "localities",
            era,
            None,
            {
                "added": report.added,
                "updated": report.updated,
                "conversions_added": report.conversions_added,
                "conversions_updated": report.conversions_updated,
            },
            None,
        )


def import_current() -> ImportReport:
    """Load or refresh the 2025 provinces and communes (34 + 3,321) in one transaction."""
    report = ImportReport()
    provinces, communes = _current_units()
    with transaction():
        _upsert_level(report, "vn2025", "province", 0, provinces, None)
        _upsert_level(report, "vn2025", "commune", 1, communes, "province")
        _record_import(report, "vn2025")
    return report


def import_legacy() -> ImportReport:
    """Load or refresh the pre-2025 units (63 / 696 / 10,051) and the old → new commune map.

    The 2025 units must be loaded first (the map points at them).
    """
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

    report = ImportReport()
    provinces, districts, communes = _legacy_units()
    with transaction():
        _upsert_level(report, "legacy", "province", 0, provinces, None)
        _upsert_level(report, "legacy", "district", 1, districts, "province")
        _upsert_level(report, "legacy", "commune", 2, communes, "district")

        def ids(era: str) -> dict[str, int]:
            rows_ = db.session.execute(
                select(Locality.code, Locality.id).where(
                    Locality.era == era, Locality.level == "commune"
                )
            )
            return {code: locality_id for code, locality_id in rows_}

        old_ids, new_ids = ids("legacy"), ids("vn2025")
        wanted: dict[tuple[int, int], bool] = {}
        for old_code, entry in OLD_TO_NEW.items():
            legacy_id = old_ids.get(pad_code("commune", old_code))
            for new in entry.new_wards:
                target_id = new_ids.get(pad_code("commune", new.code))
                if legacy_id is None or target_id is None:
                    report.conversions_skipped += 1
                    continue
                wanted[(legacy_id, target_id)] = bool(entry.old_ward.is_partly_merged)
        have = {
            (row.legacy_id, row.target_id): (row.id, row.partly_merged)
            for row in db.session.execute(
                select(
                    LocalityConversion.id,
                    LocalityConversion.legacy_id,
                    LocalityConversion.target_id,
                    LocalityConversion.partly_merged,
                )
            )
        }
        new_rows = [
            {"legacy_id": lid, "target_id": tid, "partly_merged": partly}
            for (lid, tid), partly in wanted.items()
            if (lid, tid) not in have
        ]
        changed = [
            {"id": have[pair][0], "partly_merged": partly}
            for pair, partly in wanted.items()
            if pair in have and have[pair][1] != partly
        ]
        if new_rows:
            db.session.execute(insert(LocalityConversion), new_rows)
        if changed:
            db.session.execute(update(LocalityConversion), changed)
        report.conversions_added = len(new_rows)
        report.conversions_updated = len(changed)
        _record_import(report, "legacy")
    return report


def package_province_map() -> dict[int, set[int]]:
    """The package's own (derived) legacy → 2025 province table, for checking ours against."""
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW

    return {old: {new.code for new in entry.new_provinces} for old, entry in OLD_TO_NEW.items()}


def province_map_disagreements() -> dict[int, tuple[str, set[str]]]:
    """Legacy province code → (our 2025 code, the package's codes) wherever the two differ."""
    ours = PROVINCE_MAP_2025
    theirs = package_province_map()
    result: dict[int, tuple[str, set[str]]] = {}
    for code in sorted(set(ours) | set(theirs)):
        package_codes = {pad_code("province", c) for c in theirs.get(code, set())}
        if package_codes != {ours.get(code, "")}:
            result[code] = (ours.get(code, ""), package_codes)
    return result
