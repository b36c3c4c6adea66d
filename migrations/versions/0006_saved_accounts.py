"""Saved bank accounts: a signed-in person keeps her accounts to make codes without retyping.

Revision ID: 0006_saved_accounts
Revises: 0005_timestamps
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0006_saved_accounts"
down_revision = "0005_timestamps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("bank_bin", sa.String(length=6), nullable=False),
        sa.Column("account", sa.String(length=19), nullable=False),
        sa.Column("account_name", sa.String(length=50), nullable=True),
        sa.Column("label", sa.String(length=60), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_saved_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_accounts")),
        sa.UniqueConstraint(
            "user_id",
            "bank_bin",
            "account",
            name=op.f("uq_saved_accounts_user_id_bank_bin_account"),
        ),
    )


def downgrade() -> None:
    op.drop_table("saved_accounts")
