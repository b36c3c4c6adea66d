"""Reading the audit log back within a person's scope (the kernel's `app.audit_log` writes it).

Refusals are `DomainError`s with an "audit.…" code (texts in `app.audit.messages`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.accounts.permissions import managed_localities
from app.audit_log import AuditEntry
from app.errors import DomainError
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
    """One page of the log a person may read, newest first."""

    entries: list[AuditEntry]
    page: int
    per_page: int
    total: int
    #: The locality the log was narrowed to, if any.
    locality: Locality | None = None

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


def log_for(
    user: Any,
    *,
    entity: str | None = None,
    locality_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """The part of the log `user` may read (admins everything, officers their subtree), newest
    first, optionally narrowed to one entity type and to one locality's subtree.

    Others are refused (403); an unknown locality is a 404, one outside the reader's subtree a
    403.
    """
    scope = managed_localities(user)
    if scope.is_empty:
        raise DomainError("audit.forbidden", status=403)
    query = select(AuditEntry).where(scope.where(AuditEntry.locality_id))
    locality = None
    if locality_id is not None:
        locality = db.session.get(Locality, locality_id)
        if locality is None:
            raise DomainError("audit.locality_unknown", "locality", status=404)
        if not scope.contains(locality):
            raise DomainError("audit.locality_out_of_reach", "locality", status=403)
        query = query.where(AuditEntry.locality_id.in_(subtree_ids_select(locality)))
    if entity:
        query = query.where(AuditEntry.entity == entity)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    entries = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return AuditPage(list(entries), page, per_page, total, locality)
