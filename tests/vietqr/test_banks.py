"""The packaged bank directory and its lookups."""

import json
from pathlib import Path

import pytest

from app.vietqr import KINDS, Bank, BankDirectory, PayloadError, default_directory

# The vietqr.io list the directory was compiled from (source and licence: tests/data/README.md).
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "banks-vietqr-io.json"
PACKAGED = Path(__file__).parents[2] / "app" / "vietqr" / "data" / "banks.json"


@pytest.fixture(scope="module")
def banks() -> BankDirectory:
    return default_directory()


def reference_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(REFERENCE.read_text("utf-8"))["banks"]
    return rows


def test_size_and_metadata(banks: BankDirectory) -> None:
    assert len(banks) >= 66
    assert len(list(banks)) == len(banks)
    assert banks.updated == "2026-11-29"
    assert "vietqr.io" in banks.source and "Liobank" in banks.source


def test_every_reference_bin_is_present_with_the_same_code(banks: BankDirectory) -> None:
    for row in reference_rows():
        bank = banks.by_bin(str(row["bin"]))
        assert bank is not None, row
        assert bank.code == row["code"], row
        assert bank.name == row["name"], row


@pytest.mark.parametrize(
    ("bin_", "short_name", "kind"),
    [
        ("963369", "Liobank", "digital_bank"),
        ("970406", "Vikki", "digital_bank"),
        ("970414", "MBV", "bank"),
        ("963388", "Timo", "digital_bank"),
        ("971005", "ViettelMoney", "ewallet"),
        ("971011", "VNPTMoney", "ewallet"),
        ("971025", "MoMo", "ewallet"),
        ("971133", "PVcomBank Pay", "digital_bank"),
        ("970415", "VietinBank", "bank"),
    ],
)
def test_recent_members(banks: BankDirectory, bin_: str, short_name: str, kind: str) -> None:
    bank = banks.by_bin(bin_)
    assert bank is not None
    assert (bank.short_name, bank.kind) == (short_name, kind)


def test_mbv_swift_is_not_the_us_code(banks: BankDirectory) -> None:
    mbv = banks.by_bin("970414")
    assert mbv is not None and mbv.swift != "OCBKUS3M"


def test_rows_are_well_formed(banks: BankDirectory) -> None:
    for bank in banks:
        assert len(bank.bin) == 6 and bank.bin.isdigit()
        assert bank.kind in KINDS
        assert bank.code and bank.short_name and bank.name
        assert bank.swift is None or (len(bank.swift) in (8, 11) and bank.swift.isalnum())
    assert [b.bin for b in banks] == sorted(b.bin for b in banks)


@pytest.mark.parametrize(
    "query",
    [
        "970415",
        "ICB",
        "icb",
        "VietinBank",
        "vietinbank",
        "Vietin Bank",
        "VIETIN-BANK",
        "Ngân hàng TMCP Công Thương Việt Nam",
        "ngan hang tmcp cong thuong viet nam",
        "Vietin",
    ],
)
def test_find_vietinbank(banks: BankDirectory, query: str) -> None:
    assert banks.find(query).bin == "970415"


@pytest.mark.parametrize(
    ("query", "bin_"),
    [
        ("MB", "970422"),
        ("MBBank", "970422"),
        ("MB Bank", "970422"),
        ("MBV", "970414"),
        ("momo", "971025"),
        ("MoMo", "971025"),
        ("Liobank", "963369"),
        ("VCB", "970436"),
        ("Vietcombank", "970436"),
        ("BIDV", "970418"),
        ("Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", "970405"),
        ("PVcomBank", "970412"),
        ("PVcomBank Pay", "971133"),
        ("IBK - HN", "970455"),
        ("Sacombank", "970403"),
        ("Sài Gòn Thương Tín", "970403"),
    ],
)
def test_find(banks: BankDirectory, query: str, bin_: str) -> None:
    assert banks.find(query).bin == bin_


def test_find_unknown(banks: BankDirectory) -> None:
    with pytest.raises(PayloadError) as info:
        banks.find("xyz")
    assert str(info.value) == "bank: unknown bank 'xyz'"
    with pytest.raises(PayloadError) as info:
        banks.find("123456")
    assert info.value.field == "bank"
    assert "123456" in info.value.message
    with pytest.raises(PayloadError):
        banks.find("  ")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kookmin", {"970462", "970463"}),
        ("IBK", {"970455", "970456"}),
        ("KEB", {"970466", "970467"}),
    ],
)
def test_find_ambiguous_names_the_candidates(
    banks: BankDirectory, query: str, expected: set[str]
) -> None:
    with pytest.raises(PayloadError) as info:
        banks.find(query)
    assert info.value.field == "bank"
    assert "ambiguous" in info.value.message
    for bin_ in expected:
        assert bin_ in info.value.message


def test_find_many_candidates_are_capped(banks: BankDirectory) -> None:
    with pytest.raises(PayloadError) as info:
        banks.find("Ngân hàng TMCP")
    assert "more" in info.value.message


def test_search(banks: BankDirectory) -> None:
    assert [b.bin for b in banks.search("vietin")][:1] == ["970415"]
    hits = {b.bin for b in banks.search("công thương")}
    assert {"970415", "970400"} <= hits  # VietinBank and SaigonBank
    assert banks.search("ICB")[0].bin == "970415"  # exact code first
    assert len(banks.search("")) == 20
    assert len(banks.search("", limit=5)) == 5
    assert banks.search("zzzz") == []
    assert banks.search("9704", limit=100) and all(
        b.bin.startswith("9704") for b in banks.search("9704", limit=100)
    )


def test_from_vietqr_io_on_the_reference_file() -> None:
    raw = json.loads(REFERENCE.read_text("utf-8"))
    directory = BankDirectory.from_vietqr_io(raw, source="reference copy")
    assert len(directory) == 65
    assert directory.by_bin("970415") == Bank(
        "970415", "ICB", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam", "ICBVVNVX", "bank"
    )
    assert directory.source == "reference copy"


def test_from_vietqr_io_v2_shape() -> None:
    data = {
        "code": "00",
        "desc": "Get Bank list successful!",
        "data": [
            {
                "id": 17,
                "name": "Ngân hàng TMCP Công thương Việt Nam",
                "code": "ICB",
                "bin": "970415",
                "shortName": "VietinBank",
                "logo": "https://api.vietqr.io/img/ICB.png",
                "transferSupported": 1,
                "lookupSupported": 1,
                "short_name": "VietinBank",
                "support": 3,
                "isTransfer": 1,
                "swift_code": "ICBVVNVX",
            }
        ],
    }
    directory = BankDirectory.from_vietqr_io(data, source="api.vietqr.io/v2/banks", updated="d")
    (bank,) = list(directory)
    assert bank.swift == "ICBVVNVX" and bank.short_name == "VietinBank" and bank.kind == "bank"


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ([{"bin": "97041", "code": "X", "name": "X"}], "row 0 (X): BIN '97041' is not 6 digits"),
        ([{"code": "X", "name": "X"}], "row 0 (X): BIN None is not 6 digits"),
        ([{"bin": "970415", "name": "X"}], "row 0: missing code"),
        ([{"bin": "970415", "code": "X"}], "row 0 (X): missing name"),
        (["nope"], "row 0: expected an object, got str"),
        (
            [
                {"bin": "970415", "code": "A", "name": "A"},
                {"bin": "970415", "code": "B", "name": "B"},
            ],
            "row 1 (B): BIN 970415 already in row 0",
        ),
        ([{"bin": "970415", "code": "X", "name": "X", "kind": "shop"}], "kind 'shop'"),
    ],
)
def test_from_vietqr_io_malformed_rows(rows: list[object], fragment: str) -> None:
    with pytest.raises(PayloadError) as info:
        BankDirectory.from_vietqr_io({"data": rows}, source="t")
    assert info.value.field == "banks"
    assert fragment in info.value.message


def test_from_vietqr_io_refuses_a_shape_without_rows() -> None:
    with pytest.raises(PayloadError):
        BankDirectory.from_vietqr_io({"code": "00"}, source="t")


def test_to_json_round_trips_the_packaged_file(tmp_path: Path, banks: BankDirectory) -> None:
    assert banks.to_json() == json.loads(PACKAGED.read_text("utf-8"))
    out = tmp_path / "banks.json"
    out.write_text(json.dumps(banks.to_json(), ensure_ascii=False), "utf-8")
    again = BankDirectory.load(out)
    assert list(again) == list(banks)
    assert (again.source, again.updated) == (banks.source, banks.updated)


def test_default_directory_is_cached() -> None:
    assert default_directory() is default_directory()


def test_bank_to_dict() -> None:
    bank = default_directory().find("ACB")
    assert bank.to_dict() == {
        "bin": "970416",
        "code": "ACB",
        "short_name": "ACB",
        "name": "Ngân hàng TMCP Á Châu",
        "swift": "ASCBVNVX",
        "kind": "bank",
    }
