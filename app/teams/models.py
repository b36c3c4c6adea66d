"""Community digital-technology teams (Tổ công nghệ số cộng đồng), their members and
activities, the topic list the admin keeps, and the pilot models (mô hình điểm) a locality runs.

A team belongs to one locality of any level (usually one per commune and one per hamlet). The
2025 merger dissolved and re-formed many teams: a team keeps its founding and dissolution dates,
and a re-formed team is a new row that names the one it replaces (`reformed_from_id`), so the
counts "as of a date" read the history instead of a current-status flag.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, TimestampMixin
from app.localities.models import Locality, SortedByName

#: Roles in a team: tổ trưởng, tổ phó, tổ viên.
MEMBER_ROLES: Final = ("to_truong", "to_pho", "to_vien")
#: Pilot models (mô hình điểm) a locality runs.
PILOT_KINDS: Final = (
    "cho_40",  # Chợ 4.0
    "tuyen_duong",  # tuyến đường / tuyến phố không dùng tiền mặt
    "to_tu_quan",  # tổ nhân dân tự quản chuyển đổi số
    "qr_mung_cuoi",  # QR mừng cưới
    "khac",  # another model, named in `name`
)

TOPIC_CODE_INDEX: Final = "uq_activity_topics_code"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Team(SortedByName, TimestampMixin, Base):
    """One team of one locality, from its founding to its dissolution (if dissolved)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    founded_on: Mapped[date]
    #: The founding decision (e.g. "Quyết định 123/QĐ-UBND"), as written.
    decision: Mapped[str] = mapped_column(String(200), default="")
    dissolved_on: Mapped[date | None] = mapped_column(default=None)
    #: The team this one re-forms (a team dissolved by the 2025 merger, say).
    reformed_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), default=None
    )
    note: Mapped[str] = mapped_column(String(1000), default="")

    locality: Mapped[Locality] = relationship(lazy="joined")
    reformed_from: Mapped[Team | None] = relationship(remote_side=[id])
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team",
        cascade="all, delete-orphan",
        order_by="TeamMember.sort_key, TeamMember.id",
    )
    activities: Mapped[list[TeamActivity]] = relationship(
        back_populates="team",
        cascade="all, delete-orphan",
        order_by="TeamActivity.held_on.desc(), TeamActivity.id.desc()",
    )

    __table_args__ = (
        CheckConstraint("dissolved_on IS NULL OR dissolved_on >= founded_on", name="dates"),
        Index("ix_teams_locality_id_founded_on", "locality_id", "founded_on"),
    )

    def active_on(self, day: date) -> bool:
        """Whether the team existed on `day` (founded by then, not yet dissolved)."""
        return self.founded_on <= day and (self.dissolved_on is None or self.dissolved_on > day)

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.name!r}>"


class TeamMember(SortedByName, TimestampMixin, Base):
    """A person's membership of a team, with the dates they joined and left."""

    __tablename__ = "team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="to_vien")
    #: National form ("0912345678"), or "" when the member gave none.
    phone: Mapped[str] = mapped_column(String(20), default="")
    joined_on: Mapped[date]
    left_on: Mapped[date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(String(500), default="")

    team: Mapped[Team] = relationship(back_populates="members")

    __table_args__ = (
        CheckConstraint(_in("role", MEMBER_ROLES), name="role"),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="dates"),
        Index("ix_team_members_phone", "phone"),
    )

    def __repr__(self) -> str:
        return f"<TeamMember {self.id} {self.name!r}>"


class ActivityTopic(TimestampMixin, Base):
    """A topic of the teams' work, kept by the admin: VNeID, public-service accounts, e-wallets…
    `outcome` names what a person gets from it ("tài khoản dịch vụ công"), the thing counted."""

    __tablename__ = "activity_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (UniqueConstraint("code", name=TOPIC_CODE_INDEX),)

    def __repr__(self) -> str:
        return f"<ActivityTopic {self.code}>"


class TeamActivity(TimestampMixin, Base):
    """One activity of a team: when, where, on what, how many people it reached, what came of
    it, and how many people got each outcome."""

    __tablename__ = "team_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(300), default="")
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("activity_topics.id", ondelete="RESTRICT"), index=True
    )
    people_reached: Mapped[int] = mapped_column(default=0)
    result: Mapped[str] = mapped_column(String(1000), default="")

    team: Mapped[Team] = relationship(back_populates="activities")
    topic: Mapped[ActivityTopic] = relationship(lazy="joined")
    outcomes: Mapped[list[ActivityOutcome]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("people_reached >= 0", name="people_reached"),
        Index("ix_team_activities_held_on", "held_on"),
    )


class ActivityOutcome(TimestampMixin, Base):
    """How many people got one outcome at one activity (23 public-service accounts, say)."""

    __tablename__ = "activity_outcomes"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("team_activities.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("activity_topics.id", ondelete="RESTRICT"), primary_key=True
    )
    count: Mapped[int] = mapped_column(default=0)

    activity: Mapped[TeamActivity] = relationship(back_populates="outcomes")
    topic: Mapped[ActivityTopic] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("count >= 0", name="count"),)


class PilotModel(SortedByName, TimestampMixin, Base):
    """A pilot model (mô hình điểm) a locality runs, from its start (to its end, if it ended)."""

    __tablename__ = "pilot_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date]
    ended_on: Mapped[date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(String(1000), default="")

    locality: Mapped[Locality] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(_in("kind", PILOT_KINDS), name="kind"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
    )
