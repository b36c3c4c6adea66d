"""Ending a service's work: `transaction()` (a block) and `commit()` are the one way services
commit, so every one of them rolls back the same way on failure and a unique index's refusal is
a conflict (409) on a named field, never a 500.

Services check for duplicates before writing, but two identical requests can both pass the check
and race to the insert: the unique index lets one through and refuses the other with an
IntegrityError. `transaction` recognises that refusal on PostgreSQL (the constraint name from the
server's diagnostics) and on SQLite (the table and columns from its message, matched to the
index in the metadata) and raises a `DomainError` with status 409:

    with transaction({"uq_localities_hamlet_name": DomainError(
        "localities.hamlet_duplicate", "name", name=..., commune=...)}):
        db.session.add(hamlet)

Other integrity errors (foreign keys, checks, NOT NULL) are programming errors and propagate.

Transactions nest: a service called inside another service's `transaction()` (an import that
creates many vendors through `create_vendor`, `add_account`, …) writes into the outer unit. Its
block ends with a flush (a unique index still refuses there, as that service's 409), and the
outer block commits everything at its end or rolls everything back: all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from app.errors import DomainError
from app.extensions import db

#: How deep the current service calls are in `transaction()` blocks (session-local).
_DEPTH_KEY = "quet.transaction_depth"
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
def transaction(conflicts: Mapping[str, DomainError | str] | None = None) -> Iterator[None]:
    """The block's writes as one unit: committed at the end, rolled back on any failure.

    A unique index's refusal (at a flush inside the block or at the commit) raises the
    `DomainError` given for that index in `conflicts` (or the generic "conflict" on the field
    named there, or on no field) with status 409; other errors propagate after the rollback.
    """
    info = db.session.info
    if info.get(_DEPTH_KEY):
        with _inner(conflicts):
            yield
        return
    info[_DEPTH_KEY] = 1
    try:
        yield
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        index = violated_unique_index(error)
        if index is None:
            raise
        raise conflict_error(index, conflicts or {}) from error
    except BaseException:
        db.session.rollback()
        raise
    finally:
        info.pop(_DEPTH_KEY, None)


@contextmanager
def _inner(conflicts: Mapping[str, DomainError | str] | None) -> Iterator[None]:
    """A transaction inside another: flushed, not committed; the outer one ends it."""
    info = db.session.info
    info[_DEPTH_KEY] += 1
    try:
        yield
        db.session.flush()
    except IntegrityError as error:
        index = violated_unique_index(error)
        if index is None:
            raise
        raise conflict_error(index, conflicts or {}) from error
    finally:
        info[_DEPTH_KEY] -= 1


def commit(conflicts: Mapping[str, DomainError | str] | None = None) -> None:
    """Commit what the service has written so far (see `transaction`)."""
    with transaction(conflicts):
        pass


def conflict_error(index: str, conflicts: Mapping[str, DomainError | str]) -> DomainError:
    """The 409 for a refusal by the unique index `index`."""
    known = conflicts.get(index)
    if isinstance(known, DomainError):
        known.status = 409
        return known
    return DomainError("conflict", known, status=409)


def register_conflict_handler(app: Flask) -> None:
    """A unique index's refusal that reached no `commit()` (a flush inside a service) is still a
    409, never a 500; other integrity errors stay programming errors."""

    @app.errorhandler(IntegrityError)
    def unique_conflict(error: IntegrityError) -> Any:
        db.session.rollback()
        index = violated_unique_index(error)
        if index is None:
            raise error
        return app.handle_user_exception(conflict_error(index, {}))
