"""Swapped-sign checks: officers' check rounds of a market or street, and each sign checked
(the decoded codes' texts, never the photo) with its follow-up until resolved.

Revision ID: 0011_sign_checks
Revises: 0010_print_jobs
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0011_sign_checks"
down_revision = "0010_print_jobs"
branch_labels = None
depends_on = None


def _user_key(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="SET NULL"
    )


def upgrade() -> None:
    op.create_table(
        "check_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=True),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_by_label", sa.String(length=255), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(market_id IS NULL) <> (street_id IS NULL)", name=op.f("ck_check_rounds_one_place")
        ),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_check_rounds_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["street_id"],
            ["cashless_streets.id"],
            name=op.f("fk_check_rounds_street_id_cashless_streets"),
            ondelete="CASCADE",
        ),
        _user_key("check_rounds", "started_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_rounds")),
    )
    with op.batch_alter_table("check_rounds", schema=None) as batch_op:
        for column in ("market_id", "street_id", "started_by_id"):
            batch_op.create_index(batch_op.f(f"ix_check_rounds_{column}"), [column], unique=False)

    op.create_table(
        "sign_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("stall_id", sa.Integer(), nullable=True),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("payloads", sa.JSON(), nullable=False),
        sa.Column("found_bank_bin", sa.String(length=6), nullable=True),
        sa.Column("found_account", sa.String(length=19), nullable=True),
        sa.Column("other_vendor_id", sa.Integer(), nullable=True),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_by_label", sa.String(length=255), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by_label", sa.String(length=255), nullable=False),
        sa.Column("resolution_note", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "result IN ('ok', 'mismatch', 'not_registered', 'unchecked')",
            name=op.f("ck_sign_checks_result"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["check_rounds.id"],
            name=op.f("fk_sign_checks_round_id_check_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stall_id"],
            ["stalls.id"],
            name=op.f("fk_sign_checks_stall_id_stalls"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_sign_checks_vendor_id_vendors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["other_vendor_id"],
            ["vendors.id"],
            name=op.f("fk_sign_checks_other_vendor_id_vendors"),
            ondelete="SET NULL",
        ),
        _user_key("sign_checks", "checked_by_id"),
        _user_key("sign_checks", "resolved_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_checks")),
    )
    with op.batch_alter_table("sign_checks", schema=None) as batch_op:
        for column in (
            "round_id",
            "stall_id",
            "vendor_id",
            "other_vendor_id",
            "checked_by_id",
            "resolved_by_id",
        ):
            batch_op.create_index(batch_op.f(f"ix_sign_checks_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("sign_checks")
    op.drop_table("check_rounds")
