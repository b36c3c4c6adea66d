"""The rules of the localities feature: search, hamlets, restating legacy data.

Functions that change data own their transaction (`app.transaction`: committed at the end,
rolled back on any refusal). Refusals are `DomainError`s with "localities.…" codes (their texts
in `app.localities.messages`). The tree lookups and subtree queries (`get_locality`,
`is_within`, `ancestors`, `subtree_select`, `subtree_ids_select`, …) live in
`app.localities.tree`, which other features import without depending on these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, literal, or_, select

from app.audit_log import record_change, recorded_row
from app.database import utcnow
from app.errors import DomainError
from app.extensions import db
from app.file_imports import FilePreview, RowDraft, RowsError, file_error
from app.localities import hamlet_files
from app.localities.hamlet_files import (
    FileRow,
    HamletFileError,
    check_limits,
    read_hamlet_file,
)
from app.localities.importers import PROVINCE_MAP_2025
from app.localities.models import (
    HAMLET_KINDS,
    KIND_LABELS,
    LEVELS,
    Locality,
    LocalityConversion,
)
from app.localities.names import (
    hamlet_display_name,
    parse_hamlet_kind,
    search_key,
    sort_key,
    split_query,
)
from app.localities.tree import (
    VIETNAMESE_ORDER,
    ancestors,
    ancestors_of_many,
    child_counts,
    children_page,
    get_by_code,
    path_ids,
    rewrite_subtree_paths,
)
from app.transaction import transaction
from app.vietqr.text import fold

HAMLET_NAME_MAX = 150
HAMLET_CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Unit:
    """A locality as a list or an answer shows it: the locality's own attributes (read through
    to it) plus what was looked up with it: its ancestors (root first), a page of its children
    (each a `Unit` with its own `child_count`) and how many children it has in all."""

    locality: Locality
    ancestors: list[Locality] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)
    child_count: int = 0
    now_part_of: NowPartOf | None = None  # a legacy unit in a search: what it became

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copying and pickling look for these before `locality` is set
            raise AttributeError(name)
        return getattr(self.locality, name)


def _window(total: int, page: int, per_page: int) -> tuple[int, int] | None:
    """(offset, limit) of a page, or None past the end (any page number: no OFFSET query)."""
    offset = (page - 1) * per_page
    return None if offset >= total else (offset, per_page)


# ---- search -------------------------------------------------------------------------------------

LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}


@dataclass
class SearchPage:
    items: list[Unit]  # with their ancestors
    total: int
    page: int
    per_page: int


def search(
    query: str,
    *,
    level: str | None = None,
    era: str | None = None,
    parent_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Diacritics-blind search on names: "ben tre", "Bến Tre", "phuong an hoi".

    Matches the search name from its start or from the start of any word; a leading type word in
    the query ("phường", "tp", "ấp") may instead be matched against the unit's type. Ranked: exact
    name, then prefix, then word match; provinces before communes before hamlets; 2025 before
    legacy. An empty query lists everything the filters allow. Each hit comes with its
    ancestors (one query for the page).
    """
    folded, rest, kinds = split_query(query)
    stmt = select(Locality).where(Locality.retired_at.is_(None))
    if level:
        stmt = stmt.where(Locality.level == level)
    if era:
        stmt = stmt.where(Locality.era == era)
    if parent_id is not None:
        stmt = stmt.where(Locality.parent_id == parent_id)

    rank: Any = literal(3)
    if folded:
        conditions: list[ColumnElement[bool]] = [
            Locality.search_name.like(folded + "%"),
            Locality.search_name.like("% " + folded + "%"),
        ]
        whens = [
            (Locality.search_name == folded, 0),
            (Locality.search_name.like(folded + "%"), 1),
        ]
        if rest:
            typed = Locality.kind.in_(kinds)
            conditions += [
                typed & Locality.search_name.like(rest + "%"),
                typed & Locality.search_name.like("% " + rest + "%"),
            ]
            whens = [
                (typed & (Locality.search_name == rest), 0),
                (Locality.search_name == folded, 0),
                (typed & Locality.search_name.like(rest + "%"), 1),
                (Locality.search_name.like(folded + "%"), 1),
            ]
        stmt = stmt.where(or_(*conditions))
        rank = case(*whens, else_=2)
    elif not (level or era or parent_id is not None):
        return SearchPage([], 0, page, per_page)

    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    window = _window(total, page, per_page)
    if window is None:
        return SearchPage([], total, page, per_page)
    level_rank = case(LEVEL_ORDER, value=Locality.level, else_=9)
    era_rank = case((Locality.era == "vn2025", 0), else_=1)
    offset, limit = window
    items = list(
        db.session.scalars(
            stmt.order_by(rank, level_rank, era_rank, *VIETNAMESE_ORDER).limit(limit).offset(offset)
        )
    )
    crumbs = ancestors_of_many(items)
    now = now_part_of(items, crumbs)
    return SearchPage(
        [Unit(item, crumbs[item.id], now_part_of=now.get(item.id)) for item in items],
        total,
        page,
        per_page,
    )


# ---- restating legacy data on the 2025 units ----------------------------------------------------


class Restated(NamedTuple):
    """A 2025 unit that a legacy unit's data belongs to; `partly`: only part of the legacy unit
    went there (figures restated through it are approximate)."""

    locality: Locality
    partly: bool


@dataclass(frozen=True)
class Conversion:
    """A unit and the 2025 units its data is restated on."""

    locality: Locality
    targets: list[Restated]


def conversion(locality: Locality) -> Conversion:
    """`locality` with the 2025 units its data belongs to (see `restate_on_2025`)."""
    return Conversion(locality, restate_on_2025(locality))


def restate_on_2025(legacy_locality: Locality) -> list[Restated]:
    """The 2025 units that a legacy unit's data belongs to, each with `partly`: True when only
    part of the legacy unit went there (figures restated through it are approximate).

    Commune → its conversion rows; district → the union over its communes; province → its 2025
    province (the merger was whole-province, see importers.PROVINCE_MAP_2025). A 2025 unit maps
    to itself.
    """
    if legacy_locality.era == "vn2025":
        return [Restated(legacy_locality, False)]
    if legacy_locality.level == "province":
        assert legacy_locality.code is not None
        target = get_by_code("vn2025", "province", PROVINCE_MAP_2025[int(legacy_locality.code)])
        return [Restated(target, False)] if target else []
    if legacy_locality.level == "commune":
        sources = select(Locality.id).where(Locality.id == legacy_locality.id)
    else:
        sources = select(Locality.id).where(
            Locality.path.like(legacy_locality.path + "%"), Locality.level == "commune"
        )
    rows = db.session.execute(
        select(
            LocalityConversion.target_id,
            func.max(case((LocalityConversion.partly_merged, 1), else_=0)),
        )
        .where(LocalityConversion.legacy_id.in_(sources))
        .group_by(LocalityConversion.target_id)
    ).all()
    targets = {
        loc.id: loc
        for loc in db.session.scalars(
            select(Locality).where(Locality.id.in_([target_id for target_id, _ in rows]))
        )
    }
    result = [Restated(targets[target_id], bool(partly)) for target_id, partly in rows]
    return sorted(result, key=lambda pair: (pair.locality.sort_key, pair.locality.id))


@dataclass(frozen=True)
class NowPartOf:
    """What a legacy unit became: the 2025 province it lies in and, for a legacy commune, the
    2025 communes it went into (`partly`: only part of it went there)."""

    province: Locality | None
    communes: list[Restated] = field(default_factory=list)


def now_part_of(
    units: list[Locality], crumbs: dict[int, list[Locality]] | None = None
) -> dict[int, NowPartOf]:
    """For each legacy unit of a page (2025 ones are left out): what it is now part of, in
    two queries for the page. `crumbs` are the units' ancestors when already looked up."""
    legacy = [unit for unit in units if unit.era == "legacy"]
    if not legacy:
        return {}
    crumbs = crumbs if crumbs is not None else ancestors_of_many(legacy)

    def province_code(unit: Locality) -> str | None:
        root = unit if unit.level == "province" else next(iter(crumbs.get(unit.id, [])), None)
        if root is None or root.code is None or not root.code.isdigit():
            return None
        return PROVINCE_MAP_2025.get(int(root.code))

    codes = {unit.id: province_code(unit) for unit in legacy}
    provinces = {
        province.code: province
        for province in db.session.scalars(
            select(Locality).where(
                Locality.era == "vn2025",
                Locality.level == "province",
                Locality.code.in_({code for code in codes.values() if code}),
            )
        )
    }
    communes: dict[int, list[Restated]] = {}
    commune_ids = [unit.id for unit in legacy if unit.level == "commune"]
    if commune_ids:
        rows = db.session.execute(
            select(LocalityConversion.legacy_id, LocalityConversion.partly_merged, Locality)
            .join(Locality, Locality.id == LocalityConversion.target_id)
            .where(LocalityConversion.legacy_id.in_(commune_ids))
            .order_by(*VIETNAMESE_ORDER)
        )
        for legacy_id, partly, target in rows:
            communes.setdefault(legacy_id, []).append(Restated(target, bool(partly)))
    return {
        unit.id: NowPartOf(provinces.get(codes[unit.id] or ""), communes.get(unit.id, []))
        for unit in legacy
    }


# ---- the tree as the API shows it -------------------------------------------------------------


def _counted(localities: list[Locality]) -> list[Unit]:
    counts = child_counts(localities)
    return [Unit(locality, child_count=counts[locality.id]) for locality in localities]


def children_of(locality: Locality, page: int, per_page: int, *, retired: bool = False) -> Unit:
    """`locality` with one page of the units directly below it (the Vietnamese way, each with
    its own child count) and how many there are in all; a page past the end runs no query for
    it. Retired hamlets are left out, or listed alone with `retired=True`."""
    total = child_counts([locality], retired=retired)[locality.id]
    window = _window(total, page, per_page)
    kids = children_page(locality, *window, retired=retired) if window else []
    return Unit(locality, children=_counted(kids), child_count=total)


def with_first_children(locality: Locality, first: int) -> Unit:
    """`locality` with its ancestors, its first `first` children and how many it has."""
    return replace(children_of(locality, 1, first), ancestors=ancestors(locality))


# ---- hamlets ------------------------------------------------------------------------------------

#: What the audit log keeps of a locality.
SNAPSHOT_FIELDS = ("era", "level", "kind", "code", "name", "parent_id", "retired_at")


def locality_named(locality_id: Any) -> str:
    """A locality an audit entry recorded by its id, as people know it (name and code, or name
    and commune); one no longer in the database is said to be gone, with the id it had."""
    found = recorded_row(Locality, locality_id)
    if found is None:
        return str(_("Địa bàn không còn trong dữ liệu (số %(id)s)", id=locality_id))
    return found.known_as


def snapshot(locality: Locality) -> dict[str, Any]:
    """What the audit log keeps of a locality."""
    return {name: getattr(locality, name) for name in SNAPSHOT_FIELDS}


def require_commune(parent: Locality | None) -> Locality:
    """Hamlets hang under a 2025 commune, nothing else."""
    if parent is None:
        raise DomainError("localities.commune_not_found", "parent", status=404)
    if parent.level != "commune" or parent.era != "vn2025":
        code = (
            "localities.parent_legacy"
            if parent.era == "legacy"
            else "localities.parent_not_commune"
        )
        kind = KIND_LABELS.get(parent.kind, parent.kind).lower()
        raise DomainError(code, "parent", name=parent.name, kind=kind)
    return parent


@dataclass
class HamletDraft(RowDraft):
    """One hamlet to be added, as given and as it will be stored, with its `problems`."""

    name: str
    kind: str
    code: str
    stored_name: str = ""
    kind_value: str | None = None
    code_value: str | None = None
    key: str = ""

    def given(self) -> dict[str, Any]:
        """The row as given, as `drafts_from_rows` reads it back (a confirmed preview)."""
        return {"line": self.line, "name": self.name, "kind": self.kind, "code": self.code}


class HamletPreview(FilePreview[HamletDraft]):
    """Every row of a hamlet list with its problems; nothing is written."""


class HamletRowsError(RowsError[HamletDraft]):
    """A list of hamlets with row errors: nothing was written (`drafts` holds every row)."""

    def __init__(self, drafts: list[HamletDraft]) -> None:
        super().__init__("localities.rows_with_errors", drafts)


def _formula_error(field_name: str, value: str) -> DomainError | None:
    if not value.startswith(FORMULA_STARTS):
        return None
    return DomainError("localities.formula", field_name, value=value[:20], first=value[0])


def check_hamlets(
    commune: Locality, drafts: list[HamletDraft], *, other_than: Locality | None = None
) -> list[HamletDraft]:
    """Validate hamlet drafts against each other and the commune's existing hamlets (retired
    ones included: their names and codes stay reserved); `other_than` is a hamlet being
    changed, whose own name and code are free for it.

    Fills `problems`, `stored_name`, `kind_value`, `code_value` and `key` of every draft.
    """
    others = select(Locality.search_name, Locality.code, Locality.name, Locality.retired_at)
    others = others.where(Locality.parent_id == commune.id, Locality.level == "hamlet")
    if other_than is not None:
        others = others.where(Locality.id != other_than.id)
    existing = db.session.execute(others).all()
    names_taken = {row.search_name: row for row in existing}
    codes_taken = {row.code.lower(): row.name for row in existing if row.code}
    names_in_file: dict[str, int] = {}
    codes_in_file: dict[str, int] = {}
    for draft in drafts:
        refuse = draft.problems.append
        for field_name in ("name", "kind", "code"):
            problem = _formula_error(field_name, getattr(draft, field_name))
            if problem:
                refuse(problem)
        if draft.problems:
            continue
        kind = parse_hamlet_kind(draft.kind) if draft.kind.strip() else None
        if not draft.kind.strip():
            refuse(DomainError("localities.kind_missing", "kind"))
        elif kind is None:
            allowed = ", ".join(KIND_LABELS[k] for k in HAMLET_KINDS)
            refuse(DomainError("localities.kind_invalid", "kind", kind=draft.kind, allowed=allowed))
        draft.kind_value = kind
        name = " ".join(draft.name.split())
        if not name:
            refuse(DomainError("localities.name_missing", "name"))
        elif len(name) > HAMLET_NAME_MAX:
            refuse(
                DomainError(
                    "localities.name_too_long", "name", length=len(name), most=HAMLET_NAME_MAX
                )
            )
        elif not fold(name):
            refuse(DomainError("localities.name_without_letters", "name"))
        elif kind:
            draft.stored_name = hamlet_display_name(name, kind)
            draft.key = search_key(draft.stored_name, kind)
            if draft.key in names_taken:
                taken = names_taken[draft.key]
                refuse(_duplicate(taken.name, commune, retired=taken.retired_at is not None))
            elif draft.key in names_in_file:
                refuse(
                    DomainError("localities.name_repeated", "name", line=names_in_file[draft.key])
                )
            else:
                names_in_file[draft.key] = draft.line
        code = draft.code.strip()
        if code:
            if not HAMLET_CODE_PATTERN.match(code):
                refuse(DomainError("localities.code_invalid", "code", value=code))
            elif code.lower() in codes_taken:
                refuse(
                    DomainError(
                        "localities.code_taken", "code", value=code, name=codes_taken[code.lower()]
                    )
                )
            elif code.lower() in codes_in_file:
                refuse(
                    DomainError(
                        "localities.code_repeated", "code", line=codes_in_file[code.lower()]
                    )
                )
            else:
                codes_in_file[code.lower()] = draft.line
                draft.code_value = code
    return drafts


def _duplicate(name: str, commune: Locality, *, retired: bool = False) -> DomainError:
    code = "localities.hamlet_duplicate_retired" if retired else "localities.hamlet_duplicate"
    return DomainError(code, "name", name=name, commune=commune.name)


def _hamlet_conflicts(
    commune: Locality, draft: HamletDraft | None = None
) -> AbstractContextManager[None]:
    """The hamlets' transaction: a concurrent request that wrote the same hamlet first is a 409
    on the name (the duplicate's message when one hamlet is written) or on the code."""
    name_taken: DomainError | str = _duplicate(draft.stored_name, commune) if draft else "name"
    return transaction(
        {"uq_localities_hamlet_name": name_taken, "uq_localities_hamlet_code": "code"}
    )


def _insert_hamlet(commune: Locality, draft: HamletDraft) -> Locality:
    assert draft.kind_value is not None
    hamlet = Locality(
        era="vn2025",
        level="hamlet",
        kind=draft.kind_value,
        code=draft.code_value,
        name=draft.stored_name,
        search_name=draft.key,
        sort_key=sort_key(draft.stored_name, draft.kind_value),
        parent_id=commune.id,
        path="",
        depth=commune.depth + 1,
    )
    db.session.add(hamlet)
    db.session.flush()
    hamlet.path = f"{commune.path}{hamlet.id}/"
    record_change("create", "locality", hamlet.id, None, snapshot(hamlet), hamlet.id)
    return hamlet


def add_hamlet(commune: Locality | None, name: str, kind: str, code: str | None = None) -> Locality:
    """Add one hamlet under a 2025 commune; raises its first problem (nothing written)."""
    commune = require_commune(commune)
    (draft,) = check_hamlets(commune, [HamletDraft(1, name or "", kind or "", code or "")])
    if not draft.ok:
        raise draft.problems[0]
    with _hamlet_conflicts(commune, draft):
        return _insert_hamlet(commune, draft)


def add_hamlets(commune: Locality | None, drafts: list[HamletDraft]) -> list[Locality]:
    """Add many hamlets all-or-nothing (re-validated here); HamletRowsError when any row is bad."""
    commune = require_commune(commune)
    if not drafts:
        raise DomainError("localities.no_rows", "file")
    _check_limits([FileRow(d.line, d.name, d.kind, d.code) for d in drafts])
    check_hamlets(commune, drafts)
    if not all(d.ok for d in drafts):
        raise HamletRowsError(drafts)
    with _hamlet_conflicts(commune):
        return [_insert_hamlet(commune, draft) for draft in drafts]


# ---- changing a hamlet: rename, move, retire, restore -----------------------------------------


def require_hamlet(locality: Locality, *, active: bool = True) -> Locality:
    """Only hamlets change here (official units follow the catalogue); with `active`, a retired
    hamlet is refused too (it is restored first)."""
    if locality.level != "hamlet":
        raise DomainError("localities.only_hamlets_change", "id", name=locality.name)
    if active and locality.retired_at is not None:
        raise DomainError("localities.hamlet_retired", "id", status=409, name=locality.name)
    return locality


def update_hamlet(
    hamlet: Locality,
    *,
    name: str | None = None,
    kind: str | None = None,
    code: str | None = None,
) -> Locality:
    """Rename a hamlet, change its type or its code (None keeps a value, "" clears the code),
    checked as a new hamlet of its commune is; audited as "update" when anything changed."""
    require_hamlet(hamlet)
    commune = require_commune(hamlet.parent)
    given = HamletDraft(
        1,
        hamlet.name if name is None else name,
        hamlet.kind if kind is None else kind,
        (hamlet.code or "") if code is None else code,
    )
    (draft,) = check_hamlets(commune, [given], other_than=hamlet)
    if not draft.ok:
        raise draft.problems[0]
    assert draft.kind_value is not None
    changes = {
        "name": draft.stored_name,
        "kind": draft.kind_value,
        "code": draft.code_value,
        "search_name": draft.key,
        "sort_key": sort_key(draft.stored_name, draft.kind_value),
    }
    if all(getattr(hamlet, key) == value for key, value in changes.items()):
        return hamlet
    before = snapshot(hamlet)
    with _hamlet_conflicts(commune, draft):
        for key, value in changes.items():
            setattr(hamlet, key, value)
        record_change("update", "locality", hamlet.id, before, snapshot(hamlet), hamlet.id)
    return hamlet


def move_targets(hamlet: Locality) -> list[Locality]:
    """The communes a hamlet may be moved to: the other 2025 communes of its province, the
    Vietnamese way (who may move it where is the caller's to check)."""
    province_id = path_ids(hamlet)[0]
    return list(
        db.session.scalars(
            select(Locality)
            .where(
                Locality.parent_id == province_id,
                Locality.level == "commune",
                Locality.era == "vn2025",
                Locality.id != hamlet.parent_id,
            )
            .order_by(*VIETNAMESE_ORDER)
        )
    )


def move_hamlet(hamlet: Locality, commune: Locality | None) -> Locality:
    """File a hamlet under another commune of the same province (one filed under the wrong
    commune, or one whose houses a boundary change put in the next commune).

    Hamlets hang directly under their 2025 commune (the reform removed the district level), so
    a move is a change of commune; it stays within the province, where one officer (of the
    province) answers for both communes. Its name and code must be free in the new commune.
    Audited as "move" (before and after name the communes).
    """
    require_hamlet(hamlet)
    try:
        commune = require_commune(commune)
    except DomainError as error:
        error.field = "commune_id"  # as the API's body and the page's form name it
        raise
    if commune.id == hamlet.parent_id:
        return hamlet
    if path_ids(commune)[0] != path_ids(hamlet)[0]:
        province = ancestors(hamlet)[0]
        raise DomainError(
            "localities.move_other_province",
            "commune_id",
            name=commune.name,
            province=province.name,
        )
    (draft,) = check_hamlets(commune, [HamletDraft(1, hamlet.name, hamlet.kind, hamlet.code or "")])
    if not draft.ok:
        raise draft.problems[0]
    before = snapshot(hamlet)
    old_path = hamlet.path
    with _hamlet_conflicts(commune, draft):
        hamlet.parent_id = commune.id
        db.session.flush()
        rewrite_subtree_paths(
            old_path, f"{commune.path}{hamlet.id}/", commune.depth + 1 - hamlet.depth
        )
        db.session.refresh(hamlet)
        record_change("move", "locality", hamlet.id, before, snapshot(hamlet), hamlet.id)
    return hamlet


def retire_hamlet(hamlet: Locality) -> Locality:
    """Stop using a hamlet: it leaves the lists and the search but keeps its row, its page and
    its history (data and the audit log point at it). Retiring a retired hamlet changes
    nothing. Audited as "retire"."""
    require_hamlet(hamlet, active=False)
    if hamlet.retired_at is not None:
        return hamlet
    before = snapshot(hamlet)
    with transaction():
        hamlet.retired_at = utcnow()
        record_change("retire", "locality", hamlet.id, before, snapshot(hamlet), hamlet.id)
    return hamlet


def restore_hamlet(hamlet: Locality) -> Locality:
    """Bring a retired hamlet back into the lists (its name and code stayed reserved, so nothing
    can clash). Restoring an active hamlet changes nothing. Audited as "restore"."""
    require_hamlet(hamlet, active=False)
    if hamlet.retired_at is None:
        return hamlet
    before = snapshot(hamlet)
    with transaction():
        hamlet.retired_at = None
        record_change("restore", "locality", hamlet.id, before, snapshot(hamlet), hamlet.id)
    return hamlet


# ---- hamlet lists from files --------------------------------------------------------------------


def read_hamlet_drafts(filename: str, data: bytes) -> list[HamletDraft]:
    """The rows of an uploaded CSV/XLSX as drafts; a DomainError on "file" when unreadable."""
    try:
        rows = read_hamlet_file(filename, data)
    except HamletFileError as error:
        raise file_error("localities", error) from error
    return [HamletDraft(row.line, row.name, row.kind, row.code) for row in rows]


def preview_hamlet_file(commune: Locality | None, filename: str, data: bytes) -> HamletPreview:
    """Every row of the file with its problems; writes nothing."""
    commune = require_commune(commune)
    return HamletPreview(check_hamlets(commune, read_hamlet_drafts(filename, data)))


def import_hamlet_file(commune: Locality | None, filename: str, data: bytes) -> list[Locality]:
    """Add every hamlet of the file, or none (HamletRowsError lists the bad rows)."""
    commune = require_commune(commune)
    return add_hamlets(commune, read_hamlet_drafts(filename, data))


def drafts_from_rows(rows: Iterable[dict[str, Any]]) -> list[HamletDraft]:
    """Drafts from plain rows ({"line", "name", "kind", "code"}), e.g. a confirmed preview.

    The same limits as a file's apply (`check_limits`): a DomainError on "file" beyond them.
    """
    file_rows = []
    for index, row in enumerate(rows, start=1):
        line = row.get("line")
        file_rows.append(
            FileRow(
                line if isinstance(line, int) and 0 < line < 2**31 else index,
                _as_text(row.get("name")),
                _as_text(row.get("kind")),
                _as_text(row.get("code")),
            )
        )
        if len(file_rows) > hamlet_files.MAX_ROWS:
            break  # enough to refuse: the rest is not looked at
    _check_limits(file_rows)
    return [HamletDraft(row.line, row.name, row.kind, row.code) for row in file_rows]


def _check_limits(rows: list[FileRow]) -> None:
    """A file's limits (rows, cell length) on any list of rows."""
    try:
        check_limits(rows)
    except HamletFileError as error:
        raise file_error("localities", error) from error


def _as_text(value: object) -> str:
    """A posted value as text: strings and numbers only, anything else is empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""
