"""Localities: the 2025 import, and subtree queries with 30,000 hamlets loaded.

On SQLite (a temporary file) and, when QUET_TEST_POSTGRES_URL names a server or 127.0.0.1:5432
answers, on PostgreSQL in a throwaway database that is created and dropped here.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

HAMLETS = 30_000
REPEAT = 7


def _median_ms(action: Callable[[], Any], repeat: int = REPEAT) -> float:
    action()  # warm the caches and the statement cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _postgres_server() -> str | None:
    url = os.environ.get("QUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    server = make_url(url).set(drivername="postgresql+psycopg")
    engine = create_engine(server, connect_args={"connect_timeout": 2})
    try:
        with engine.connect():
            return server.render_as_string(hide_password=False)
    except Exception:
        return None
    finally:
        engine.dispose()


def _load_hamlets(count: int) -> None:
    from app.database import utcnow
    from app.extensions import db
    from app.localities.importers import _fill_paths
    from app.localities.models import HAMLET_KINDS, KIND_LABELS, Locality

    communes = db.session.execute(
        select(Locality.id, Locality.depth).where(
            Locality.era == "vn2025", Locality.level == "commune"
        )
    ).all()
    now = utcnow()
    rows = []
    for index in range(count):
        commune = communes[index % len(communes)]
        kind = HAMLET_KINDS[index % 5]
        number = index // len(communes) + 1
        rows.append(
            {
                "era": "vn2025",
                "level": "hamlet",
                "kind": kind,
                "code": None,
                "name": f"{KIND_LABELS[kind]} {number}",
                "search_name": str(number),
                "parent_id": commune.id,
                "path": "",
                "depth": commune.depth + 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(insert(Locality), rows)
    _fill_paths("vn2025", "hamlet")
    db.session.commit()


def _measure(label: str, url: str) -> list[tuple[str, float, str]]:
    from app import create_app
    from app.extensions import db
    from app.localities import importers, services, tree
    from app.localities.models import Locality

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "bench"})
    rows: list[tuple[str, float, str]] = []
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        importers.import_current()
        rows.append((f"2025 import, empty database ({label})", time.perf_counter() - started, "s"))
        started = time.perf_counter()
        report = importers.import_current()
        assert report.total_added == report.total_updated == 0
        rows.append((f"2025 import again, no change ({label})", time.perf_counter() - started, "s"))
        _load_hamlets(HAMLETS)
        if label == "postgresql":
            db.session.execute(text("ANALYZE localities"))
            db.session.commit()
        hanoi = tree.get_by_code("vn2025", "province", "01")
        assert hanoi is not None
        below = (Locality.level.in_(("commune", "hamlet")),)

        def one_province() -> int:
            return len(db.session.scalars(tree.subtree_select(hanoi).where(*below)).all())

        def one_province_ids() -> int:
            return len(db.session.scalars(tree.subtree_ids_select(hanoi).where(*below)).all())

        def country() -> int:
            stmt = select(Locality.id).where(Locality.era == "vn2025", *below)
            return len(db.session.scalars(stmt).all())

        def country_count() -> int:
            stmt = select(func.count()).where(Locality.era == "vn2025", *below)
            return db.session.scalar(stmt) or 0

        def search() -> int:
            return len(services.search("an hoi", era="vn2025").items)

        province_rows = one_province()
        rows.append(
            (
                f"subtree Hà Nội: {province_rows} communes+hamlets, ORM objects ({label})",
                _median_ms(lambda: (one_province(), db.session.expunge_all())),
                "ms",
            ),
        )
        rows.append((f"subtree Hà Nội: ids ({label})", _median_ms(one_province_ids), "ms"))
        rows.append(
            (
                f"whole country: {country()} communes+hamlets, ids ({label})",
                _median_ms(country),
                "ms",
            ),
        )
        rows.append((f"whole country: count ({label})", _median_ms(country_count), "ms"))
        rows.append(
            (f"search 'an hoi' with {HAMLETS:,} hamlets ({label})", _median_ms(search), "ms")
        )
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return rows


def run() -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    for label, url in _iter_databases():
        rows.extend(_measure(label, url))
    return rows


def _iter_databases() -> Iterator[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        yield "sqlite", "sqlite:///" + str(Path(folder) / "bench.db")
    server = _postgres_server()
    if server is None:
        return
    name = f"quet_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            "postgresql",
            make_url(server).set(database=name).render_as_string(hide_password=False),
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:<70} {value:>10,.2f} {unit}")
