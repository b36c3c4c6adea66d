"""Loading the package's data: counts, known units, idempotency, the legacy map."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update

from app.extensions import db
from app.localities import importers, services, tree
from app.localities.models import Locality, LocalityConversion
from tests.localities.conftest import unit


def count(**filters: str) -> int:
    stmt = select(func.count()).select_from(Locality)
    for key, value in filters.items():
        stmt = stmt.where(getattr(Locality, key) == value)
    return db.session.scalar(stmt)


def test_2025_counts_and_known_units(loaded: None) -> None:
    assert count(era="vn2025", level="province") == 34
    assert count(era="vn2025", level="commune") == 3321
    assert count(era="vn2025", level="commune", kind="dac_khu") == 13
    vinh_long = unit("vn2025", "province", "86")
    assert (vinh_long.name, vinh_long.kind, vinh_long.search_name) == (
        "Tỉnh Vĩnh Long",
        "tinh",
        "vinh long",
    )
    assert vinh_long.path == f"/{vinh_long.id}/" and vinh_long.depth == 0
    an_hoi = unit("vn2025", "commune", "28777")
    assert an_hoi.name == "Phường An Hội" and an_hoi.kind == "phuong"
    assert an_hoi.parent_id == vinh_long.id
    assert an_hoi.path == f"/{vinh_long.id}/{an_hoi.id}/" and an_hoi.depth == 1
    phu_quoc = services.search("Đặc khu Phú Quốc", era="vn2025").items[0]
    assert phu_quoc.kind == "dac_khu" and phu_quoc.level == "commune"
    assert tree.ancestors(phu_quoc)[0].name == "Tỉnh An Giang"
    hanoi = unit("vn2025", "province", "01")
    assert hanoi.kind == "thanh_pho"
    assert unit("vn2025", "commune", "4").name == "Phường Ba Đình"  # "4" is padded to "00004"


def test_import_is_idempotent_and_keeps_ids(loaded: None) -> None:
    ids = dict(db.session.execute(select(Locality.code, Locality.id)).tuples().all())
    report = importers.import_current()
    assert (report.total_added, report.total_updated) == (0, 0)
    assert report.summary().startswith("0 added, 0 updated")
    assert dict(db.session.execute(select(Locality.code, Locality.id)).tuples().all()) == ids


def test_reimport_restores_a_changed_name_without_changing_ids(loaded: None) -> None:
    an_hoi = unit("vn2025", "commune", "28777")
    before_id, before_path = an_hoi.id, an_hoi.path
    db.session.execute(
        update(Locality).where(Locality.id == an_hoi.id).values(name="Phường Cũ", search_name="cu")
    )
    db.session.commit()
    report = importers.import_current()
    assert report.updated == {"province": 0, "commune": 1}
    assert report.total_added == 0
    db.session.expire_all()
    again = unit("vn2025", "commune", "28777")
    assert (again.id, again.path, again.name, again.search_name) == (
        before_id,
        before_path,
        "Phường An Hội",
        "an hoi",
    )


def test_legacy_counts_and_map(legacy_loaded: None) -> None:
    assert count(era="legacy", level="province") == 63
    assert count(era="legacy", level="district") == 696
    assert count(era="legacy", level="commune") == 10051
    assert count(era="vn2025", level="commune") == 3321  # the codes overlap; eras keep them apart
    assert db.session.scalar(select(func.count()).select_from(LocalityConversion)) > 10_000
    # Code 4 was Phường Trúc Bạch before 2025 and is Phường Ba Đình now.
    assert unit("legacy", "commune", "00004").name == "Phường Trúc Bạch"
    assert unit("vn2025", "commune", "00004").name == "Phường Ba Đình"
    again = importers.import_legacy()
    assert (again.total_added, again.total_updated) == (0, 0)


def test_ben_tre_is_restated_on_vinh_long(legacy_loaded: None) -> None:
    ben_tre = unit("legacy", "province", "83")
    assert ben_tre.name == "Tỉnh Bến Tre"
    [(province, partly)] = services.restate_on_2025(ben_tre)
    assert (province.name, province.code, partly) == ("Tỉnh Vĩnh Long", "86", False)
    # The old city of Bến Tre (district 829) went into five 2025 wards of Vĩnh Long.
    city = unit("legacy", "district", "829")
    targets = services.restate_on_2025(city)
    names = {target.name for target, _partly in targets}
    assert {"Phường An Hội", "Phường Phú Khương", "Phường Sơn Đông", "Phường Bến Tre"} <= names
    assert all(tree.is_within(t, unit("vn2025", "province", "86")) for t, _ in targets)
    # Every legacy commune of Bến Tre lands inside Vĩnh Long.
    communes = db.session.scalars(
        tree.subtree_select(ben_tre).where(Locality.level == "commune")
    ).all()
    assert len(communes) == 148
    vinh_long = unit("vn2025", "province", "86")
    for commune in communes[:20]:
        assert all(tree.is_within(t, vinh_long) for t, _ in services.restate_on_2025(commune))


def test_partly_merged_commune_has_several_targets(legacy_loaded: None) -> None:
    # Legacy commune 16 was split between new communes 4 and 8 (Hà Nội).
    targets = services.restate_on_2025(unit("legacy", "commune", "00016"))
    assert {t.code for t, _ in targets} == {"00004", "00008"}
    assert all(partly for _, partly in targets)


def test_province_map_disagrees_with_package_only_on_tien_giang() -> None:
    # Nghị quyết 202/2025/QH15: Tiền Giang (82) + Đồng Tháp (87) → Đồng Tháp (82). The package's
    # derived table also lists Tây Ninh (80) because of one mis-tagged commune row.
    assert importers.province_map_disagreements() == {82: ("82", {"80", "82"})}
    assert len(importers.PROVINCE_MAP_2025) == 63
    assert len(set(importers.PROVINCE_MAP_2025.values())) == 34


def test_province_map_targets_are_the_34_provinces(loaded: None) -> None:
    codes = set(db.session.scalars(select(Locality.code).where(Locality.level == "province")))
    assert set(importers.PROVINCE_MAP_2025.values()) == codes


def test_cli_import(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["localities", "import"])
    assert result.exit_code == 0, result.output
    assert "3355 added, 0 updated" in result.output
    result = runner.invoke(args=["localities", "import"])
    assert "vn2025: 0 added, 0 updated" in result.output
    result = runner.invoke(args=["localities", "search", "phuong an hoi", "--era", "vn2025"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split("\t")[4] == "Phường An Hội"


def test_cli_import_legacy(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["localities", "import", "--legacy"])
    assert result.exit_code == 0, result.output
    assert "legacy: 21364 added, 0 updated" in result.output
    assert "conversions: 10554 added, 0 updated, 11 skipped" in result.output
