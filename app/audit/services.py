"""Reading the audit log back within a person's scope (the kernel's `app.audit_log` writes it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, Select, func, select

from app.accounts.permissions import can_manage, managed_localities
from app.audit_log import AuditEntry
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import subtree_ids_select


def changed_fields(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field that differs, in a stable order."""
    before = entry.before or {}
    after = entry.after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [
        (key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)
    ]


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def entities() -> list[str]:
    """The entity names that occur in the log (for the filter)."""
    return list(
        db.session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity))
    )


def audit_query(
    visible: ColumnElement[bool],
    *,
    entity: str | None = None,
    locality: Locality | None = None,
) -> Select[tuple[AuditEntry]]:
    """Entries that satisfy `visible` (the reader's scope, e.g.
    `viewable_localities(user).where(AuditEntry.locality_id)`), newest first, optionally
    narrowed to one entity type and to one locality's subtree."""
    query = select(AuditEntry).where(visible)
    if locality is not None:
        query = query.where(AuditEntry.locality_id.in_(subtree_ids_select(locality)))
    if entity:
        query = query.where(AuditEntry.entity == entity)
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def paginate(query: Select[tuple[AuditEntry]], page: int, per_page: int = 50) -> AuditPage:
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    entries = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return AuditPage(entries=entries, page=page, per_page=per_page, total=total or 0)


def log_for(
    user: Any,
    *,
    entity: str | None = None,
    locality: Locality | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """The part of the log `user` may read: admins everything, officers their subtree.

    Others get a 403; filtering on a locality outside the reader's subtree is a 403 too.
    """
    scope = managed_localities(user)
    if scope.is_empty:
        abort(403)
    if locality is not None and not can_manage(user, locality):
        abort(403)
    query = audit_query(scope.where(AuditEntry.locality_id), entity=entity, locality=locality)
    return paginate(query, page, per_page)


def may_read_log(user: Any) -> bool:
    return not managed_localities(user).is_empty
