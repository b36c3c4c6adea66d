"""The locality tree: lookups and subtree queries over the materialised path.

No rules and no writes besides path maintenance, so that every feature (permissions, the audit
log, reports) can import it without import cycles; `app.localities.services` re-exports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from sqlalchemy import ColumnElement, Select, func, literal, select, update

from app.extensions import db
from app.localities.models import Locality

#: How every list of units is ordered: the Vietnamese way (`app.localities.collation`), then by
#: the full name (a phường and a xã of one name) and the id, so that pages are stable.
VIETNAMESE_ORDER: Final = (Locality.sort_key, Locality.name, Locality.id)


def get_locality(locality_id: int) -> Locality | None:
    """The locality with this id, or None."""
    return db.session.get(Locality, locality_id)


def get_by_code(era: str, level: str, code: str) -> Locality | None:
    """An official unit by its code; numeric codes are zero-padded as the catalogue writes them
    ("86", "00004"), so "4" and "00004" find the same commune."""
    if level == "hamlet":
        return None
    return db.session.scalar(
        select(Locality).where(
            Locality.era == era, Locality.level == level, Locality.code == pad_code(level, code)
        )
    )


_CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}


def pad_code(level: str, code: str | int) -> str:
    """Zero-pad a numeric official code to its level's width; other text is returned stripped."""
    text = str(code).strip()
    width = _CODE_WIDTH.get(level)
    return text.zfill(width) if width and text.isdigit() else text


def is_within(node: Locality, ancestor: Locality) -> bool:
    """True when `node` is `ancestor` or lies below it."""
    return node.path.startswith(ancestor.path)


def path_ids(locality: Locality) -> list[int]:
    """The ids on the locality's path, root first, the locality itself last."""
    return [int(part) for part in locality.path.strip("/").split("/") if part]


def ancestors(locality: Locality) -> list[Locality]:
    """The units above `locality`, root first (the locality itself excluded)."""
    return ancestors_of_many([locality])[locality.id]


def subtree_select(locality: Locality) -> Select[tuple[Locality]]:
    """Select `locality` and every unit below it (an indexed prefix scan of `path`)."""
    return select(Locality).where(Locality.path.like(locality.path + "%"))


def subtree_ids_select(locality: Locality) -> Select[tuple[int]]:
    """Select the ids of `locality` and everything below it, for `X.locality_id.in_(...)`."""
    return select(Locality.id).where(Locality.path.like(locality.path + "%"))


def _listed(retired: bool) -> ColumnElement[bool]:
    """Units in the lists (active ones), or the retired ones only."""
    return Locality.retired_at.is_not(None) if retired else Locality.retired_at.is_(None)


def children(locality: Locality, *, retired: bool = False) -> list[Locality]:
    """The units directly below `locality`, the Vietnamese way (`Locality.sort_key`); retired
    hamlets are left out, or listed alone with `retired=True`."""
    return list(
        db.session.scalars(
            select(Locality)
            .where(Locality.parent_id == locality.id, _listed(retired))
            .order_by(*VIETNAMESE_ORDER)
        )
    )


def children_page(
    locality: Locality, offset: int, limit: int, *, retired: bool = False
) -> list[Locality]:
    """One page of `children` (a stable order: sort key, name, id)."""
    return list(
        db.session.scalars(
            select(Locality)
            .where(Locality.parent_id == locality.id, _listed(retired))
            .order_by(*VIETNAMESE_ORDER)
            .offset(offset)
            .limit(limit)
        )
    )


def child_counts(localities: Sequence[Locality], *, retired: bool = False) -> dict[int, int]:
    """How many direct children each of these units has in the lists (retired hamlets left
    out, or counted alone with `retired=True`); one grouped query."""
    ids = [loc.id for loc in localities]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Locality.parent_id, func.count())
        .where(Locality.parent_id.in_(ids), _listed(retired))
        .group_by(Locality.parent_id)
    )
    counts = {parent_id: count for parent_id, count in rows}
    return {i: counts.get(i, 0) for i in ids}


def provinces(era: str = "vn2025") -> list[Locality]:
    """The provinces of an era, the Vietnamese way."""
    return list(
        db.session.scalars(
            select(Locality)
            .where(Locality.era == era, Locality.level == "province")
            .order_by(*VIETNAMESE_ORDER)
        )
    )


def ancestors_of_many(localities: Iterable[Locality]) -> dict[int, list[Locality]]:
    """Breadcrumbs for a page of results in one query: id → ancestors, root first."""
    wanted: dict[int, list[int]] = {loc.id: path_ids(loc)[:-1] for loc in localities}
    all_ids = {i for ids in wanted.values() for i in ids}
    if not all_ids:
        return {key: [] for key in wanted}
    found = {
        loc.id: loc for loc in db.session.scalars(select(Locality).where(Locality.id.in_(all_ids)))
    }
    return {key: [found[i] for i in ids if i in found] for key, ids in wanted.items()}


def rewrite_subtree_paths(old_path: str, new_path: str, depth_delta: int) -> None:
    """Move every path under `old_path` to `new_path` (one UPDATE; no commit)."""
    db.session.execute(
        update(Locality)
        .where(Locality.path.like(old_path + "%"))
        .values(
            path=literal(new_path) + func.substr(Locality.path, len(old_path) + 1),
            depth=Locality.depth + depth_delta,
        )
        .execution_options(synchronize_session=False)
    )
