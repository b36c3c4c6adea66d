"""One timestamp mixin on every model: updated_at everywhere, created_at on locality
conversions, and the audit entry's `at` column named created_at like every other table's.

Revision ID: 0005_timestamps
Revises: 0004_login_sessions
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0005_timestamps"
down_revision = "0004_login_sessions"
branch_labels = None
depends_on = None

#: Tables that had created_at only: updated_at starts equal to it.
WITH_CREATED_AT = ("users", "login_sessions", "role_assignments", "api_tokens", "invitations")


def _add_updated_at(table: str, copy_from: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column("updated_at", UTCDateTime(), nullable=True))
    op.execute(sa.text(f"UPDATE {table} SET updated_at = {copy_from}"))
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column("updated_at", existing_type=UTCDateTime(), nullable=False)


def upgrade() -> None:
    for table in WITH_CREATED_AT:
        _add_updated_at(table, "created_at")

    # Conversions had no timestamps: they were all written by the legacy import.
    with op.batch_alter_table("locality_conversions") as batch_op:
        batch_op.add_column(sa.Column("created_at", UTCDateTime(), nullable=True))
    op.execute(sa.text("UPDATE locality_conversions SET created_at = CURRENT_TIMESTAMP"))
    with op.batch_alter_table("locality_conversions") as batch_op:
        batch_op.alter_column("created_at", existing_type=UTCDateTime(), nullable=False)
    _add_updated_at("locality_conversions", "created_at")

    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.drop_index("ix_audit_entries_at")
        batch_op.alter_column("at", new_column_name="created_at")
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.create_index("ix_audit_entries_created_at", ["created_at"])
    _add_updated_at("audit_entries", "created_at")


def downgrade() -> None:
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_index("ix_audit_entries_created_at")
        batch_op.alter_column("created_at", new_column_name="at")
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.create_index("ix_audit_entries_at", ["at"])
    with op.batch_alter_table("locality_conversions") as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("created_at")
    for table in WITH_CREATED_AT:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("updated_at")
