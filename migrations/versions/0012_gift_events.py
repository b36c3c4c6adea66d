"""Gift events: hosts, receiving sides and their ceremonies, guests, RSVPs, wishes, each
side's gift ledger (sổ mừng), and the hosts' contacts with the gifts they gave (reciprocity).

Revision ID: 0012_gift_events
Revises: 0011_sign_checks
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from app.database import UTCDateTime

revision = "0012_gift_events"
down_revision = "0011_sign_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("relation", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'household')", name=op.f("ck_contacts_kind")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_contacts_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "gift_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("show_wishes", sa.Boolean(), nullable=False),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('dam_cuoi', 'dam_hoi', 'tan_gia', 'thoi_noi', 'mung_tho', 'khac')",
            name=op.f("ck_gift_events_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["localities.id"],
            name=op.f("fk_gift_events_locality_id_localities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift_events")),
    )
    with op.batch_alter_table("gift_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gift_events_locality_id"), ["locality_id"], unique=False
        )
        batch_op.create_index("uq_gift_events_token", ["token"], unique=True)

    op.create_table(
        "event_sides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("hosts_names", sa.String(length=300), nullable=False),
        sa.Column("bank_bin", sa.String(length=6), nullable=False),
        sa.Column("account_number", sa.String(length=19), nullable=False),
        sa.Column("account_name", sa.String(length=100), nullable=False),
        sa.Column("show_qr", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("ledger_shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["gift_events.id"],
            name=op.f("fk_event_sides_event_id_gift_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_sides")),
    )
    with op.batch_alter_table("event_sides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sides_event_id"), ["event_id"], unique=False)
        batch_op.create_index("uq_event_sides_code", ["code"], unique=True)
        batch_op.create_index("uq_event_sides_token", ["token"], unique=True)

    op.create_table(
        "gifts_given",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=200), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=17, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "unit IN ('dong', 'gold_chi', 'gold_cay', 'foreign', 'in_kind')",
            name=op.f("ck_gifts_given_unit"),
        ),
        sa.CheckConstraint(
            "quantity IS NULL OR quantity > 0", name=op.f("ck_gifts_given_quantity")
        ),
        sa.CheckConstraint(
            "value_vnd IS NULL OR value_vnd > 0", name=op.f("ck_gifts_given_value_vnd")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_gifts_given_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gifts_given")),
    )
    with op.batch_alter_table("gifts_given", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gifts_given_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "ceremonies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("map_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["side_id"],
            ["event_sides.id"],
            name=op.f("fk_ceremonies_side_id_event_sides"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ceremonies")),
    )
    with op.batch_alter_table("ceremonies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ceremonies_side_id"), ["side_id"], unique=False)

    op.create_table(
        "event_hosts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("role IN ('owner', 'cohost')", name=op.f("ck_event_hosts_role")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["gift_events.id"],
            name=op.f("fk_event_hosts_event_id_gift_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_event_hosts_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["side_id"],
            ["event_sides.id"],
            name=op.f("fk_event_hosts_side_id_event_sides"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_event_hosts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_hosts")),
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_hosts_event_id"),
    )
    with op.batch_alter_table("event_hosts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_hosts_invited_by_id"), ["invited_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_event_hosts_side_id"), ["side_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_hosts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "guests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("honorific", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("group_name", sa.String(length=100), nullable=False),
        sa.Column("invited_by", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column(
            "sort_key",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_guests_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["gift_events.id"],
            name=op.f("fk_guests_event_id_gift_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["side_id"],
            ["event_sides.id"],
            name=op.f("fk_guests_side_id_event_sides"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guests")),
    )
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guests_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_guests_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_guests_side_id"), ["side_id"], unique=False)
        batch_op.create_index("uq_guests_code", ["code"], unique=True)
        batch_op.create_index("uq_guests_token", ["token"], unique=True)

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("giver_kind", sa.String(length=10), nullable=False),
        sa.Column("giver_name", sa.String(length=200), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=200), nullable=False),
        sa.Column("relation", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("thanked_at", UTCDateTime(), nullable=True),
        sa.Column("client_id", sa.String(length=40), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=17, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "giver_kind IN ('person', 'household', 'together', 'on_behalf', 'unnamed')",
            name=op.f("ck_ledger_entries_giver_kind"),
        ),
        sa.CheckConstraint(
            "method IN ('transfer', 'envelope', 'cash', 'gold', 'in_kind')",
            name=op.f("ck_ledger_entries_method"),
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'matched_transfer')", name=op.f("ck_ledger_entries_source")
        ),
        sa.CheckConstraint(
            "unit IN ('dong', 'gold_chi', 'gold_cay', 'foreign', 'in_kind')",
            name=op.f("ck_ledger_entries_unit"),
        ),
        sa.CheckConstraint(
            "quantity IS NULL OR quantity > 0", name=op.f("ck_ledger_entries_quantity")
        ),
        sa.CheckConstraint(
            "value_vnd IS NULL OR value_vnd > 0", name=op.f("ck_ledger_entries_value_vnd")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_ledger_entries_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_ledger_entries_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["gift_events.id"],
            name=op.f("fk_ledger_entries_event_id_gift_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"],
            ["guests.id"],
            name=op.f("fk_ledger_entries_guest_id_guests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["side_id"],
            ["event_sides.id"],
            name=op.f("fk_ledger_entries_side_id_event_sides"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ledger_entries_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_guest_id"), ["guest_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_side_id"), ["side_id"], unique=False)
        batch_op.create_index(
            "uq_ledger_entries_client_id",
            ["event_id", "client_id"],
            unique=True,
            sqlite_where=sa.text("client_id IS NOT NULL"),
            postgresql_where=sa.text("client_id IS NOT NULL"),
        )

    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("answer", sa.String(length=5), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("answer IN ('yes', 'no', 'maybe')", name=op.f("ck_rsvps_answer")),
        sa.CheckConstraint("people >= 0 AND people <= 50", name=op.f("ck_rsvps_people")),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["guests.id"], name=op.f("fk_rsvps_guest_id_guests"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["side_id"],
            ["event_sides.id"],
            name=op.f("fk_rsvps_side_id_event_sides"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvps")),
    )
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rsvps_side_id"), ["side_id"], unique=False)
        batch_op.create_index(
            "uq_rsvps_guest_id",
            ["guest_id"],
            unique=True,
            sqlite_where=sa.text("guest_id IS NOT NULL"),
            postgresql_where=sa.text("guest_id IS NOT NULL"),
        )

    op.create_table(
        "wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=True),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["gift_events.id"],
            name=op.f("fk_wishes_event_id_gift_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["guests.id"], name=op.f("fk_wishes_guest_id_guests"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["side_id"],
            ["event_sides.id"],
            name=op.f("fk_wishes_side_id_event_sides"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wishes")),
    )
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wishes_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wishes_guest_id"), ["guest_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wishes_side_id"), ["side_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wishes_side_id"))
        batch_op.drop_index(batch_op.f("ix_wishes_guest_id"))
        batch_op.drop_index(batch_op.f("ix_wishes_event_id"))

    op.drop_table("wishes")
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_rsvps_guest_id",
            sqlite_where=sa.text("guest_id IS NOT NULL"),
            postgresql_where=sa.text("guest_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_rsvps_side_id"))

    op.drop_table("rsvps")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_ledger_entries_client_id",
            sqlite_where=sa.text("client_id IS NOT NULL"),
            postgresql_where=sa.text("client_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_ledger_entries_side_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_guest_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_event_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_contact_id"))

    op.drop_table("ledger_entries")
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.drop_index("uq_guests_token")
        batch_op.drop_index("uq_guests_code")
        batch_op.drop_index(batch_op.f("ix_guests_side_id"))
        batch_op.drop_index(batch_op.f("ix_guests_event_id"))
        batch_op.drop_index(batch_op.f("ix_guests_contact_id"))

    op.drop_table("guests")
    with op.batch_alter_table("event_hosts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_hosts_user_id"))
        batch_op.drop_index(batch_op.f("ix_event_hosts_side_id"))
        batch_op.drop_index(batch_op.f("ix_event_hosts_invited_by_id"))

    op.drop_table("event_hosts")
    with op.batch_alter_table("ceremonies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ceremonies_side_id"))

    op.drop_table("ceremonies")
    with op.batch_alter_table("gifts_given", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gifts_given_contact_id"))

    op.drop_table("gifts_given")
    with op.batch_alter_table("event_sides", schema=None) as batch_op:
        batch_op.drop_index("uq_event_sides_token")
        batch_op.drop_index("uq_event_sides_code")
        batch_op.drop_index(batch_op.f("ix_event_sides_event_id"))

    op.drop_table("event_sides")
    with op.batch_alter_table("gift_events", schema=None) as batch_op:
        batch_op.drop_index("uq_gift_events_token")
        batch_op.drop_index(batch_op.f("ix_gift_events_locality_id"))

    op.drop_table("gift_events")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_owner_id"))

    op.drop_table("contacts")
