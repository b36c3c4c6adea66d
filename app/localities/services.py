"""The rules of the localities feature: search, hamlets, restating legacy data.

Functions that change data own their transaction (they commit, or roll back and raise).
The tree lookups and subtree queries (`get_locality`, `is_within`, `ancestors`,
`subtree_select`, `subtree_ids_select`, …) live in `app.localities.tree`, which other features
import without depending on these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import gettext as translate  # non-literal messages: not extracted
from sqlalchemy import ColumnElement, case, func, literal, or_, select

from app.audit_log import record_change
from app.errors import DomainError, FieldError
from app.extensions import db
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
    split_query,
)
from app.localities.tree import get_by_code, is_within, rewrite_subtree_paths
from app.transaction import transaction
from app.vietqr.text import fold

HAMLET_NAME_MAX = 150
HAMLET_CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# ---- search -------------------------------------------------------------------------------------

LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}


@dataclass
class SearchPage:
    items: list[Locality]
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
    legacy. An empty query lists everything the filters allow.
    """
    folded, rest, kinds = split_query(query)
    stmt = select(Locality)
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
    if (page - 1) * per_page >= total:  # past the end (any page number): no OFFSET query
        return SearchPage([], total, page, per_page)
    level_rank = case(LEVEL_ORDER, value=Locality.level, else_=9)
    era_rank = case((Locality.era == "vn2025", 0), else_=1)
    items = db.session.scalars(
        stmt.order_by(rank, level_rank, era_rank, Locality.search_name, Locality.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return SearchPage(list(items), total, page, per_page)


# ---- restating legacy data on the 2025 units ----------------------------------------------------


def restate_on_2025(legacy_locality: Locality) -> list[tuple[Locality, bool]]:
    """The 2025 units that a legacy unit's data belongs to, each with `partly`: True when only
    part of the legacy unit went there (figures restated through it are approximate).

    Commune → its conversion rows; district → the union over its communes; province → its 2025
    province (the merger was whole-province, see importers.PROVINCE_MAP_2025). A 2025 unit maps
    to itself.
    """
    if legacy_locality.era == "vn2025":
        return [(legacy_locality, False)]
    if legacy_locality.level == "province":
        assert legacy_locality.code is not None
        target = get_by_code("vn2025", "province", PROVINCE_MAP_2025[int(legacy_locality.code)])
        return [(target, False)] if target else []
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
    result = [(targets[target_id], bool(partly)) for target_id, partly in rows]
    return sorted(result, key=lambda pair: (pair[0].search_name, pair[0].id))


# ---- hamlets ------------------------------------------------------------------------------------


def snapshot(locality: Locality) -> dict[str, Any]:
    """What the audit log keeps of a locality."""
    return {
        "era": locality.era,
        "level": locality.level,
        "kind": locality.kind,
        "code": locality.code,
        "name": locality.name,
        "parent_id": locality.parent_id,
    }


def _record_change(
    action: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    locality_id: int | None,
) -> None:

    record_change(action, "locality", entity_id, before, after, locality_id)


def require_commune(parent: Locality | None) -> Locality:
    """Hamlets hang under a 2025 commune, nothing else."""
    if parent is None:
        raise FieldError("parent", _("Không tìm thấy xã/phường để thêm thôn/ấp."), status=404)
    if parent.level != "commune" or parent.era != "vn2025":
        kind = KIND_LABELS.get(parent.kind, parent.kind).lower()
        if parent.era == "legacy":
            message = _(
                "Thôn/ấp chỉ thêm được dưới một xã/phường/đặc khu (từ 2025); "
                "'%(name)s' là %(kind)s (trước 2025).",
                name=parent.name,
                kind=kind,
            )
        else:
            message = _(
                "Thôn/ấp chỉ thêm được dưới một xã/phường/đặc khu (từ 2025); "
                "'%(name)s' là %(kind)s.",
                name=parent.name,
                kind=kind,
            )
        raise FieldError("parent", message)
    return parent


@dataclass
class HamletDraft:
    """One hamlet to be added, as given and as it will be stored; `errors` by field."""

    line: int
    name: str
    kind: str
    code: str
    stored_name: str = ""
    kind_value: str | None = None
    code_value: str | None = None
    key: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add_error(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _formula_error(value: str) -> str | None:
    if not value.startswith(FORMULA_STARTS):
        return None
    message: str = _(
        "'%(value)s' bắt đầu bằng '%(first)s': ô giống công thức bảng tính, không được chấp nhận",
        value=value[:20],
        first=value[0],
    )
    return message


def check_hamlets(commune: Locality, drafts: list[HamletDraft]) -> list[HamletDraft]:
    """Validate hamlet drafts against each other and the commune's existing hamlets.

    Fills `errors`, `stored_name`, `kind_value`, `code_value` and `key` of every draft.
    """
    existing = db.session.execute(
        select(Locality.search_name, Locality.code, Locality.name).where(
            Locality.parent_id == commune.id, Locality.level == "hamlet"
        )
    ).all()
    names_taken = {row.search_name: row.name for row in existing}
    codes_taken = {row.code.lower(): row.name for row in existing if row.code}
    names_in_file: dict[str, int] = {}
    codes_in_file: dict[str, int] = {}
    for draft in drafts:
        for field_name in ("name", "kind", "code"):
            problem = _formula_error(getattr(draft, field_name))
            if problem:
                draft.add_error(field_name, problem)
        if draft.errors:
            continue
        kind = parse_hamlet_kind(draft.kind) if draft.kind.strip() else None
        if not draft.kind.strip():
            draft.add_error("kind", _("Thiếu loại (thôn, ấp, bản, khu phố, tổ dân phố …)."))
        elif kind is None:
            allowed = ", ".join(KIND_LABELS[k] for k in HAMLET_KINDS)
            draft.add_error(
                "kind",
                _(
                    "Loại '%(kind)s' không hợp lệ; dùng một trong: %(allowed)s.",
                    kind=draft.kind,
                    allowed=allowed,
                ),
            )
        draft.kind_value = kind
        name = " ".join(draft.name.split())
        if not name:
            draft.add_error("name", _("Thiếu tên."))
        elif len(name) > HAMLET_NAME_MAX:
            draft.add_error(
                "name",
                _(
                    "Tên dài %(length)d ký tự, tối đa %(most)d.",
                    length=len(name),
                    most=HAMLET_NAME_MAX,
                ),
            )
        elif not fold(name):
            draft.add_error("name", _("Tên phải có chữ hoặc số."))
        elif kind:
            draft.stored_name = hamlet_display_name(name, kind)
            draft.key = search_key(draft.stored_name, kind)
            if draft.key in names_taken:
                draft.add_error(
                    "name",
                    _(
                        "'%(name)s' đã có trong %(commune)s.",
                        name=names_taken[draft.key],
                        commune=commune.name,
                    ),
                )
            elif draft.key in names_in_file:
                draft.add_error(
                    "name", _("Trùng tên với dòng %(line)d.", line=names_in_file[draft.key])
                )
            else:
                names_in_file[draft.key] = draft.line
        code = draft.code.strip()
        if code:
            if not HAMLET_CODE_PATTERN.match(code):
                draft.add_error(
                    "code",
                    _(
                        "Mã '%(code)s' không hợp lệ: tối đa 20 chữ, số, '.', '_' hoặc '-'.",
                        code=code,
                    ),
                )
            elif code.lower() in codes_taken:
                draft.add_error(
                    "code",
                    _(
                        "Mã '%(code)s' đã dùng cho '%(name)s'.",
                        code=code,
                        name=codes_taken[code.lower()],
                    ),
                )
            elif code.lower() in codes_in_file:
                draft.add_error(
                    "code", _("Trùng mã với dòng %(line)d.", line=codes_in_file[code.lower()])
                )
            else:
                codes_in_file[code.lower()] = draft.line
                draft.code_value = code
    return drafts


def _insert_hamlet(commune: Locality, draft: HamletDraft) -> Locality:
    assert draft.kind_value is not None
    hamlet = Locality(
        era="vn2025",
        level="hamlet",
        kind=draft.kind_value,
        code=draft.code_value,
        name=draft.stored_name,
        search_name=draft.key,
        parent_id=commune.id,
        path="",
        depth=commune.depth + 1,
    )
    db.session.add(hamlet)
    db.session.flush()
    hamlet.path = f"{commune.path}{hamlet.id}/"
    _record_change("create", hamlet.id, None, snapshot(hamlet), hamlet.id)
    return hamlet


def add_hamlet(commune: Locality | None, name: str, kind: str, code: str | None = None) -> Locality:
    """Add one hamlet under a 2025 commune; raises FieldError (nothing written) when refused."""
    commune = require_commune(commune)
    (draft,) = check_hamlets(commune, [HamletDraft(1, name or "", kind or "", code or "")])
    if not draft.ok:
        field_name, messages = next(iter(draft.errors.items()))
        raise FieldError(field_name, messages[0])
    with _hamlet_conflicts(commune, draft):
        try:
            hamlet = _insert_hamlet(commune, draft)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return hamlet


def _hamlet_conflicts(
    commune: Locality, draft: HamletDraft | None = None
) -> AbstractContextManager[None]:
    """A concurrent request that wrote the same hamlet first: 409 on the name or the code."""
    conflicts: dict[str, DomainError | str] = {
        "uq_localities_hamlet_name": "name",
        "uq_localities_hamlet_code": "code",
    }
    if draft is not None:
        conflicts["uq_localities_hamlet_name"] = FieldError(
            "name",
            _("'%(name)s' đã có trong %(commune)s.", name=draft.stored_name, commune=commune.name),
        )
    return transaction(conflicts)


class HamletRowsError(FieldError):
    """A hamlet file with row errors: nothing was written. `drafts` holds every row."""

    def __init__(self, drafts: list[HamletDraft]) -> None:
        bad = [d for d in drafts if not d.ok]
        super().__init__(
            "file",
            _(
                "%(bad)d/%(total)d dòng có lỗi; chưa ghi dòng nào. Sửa tệp rồi nhập lại.",
                bad=len(bad),
                total=len(drafts),
            ),
        )
        self.drafts = drafts

    def row_errors(self) -> dict[str, list[str]]:
        """{"line 3": ["name: …"]} for the API's error body."""
        return {
            f"line {d.line}": [f"{f}: {m}" for f, ms in d.errors.items() for m in ms]
            for d in self.drafts
            if not d.ok
        }


def add_hamlets(commune: Locality | None, drafts: list[HamletDraft]) -> list[Locality]:
    """Add many hamlets all-or-nothing (re-validated here); HamletRowsError when any row is bad."""
    commune = require_commune(commune)
    if not drafts:
        raise FieldError("file", _("Tệp không có dòng dữ liệu nào."))
    _check_limits([FileRow(d.line, d.name, d.kind, d.code) for d in drafts])
    check_hamlets(commune, drafts)
    if not all(d.ok for d in drafts):
        raise HamletRowsError(drafts)
    with _hamlet_conflicts(commune):
        try:
            created = [_insert_hamlet(commune, draft) for draft in drafts]
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return created


def move_locality(node: Locality, new_parent: Locality) -> Locality:
    """Re-parent a hamlet (only hamlets move: official units follow the catalogue). Refuses a
    move that would make the tree cyclic, or that breaks the level rules."""
    if node.level != "hamlet":
        raise FieldError(
            "id", _("Chỉ thôn/ấp chuyển được; '%(name)s' là đơn vị chính thức.", name=node.name)
        )
    if is_within(new_parent, node):
        raise FieldError(
            "parent",
            _(
                "Không thể chuyển '%(name)s' vào chính nó hoặc đơn vị bên dưới nó (vòng lặp).",
                name=node.name,
            ),
        )
    require_commune(new_parent)
    if new_parent.id == node.parent_id:
        return node
    (draft,) = check_hamlets(new_parent, [HamletDraft(1, node.name, node.kind, node.code or "")])
    if not draft.ok:
        field_name, messages = next(iter(draft.errors.items()))
        raise FieldError(field_name, messages[0])
    before = snapshot(node)
    old_path = node.path
    new_path = f"{new_parent.path}{node.id}/"
    with _hamlet_conflicts(new_parent, draft):
        try:
            node.parent_id = new_parent.id
            db.session.flush()
            rewrite_subtree_paths(old_path, new_path, new_parent.depth + 1 - node.depth)
            _record_change("move", node.id, before, snapshot(node), new_parent.id)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    db.session.refresh(node)
    return node


# ---- hamlet lists from files --------------------------------------------------------------------


def read_hamlet_drafts(filename: str, data: bytes) -> list[HamletDraft]:
    """The rows of an uploaded CSV/XLSX as drafts; FieldError("file", …) when unreadable."""
    try:
        rows = read_hamlet_file(filename, data)
    except HamletFileError as error:
        # The reader is pure (no Flask): it gives the Vietnamese template and its values.
        raise FieldError("file", translate(error.template, **error.params)) from error
    return [HamletDraft(row.line, row.name, row.kind, row.code) for row in rows]


def preview_hamlet_file(commune: Locality | None, filename: str, data: bytes) -> list[HamletDraft]:
    """Every row of the file with its errors; writes nothing."""
    commune = require_commune(commune)
    return check_hamlets(commune, read_hamlet_drafts(filename, data))


def import_hamlet_file(commune: Locality | None, filename: str, data: bytes) -> list[Locality]:
    """Add every hamlet of the file, or none (HamletRowsError lists the bad rows)."""
    commune = require_commune(commune)
    return add_hamlets(commune, read_hamlet_drafts(filename, data))


def drafts_from_rows(rows: Iterable[dict[str, Any]]) -> list[HamletDraft]:
    """Drafts from plain rows ({"line", "name", "kind", "code"}), e.g. a confirmed preview.

    The same limits as a file's apply (`check_limits`): FieldError("file", …) beyond them.
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
    """A file's limits (rows, cell length) on any list of rows: FieldError("file", …)."""
    try:
        check_limits(rows)
    except HamletFileError as error:
        raise FieldError("file", translate(error.template, **error.params)) from error


def _as_text(value: object) -> str:
    """A posted value as text: strings and numbers only, anything else is empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""
