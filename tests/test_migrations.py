"""The migrations build exactly the schema the models describe, up and down, on this database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from tests.conftest import fresh_database, make_app


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own: the session database already has its tables."""
    with fresh_database("quet_migrations", tmp_path) as url:
        yield url


def test_upgrade_matches_the_models_and_downgrade_empties(empty_database_url: str) -> None:
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # and back up again: the downgrade left nothing behind that breaks it
        db.engine.dispose()


def test_timestamps_migration_keeps_the_data(empty_database_url: str) -> None:
    """0004 → 0005 on a database with rows: updated_at starts at created_at, and the audit
    entry's time moves from `at` to `created_at` unchanged."""
    from sqlalchemy import text

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0004_login_sessions")
        moment = "2026-01-02 03:04:05"
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, is_active, created_at) "
                    "VALUES (1, 'a@x.vn', '', 'x', true, :moment)"
                ),
                {"moment": moment},
            )
            conn.execute(
                text(
                    "INSERT INTO audit_entries (id, at, actor_label, action, entity, entity_id) "
                    "VALUES (1, :moment, 'cli', 'create', 'locality', '1')"
                ),
                {"moment": moment},
            )
        upgrade()
        with db.engine.connect() as conn:
            user = conn.execute(text("SELECT created_at, updated_at FROM users")).one()
            entry = conn.execute(text("SELECT created_at, updated_at FROM audit_entries")).one()
        assert user.created_at == user.updated_at and str(user.created_at).startswith(moment)
        assert entry.created_at == entry.updated_at and str(entry.created_at).startswith(moment)
        db.engine.dispose()


def test_retirement_migration_gives_every_unit_its_sort_key(empty_database_url: str) -> None:
    """0005 → 0007 on a database with units: each gets the Vietnamese sort key of its name
    without its type word, and none is retired."""
    from sqlalchemy import text

    from app.localities.collation import vietnamese_sort_key

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0005_timestamps")
        with db.engine.begin() as conn:
            for id_, kind, name in ((1, "tinh", "Tỉnh Bến Tre"), (2, "tinh", "Tỉnh Bình Định")):
                conn.execute(
                    text(
                        "INSERT INTO localities (id, era, level, kind, code, name, search_name, "
                        "path, depth, created_at, updated_at) VALUES (:id, 'legacy', 'province', "
                        ":kind, :code, :name, '', :path, 0, :now, :now)"
                    ),
                    {
                        "id": id_,
                        "kind": kind,
                        "code": str(id_),
                        "name": name,
                        "path": f"/{id_}/",
                        "now": "2026-01-02 03:04:05",
                    },
                )
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT name, sort_key, retired_at FROM localities ORDER BY sort_key")
            ).all()
        assert [(r.name, r.sort_key, r.retired_at) for r in rows] == [
            ("Tỉnh Bến Tre", vietnamese_sort_key("Bến Tre"), None),
            ("Tỉnh Bình Định", vietnamese_sort_key("Bình Định"), None),
        ]
        db.engine.dispose()
