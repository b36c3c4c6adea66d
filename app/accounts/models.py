"""Users, their roles (scoped to a locality for officers and viewers), API tokens, invitations."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Final, Self

import phonenumbers
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Select, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, TimestampMixin, unique_where, utcnow

if TYPE_CHECKING:
    from app.localities.models import Locality

VIETNAM_COUNTRY_CODE: Final = 84

ADMIN: Final = "admin"
OFFICER: Final = "officer"
VIEWER: Final = "viewer"
VENDOR: Final = "vendor"
HOST: Final = "host"
ROLES: Final = (ADMIN, OFFICER, VIEWER, VENDOR, HOST)
#: Roles that only make sense for a locality (and its subtree).
SCOPED_ROLES: Final = (OFFICER, VIEWER)
#: Roles a person may give themself at sign-up or on the account page.
SELF_SERVICE_ROLES: Final = (VENDOR, HOST)
#: Roles that may be granted by invitation.
INVITABLE_ROLES: Final = (OFFICER, VIEWER)

TOKEN_PREFIX: Final = "quet_"
#: How a password reset link reached the person: by mail, or issued to an officer or admin.
RESET_BY_MAIL: Final = "mail"
RESET_ISSUED: Final = "issued"


def phone_for_people(e164: str) -> str:
    """A stored number as people write it: "0912 345 678" at home, "+1 650-253-0000" abroad."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == VIETNAM_COUNTRY_CODE
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (sessions, tokens, invitation links); passwords use
    scrypt."""
    return hashlib.sha256(secret.encode()).hexdigest()


class HandedOutAsSecret:
    """A row whose secret was handed out once (a login session's cookie, an API token, an
    invitation link): only the secret's SHA-256 is stored, and the row is found by it."""

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    @classmethod
    def with_secret(cls, secret: str) -> Select[tuple[Self]]:
        return select(cls).where(cls.token_hash == hash_secret(secret))


class OfUser:
    """A row that belongs to one user (a login session, a role, a token) and goes with them."""

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(UserMixin, TimestampMixin, Base):
    """A person who signs in with their email (stored lowercase) or their phone number (stored
    in E.164, "+84912345678"). Either may be missing, never both: many vendors have no email."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="RoleAssignment.user_id",
        order_by="RoleAssignment.id",
    )
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )
    login_sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="LoginSession.id"
    )

    @property
    def session_secret(self) -> str | None:
        """The secret of the login session this request runs in (set when a session starts or
        is loaded; never stored: the database keeps only its SHA-256)."""
        return self.__dict__.get("_session_secret")

    @session_secret.setter
    def session_secret(self, secret: str | None) -> None:
        self.__dict__["_session_secret"] = secret

    def get_id(self) -> str:
        """Flask-Login's id for the cookies: the secret of this browser's `LoginSession`, so
        every login gets a new one and ending the session on the server ends both cookies."""
        if not self.session_secret:
            raise RuntimeError("no login session started for this user (use start_session)")
        return self.session_secret

    def has_role(self, role: str) -> bool:
        return any(assignment.role == role for assignment in self.roles)

    @property
    def login_name(self) -> str:
        """What the person signs in with: the email, else the phone number as dialled at home."""
        return self.email or phone_for_people(self.phone or "")

    @property
    def display_name(self) -> str:
        return self.name or self.login_name

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email or self.phone}>"


class LoginSession(OfUser, HandedOutAsSecret, TimestampMixin, Base):
    """One signed-in browser. The session and "remember me" cookies carry its secret; only the
    secret's SHA-256 is stored. Logging out, changing the password or "log out everywhere" sets
    `ended_at`, after which neither cookie is accepted again."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="login_sessions")

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} of {self.user_id}>"


class RoleAssignment(OfUser, TimestampMixin, Base):
    """One role of one user; officers and viewers hold it for a locality and its subtree."""

    __tablename__ = "role_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    locality_id: Mapped[int | None] = mapped_column(
        ForeignKey("localities.id", ondelete="CASCADE"), index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys="RoleAssignment.user_id")
    locality: Mapped[Locality | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("role IN ('admin', 'officer', 'viewer', 'vendor', 'host')", name="role"),
        CheckConstraint(
            "(role IN ('officer', 'viewer')) = (locality_id IS NOT NULL)", name="locality_scope"
        ),
        UniqueConstraint("user_id", "role", "locality_id"),
        # NULLs are distinct in unique constraints, so unscoped roles need their own index.
        unique_where(
            "uq_role_assignments_unscoped", "user_id", "role", where="locality_id IS NULL"
        ),
    )

    def __repr__(self) -> str:
        return f"<RoleAssignment {self.user_id} {self.role} {self.locality_id}>"


class ApiToken(OfUser, HandedOutAsSecret, TimestampMixin, Base):
    """A secret for scripts: "quet_<random>", shown once; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))  # "quet_AbCd", for people to recognise it
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… of {self.user_id}>"


class Invitation(HandedOutAsSecret, TimestampMixin, Base):
    """An invitation to become officer or viewer of a locality; the link's secret is hashed."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(16))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    locality: Mapped[Locality] = relationship(lazy="joined")
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id], lazy="joined")

    __table_args__ = (CheckConstraint("role IN ('officer', 'viewer')", name="role"),)

    def __repr__(self) -> str:
        return f"<Invitation {self.id} {self.email} {self.role}@{self.locality_id}>"


class PasswordReset(OfUser, HandedOutAsSecret, TimestampMixin, Base):
    """A one-time link to set a new password: mailed to the person (`RESET_BY_MAIL`) or issued
    by an admin or the officer of their locality to pass on (`RESET_ISSUED`). Only the link's
    SHA-256 is stored; it expires, works once, and using it ends every session of the user."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    via: Mapped[str] = mapped_column(String(8))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys="PasswordReset.user_id")

    __table_args__ = (CheckConstraint("via IN ('mail', 'issued')", name="via"),)

    def __repr__(self) -> str:
        return f"<PasswordReset {self.id} of {self.user_id} by {self.via}>"
