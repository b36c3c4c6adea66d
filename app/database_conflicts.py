"""A unique index that refuses a write is a conflict (409) on a named field, never a 500.

Services check for duplicates before writing, but two identical requests can both pass the check
and race to the insert: the unique index lets one through and refuses the other with an
IntegrityError. `unique_conflicts_as_field_errors` turns that refusal into the app's FieldError
(status 409) naming the field, on PostgreSQL (the constraint name from the server's diagnostics)
and on SQLite (the table and columns from its message, matched to the index in the metadata).

    with unique_conflicts_as_field_errors({"uq_localities_hamlet_name": "name"}):
        db.session.add(hamlet)
        db.session.commit()

Other integrity errors (foreign keys, checks, NOT NULL) are programming errors and propagate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from app.errors import FieldError
from app.extensions import db

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")


def _sqlite_columns(message: str) -> tuple[str, tuple[str, ...]] | None:
    found = _SQLITE_UNIQUE.search(message)
    if found is None:
        return None
    pairs = [item.strip().split(".", 1) for item in found.group(1).split(",")]
    if not all(len(pair) == 2 for pair in pairs):
        return None
    return pairs[0][0], tuple(column for _table, column in pairs)


def _index_with_columns(table_name: str, columns: tuple[str, ...]) -> str | None:
    """The name of the unique index or constraint of `table_name` on exactly `columns`."""
    table = db.metadata.tables.get(table_name)
    if table is None:
        return None
    candidates: list[Index | UniqueConstraint] = [i for i in table.indexes if i.unique]
    candidates += [c for c in table.constraints if isinstance(c, UniqueConstraint)]
    for candidate in candidates:
        if tuple(column.name for column in candidate.columns) == columns:
            return str(candidate.name) if candidate.name else None
    return None


def violated_unique_index(error: IntegrityError) -> str | None:
    """The name of the unique index an IntegrityError comes from, or None if it is not one."""
    original = error.orig
    if getattr(original, "sqlstate", None) == UNIQUE_VIOLATION:  # psycopg 3
        diag = getattr(original, "diag", None)
        name = getattr(diag, "constraint_name", None)
        return str(name) if name else ""
    found = _sqlite_columns(str(original))
    if found is None:
        return None
    return _index_with_columns(*found) or ""


@contextmanager
def unique_conflicts_as_field_errors(
    fields: Mapping[str, str],
    messages: Mapping[str, str] | None = None,
    default_field: str = "_schema",
) -> Iterator[None]:
    """Roll back and raise FieldError(field, message, 409) when a unique index refuses a write.

    `fields` maps an index name to the input field it guards; an index not listed is reported on
    `default_field`. `messages` maps a field to its message (a generic one otherwise).
    """
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        index = violated_unique_index(error)
        if index is None:
            raise
        field = fields.get(index, default_field)
        message = (messages or {}).get(field) or _(
            "Giá trị này vừa được ghi bởi một yêu cầu khác; hãy tải lại trang và kiểm tra."
        )
        raise FieldError(field, message, status=409) from error
