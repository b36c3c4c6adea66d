"""Password reset links (mailed or issued by an officer), phone numbers as a login (email
becomes optional: a user has at least one of the two), withdrawn invitations.

Revision ID: 0008_password_resets
Revises: 0007_locality_retirement
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0008_password_resets"
down_revision = "0007_locality_retirement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("via IN ('mail', 'issued')", name=op.f("ck_password_resets_via")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_resets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["users.id"],
            name=op.f("fk_password_resets_issued_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets") as batch_op:
        batch_op.create_index(op.f("ix_password_resets_user_id"), ["user_id"])

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=True)
        batch_op.create_unique_constraint(op.f("uq_users_phone"), ["phone"])
        batch_op.create_check_constraint(
            op.f("ck_users_email_or_phone"), "email IS NOT NULL OR phone IS NOT NULL"
        )

    with op.batch_alter_table("invitations") as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_invitations_withdrawn_by_id_users"),
            "users",
            ["withdrawn_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_constraint(op.f("fk_invitations_withdrawn_by_id_users"), type_="foreignkey")
        batch_op.drop_column("withdrawn_by_id")
        batch_op.drop_column("withdrawn_at")
    # Phone-only accounts cannot survive without a phone column: they go (they could not sign in).
    op.execute(sa.text("DELETE FROM users WHERE email IS NULL"))
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_constraint(op.f("ck_users_email_or_phone"), type_="check")
        batch_op.drop_constraint(op.f("uq_users_phone"), type_="unique")
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=False)
        batch_op.drop_column("phone")
    op.drop_table("password_resets")
