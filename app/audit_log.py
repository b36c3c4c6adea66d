"""The audit log's writer: one row per change to shared data (who, when, what, before → after).

Part of the kernel so that every feature can record its changes without depending on the
audit feature, which only reads the log back (`app/audit/`). `record_change` only adds the
entry to the session: the caller's transaction owns it, so the change and its audit entry are
committed (or rolled back) together.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, synonym

from app.access import is_signed_in
from app.database import Base, TimestampMixin
from app.extensions import db

SYSTEM_LABEL = "system"


class AuditEntry(TimestampMixin, Base):
    """A change to shared data. Entries are only ever added, never updated or deleted.

    `actor_label` keeps who acted (an email, or "cli"/"system") even if the user is deleted later;
    `locality_id` is the locality whose subtree the change belongs to, so that officers can read
    the entries of their own subtree.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_entity_entity_id", "entity", "entity_id"),
        Index("ix_audit_entries_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When the change happened (the entry's `created_at`; entries are never updated).
    at: Mapped[datetime] = synonym("created_at")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_label: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    locality_id: Mapped[int | None] = mapped_column(
        ForeignKey("localities.id", ondelete="SET NULL"), index=True
    )
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.entity}:{self.entity_id} by {self.actor_label}>"


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
        if is_signed_in(current_user):
            return Actor(label=current_user.login_name, user_id=current_user.id)
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


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a row, as an audit entry's before or after."""
    return {name: getattr(row, name) for name in fields}


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


def recorded_row[T](model: type[T], value: Any) -> T | None:
    """The row an audit entry recorded by its id (an int, or digits as text), if it is still in
    the database; None for anything else or a row since deleted."""
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and value.isdigit())
    ):
        return None
    return db.session.get(model, int(value))
