"""The dashboard at scale: the country's and one province's figures (breakdown by child as of
today, and the 12-month series of every indicator), beside a plain GROUP BY over the vendors.

Seeds its own data (`app.reports.scale`, QUET_BENCH_SCALE, national by default) once per
database and reuses it on later runs: SQLite in a file in /tmp (QUET_BENCH_SQLITE=0 skips it),
and PostgreSQL at
QUET_BENCH_POSTGRES_URL (an existing, empty or already seeded database; skipped with a message
when the variable is unset). Times are medians of warm runs.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

SQLITE_FILE = "/tmp/quet-bench-dashboard-{scale}.db"
REPEAT = 3
SKIPPED = {
    "sqlite": "QUET_BENCH_SQLITE=0",
    "postgresql": "set QUET_BENCH_POSTGRES_URL to measure it",
}


def _median_s(action: Callable[[], Any], repeat: int = REPEAT) -> float:
    action()  # warm the caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _databases(scale: str) -> list[tuple[str, str | None]]:
    postgres = os.environ.get("QUET_BENCH_POSTGRES_URL")
    url = (
        make_url(postgres).set(drivername="postgresql+psycopg").render_as_string(False)
        if postgres
        else None
    )
    sqlite = None if os.environ.get("QUET_BENCH_SQLITE") == "0" else SQLITE_FILE.format(scale=scale)
    return [("sqlite", sqlite and "sqlite:///" + sqlite), ("postgresql", url)]


def _prepare(label: str, scale: str) -> list[tuple[str, float, str]]:
    """Tables, the 2025 units and the scale data, unless already there."""
    from app.extensions import db
    from app.localities import importers
    from app.reports import scale as scale_data

    rows: list[tuple[str, float, str]] = []
    db.create_all()  # only the tables that are missing (a database seeded by an earlier version)
    if not db.session.execute(text("SELECT 1 FROM localities LIMIT 1")).first():
        importers.import_current()
    if not scale_data.already_seeded():
        print(f"  seeding the {scale} scale on {label} (once; later runs reuse it)", flush=True)
        report = scale_data.seed(scale, lambda _rows: None)
        rows.append((f"seed {scale} scale ({label})", report.seconds, "s"))
    if db.engine.dialect.name == "postgresql":
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return rows


def _measure(label: str, url: str, scale: str) -> list[tuple[str, float, str]]:
    from app import create_app
    from app.extensions import db
    from app.localities.models import Locality
    from app.reports.periods import months_up_to, period_containing
    from app.reports.rollup import breakdown, cutoff_day
    from app.reports.scale import seeded_counts
    from app.reports.series import monthly_series

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "bench"})
    with app.app_context():
        rows = _prepare(label, scale)
        counts = seeded_counts()
        today = date(2026, 11, 30)
        periods = months_up_to(period_containing(today, "month", cutoff_day()), 12)
        # Hà Nội when the 2025 units are loaded, else the first generated province.
        unit = db.session.scalars(
            select(Locality)
            .where(Locality.level == "province", Locality.era == "vn2025")
            .order_by((Locality.code == "01").desc(), Locality.id)
            .limit(1)
        ).first()

        def dashboard(parent: Locality | None) -> None:
            breakdown(parent, today)
            monthly_series(parent, periods)
            db.session.rollback()

        def group_by() -> None:
            db.session.execute(
                text("SELECT locality_id, count(*) FROM vendors GROUP BY locality_id")
            ).all()

        plain = _median_s(group_by)
        national = _median_s(lambda: dashboard(None))
        one = _median_s(lambda: dashboard(unit))
        name = unit.name if unit else "?"
        rows += [
            (f"data: {counts['vendors']:,} vendors, {counts['participation_steps']:,} steps",
             float(counts["vendors"]), "rows"),
            (f"plain GROUP BY locality_id over vendors ({label})", plain * 1000, "ms"),
            (f"national dashboard: breakdown + 12-month series ({label})", national * 1000, "ms"),
            (f"  ratio to the plain GROUP BY ({label})", national / plain, "x"),
            (f"{name} dashboard ({label})", one * 1000, "ms"),
            (f"  ratio to the plain GROUP BY ({label})", one / plain, "x"),
        ]  # fmt: skip
        db.session.remove()
        db.engine.dispose()
    return rows


def run() -> list[tuple[str, float, str]]:
    scale = os.environ.get("QUET_BENCH_SCALE", "national")
    rows: list[tuple[str, float, str]] = []
    for label, url in _databases(scale):
        if url is None:
            print(f"  {label} skipped: {SKIPPED[label]}", flush=True)
            continue
        rows.extend(_measure(label, url, scale))
    return rows


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:<70} {value:>10,.2f} {unit}")
