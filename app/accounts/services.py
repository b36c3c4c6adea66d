"""The rules of accounts: sign-up, sign-in, passwords, roles, invitations and API tokens.

Services own the transaction: each public function that changes data commits through
`app.transaction` (and records its audit entries in the same transaction). Refusals are
`DomainError`s with an "accounts.…" code (texts in `app.accounts.messages`): pages show them
beside the field, the API answers them in its error shape.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final, cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import (
    ADMIN,
    INVITABLE_ROLES,
    ROLES,
    SCOPED_ROLES,
    SELF_SERVICE_ROLES,
    TOKEN_PREFIX,
    ApiToken,
    Invitation,
    LoginSession,
    RoleAssignment,
    User,
    hash_secret,
)
from app.accounts.permissions import can_manage, is_admin, managed_localities
from app.audit_log import record_change
from app.database import utcnow
from app.errors import DomainError
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import VIETNAMESE_ORDER
from app.transaction import commit, transaction
from app.vietqr.text import fold

PASSWORD_MIN_LENGTH: Final = 10
TOKEN_NAME_MAX_LENGTH: Final = 100
INVITATION_LIFETIME: Final = timedelta(days=7)
#: last_used_at is written at most this often per token, not on every request.
TOKEN_USE_RESOLUTION: Final = timedelta(minutes=1)
#: A login session's last_seen_at is written at most this often.
SESSION_SEEN_RESOLUTION: Final = timedelta(minutes=5)
#: Ended or expired login sessions are deleted this long afterwards (at the user's next login).
SESSION_RECORD_KEEP: Final = timedelta(days=30)
SESSION_PREFIX: Final = "s_"
EMAIL_PATTERN: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

# Compared against when the email is unknown, so that unknown emails and wrong passwords take
# the same time.
_DUMMY_HASH: Final = generate_password_hash("not-a-real-password-" + secrets.token_hex(8))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _conflicts() -> dict[str, DomainError | str]:
    """What a unique index's refusal means when two identical requests race past the checks."""
    return {
        "uq_users_email": DomainError("accounts.email_taken", "email"),
        "uq_role_assignments_user_id_role_locality_id": "role",
        "uq_role_assignments_unscoped": "role",
    }


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("accounts.password_too_short", field, n=PASSWORD_MIN_LENGTH)


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def start_session(user: User, *, remember: bool = False, user_agent: str = "") -> str:
    """Open a login session for `user` (a new secret each time: the cookies of an earlier login
    are never reused) and make it the one `user.get_id()` names. Commits."""
    now = utcnow()
    config = current_app.config
    lifetime = (
        timedelta(days=config["REMEMBER_DAYS"])
        if remember
        else timedelta(hours=config["LOGIN_SESSION_HOURS"])
    )
    # Keep the table small: a user's sessions that ended or expired a while ago go.
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id,
            or_(
                LoginSession.ended_at < now - SESSION_RECORD_KEEP,
                LoginSession.expires_at < now - SESSION_RECORD_KEEP,
            ),
        )
    )
    secret = SESSION_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            user_id=user.id,
            token_hash=hash_secret(secret),
            remember=remember,
            user_agent=user_agent[:200],
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )
    commit()
    user.session_secret = secret
    return secret


def load_user(session_secret: str) -> User | None:
    """Flask-Login's user_loader: the active user of an open, unexpired login session, or None."""
    if not session_secret.startswith(SESSION_PREFIX):
        return None
    login_session = db.session.scalar(LoginSession.with_secret(session_secret))
    now = utcnow()
    if (
        login_session is None
        or login_session.ended_at is not None
        or login_session.expires_at <= now
        or not login_session.user.is_active
    ):
        return None
    if now - login_session.last_seen_at >= SESSION_SEEN_RESOLUTION:
        login_session.last_seen_at = now
        commit()
    user = login_session.user
    user.session_secret = session_secret
    return user


def end_session(user: User) -> None:
    """End the login session this request runs in (logging out). Commits."""
    if user.session_secret:
        db.session.execute(
            update(LoginSession)
            .where(
                LoginSession.token_hash == hash_secret(user.session_secret),
                LoginSession.ended_at.is_(None),
            )
            .values(ended_at=utcnow())
        )
        commit()
    user.session_secret = None


def end_all_sessions(user: User) -> int:
    """End every open login session of `user` ("log out everywhere"); returns how many. Commits."""
    result = db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    commit()
    user.session_secret = None
    return int(getattr(result, "rowcount", 0) or 0)


_BROWSERS: Final = (
    ("Zalo", "Zalo"),
    ("coc_coc", "Cốc Cốc"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS: Final = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """A short name a person recognises ("Chrome · Android") for a browser's User-Agent."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


def open_sessions(user: User) -> list[LoginSession]:
    """`user`'s open, unexpired login sessions, most recently seen first."""
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(
                LoginSession.user_id == user.id,
                LoginSession.ended_at.is_(None),
                LoginSession.expires_at > utcnow(),
            )
            .order_by(LoginSession.last_seen_at.desc())
        )
    )


# ---- sign-up, sign-in, passwords ----------------------------------------------------------


def _new_user(email: str, name: str, password: str) -> User:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise DomainError("accounts.email_invalid", "email")
    check_password_rules(password)
    if get_user_by_email(email) is not None:
        raise DomainError("accounts.email_taken", "email")
    user = User(email=email, name=name.strip(), password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(email: str, name: str, password: str, roles: Iterable[str] = ()) -> User:
    """Create a plain user, with the self-service roles (vendor, host) they chose."""
    with transaction(_conflicts()):
        user = _new_user(email, name, password)
        for role in dict.fromkeys(roles):
            _check_self_service(role, "roles")
            _grant(user, role, None, granted_by=None)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (the same for either mistake)."""
    user = get_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    commit()
    return user


def change_password(user: User, current: str, new: str) -> User:
    """Check the current password, set the new one and end every login session of the user
    (this browser's too: the caller starts a fresh one). Returns the user. Commits."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError("accounts.password_wrong", "current_password")
    check_password_rules(new, "new_password")
    user.password_hash = generate_password_hash(new)
    end_all_sessions(user)  # commits the new password with the ended sessions
    return user


def create_user(email: str, password: str, name: str = "") -> User:
    """A user created from the command line (commits)."""
    with transaction(_conflicts()):
        return _new_user(email, name, password)


def _check_self_service(role: str, field: str) -> None:
    if role not in SELF_SERVICE_ROLES:
        raise DomainError("accounts.role_by_invitation", field)


def add_self_service_role(user: User, role: str) -> RoleAssignment:
    """Give `user` a role they may take themself (vendor, host). Commits."""
    _check_self_service(role, "role")
    with transaction(_conflicts()):
        return _grant(user, role, None, granted_by=None)


# ---- roles --------------------------------------------------------------------------------


def _assignment_snapshot(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "user_id": assignment.user_id,
        "email": assignment.user.email,
        "role": assignment.role,
        "locality_id": assignment.locality_id,
        "locality": assignment.locality.name if assignment.locality else None,
    }


def _find_assignment(user: User, role: str, locality: Locality | None) -> RoleAssignment | None:
    locality_id = locality.id if locality else None
    for assignment in user.roles:
        if assignment.role == role and assignment.locality_id == locality_id:
            return assignment
    return None


def _grant(
    user: User, role: str, locality: Locality | None, granted_by: User | None
) -> RoleAssignment:
    """Add a role (no commit); an existing identical role is returned unchanged."""
    if role not in ROLES:
        raise DomainError("accounts.role_unknown", "role", role=role)
    if (role in SCOPED_ROLES) != (locality is not None):
        code = (
            "accounts.role_needs_locality"
            if role in SCOPED_ROLES
            else "accounts.role_without_locality"
        )
        raise DomainError(code, "locality")
    existing = _find_assignment(user, role, locality)
    if existing is not None:
        return existing
    assignment = RoleAssignment(
        user=user,
        role=role,
        locality=locality,
        granted_by_id=granted_by.id if granted_by else None,
    )
    db.session.add(assignment)
    db.session.flush()
    record_change(
        "grant",
        "role_assignment",
        assignment.id,
        None,
        _assignment_snapshot(assignment),
        locality.id if locality else None,
    )
    return assignment


def grant_role(user: User, role: str, locality: Locality | None = None) -> RoleAssignment:
    """Give `user` a role (the command line and tests; people use invitations). Commits."""
    with transaction(_conflicts()):
        return _grant(user, role, locality, granted_by=None)


def can_revoke(actor: User, assignment: RoleAssignment) -> bool:
    """Admins revoke anything; officers revoke officer/viewer roles inside their subtree."""
    if is_admin(actor):
        return True
    return assignment.role in INVITABLE_ROLES and can_manage(actor, assignment.locality)


def revoke_role(actor: User, assignment_id: int) -> dict[str, Any]:
    """Remove a role someone holds; 404 if unknown, 403 if outside the actor's reach, 409 for
    the last admin. Returns what was removed (user_id, email, role, locality_id, locality)."""
    assignment = db.session.get(RoleAssignment, assignment_id)
    if assignment is None:
        raise DomainError("accounts.role_not_found", status=404)
    if not can_revoke(actor, assignment):
        raise DomainError("accounts.role_out_of_reach", status=403)
    if assignment.role == ADMIN:
        admins = db.session.scalar(
            select(func.count()).select_from(RoleAssignment).where(RoleAssignment.role == ADMIN)
        )
        if (admins or 0) <= 1:
            raise DomainError("accounts.last_admin", "role", status=409)
    removed = _assignment_snapshot(assignment)
    record_change("revoke", "role_assignment", assignment.id, removed, None, assignment.locality_id)
    assignment.user.roles.remove(assignment)
    commit()
    return removed


@dataclass(frozen=True)
class ScopedUser:
    """A user as one person sees them: only the roles that person may see (every other
    attribute is the user's own, so the API's user schema dumps it as it dumps a user)."""

    user: User
    roles: list[RoleAssignment]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.user, name)


@dataclass(frozen=True)
class UsersInScope:
    """One window of the users a person sees, and how many they see in all."""

    items: list[ScopedUser]
    total: int


def users_in_scope(
    actor: User, search: str = "", *, offset: int = 0, limit: int = 200
) -> UsersInScope:
    """Admins: every user. Officers: users holding a role inside their subtree, with those roles.
    By email, `limit` of them from `offset`. Anyone else is refused (403).
    """
    query = select(User)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(User.email.like(pattern), func.lower(User.name).like(pattern)))
    scope = managed_localities(actor)
    if scope.is_empty:
        raise DomainError("accounts.users_forbidden", status=403)
    if not scope.everything:
        in_scope = select(RoleAssignment.user_id).where(scope.where(RoleAssignment.locality_id))
        query = query.where(User.id.in_(in_scope))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = db.session.scalars(query.order_by(User.email).offset(offset).limit(limit))
    visible = [
        ScopedUser(user, [a for a in user.roles if scope.contains(a.locality)]) for user in users
    ]
    return UsersInScope(visible, total)


def require_user_manager(user: User | Any) -> User:
    """`user` if they manage users (admins, officers); otherwise refused (403)."""
    if managed_localities(user).is_empty:
        raise DomainError("accounts.users_forbidden", status=403)
    return cast(User, user)


# ---- invitations --------------------------------------------------------------------------


def invite(
    inviter: User, email: str, role: str, locality: Locality | None
) -> tuple[Invitation, str]:
    """An invitation to be officer or viewer of `locality`, and the link's secret (shown once).

    Admins invite for any locality; officers only inside their own subtree. Commits.
    """
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise DomainError("accounts.email_invalid", "email")
    if role not in INVITABLE_ROLES:
        raise DomainError("accounts.invitation_role", "role")
    if locality is None:
        raise DomainError("accounts.locality_required", "locality")
    if not can_manage(inviter, locality):
        raise DomainError("accounts.locality_out_of_reach", "locality", status=403)
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        role=role,
        locality=locality,
        token_hash=hash_secret(secret),
        invited_by_id=inviter.id,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    record_change(
        "invite",
        "invitation",
        invitation.id,
        None,
        {"email": email, "role": role, "locality_id": locality.id, "locality": locality.name},
        locality.id,
    )
    commit()
    return invitation, secret


def find_invitation(secret: str) -> Invitation | None:
    """The open invitation behind a link: not accepted and not expired; otherwise None."""
    invitation = db.session.scalar(Invitation.with_secret(secret))
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.expires_at <= utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> RoleAssignment:
    """Attach the invited role to `user`, whose email must be the invited one. Commits."""
    with transaction(_conflicts()):
        return _accept(invitation, user)


def _accept(invitation: Invitation, user: User) -> RoleAssignment:
    if normalise_email(user.email) != invitation.email:
        raise DomainError(
            "accounts.invitation_other_email", "email", status=403, email=invitation.email
        )
    assignment = _grant(
        user, invitation.role, invitation.locality, granted_by=invitation.invited_by
    )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    record_change(
        "accept",
        "invitation",
        invitation.id,
        {"accepted_at": None},
        {"accepted_at": invitation.accepted_at, "user_id": user.id},
        invitation.locality_id,
    )
    return assignment


def accept_invitation_with_new_account(invitation: Invitation, name: str, password: str) -> User:
    """Create the invited person's account (email from the invitation) and give the role.
    Commits."""
    with transaction(_conflicts()):
        user = _new_user(invitation.email, name, password)
        _accept(invitation, user)
    return user


# ---- API tokens ---------------------------------------------------------------------------


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, "quet_…" (the only time the secret exists in clear)."""
    name = name.strip()
    if not name:
        raise DomainError("accounts.token_name_required", "name")
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise DomainError("accounts.token_name_too_long", "name", n=TOKEN_NAME_MAX_LENGTH)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, token_hash=hash_secret(secret), prefix=secret[: len(TOKEN_PREFIX) + 4]
    )
    db.session.add(token)
    commit()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s tokens (404 for someone else's). Idempotent. Commits."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise DomainError("accounts.token_not_found", status=404)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        commit()
    return token


def user_for_token(secret: str) -> User | None:
    """The active user behind an active token (recording its use), or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(ApiToken.with_secret(secret))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        token.last_used_at = now
        commit()
    return token.user


# ---- localities for pickers and the command line -------------------------------------------


def manageable_localities(user: User, search: str = "", limit: int = 100) -> list[Locality]:
    """Localities `user` manages (2025 era), matching `search`: for pickers and filters."""
    scope = managed_localities(user)
    query = (
        select(Locality)
        .where(scope.where(Locality.id), Locality.era == "vn2025", Locality.retired_at.is_(None))
        .order_by(Locality.depth, *VIETNAMESE_ORDER)
        .limit(limit)
    )
    if search.strip():
        key = fold(search)
        query = query.where(
            or_(Locality.search_name.like(f"%{key}%"), Locality.code == search.strip())
        )
    return list(db.session.scalars(query))


def role_label(role: str) -> str:
    labels = {
        ADMIN: _("Quản trị viên"),
        "officer": _("Cán bộ địa bàn"),
        "viewer": _("Người xem báo cáo"),
        "vendor": _("Tiểu thương"),
        "host": _("Người tổ chức sự kiện"),
    }
    return str(labels.get(role, role))
