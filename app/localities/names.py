"""Vietnamese unit names → ASCII search keys (folded by the one `app.vietqr.text.fold`), and
division-type words. Pure: no Flask, no DB."""

from __future__ import annotations

import unicodedata
from typing import Final

from app.localities.collation import unit_sort_key
from app.localities.models import HAMLET_KINDS, KIND_LABELS
from app.vietqr.text import fold

# The folded type words a name may start with, longest first so "thanh pho" wins over "thanh".
_PREFIX_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "thanh pho": ("thanh_pho", "thanh_pho_thuoc_tinh"),
    "tp": ("thanh_pho", "thanh_pho_thuoc_tinh"),
    "tinh": ("tinh",),
    "huyen": ("huyen",),
    "quan": ("quan",),
    "thi xa": ("thi_xa",),
    "tx": ("thi_xa",),
    "thi tran": ("thi_tran",),
    "tt": ("thi_tran",),
    "xa": ("xa",),
    "phuong": ("phuong",),
    "p": ("phuong",),
    "dac khu": ("dac_khu",),
    "to dan pho": ("to_dan_pho",),
    "tdp": ("to_dan_pho",),
    "khu pho": ("khu_pho",),
    "kp": ("khu_pho",),
    **{fold(KIND_LABELS[kind]): (kind,) for kind in HAMLET_KINDS},
}
_PREFIXES_LONGEST_FIRST: Final = sorted(_PREFIX_KINDS, key=len, reverse=True)


def search_key(name: str, kind: str) -> str:
    """The stored search name: folded, without the unit's own type word.

    "Tỉnh Vĩnh Long" (tinh) → "vinh long"; "Ấp 3" (ap) → "3"; "Xóm Chùa" (thon) → "xom chua".
    """
    folded = fold(name)
    label = fold(KIND_LABELS.get(kind, ""))
    if label and folded.startswith(label + " "):
        return folded[len(label) + 1 :]
    return folded


def split_query(query: str) -> tuple[str, str | None, tuple[str, ...]]:
    """A search query → (folded query, query without a leading type word, kinds that word names).

    "Phường An Hội" → ("phuong an hoi", "an hoi", ("phuong",)); "ben tre" → ("ben tre", None, ()).
    """
    folded = fold(query)
    for prefix in _PREFIXES_LONGEST_FIRST:
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            return folded, folded[len(prefix) + 1 :], _PREFIX_KINDS[prefix]
    return folded, None, ()


#: Every accepted spelling of a hamlet type → its kind ("Thôn", "thon", "TDP", "to_dan_pho" …).
HAMLET_KIND_ALIASES: Final[dict[str, str]] = {
    **{fold(kind.replace("_", " ")): kind for kind in HAMLET_KINDS},
    **{fold(KIND_LABELS[kind]): kind for kind in HAMLET_KINDS},
    "tdp": "to_dan_pho",
    "kp": "khu_pho",
    "village": "thon",
    "hamlet": "thon",
}


def parse_hamlet_kind(value: str) -> str | None:
    """A hamlet type as people write it → its kind, or None when it is not one."""
    return HAMLET_KIND_ALIASES.get(fold(value))


def hamlet_display_name(name: str, kind: str) -> str:
    """The name as it is stored: the type word is added when the name has none of its own.

    ("3", "ap") → "Ấp 3"; ("Ấp Phú Lợi", "ap") → "Ấp Phú Lợi"; ("Xóm Chùa", "thon") → "Xóm Chùa".
    """
    name = " ".join(unicodedata.normalize("NFC", name).split())
    folded = fold(name)
    for kind_word in (fold(KIND_LABELS[k]) for k in HAMLET_KINDS):
        if folded == kind_word or folded.startswith(kind_word + " "):
            return name
    return f"{KIND_LABELS[kind]} {name}"


def sort_key(name: str, kind: str) -> str:
    """The stored sort key of a unit: its name without its own type word, the Vietnamese way
    ("Tỉnh Bến Tre" sorts as "Bến Tre", "Phường 10" as "10"; see `collation`)."""
    return unit_sort_key(name, KIND_LABELS.get(kind, ""))
