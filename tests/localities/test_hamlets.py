"""Hamlets: adding one, refusals, and lists from CSV/XLSX files (changes: test_hamlet_changes)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from openpyxl import Workbook
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.localities import services, tree
from app.localities.models import Locality
from tests.localities.conftest import cp1258_bytes, hamlet_count, unit


def test_add_hamlet_builds_path_and_audits(an_hoi: Locality) -> None:
    hamlet = services.add_hamlet(an_hoi, "3", "Ấp", "AP03")
    assert (hamlet.name, hamlet.kind, hamlet.code, hamlet.search_name) == (
        "Ấp 3",
        "ap",
        "AP03",
        "3",
    )
    assert hamlet.path == f"{an_hoi.path}{hamlet.id}/" and hamlet.depth == 2
    assert [a.id for a in tree.ancestors(hamlet)] == [an_hoi.parent_id, an_hoi.id]
    assert tree.is_within(hamlet, an_hoi) and not tree.is_within(an_hoi, hamlet)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "locality"))
    assert entry is not None and entry.action == "create" and entry.after["name"] == "Ấp 3"
    assert entry.entity_id == str(hamlet.id)


@pytest.mark.parametrize(
    ("name", "kind", "code", "field", "fragment"),
    [
        ("Ấp Phú Lợi", "ap", None, "name", "đã có"),
        ("ấp phu loi", "Ấp", None, "name", "đã có"),  # case- and diacritics-blind
        ("Ấp Mới", "lang_xa", None, "kind", "không hợp lệ"),
        ("", "ap", None, "name", "Thiếu tên"),
        ("=HYPERLINK(1)", "ap", None, "name", "công thức"),
        ("Ấp Mới", "ap", "P1", "code", "đã dùng"),
        ("Ấp Mới", "ap", "a b", "code", "không hợp lệ"),
    ],
)
def test_add_hamlet_refusals(
    an_hoi: Locality, name: str, kind: str, code: str | None, field: str, fragment: str
) -> None:
    services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap", "P1")
    with pytest.raises(DomainError) as caught:
        services.add_hamlet(an_hoi, name, kind, code)
    assert caught.value.field == field and fragment in caught.value.message
    assert hamlet_count(an_hoi) == 1


def test_hamlet_under_a_province_is_refused(vinh_long: Locality) -> None:
    with pytest.raises(DomainError) as caught:
        services.add_hamlet(vinh_long, "Ấp 1", "ap")
    assert caught.value.field == "parent"
    assert "Tỉnh Vĩnh Long" in caught.value.message
    assert hamlet_count(vinh_long) == 0


def test_hamlet_under_a_legacy_commune_is_refused(legacy_loaded: None) -> None:
    with pytest.raises(DomainError, match="trước 2025"):
        services.add_hamlet(unit("legacy", "commune", "00004"), "Tổ 1", "to")


def test_same_name_in_another_commune_is_fine(an_hoi: Locality) -> None:
    other = unit("vn2025", "commune", "00004")
    services.add_hamlet(an_hoi, "Khu phố 1", "khu_pho")
    services.add_hamlet(other, "Khu phố 1", "khu_pho")
    assert hamlet_count(other) == 1


# ---- files ----------------------------------------------------------------------------------

CSV_TEXT = (
    "tên,loại,mã\nẤp Phú Hữu,Ấp,PH\nThôn Đông,Thôn,\nKhu phố 5,Khu phố,KP5\n"
    "Tổ dân phố 2,Tổ dân phố,\n"
)


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
        cp1258_bytes(CSV_TEXT),
        CSV_TEXT.replace(",", ";").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "cp1258", "semicolons"],
)
def test_csv_encodings(an_hoi: Locality, data: bytes) -> None:
    drafts = services.preview_hamlet_file(an_hoi, "thon.csv", data).rows
    assert [d.errors for d in drafts] == [{}, {}, {}, {}]
    assert hamlet_count(an_hoi) == 0  # a preview writes nothing
    created = services.import_hamlet_file(an_hoi, "thon.csv", data)
    assert [h.name for h in created] == ["Ấp Phú Hữu", "Thôn Đông", "Khu phố 5", "Tổ dân phố 2"]
    assert [h.kind for h in created] == ["ap", "thon", "khu_pho", "to_dan_pho"]
    assert created[0].code == "PH" and created[1].code is None


def test_cp1258_really_uses_combining_marks() -> None:
    raw = cp1258_bytes("Ấp Phú Hữu")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("cp1258") != "Ấp Phú Hữu"  # not NFC until normalised


def test_xlsx_with_english_headers(an_hoi: Locality) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Type", "Code"])
    sheet.append(["Bản Nà Hin", "Bản", 12])
    sheet.append(["Xóm Chùa", "thon", None])
    buffer = io.BytesIO()
    book.save(buffer)
    created = services.import_hamlet_file(an_hoi, "list.xlsx", buffer.getvalue())
    assert [(h.name, h.kind, h.code) for h in created] == [
        ("Bản Nà Hin", "ban", "12"),
        ("Xóm Chùa", "thon", None),
    ]


def test_xlsx_formula_is_a_row_error(an_hoi: Locality) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["tên", "loại"])
    sheet.append(["Ấp 1", "Ấp"])
    sheet.append(['=CONCAT("Ấp ",2)', "Ấp"])
    buffer = io.BytesIO()
    book.save(buffer)
    drafts = services.preview_hamlet_file(an_hoi, "x.xlsx", buffer.getvalue()).rows
    assert drafts[0].ok and "công thức" in drafts[1].errors["name"][0]
    with pytest.raises(services.HamletRowsError):
        services.import_hamlet_file(an_hoi, "x.xlsx", buffer.getvalue())
    assert hamlet_count(an_hoi) == 0


def test_missing_columns(an_hoi: Locality) -> None:
    with pytest.raises(DomainError) as caught:
        services.preview_hamlet_file(an_hoi, "x.csv", "tên,mã\nẤp 1,A1\n".encode())
    assert caught.value.field == "file"
    assert "Thiếu cột: loại (type)" in caught.value.message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [(b"", "rỗng"), ("tên,loại\n".encode(), "không có dòng"), (b"PK\x03\x04junk", "Excel")],
)
def test_unreadable_files(an_hoi: Locality, data: bytes, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment):
        services.preview_hamlet_file(an_hoi, "x.csv", data)


def test_partly_bad_file_writes_nothing(an_hoi: Locality) -> None:
    services.add_hamlet(an_hoi, "Ấp 9", "ap")
    data = (
        "name,type,code\n"
        "Ấp 1,Ấp,\n"
        "Ấp 2,Làng xã,\n"  # unknown type
        "ap 1,ap,\n"  # duplicate of line 2 in the file
        "Ấp 9,Ấp,\n"  # already in the commune
        "+cmd,Ấp,\n"  # formula injection
        "Ấp 3,Ấp,-1\n"  # formula-like code
    ).encode()
    drafts = services.preview_hamlet_file(an_hoi, "x.csv", data).rows
    by_line = {d.line: d.errors for d in drafts}
    assert by_line[2] == {}
    assert "kind" in by_line[3]
    assert "Trùng tên với dòng 2" in by_line[4]["name"][0]
    assert "đã có" in by_line[5]["name"][0]
    assert "công thức" in by_line[6]["name"][0]
    assert "code" in by_line[7]
    with pytest.raises(services.HamletRowsError) as caught:
        services.import_hamlet_file(an_hoi, "x.csv", data)
    assert caught.value.message.startswith("5/6 dòng có lỗi")
    assert set(caught.value.errors) == {"line 3", "line 4", "line 5", "line 6", "line 7"}
    assert hamlet_count(an_hoi) == 1


def test_cli_hamlets_import(runner: FlaskCliRunner, an_hoi: Locality, tmp_path: Path) -> None:
    path = tmp_path / "thon.csv"
    path.write_bytes(CSV_TEXT.encode())
    result = runner.invoke(args=["localities", "hamlets-import", "28777", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run: 4 rows" in result.output and hamlet_count(an_hoi) == 0
    result = runner.invoke(args=["localities", "hamlets-import", "28777", str(path)])
    assert result.exit_code == 0, result.output
    assert hamlet_count(an_hoi) == 4
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "create").limit(1))
    assert entry is not None and entry.actor_label == "cli"
    result = runner.invoke(args=["localities", "hamlets-import", "99999", str(path)])
    assert result.exit_code != 0 and "99999" in result.output


def test_xlsx_with_too_many_rows_is_refused(
    an_hoi: Locality, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.localities import hamlet_files

    monkeypatch.setattr(hamlet_files, "MAX_ROWS", 3)
    book = Workbook()
    sheet = book.active
    sheet.append(["tên", "loại"])
    for number in range(1, 50):
        sheet.append([f"Ấp {number}", "Ấp"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DomainError, match="hơn 3 dòng"):
        services.preview_hamlet_file(an_hoi, "big.xlsx", buffer.getvalue())
    assert hamlet_count(an_hoi) == 0


def test_every_way_in_has_the_same_limits(
    an_hoi: Locality, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files, confirmed rows and direct lists of drafts share one check (`check_limits`)."""
    from app.localities import hamlet_files

    monkeypatch.setattr(hamlet_files, "MAX_ROWS", 3)
    rows = [{"line": n, "name": f"Ấp {n}", "kind": "ấp"} for n in range(2, 7)]
    with pytest.raises(DomainError, match="hơn 3 dòng") as caught:
        services.drafts_from_rows(rows)
    assert caught.value.field == "file"
    drafts = [services.HamletDraft(n, f"Ấp {n}", "ấp", "") for n in range(2, 7)]
    with pytest.raises(DomainError, match="hơn 3 dòng"):
        services.add_hamlets(an_hoi, drafts)
    csv_data = ("tên,loại\n" + "".join(f"Ấp {n},ấp\n" for n in range(5))).encode()
    with pytest.raises(DomainError, match="hơn 3 dòng"):
        services.preview_hamlet_file(an_hoi, "x.csv", csv_data)
    assert [d.name for d in services.drafts_from_rows(rows[:3])] == ["Ấp 2", "Ấp 3", "Ấp 4"]
    odd = services.drafts_from_rows([{"line": 10**30, "name": ["x"], "kind": 7, "code": None}])
    assert (odd[0].line, odd[0].name, odd[0].kind, odd[0].code) == (1, "", "7", "")
    assert hamlet_count(an_hoi) == 0
