"""Stored indicator values: each count as of a day, summed over every province's and every
commune's subtree, so that the dashboard of the country or of a province reads a few thousand
stored rows instead of passing over a million vendors and their histories each time.

A (count, day) is computed from the raw rows the first time it is asked for and stored
(`IndicatorDay` marks it complete, `IndicatorValue` holds the non-zero sums); later reads take
the stored sums. Stored values are only ever a copy of the computation from raw rows: any
change to a table an indicator reads removes the stored days of the counts that read it, from
the change's date on — a new row from its own earliest date (a participation step dated last
month re-opens last month and every later day), an edited or deleted row, or a bulk statement,
every stored day. Which tables each count reads is found in its own SQL, so a new indicator
needs no list to be kept; a count the fixed indicators do not name (one a feature's data
defines, or a test's) is removed on any change to any of those tables.

A commune's own breakdown (its hamlets) is read from the raw rows: its subtree is small.
`QUET_INDICATOR_STORE=0` turns storing off (every figure from the raw rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Table, delete, event, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.selectable import Alias
from sqlalchemy.sql.util import find_tables

from app.database import utcnow
from app.extensions import db
from app.feature import fixed_indicators
from app.feature import indicators as registered_indicators
from app.indicators import Count
from app.localities.models import Locality
from app.reports.models import IndicatorDay, IndicatorValue

#: The levels whose subtree sums are stored (a commune's hamlets are read from raw rows).
STORED_LEVELS = ("province", "commune")
_SOURCES_KEY = "quet.indicator_sources"
_WROTE = "quet.wrote"
_CHUNK = 2000


def enabled() -> bool:
    """Whether stored values are used (`INDICATOR_STORE`, on by default)."""
    return bool(current_app.config.get("INDICATOR_STORE", True))


def count_key(count: Count) -> str:
    """A stable name of a count: the first indicator part that reads it ("markets.cho_4_0:n"),
    so the same count is stored once whichever indicator asks for it."""
    for code, item in registered_indicators(current_app).items():
        if item.numerator is count:
            return f"{code}:n"
        if item.denominator is count:
            return f"{code}:d"
    described = repr(count)  # a count outside the registry (tests)
    return "other:" + hashlib.blake2b(described.encode(), digest_size=12).hexdigest()


def _table_names(statement: Any) -> set[str]:
    names: set[str] = set()
    for table in find_tables(statement, include_aliases=True, check_columns=True):
        found: Any = table
        while isinstance(found, Alias):
            found = found.element
        if isinstance(found, Table):
            names.add(found.name)
    return names


def count_tables() -> dict[str, set[str]]:
    """The tables each count of the fixed indicators reads (found in its SQL), by count key,
    with the localities (the rollup follows their paths). The fixed indicators say it: those a
    feature's data defines read the same tables (`app.feature.DataIndicators`), and this runs
    inside a flush, where the data is not read."""
    fixed = fixed_indicators(current_app)
    found: tuple[dict[str, Any], dict[str, set[str]]] | None = current_app.extensions.get(
        _SOURCES_KEY
    )
    if found is not None and found[0] is fixed:
        return found[1]
    cached: dict[str, set[str]] = {}
    seen: set[int] = set()  # a count two indicators share has the first one's key
    for code, item in fixed.items():
        for part, count in (("n", item.numerator), ("d", item.denominator)):
            if count is not None and id(count) not in seen:
                seen.add(id(count))
                tables = _table_names(count(date(2025, 7, 1)))
                cached[f"{code}:{part}"] = {"localities"} | tables
    current_app.extensions[_SOURCES_KEY] = (fixed, cached)  # until the registry is replaced
    return cached


def source_tables() -> set[str]:
    """Every table the registered indicators read, and the localities."""
    return set().union({"localities"}, *count_tables().values())


def _spared(changed: set[str]) -> list[str]:
    """The keys of the counts that read none of the `changed` tables (their days stay)."""
    return [key for key, tables in count_tables().items() if not tables & changed]


def stored_values(count: Count, days: Sequence[date], ids: Sequence[int]) -> list[dict[int, int]]:
    """For each of `days`, the count as of that day summed over the subtree of each of `ids`
    (provinces or communes), from the store: a day not stored yet is computed from the raw rows
    and stored first. Two queries for all the days once they are stored."""
    key = count_key(count)
    wanted = list(ids)
    known = set(
        db.session.scalars(
            select(IndicatorDay.day).where(
                IndicatorDay.count_key == key, IndicatorDay.day.in_(list(days))
            )
        )
    )
    found: dict[date, dict[int, int]] = {day: {} for day in days}
    for day in days:
        if day not in known:
            computed = _store(count, key, day)
            found[day] = {unit: computed[unit] for unit in wanted if unit in computed}
    if known:
        rows = db.session.execute(
            select(IndicatorValue.day, IndicatorValue.locality_id, IndicatorValue.value).where(
                IndicatorValue.count_key == key,
                IndicatorValue.day.in_(list(known)),
                IndicatorValue.locality_id.in_(wanted),
            )
        )
        for day, unit, value in rows:
            found[day][unit] = int(value)
    return [found[day] for day in days]


def _store(count: Count, key: str, day: date) -> dict[int, int]:
    """Compute the count as of `day` for the whole country, store its subtree sums and return
    them (by province and commune id)."""
    per_locality = count(day).subquery()
    stored = dict(
        db.session.execute(
            select(Locality.id, Locality.level).where(
                Locality.era == "vn2025", Locality.level.in_(STORED_LEVELS)
            )
        )
        .tuples()
        .all()
    )
    sums: dict[int, int] = {}
    rows = db.session.execute(
        select(Locality.path, per_locality.c.value)
        .join(per_locality, per_locality.c.locality_id == Locality.id)
        .where(Locality.era == "vn2025")
    )
    for path, value in rows:
        amount = int(value or 0)
        if not amount:
            continue
        for part in path.strip("/").split("/"):
            unit = int(part)
            if unit in stored:
                sums[unit] = sums.get(unit, 0) + amount
    session = db.session
    wrote_before = bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)
    try:
        with session.begin_nested():
            connection = session.connection()
            connection.execute(insert(IndicatorDay), [_stamped(count_key=key, day=day)])
            values = [
                _stamped(count_key=key, day=day, locality_id=unit, value=total)
                for unit, total in sums.items()
            ]
            for start in range(0, len(values), _CHUNK):
                connection.execute(insert(IndicatorValue), values[start : start + _CHUNK])
    except IntegrityError:
        return sums  # another worker stored the same day meanwhile: its values are these
    if not wrote_before:
        # Nothing else of the caller's is pending: keep the stored values now (a page that only
        # reads would otherwise roll them back at its end).
        session.commit()
    return sums


def _stamped(**values: Any) -> dict[str, Any]:
    now = utcnow()
    return {**values, "created_at": now, "updated_at": now}


def forget(since: date | None) -> None:
    """Remove the stored values of every day from `since` on (every day when None)."""
    _forget_on(db.session.connection(), since)


def _forget_on(connection: Any, since: date | None, changed: set[str] | None = None) -> None:
    """Remove the stored days from `since` on (every day when None) of the counts that read a
    `changed` table (every count when None)."""
    days = delete(IndicatorDay)
    values = delete(IndicatorValue)
    if since is not None:
        days = days.where(IndicatorDay.day >= since)
        values = values.where(IndicatorValue.day >= since)
    spared = _spared(changed) if changed is not None else []
    if spared:
        days = days.where(IndicatorDay.count_key.not_in(spared))
        values = values.where(IndicatorValue.count_key.not_in(spared))
    connection.execute(values)
    connection.execute(days)


def _earliest_day(instance: Any) -> date | None:
    """The earliest date a new row carries (its effective, decision, founding or creation
    date): the first day whose figures it can change. None when it carries none."""
    found: list[date] = []
    for column in instance.__table__.columns:
        value = getattr(instance, column.key, None)
        if isinstance(value, datetime):
            found.append(value.date() - timedelta(days=1))  # UTC: a day earlier in Vietnam
        elif isinstance(value, date):
            found.append(value)
    return min(found) if found else None


def _touched(instances: Iterable[Any], sources: set[str]) -> set[str]:
    """The tables among `sources` that `instances` are rows of."""
    names = {getattr(item, "__tablename__", None) for item in instances}
    return {name for name in names if name in sources}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """A flush that changed a table the indicators read removes the stored days it affects:
    every day for an edited or deleted row, from a new row's earliest date on, each of the
    counts that read the table only."""
    session.info[_WROTE] = True
    if not has_app_context() or not enabled():
        return
    sources = source_tables()
    edited = _touched([*session.dirty, *session.deleted], sources)
    if edited:
        _forget_on(session.connection(), None, edited)
    added = [item for item in session.new if getattr(item, "__tablename__", None) in sources]
    if added:
        days = [_earliest_day(item) for item in added]
        since = None if None in days else min(d for d in days if d)
        _forget_on(session.connection(), since, _touched(added, sources))


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    """An UPDATE, DELETE or INSERT statement on a table the indicators read removes every
    stored day (its rows cannot be told apart here)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    state.session.info[_WROTE] = True
    if not has_app_context() or not enabled():
        return
    table = getattr(state.statement, "table", None)
    while isinstance(table, Alias):
        table = table.element
    if isinstance(table, Table) and table.name in source_tables():
        _forget_on(state.session.connection(), None, {table.name})


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_ended(session: Session) -> None:
    session.info.pop(_WROTE, None)
