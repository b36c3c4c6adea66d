"""Administrative units of every level in one table, plus the legacy → 2025 commune map.

One `Locality` row per unit: province (tỉnh / thành phố), commune (xã / phường / đặc khu),
hamlet (thôn / ấp / bản / khu phố / tổ dân phố …) and, for the pre-2025 era, the district level.

Subtrees are found through a materialised path: `path` is "/<root id>/<child id>/…/<own id>/",
so "this unit and everything below it" is `path LIKE '<path>%'`, one indexed range scan on both
SQLite and PostgreSQL. The path is built from ids (never codes: codes repeat across eras and
hamlets may have none), and ids never change, so paths only change when a hamlet is moved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeEngine

from app.database import Base, TimestampMixin, unique_where

# SORT_KEY_MAX and vietnamese_sort_key are re-exported: other features' name lists sort the same
# Vietnamese way, through this public face.
from app.localities.collation import SORT_KEY_MAX as SORT_KEY_MAX
from app.localities.collation import unit_sort_key
from app.localities.collation import vietnamese_sort_key as vietnamese_sort_key


class SortedByName:
    """A `name` with its Vietnamese sort key (the localities' collation), kept in step on every
    assignment: lists people read are ordered by it in SQL (Bình before Bưởi, Ấp 2 before Ấp
    10). Markets, vendors, guests and contacts share it."""

    sort_key: Mapped[str] = mapped_column(
        String(SORT_KEY_MAX).with_variant(String(SORT_KEY_MAX, collation="C"), "postgresql"),
        default="",
    )

    @validates("name")
    def _keep_sort_key(self, _key: str, name: str | None) -> str | None:
        self.sort_key = vietnamese_sort_key(name or "")
        return name


ERAS: Final = ("vn2025", "legacy")
LEVELS: Final = ("province", "district", "commune", "hamlet")

#: Division types ("kind"), by level. Values are ASCII identifiers; labels are the official
#: Vietnamese words (see KIND_LABELS).
#:   province: tinh (tỉnh), thanh_pho (thành phố trực thuộc trung ương)
#:   district (legacy only): huyen, quan, thi_xa, thanh_pho_thuoc_tinh (thành phố thuộc tỉnh)
#:   commune: xa, phuong, dac_khu (2025), thi_tran (legacy only)
#:   hamlet: thon, ap, ban, khu_pho, to_dan_pho, lang, xom, buon, plei, soc, khom, khu, to
#: The official units' kinds come from the catalogue (`importers`); people choose hamlets' kinds.
HAMLET_KINDS: Final = (
    "thon",
    "ap",
    "ban",
    "khu_pho",
    "to_dan_pho",
    "lang",
    "xom",
    "buon",
    "plei",
    "soc",
    "khom",
    "khu",
    "to",
)
KIND_LABELS: Final[dict[str, str]] = {
    "tinh": "Tỉnh",
    "thanh_pho": "Thành phố",
    "huyen": "Huyện",
    "quan": "Quận",
    "thi_xa": "Thị xã",
    "thanh_pho_thuoc_tinh": "Thành phố",
    "xa": "Xã",
    "phuong": "Phường",
    "dac_khu": "Đặc khu",
    "thi_tran": "Thị trấn",
    "thon": "Thôn",
    "ap": "Ấp",
    "ban": "Bản",
    "khu_pho": "Khu phố",
    "to_dan_pho": "Tổ dân phố",
    "lang": "Làng",
    "xom": "Xóm",
    "buon": "Buôn",
    "plei": "Plei",
    "soc": "Sóc",
    "khom": "Khóm",
    "khu": "Khu",
    "to": "Tổ",
}


def _ascii_key(length: int) -> TypeEngine[str]:
    """An ASCII column compared bytewise, so that `LIKE 'prefix%'` can use a plain b-tree index:
    NOCASE on SQLite (its LIKE is case-insensitive), "C" on PostgreSQL."""
    return (
        String(length)
        .with_variant(String(length, collation="NOCASE"), "sqlite")
        .with_variant(String(length, collation="C"), "postgresql")
    )


def _bytewise(length: int) -> TypeEngine[str]:
    """A column compared byte by byte (SQLite's default BINARY, "C" on PostgreSQL)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def _default_sort_key(context: DefaultExecutionContext) -> str:
    """A new row's sort key from its name and kind (renames set it themselves)."""
    values = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return unit_sort_key(values["name"], KIND_LABELS.get(values["kind"], ""))


class Locality(TimestampMixin, Base):
    """One administrative unit (or hamlet) of one era."""

    __tablename__ = "localities"

    id: Mapped[int] = mapped_column(primary_key=True)
    era: Mapped[str] = mapped_column(String(10))  # "vn2025" | "legacy"
    level: Mapped[str] = mapped_column(String(10))  # "province" | "district" | "commune" | "hamlet"
    kind: Mapped[str] = mapped_column(String(24))  # see the division types above
    # Official code, zero-padded as the statistics office writes it ("86", "28777"); hamlets may
    # have a local code or none. Unique per (era, level) for official units, per commune for
    # hamlets (partial unique indexes below).
    code: Mapped[str | None] = mapped_column(String(20))
    # As officially written, with diacritics and the type word: "Tỉnh Vĩnh Long", "Ấp 3".
    name: Mapped[str] = mapped_column(String(200))
    # ASCII, lowercase, without the type word: "vinh long", "an hoi", "3". See services.fold.
    search_name: Mapped[str] = mapped_column(_ascii_key(200))
    # The name without its type word as a Vietnamese collation key (names.sort_key): lists are
    # ordered by it in SQL, so they page the Vietnamese way (Bến Tre before Bình Minh).
    sort_key: Mapped[str] = mapped_column(_bytewise(SORT_KEY_MAX), default=_default_sort_key)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="RESTRICT"))
    # "/<id>/<id>/.../<own id>/" from the root; subtree = path LIKE '<path>%'.
    path: Mapped[str] = mapped_column(_ascii_key(200), default="")
    depth: Mapped[int] = mapped_column(default=0)  # 0 province; 1 commune (2025) / district …
    # Hamlets only: when it stopped being used. A retired hamlet keeps its row (data and the
    # audit log point at it) and its page, but leaves the lists and the search; it can be restored.
    retired_at: Mapped[datetime | None] = mapped_column(default=None)

    parent: Mapped[Locality | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Locality]] = relationship(
        back_populates="parent", lazy="select", order_by="Locality.sort_key"
    )

    __table_args__ = (
        CheckConstraint("era IN ('vn2025', 'legacy')", name="era"),
        CheckConstraint("level IN ('province', 'district', 'commune', 'hamlet')", name="level"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        # Official units: one per (era, level, code).
        unique_where(
            "uq_localities_era_level_code", "era", "level", "code", where="level <> 'hamlet'"
        ),
        # Hamlets: names (folded) and codes unique within their commune.
        unique_where(
            "uq_localities_hamlet_name", "parent_id", "search_name", where="level = 'hamlet'"
        ),
        unique_where(
            "uq_localities_hamlet_code",
            "parent_id",
            "code",
            where="level = 'hamlet' AND code IS NOT NULL",
        ),
        Index("ix_localities_search_name", "search_name"),
        Index("ix_localities_path", "path"),
        Index("ix_localities_parent_id", "parent_id"),
        Index("ix_localities_parent_id_sort_key", "parent_id", "sort_key"),
        Index("ix_localities_era_level", "era", "level"),
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def known_as(self) -> str:
        """How people tell this unit apart: its name with its official code ("Xã An Bình
        (91001)"), or for a hamlet (no public code) with its commune ("Thôn Đông (Xã An
        Bình)")."""
        if self.level == "hamlet" and self.parent is not None:
            return f"{self.name} ({self.parent.name})"
        return f"{self.name} ({self.code})" if self.code else self.name

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Locality {self.id} {self.era}/{self.level}/{self.code} {self.name!r}>"


class LocalityConversion(TimestampMixin, Base):
    """The 2025 reform's commune map: a legacy commune → the 2025 commune(s) it went into.

    From the package's ward conversion table (effective 2025-07-01). `partly_merged` marks a
    legacy commune only part of which went into the target: figures restated through such a row
    are approximate.
    """

    __tablename__ = "locality_conversions"

    id: Mapped[int] = mapped_column(primary_key=True)
    legacy_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    partly_merged: Mapped[bool] = mapped_column(Boolean, default=False)

    legacy: Mapped[Locality] = relationship(foreign_keys=[legacy_id])
    target: Mapped[Locality] = relationship(foreign_keys=[target_id])

    __table_args__ = (
        Index("uq_locality_conversions_pair", "legacy_id", "target_id", unique=True),
        Index("ix_locality_conversions_target_id", "target_id"),
    )
