"""Fixtures of the localities tests: the real 2025 (and legacy) data, users with roles."""

from __future__ import annotations

import unicodedata

import pytest
from flask import Flask

from app.extensions import db as _db
from app.localities import importers, tree
from app.localities.models import Locality


@pytest.fixture
def loaded(app: Flask) -> None:
    """The 2025 provinces and communes from the package (the app fixture empties them after)."""
    importers.import_current()


@pytest.fixture
def legacy_loaded(loaded: None) -> None:
    """The 2025 units plus the legacy units and the commune conversion map."""
    importers.import_legacy()


def unit(era: str, level: str, code: str) -> Locality:
    found = tree.get_by_code(era, level, code)
    assert found is not None, f"{era}/{level}/{code} not loaded"
    return found


@pytest.fixture
def an_hoi(loaded: None) -> Locality:
    """Phường An Hội (28777), Tỉnh Vĩnh Long."""
    return unit("vn2025", "commune", "28777")


@pytest.fixture
def vinh_long(loaded: None) -> Locality:
    return unit("vn2025", "province", "86")


def cp1258_bytes(text: str) -> bytes:
    """Text as Vietnamese Excel writes Windows-1258: base letter (with circumflex/breve/horn)
    plus a combining tone mark where no precomposed character exists."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            head = unicodedata.normalize("NFC", base + "".join(marks[:-1]))
            out += head.encode("cp1258") + marks[-1].encode("cp1258")
    return bytes(out)


def hamlet_count(commune: Locality) -> int:
    from sqlalchemy import func, select

    return _db.session.scalar(
        select(func.count()).where(Locality.parent_id == commune.id, Locality.level == "hamlet")
    )
