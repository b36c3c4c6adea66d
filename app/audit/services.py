"""Recording changes to shared data, and reading them back within a person's scope.

`record_change` only adds the entry to the session: the caller's transaction owns it, so the
change and its audit entry are committed (or rolled back) together.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import abort, has_request_context
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, func, select

from app.accounts.permissions import can_manage, managed_localities
from app.audit.models import AuditEntry
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import subtree_ids_select

SYSTEM_LABEL = "system"


@dataclass(frozen=True)
class Actor:
    """Who is acting outside a request (a CLI command, an import job)."""

    label: str
    user_id: int | None = None


_acting_as: ContextVar[Actor | None] = ContextVar("quet_audit_actor", default=None)


@contextmanager
def acting_as(label: str, user_id: int | None = None) -> Iterator[Actor]:
    """Attribute the changes recorded inside the block to `label` (e.g. "cli", "cli:ops@x.vn")."""
    actor = Actor(label=label, user_id=user_id)
    token = _acting_as.set(actor)
    try:
        yield actor
    finally:
        _acting_as.reset(token)


def current_actor() -> Actor:
    """The signed-in user during a request, else the `acting_as` actor, else "system"."""
    if has_request_context():
        if current_user and current_user.is_authenticated:
            return Actor(label=current_user.email, user_id=current_user.id)
    return _acting_as.get() or Actor(label=SYSTEM_LABEL)


def jsonable(value: Any) -> Any:
    """A snapshot as plain JSON: datetimes → ISO text, Decimal → int or text, enums → value."""
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def record_change(
    action: str,
    entity: str,
    entity_id: int | str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    locality_id: int | None,
) -> AuditEntry:
    """Add an audit entry for a change to the current session (it is not committed here)."""
    actor = current_actor()
    entry = AuditEntry(
        actor_id=actor.user_id,
        actor_label=actor.label[:255],
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        locality_id=locality_id,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
    )
    db.session.add(entry)
    return entry


def changed_fields(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field that differs, in a stable order."""
    before = entry.before or {}
    after = entry.after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [
        (key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)
    ]


# ---- reading ------------------------------------------------------------------------------


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
