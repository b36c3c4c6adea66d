"""Adoption by locality: community teams with their members, activities and outcomes, the
topic list, pilot models; figures officers enter, the reports units submit, targets, and the
stored indicator values (each count as of a day, summed per province and commune).

Revision ID: 0013_teams_reports
Revises: 0012_gift_events
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0013_teams_reports"
down_revision = "0012_gift_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_topics")),
        sa.UniqueConstraint("code", name="uq_activity_topics_code"),
    )
    op.create_table(
        "entered_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("numerator", sa.BigInteger(), nullable=False),
        sa.Column("denominator", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by_label", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "denominator IS NULL OR denominator >= 0", name=op.f("ck_entered_figures_denominator")
        ),
        sa.CheckConstraint("numerator >= 0", name=op.f("ck_entered_figures_numerator")),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_entered_figures_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_entered_figures_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entered_figures")),
        sa.UniqueConstraint(
            "indicator",
            "locality_id",
            "period",
            name="uq_entered_figures_indicator_locality_period",
        ),
    )
    with op.batch_alter_table("entered_figures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entered_figures_entered_by_id"), ["entered_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_entered_figures_locality_id"), ["locality_id"], unique=False
        )
        batch_op.create_index(
            "ix_entered_figures_period_indicator", ["period", "indicator"], unique=False
        )

    op.create_table(
        "pilot_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('cho_40', 'tuyen_duong', 'to_tu_quan', 'qr_mung_cuoi', 'khac')",
            name=op.f("ck_pilot_models_kind"),
        ),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on", name=op.f("ck_pilot_models_dates")
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_pilot_models_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_models")),
    )
    with op.batch_alter_table("pilot_models", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pilot_models_locality_id"), ["locality_id"], unique=False
        )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_label", sa.String(length=255), nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("approved_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_label", sa.String(length=255), nullable=False),
        sa.Column("submitted_figures", sa.JSON(), nullable=False),
        sa.Column("explanations", sa.JSON(), nullable=False),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'approved')", name=op.f("ck_reports_state")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["users.id"],
            name=op.f("fk_reports_approved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_reports_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_reports_submitted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("locality_id", "period", name="uq_reports_locality_period"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_locality_id"), ["locality_id"], unique=False)
        batch_op.create_index("ix_reports_period_state", ["period", "state"], unique=False)

    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("value >= 0", name=op.f("ck_targets_value")),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_targets_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint(
            "indicator", "locality_id", "year", name="uq_targets_indicator_locality_year"
        ),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_locality_id"), ["locality_id"], unique=False)

    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=200), nullable=False),
        sa.Column("dissolved_on", sa.Date(), nullable=True),
        sa.Column("reformed_from_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "dissolved_on IS NULL OR dissolved_on >= founded_on", name=op.f("ck_teams_dates")
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_teams_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reformed_from_id"],
            ["teams.id"],
            name=op.f("fk_teams_reformed_from_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_locality_id"), ["locality_id"], unique=False)
        batch_op.create_index(
            "ix_teams_locality_id_founded_on", ["locality_id", "founded_on"], unique=False
        )

    op.create_table(
        "team_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("people_reached", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=1000), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("people_reached >= 0", name=op.f("ck_team_activities_people_reached")),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_activities_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["activity_topics.id"],
            name=op.f("fk_team_activities_topic_id_activity_topics"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_activities")),
    )
    with op.batch_alter_table("team_activities", schema=None) as batch_op:
        batch_op.create_index("ix_team_activities_held_on", ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_team_activities_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_team_activities_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('to_truong', 'to_pho', 'to_vien')", name=op.f("ck_team_members_role")
        ),
        sa.CheckConstraint(
            "left_on IS NULL OR left_on >= joined_on", name=op.f("ck_team_members_dates")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_members_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_members")),
    )
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.create_index("ix_team_members_phone", ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_team_members_team_id"), ["team_id"], unique=False)

    op.create_table(
        "activity_outcomes",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_activity_outcomes_count")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["team_activities.id"],
            name=op.f("fk_activity_outcomes_activity_id_team_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["activity_topics.id"],
            name=op.f("fk_activity_outcomes_topic_id_activity_topics"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("activity_id", "topic_id", name=op.f("pk_activity_outcomes")),
    )
    _seed_topics()


#: The topics teams work on, as the admin's list starts (a copy frozen here: the app's list,
#: `app.teams.topics.SEED_TOPICS`, is compared with it by a test).
SEED_TOPICS = (
    ("vneid", "Định danh điện tử VNeID (Đề án 06)", "tài khoản VNeID được kích hoạt"),
    ("dvc_account", "Tài khoản dịch vụ công trực tuyến", "tài khoản dịch vụ công được tạo"),
    ("dvc_file", "Hồ sơ dịch vụ công trực tuyến", "hồ sơ dịch vụ công được nộp"),
    ("mobile_money", "Mobile Money", "tài khoản Mobile Money được mở"),
    ("e_wallet", "Ví điện tử (MoMo, ZaloPay, ViettelMoney)", "ví điện tử được mở"),
    ("digital_bank", "Ngân hàng số / tài khoản thanh toán", "tài khoản thanh toán được mở"),
    ("e_health", "Sổ sức khỏe điện tử", "sổ sức khỏe điện tử được kích hoạt"),
    (
        "ecommerce",
        "Bán hàng trên sàn thương mại điện tử",
        "hộ được đưa lên sàn thương mại điện tử",
    ),
    (
        "cashless_campaign",
        "Thanh toán không dùng tiền mặt (chiến dịch)",
        "người được hướng dẫn thanh toán không dùng tiền mặt",
    ),
)


def _seed_topics() -> None:
    """The data step: the seeded topic list (the table is new, so every topic is absent)."""
    topics = sa.table(
        "activity_topics",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("outcome", sa.String),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
        sa.column("created_at", UTCDateTime(timezone=True)),
        sa.column("updated_at", UTCDateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        topics,
        [
            {
                "code": code,
                "name": name,
                "outcome": outcome,
                "position": position,
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
            for position, (code, name, outcome) in enumerate(SEED_TOPICS, start=1)
        ],
    )
    op.create_table(
        "indicator_days",
        sa.Column("count_key", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("count_key", "day", name=op.f("pk_indicator_days")),
    )
    with op.batch_alter_table("indicator_days", schema=None) as batch_op:
        batch_op.create_index("ix_indicator_days_day", ["day"], unique=False)

    op.create_table(
        "indicator_values",
        sa.Column("count_key", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_indicator_values_locality_id_localities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "count_key", "day", "locality_id", name=op.f("pk_indicator_values")
        ),
    )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.create_index("ix_indicator_values_day", ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_values_day")

    op.drop_table("indicator_values")
    with op.batch_alter_table("indicator_days", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_days_day")

    op.drop_table("indicator_days")
    op.drop_table("activity_outcomes")
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_members_team_id"))
        batch_op.drop_index("ix_team_members_phone")

    op.drop_table("team_members")
    with op.batch_alter_table("team_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_activities_topic_id"))
        batch_op.drop_index(batch_op.f("ix_team_activities_team_id"))
        batch_op.drop_index("ix_team_activities_held_on")

    op.drop_table("team_activities")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_locality_id_founded_on")
        batch_op.drop_index(batch_op.f("ix_teams_locality_id"))

    op.drop_table("teams")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_locality_id"))

    op.drop_table("targets")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_period_state")
        batch_op.drop_index(batch_op.f("ix_reports_locality_id"))

    op.drop_table("reports")
    with op.batch_alter_table("pilot_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_models_locality_id"))

    op.drop_table("pilot_models")
    with op.batch_alter_table("entered_figures", schema=None) as batch_op:
        batch_op.drop_index("ix_entered_figures_period_indicator")
        batch_op.drop_index(batch_op.f("ix_entered_figures_locality_id"))
        batch_op.drop_index(batch_op.f("ix_entered_figures_entered_by_id"))

    op.drop_table("entered_figures")
    op.drop_table("activity_topics")
