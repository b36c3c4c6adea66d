"""Localities: hamlets can be retired (`retired_at`), and every unit has a Vietnamese sort key.

Revision ID: 0007_locality_retirement
Revises: 0006_saved_accounts
Create Date: 2026-12-01

`sort_key` is the name without its type word as a Vietnamese collation key
(`app.localities.collation`), compared bytewise (SQLite's BINARY, "C" on PostgreSQL): lists are
ordered by it in SQL. Existing rows get theirs here, computed by the same function.
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime
from app.localities.collation import SORT_KEY_MAX, unit_sort_key
from app.localities.models import KIND_LABELS

revision = "0007_locality_retirement"
down_revision = "0006_saved_accounts"
branch_labels = None
depends_on = None

BATCH = 1000


def _bytewise(length: int) -> sa.types.TypeEngine:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("localities") as batch_op:
        batch_op.add_column(sa.Column("sort_key", _bytewise(SORT_KEY_MAX), nullable=True))
        batch_op.add_column(sa.Column("retired_at", UTCDateTime(), nullable=True))

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, kind FROM localities")).all()
    update = sa.text("UPDATE localities SET sort_key = :key WHERE id = :id")
    keys = [
        {"id": row.id, "key": unit_sort_key(row.name, KIND_LABELS.get(row.kind, ""))}
        for row in rows
    ]
    for start in range(0, len(keys), BATCH):
        conn.execute(update, keys[start : start + BATCH])

    with op.batch_alter_table("localities") as batch_op:
        batch_op.alter_column(
            "sort_key", existing_type=_bytewise(SORT_KEY_MAX), nullable=False
        )
        batch_op.create_index("ix_localities_parent_id_sort_key", ["parent_id", "sort_key"])


def downgrade() -> None:
    with op.batch_alter_table("localities") as batch_op:
        batch_op.drop_index("ix_localities_parent_id_sort_key")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("sort_key")
