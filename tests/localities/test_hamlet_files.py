"""Hostile hamlet files: each is small on disk and refused before it is unpacked or read whole.

The files are built here with zipfile: a declared dimension of A1:XFD250000, a shared-strings
bomb, one huge cell, too many cells, a DTD. Each is refused with the message naming the `file`
field; a well-formed workbook with stray far-away cells is still read.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from app.errors import DomainError
from app.localities import hamlet_files, services
from app.localities.hamlet_files import HamletFileError, read_csv, read_hamlet_file
from app.localities.models import Locality
from tests.localities.conftest import hamlet_count

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(
    rows: str,
    *,
    dimension: str | None = None,
    shared: str | bytes = "",
    sheet_prefix: str = "",
    sheet_name: str = "xl/worksheets/sheet1.xml",
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A minimal workbook: the first sheet holds `rows` (XML), shared strings as given."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = f"{sheet_prefix}<worksheet {NS}>{dim}<sheetData>{rows}</sheetData></worksheet>"
    if isinstance(shared, str):
        shared = f"<sst {NS}>{shared}</sst>".encode()
    target = sheet_name.removeprefix("xl/")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{RELS_NS}"><sheets>'
            '<sheet name="Thôn" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS_NS}/worksheet" Target="{target}"/>'
            f'<Relationship Id="rId2" Type="{RELS_NS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr(sheet_name, sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = f'<row r="1">{inline("A1", "tên")}{inline("B1", "loại")}</row>'


def refusal(data: bytes) -> str:
    with pytest.raises(HamletFileError) as caught:
        read_hamlet_file("thon.xlsx", data)
    assert caught.value.field == "file"
    return caught.value.message


def test_minimal_workbook_is_read() -> None:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        f'<row r="3">{inline("A3", "Ấp 1")}{inline("B3", "ấp")}<c r="C3"><v>12.0</v></c></row>'
        f'<row r="4">{inline("A4", "Ấp 2")}<c r="B4" t="s"><v>1</v></c>'
        f'<c r="C4"><f>A1&amp;1</f><v>x</v></c></row>'
    )
    shared = "<si><t>Tên</t></si><si><r><t>Lo</t></r><r><t>ại</t></r></si><si><t>Mã</t></si>"
    found = read_hamlet_file("thon.xlsx", xlsx(rows, shared=shared, dimension="A1:C4"))
    assert [(r.line, r.name, r.kind, r.code) for r in found] == [
        (3, "Ấp 1", "ấp", "12"),
        (4, "Ấp 2", "Loại", "=A1&1"),
    ]


def test_declared_dimension_bomb_is_refused() -> None:
    data = xlsx(
        HEADER + f'<row r="2">{inline("A2", "Ấp 1")}{inline("B2", "ấp")}</row>',
        dimension="A1:XFD250000",
    )
    assert len(data) < 2000
    message = refusal(data)
    assert "A1:XFD250000" in message and "250000 dòng" in message


def test_far_away_cell_is_neither_padded_nor_read() -> None:
    """A cell in column XFD of row 1,000,000 costs nothing: rows are not padded to it."""
    rows = (
        HEADER + f'<row r="2">{inline("A2", "Ấp 1")}{inline("B2", "ấp")}{inline("XFD2", "x")}</row>'
    )
    found = read_hamlet_file("thon.xlsx", xlsx(rows, dimension="A1:C2"))
    assert [(r.name, r.kind) for r in found] == [("Ấp 1", "ấp")]
    far = HEADER + f'<row r="1000000">{inline("A1000000", "Ấp 1")}</row>'
    assert "hơn 5000 dòng" in refusal(xlsx(far))


def test_shared_strings_bomb_is_refused_before_unpacking() -> None:
    bomb = f"<sst {NS}>".encode() + b"<si><t>aaaaaaaaaaaaaaaa</t></si>" * 150_000 + b"</sst>"
    data = xlsx(HEADER, shared=bomb)
    assert len(data) < 100_000
    message = refusal(data)
    assert "xl/sharedStrings.xml" in message and "bom nén" in message


def test_many_small_shared_strings_are_refused() -> None:
    strings = "<si><t>a</t></si>" * (hamlet_files.MAX_SHARED_STRINGS + 1)
    data = xlsx(HEADER, shared=strings, compression=zipfile.ZIP_STORED)
    assert "chuỗi văn bản" in refusal(data)


def test_huge_cell_is_refused() -> None:
    huge = xlsx(HEADER + f'<row r="2">{inline("A2", "A" * 12_000_000)}</row>')
    assert len(huge) < 100_000
    assert "giải nén" in refusal(huge)
    long_cell = xlsx(HEADER + f'<row r="2">{inline("A2", "A" * 5000)}</row>')
    assert "Dòng 2 có một ô dài hơn 1000 ký tự" in refusal(long_cell)
    long_shared = xlsx(HEADER, shared=f"<si><t>{'A' * 5000}</t></si>")
    assert "dài hơn 1000 ký tự" in refusal(long_shared)


def test_total_unpacked_size_is_capped() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(3):
            archive.writestr(f"xl/media/image{number}.bin", b"\0" * 7_000_000)
    assert "giải nén ra 21000000 byte" in refusal(buffer.getvalue())


def test_too_many_cells_are_refused() -> None:
    cells = "".join(f'<c r="A{n}"/>' for n in range(2, hamlet_files.MAX_CELLS + 10))
    assert f"hơn {hamlet_files.MAX_CELLS} ô" in refusal(xlsx(HEADER + f"<row>{cells}</row>"))


def test_too_many_xml_elements_are_refused() -> None:
    junk = "<x/>" * (hamlet_files.MAX_XML_ELEMENTS + 1)
    data = xlsx(HEADER + junk, compression=zipfile.ZIP_STORED)
    assert "phần tử XML" in refusal(data)


def test_dtd_is_refused() -> None:
    prefix = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
    assert "DTD" in refusal(xlsx(HEADER, sheet_prefix=prefix))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\0" * 100,
        xlsx(HEADER, sheet_name="xl/worksheets/other.xml")[:-30],
        xlsx('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'),  # no such shared string
        xlsx("<row><c><v>1</v></row>"),  # malformed XML
    ],
)
def test_damaged_workbooks_are_refused(data: bytes) -> None:
    assert "Excel" in refusal(data)


def test_csv_stops_at_the_row_limit_and_the_cell_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hamlet_files, "MAX_ROWS", 3)
    rows = "tên,loại\n" + "".join(f"Ấp {n},ấp\n" for n in range(10))
    with pytest.raises(HamletFileError, match="hơn 3 dòng"):
        read_csv(rows.encode())
    with pytest.raises(HamletFileError, match="Dòng 2 có một ô dài hơn 1000"):
        read_csv(("tên,loại\n" + "A" * 2000 + ",ấp\n").encode())
    wide = "tên,loại" + ",x" * 100_000 + "\nẤp 1,ấp\n"
    assert [r.name for r in read_csv(wide.encode())] == ["Ấp 1"]


def test_service_names_the_file_field(an_hoi: Locality) -> None:
    data = xlsx(HEADER, dimension="A1:XFD250000")
    with pytest.raises(DomainError) as caught:
        services.preview_hamlet_file(an_hoi, "thon.xlsx", data)
    assert caught.value.field == "file" and "A1:XFD250000" in caught.value.message
    assert hamlet_count(an_hoi) == 0


@pytest.mark.parametrize(
    "data", [b"\xef\xbb\xbften,loai\n\xff", b"\xff\xfeabc", b"\xff\xfe\x00\xd8a\x00"]
)
def test_a_bom_followed_by_other_bytes_is_refused(data: bytes) -> None:
    with pytest.raises(HamletFileError) as caught:
        read_hamlet_file("thon.csv", data)
    assert caught.value.field == "file"


def test_an_encrypted_workbook_part_is_refused_before_unpacking() -> None:
    data = bytearray(xlsx(HEADER))
    # Mark every part "encrypted" (general-purpose flag bit 0) in the local headers and in the
    # central directory: zipfile would ask for a password instead of reading the part.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x1
            start = data.find(signature, start + 4)
    assert "Excel" in refusal(bytes(data))


def test_phonetic_hints_are_not_part_of_the_text() -> None:
    shared = (
        "<si><t>tên</t></si><si><t>loại</t></si>"
        "<si><t>Ấp 1</t><rPh sb='0' eb='1'><t>PHONETIC</t></rPh></si><si><t>Ấp</t></si>"
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
    )
    assert [row.name for row in read_hamlet_file("thon.xlsx", xlsx(rows, shared=shared))] == [
        "Ấp 1"
    ]
