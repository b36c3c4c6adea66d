"""Markets, stalls, cashless streets, vendors with their sign codes and receiving accounts,
participation steps (a dated history, never overwritten) and Chợ 4.0 recognitions.

Revision ID: 0009_markets
Revises: 0008_password_resets
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime
from app.localities.collation import SORT_KEY_MAX

revision = "0009_markets"
down_revision = "0008_password_resets"
branch_labels = None
depends_on = None

#: In dependency order; the downgrade drops them in reverse (their indexes go with them).
TABLES = (
    "recognition_criteria",
    "cashless_streets",
    "markets",
    "market_recognitions",
    "vendors",
    "participation_steps",
    "recognition_criteria_met",
    "stalls",
    "vendor_accounts",
)


def _sort_key() -> sa.Column[str]:
    """A Vietnamese collation key of the name, compared byte by byte ("C" on PostgreSQL)."""
    key_type = sa.String(SORT_KEY_MAX).with_variant(
        sa.String(SORT_KEY_MAX, collation="C"), "postgresql"
    )
    return sa.Column("sort_key", key_type, nullable=False)


def upgrade() -> None:
    op.create_table(
        "recognition_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition_criteria")),
        sa.UniqueConstraint("name", name="uq_recognition_criteria_name"),
    )
    op.create_table(
        "cashless_streets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        _sort_key(),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("launched_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_cashless_streets_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cashless_streets")),
    )
    with op.batch_alter_table("cashless_streets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cashless_streets_locality_id"), ["locality_id"], unique=False
        )

    op.create_table(
        "markets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        _sort_key(),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("board_contact_name", sa.String(length=200), nullable=False),
        sa.Column("board_contact_phone", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('hang_1', 'hang_2', 'hang_3', 'tam', 'dem', 'diem_kinh_doanh')",
            name=op.f("ck_markets_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_markets_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_markets")),
    )
    with op.batch_alter_table("markets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_markets_locality_id"), ["locality_id"], unique=False)

    op.create_table(
        "market_recognitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=50), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_market_recognitions_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_recognitions")),
        sa.UniqueConstraint(
            "market_id", "decision_number", name="uq_market_recognitions_market_id"
        ),
    )
    op.create_table(
        "vendors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        _sort_key(),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("goods", sa.String(length=200), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=True),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("house_number", sa.String(length=50), nullable=False),
        sa.Column("business_kind", sa.String(length=200), nullable=False),
        sa.Column("sign_code", sa.String(length=10), nullable=False),
        sa.Column("code_in_purpose", sa.Boolean(), nullable=False),
        sa.Column("registration", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "registration IN ('pending', 'approved')", name=op.f("ck_vendors_registration")
        ),
        sa.CheckConstraint(
            "(market_id IS NULL) <> (street_id IS NULL)", name=op.f("ck_vendors_one_place")
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_vendors_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_vendors_market_id_markets"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["street_id"],
            ["cashless_streets.id"],
            name=op.f("fk_vendors_street_id_cashless_streets"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_vendors_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendors")),
    )
    with op.batch_alter_table("vendors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendors_locality_id"), ["locality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vendors_market_id"), ["market_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vendors_street_id"), ["street_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vendors_user_id"), ["user_id"], unique=False)
        batch_op.create_index("uq_vendors_sign_code", ["sign_code"], unique=True)

    op.create_table(
        "participation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_label", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(status IN ('stopped', 'not_taking_part')) = (reason IS NOT NULL)",
            name=op.f("ck_participation_steps_reason_when_needed"),
        ),
        sa.CheckConstraint(
            "reason IS NULL OR reason IN ('no_smartphone', 'elderly', 'tax_fears', "
            "'prefers_cash', 'not_reached', 'other')",
            name=op.f("ck_participation_steps_reason"),
        ),
        sa.CheckConstraint(
            "status IN ('enrolled', 'qr_displayed', 'receiving', 'stopped', 'not_taking_part')",
            name=op.f("ck_participation_steps_status"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_participation_steps_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_participation_steps_vendor_id_vendors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_steps")),
    )
    with op.batch_alter_table("participation_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participation_steps_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(
            "ix_participation_steps_vendor_id_effective_on",
            ["vendor_id", "effective_on"],
            unique=False,
        )

    op.create_table(
        "recognition_criteria_met",
        sa.Column("recognition_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["recognition_criteria.id"],
            name=op.f("fk_recognition_criteria_met_criterion_id_recognition_criteria"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recognition_id"],
            ["market_recognitions.id"],
            name=op.f("fk_recognition_criteria_met_recognition_id_market_recognitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "recognition_id", "criterion_id", name=op.f("pk_recognition_criteria_met")
        ),
    )
    with op.batch_alter_table("recognition_criteria_met", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recognition_criteria_met_criterion_id"), ["criterion_id"], unique=False
        )

    op.create_table(
        "stalls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("section", sa.String(length=100), nullable=False),
        sa.Column("goods", sa.String(length=200), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_stalls_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_stalls_vendor_id_vendors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stalls")),
    )
    with op.batch_alter_table("stalls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stalls_market_id"), ["market_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stalls_vendor_id"), ["vendor_id"], unique=False)
        batch_op.create_index(
            "uq_stalls_market_number",
            ["market_id", "number"],
            unique=True,
            sqlite_where=sa.text("number IS NOT NULL"),
            postgresql_where=sa.text("number IS NOT NULL"),
        )

    op.create_table(
        "vendor_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("bank_bin", sa.String(length=6), nullable=False),
        sa.Column("service", sa.String(length=10), nullable=False),
        sa.Column("number", sa.String(length=19), nullable=False),
        sa.Column("holder_name", sa.String(length=50), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "service IN ('account', 'card')", name=op.f("ck_vendor_accounts_service")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_vendor_accounts_vendor_id_vendors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_accounts")),
        sa.UniqueConstraint("vendor_id", "bank_bin", "number", name="uq_vendor_accounts_account"),
    )
    with op.batch_alter_table("vendor_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_accounts_vendor_id"), ["vendor_id"], unique=False
        )
        batch_op.create_index(
            "uq_vendor_accounts_primary",
            ["vendor_id"],
            unique=True,
            sqlite_where=sa.text("is_primary"),
            postgresql_where=sa.text("is_primary"),
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
