"""Print jobs: the signs of a whole market or street drawn into one PDF in the background.

Revision ID: 0010_print_jobs
Revises: 0009_markets
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0010_print_jobs"
down_revision = "0009_markets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=True),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=2), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_label", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=1000), nullable=False),
        sa.Column("file_name", sa.String(length=100), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(market_id IS NULL) <> (street_id IS NULL)", name=op.f("ck_print_jobs_one_place")
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_print_jobs_status")
        ),
        sa.CheckConstraint("page IN ('A6', 'A4')", name=op.f("ck_print_jobs_page")),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_print_jobs_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["street_id"],
            ["cashless_streets.id"],
            name=op.f("fk_print_jobs_street_id_cashless_streets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_print_jobs_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_print_jobs_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_print_jobs_created_at", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_jobs_market_id"), ["market_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_jobs_street_id"), ["street_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_print_jobs_locality_id"), ["locality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_print_jobs_requested_by_id"), ["requested_by_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("print_jobs")
