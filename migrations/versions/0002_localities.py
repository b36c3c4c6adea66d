"""Localities: one table for every administrative level and era, and the 2025 commune map.

Revision ID: 0002_localities
Revises: 0001_baseline
Create Date: 2026-11-29

`search_name` and `path` are compared bytewise (NOCASE on SQLite, "C" on PostgreSQL) so that
`LIKE 'prefix%'` uses their plain b-tree indexes on both databases. Partial unique indexes keep
official codes unique per (era, level) and hamlet names/codes unique per commune.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_localities"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def _ascii_key(length: int) -> sa.types.TypeEngine:
    return (
        sa.String(length)
        .with_variant(sa.String(length, collation="NOCASE"), "sqlite")
        .with_variant(sa.String(length, collation="C"), "postgresql")
    )


def upgrade() -> None:
    op.create_table(
        "localities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("era", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("search_name", _ascii_key(200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("path", _ascii_key(200), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("era IN ('vn2025', 'legacy')", name=op.f("ck_localities_era")),
        sa.CheckConstraint(
            "level IN ('province', 'district', 'commune', 'hamlet')",
            name=op.f("ck_localities_level"),
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_localities_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["localities.id"],
            name=op.f("fk_localities_parent_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_localities")),
    )
    with op.batch_alter_table("localities", schema=None) as batch_op:
        batch_op.create_index("ix_localities_era_level", ["era", "level"], unique=False)
        batch_op.create_index("ix_localities_parent_id", ["parent_id"], unique=False)
        batch_op.create_index("ix_localities_path", ["path"], unique=False)
        batch_op.create_index("ix_localities_search_name", ["search_name"], unique=False)
        batch_op.create_index(
            "uq_localities_era_level_code",
            ["era", "level", "code"],
            unique=True,
            sqlite_where=sa.text("level <> 'hamlet'"),
            postgresql_where=sa.text("level <> 'hamlet'"),
        )
        batch_op.create_index(
            "uq_localities_hamlet_code",
            ["parent_id", "code"],
            unique=True,
            sqlite_where=sa.text("level = 'hamlet' AND code IS NOT NULL"),
            postgresql_where=sa.text("level = 'hamlet' AND code IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_localities_hamlet_name",
            ["parent_id", "search_name"],
            unique=True,
            sqlite_where=sa.text("level = 'hamlet'"),
            postgresql_where=sa.text("level = 'hamlet'"),
        )

    op.create_table(
        "locality_conversions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("legacy_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("partly_merged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["legacy_id"],
            ["localities.id"],
            name=op.f("fk_locality_conversions_legacy_id_localities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["localities.id"],
            name=op.f("fk_locality_conversions_target_id_localities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locality_conversions")),
    )
    with op.batch_alter_table("locality_conversions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_locality_conversions_target_id", ["target_id"], unique=False
        )
        batch_op.create_index(
            "uq_locality_conversions_pair", ["legacy_id", "target_id"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("locality_conversions", schema=None) as batch_op:
        batch_op.drop_index("uq_locality_conversions_pair")
        batch_op.drop_index("ix_locality_conversions_target_id")
    op.drop_table("locality_conversions")
    with op.batch_alter_table("localities", schema=None) as batch_op:
        batch_op.drop_index("uq_localities_hamlet_name")
        batch_op.drop_index("uq_localities_hamlet_code")
        batch_op.drop_index("uq_localities_era_level_code")
        batch_op.drop_index("ix_localities_search_name")
        batch_op.drop_index("ix_localities_path")
        batch_op.drop_index("ix_localities_parent_id")
        batch_op.drop_index("ix_localities_era_level")
    op.drop_table("localities")
