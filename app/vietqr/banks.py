"""The directory of banks and wallets that receive VietQR transfers, keyed by NAPAS BIN.

``kind`` sorts members into three groups:

- ``"bank"``: a licensed bank or credit institution, including foreign bank branches, the policy
  bank VBSP and the finance company MAFC;
- ``"digital_bank"``: a digital-only bank or a bank's digital brand with its own BIN (CAKE, Ubank,
  Timo, Liobank, Vikki, PVcomBank Pay);
- ``"ewallet"``: an e-wallet / payment intermediary with a BIN (MoMo, ViettelMoney, VNPT Money).

Names are matched case- and diacritics-blind with spaces and punctuation ignored, so "vietinbank",
"Vietin Bank", "ICB", "970415" and "Ngân hàng TMCP Công Thương Việt Nam" all find VietinBank.
"""

import datetime
import functools
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from app.vietqr.errors import PayloadError, quoted
from app.vietqr.text import fold

__all__ = ["KINDS", "Bank", "BankDirectory", "default_directory"]

KINDS = ("bank", "digital_bank", "ewallet")

_MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Bank:
    """One NAPAS member: 6-digit BIN, vietqr.io code, names, SWIFT/BIC and kind."""

    bin: str
    code: str
    short_name: str
    name: str
    swift: str | None
    kind: str

    def to_dict(self) -> dict[str, object]:
        """Return the bank as the data-file row ``{bin, code, short_name, name, swift, kind}``."""
        return asdict(self)


def _key(text: str) -> str:
    """Lowercase ASCII letters and digits only: the form names are compared in."""
    return fold(text).replace(" ", "")


_LEGAL_FORMS = (("ngan", "hang"), ("tmcp",), ("tnhh",), ("mtv",), ("thuong", "mai"), ("so",))


def _distinctive_key(name: str) -> str:
    """The full name without its leading legal form: "Ngân hàng TMCP Sài Gòn Thương Tín" →
    "saigonthuongtin", so people can type the part they know."""
    words = fold(name).split()
    stripped = True
    while stripped:
        stripped = False
        for form in _LEGAL_FORMS:
            if len(words) > len(form) and tuple(words[: len(form)]) == form:
                words = words[len(form) :]
                stripped = True
    return _key(" ".join(words))


def guess_kind(bin_: str, name: str) -> str:
    """Classify a row that carries no ``kind``: digital banks by name, wallets by 971xxx BIN."""
    plain = fold(name)
    words = plain.split()
    # "Ngân hàng số CAKE", "Ngân hàng TNHH MTV Số Vikki"; but "Dịch vụ số Viettel" is a wallet
    if "ngan hang" in plain and ("so" in words or "digital" in words):
        return "digital_bank"
    if bin_.startswith("971"):
        return "ewallet"
    return "bank"


def _bad_file(message: str) -> PayloadError:
    """A bank file that cannot be read as a directory, the reason in ``message``."""
    return PayloadError("banks", message, code="bad_format")


def _text(row: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _bank_from_row(index: int, row: object) -> Bank:
    if not isinstance(row, Mapping):
        raise _bad_file(f"row {index}: expected an object, got {type(row).__name__}")
    code = _text(row, "code")
    label = f"row {index}" + (f" ({code})" if code else "")
    bin_ = row.get("bin")
    if isinstance(bin_, int) and not isinstance(bin_, bool):
        bin_ = str(bin_)
    if not isinstance(bin_, str) or len(bin_) != 6 or not (bin_.isascii() and bin_.isdigit()):
        raise _bad_file(f"{label}: BIN {bin_!r} is not 6 digits")
    if code is None:
        raise _bad_file(f"{label}: missing code")
    name = _text(row, "name")
    if name is None:
        raise _bad_file(f"{label}: missing name")
    short_name = _text(row, "short_name", "shortName") or code
    swift = _text(row, "swift", "swift_code", "swiftCode", "bic")
    kind = _text(row, "kind") or guess_kind(bin_, name)
    if kind not in KINDS:
        raise _bad_file(f"{label}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return Bank(bin=bin_, code=code, short_name=short_name, name=name, swift=swift, kind=kind)


class BankDirectory:
    """An immutable, searchable set of banks with unique BINs."""

    source: str
    updated: str

    def __init__(self, banks: Iterable[Bank], source: str, updated: str) -> None:
        self.source = source
        self.updated = updated
        by_bin: dict[str, Bank] = {}
        for bank in banks:
            if bank.bin in by_bin:
                raise _bad_file(f"BIN {bank.bin} appears twice ({bank.code})")
            by_bin[bank.bin] = bank
        self._banks = tuple(sorted(by_bin.values(), key=lambda b: b.bin))
        self._by_bin = by_bin
        self._keys: dict[str, list[Bank]] = {}
        for bank in self._banks:
            keys = [_key(bank.code), _key(bank.short_name), _key(bank.name)]
            keys.append(_distinctive_key(bank.name))
            for key in keys:
                bucket = self._keys.setdefault(key, [])
                if bank not in bucket:
                    bucket.append(bank)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> "BankDirectory":
        """Load a data file ``{source, updated, banks: [...]}``; default: the packaged list."""
        if path is None:
            raw = resources.files("app.vietqr.data").joinpath("banks.json").read_text("utf-8")
        else:
            with open(path, encoding="utf-8") as fh:
                raw = fh.read()
        data = json.loads(raw)
        if not isinstance(data, Mapping):
            raise _bad_file("the data file must hold an object with 'banks'")
        return cls.from_vietqr_io(
            data, source=str(data.get("source", "")), updated=str(data.get("updated", ""))
        )

    @classmethod
    def from_vietqr_io(
        cls,
        data: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        source: str,
        updated: str | None = None,
    ) -> "BankDirectory":
        """Build a directory from vietqr.io's ``{"data": [...]}``, a ``{"banks": [...]}`` file
        or a bare list of rows.

        Rows need ``bin``, ``code`` and ``name``; ``shortName``/``short_name``,
        ``swift_code``/``swift`` and ``kind`` are optional (a missing kind is guessed). A malformed
        row raises ``PayloadError("banks", ...)`` naming the row. ``updated`` defaults to the
        data's own ``updated`` value, else today.
        """
        rows: object = data
        if isinstance(data, Mapping):
            rows = data.get("data", data.get("banks"))
            if updated is None and isinstance(data.get("updated"), str):
                updated = data["updated"]
        if not isinstance(rows, Sequence) or isinstance(rows, str):
            raise _bad_file("expected a list of banks under 'data' or 'banks'")
        banks = [_bank_from_row(i, row) for i, row in enumerate(rows)]
        seen: dict[str, int] = {}
        for i, bank in enumerate(banks):
            if bank.bin in seen:
                raise _bad_file(
                    f"row {i} ({bank.code}): BIN {bank.bin} already in row {seen[bank.bin]}",
                )
            seen[bank.bin] = i
        return cls(banks, source=source, updated=updated or datetime.date.today().isoformat())

    def by_bin(self, bin: str) -> Bank | None:
        """Return the bank with this 6-digit BIN, or None."""
        return self._by_bin.get(bin)

    def find(self, query: str) -> Bank:
        """Return the one bank that ``query`` names (BIN, code, short name or full name).

        Exact matches win; otherwise a unique prefix match is accepted. Raises
        ``PayloadError("bank", ...)`` for an unknown or ambiguous name.
        """
        if not isinstance(query, str) or not query.strip():
            raise PayloadError("bank", "is empty; give a BIN, code or bank name", code="empty")
        key = _key(query)
        if key.isdigit() and len(key) == 6:
            bank = self._by_bin.get(key)
            if bank is None:
                raise PayloadError(
                    "bank", f"unknown bank {quoted(query)}: no bank has BIN {key}", code="unknown"
                )
            return bank
        exact = self._keys.get(key, []) if key else []
        if len(exact) == 1:
            return exact[0]
        candidates = exact or self._prefix_matches(key)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise PayloadError("bank", f"unknown bank {quoted(query)}", code="unknown")
        names = ", ".join(f"{b.short_name} ({b.bin})" for b in candidates[:_MAX_CANDIDATES])
        more = len(candidates) - _MAX_CANDIDATES
        if more > 0:
            names += f" and {more} more"
        raise PayloadError(
            "bank",
            f"{quoted(query)} is ambiguous: it could be {names}",
            code="ambiguous",
            candidates=names,
        )

    def _prefix_matches(self, key: str) -> list[Bank]:
        if not key:
            return []
        found: list[Bank] = []
        for text, banks in self._keys.items():
            if text.startswith(key):
                found.extend(b for b in banks if b not in found)
        return sorted(found, key=lambda b: b.bin)

    def search(self, text: str, limit: int = 20) -> list[Bank]:
        """Banks whose BIN, code or names match ``text``: exact, then prefix, then substring.

        An empty ``text`` lists the banks in short-name order.
        """
        key = _key(text)
        ranked: list[tuple[int, str, Bank]] = []
        for bank in self._banks:
            keys = [bank.bin, _key(bank.code), _key(bank.short_name), _key(bank.name)]
            if not key:
                rank = 3
            elif key in keys:
                rank = 0
            elif any(k.startswith(key) for k in keys):
                rank = 1
            elif any(key in k for k in keys):
                rank = 2
            else:
                continue
            ranked.append((rank, bank.short_name.lower(), bank))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [bank for _, _, bank in ranked[: max(limit, 0)]]

    def __iter__(self) -> Iterator[Bank]:
        return iter(self._banks)

    def __len__(self) -> int:
        return len(self._banks)

    def __contains__(self, bin: object) -> bool:
        return isinstance(bin, str) and bin in self._by_bin

    def to_json(self) -> dict[str, object]:
        """Return the data-file shape ``{source, updated, banks}`` (banks in BIN order)."""
        return {
            "source": self.source,
            "updated": self.updated,
            "banks": [bank.to_dict() for bank in self._banks],
        }


@functools.cache
def default_directory() -> BankDirectory:
    """Return the packaged bank directory, loaded once."""
    return BankDirectory.load()
