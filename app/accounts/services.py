"""The rules of accounts: sign-up, sign-in, passwords, roles, invitations and API tokens.

Services own the transaction: each public function that changes data commits (and records its
audit entries in the same transaction). Refusals of an input are `FieldError`s, which pages
show beside the field and the API turns into a 422.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from flask import abort, current_app, url_for
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
)
from app.accounts.permissions import can_manage, is_admin, managed_localities
from app.audit_log import record_change
from app.database import utcnow
from app.errors import FieldError
from app.extensions import db
from app.localities.models import Locality
from app.vietqr.text import fold

PASSWORD_MIN_LENGTH: Final = 10
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


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (tokens, invitation links); passwords use scrypt."""
    return hashlib.sha256(secret.encode()).hexdigest()


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise FieldError(field, _("Mật khẩu cần ít nhất %(n)d ký tự.", n=PASSWORD_MIN_LENGTH))


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
    db.session.commit()
    user.session_secret = secret
    return secret


def load_user(session_secret: str) -> User | None:
    """Flask-Login's user_loader: the active user of an open, unexpired login session, or None."""
    if not session_secret.startswith(SESSION_PREFIX):
        return None
    login_session = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_secret(session_secret))
    )
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
        db.session.commit()
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
        db.session.commit()
    user.session_secret = None


def end_all_sessions(user: User) -> int:
    """End every open login session of `user` ("log out everywhere"); returns how many. Commits."""
    result = db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    db.session.commit()
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
        raise FieldError("email", _("Địa chỉ email không hợp lệ."))
    check_password_rules(password)
    if get_user_by_email(email) is not None:
        raise FieldError("email", _("Email này đã có tài khoản. Hãy đăng nhập."))
    user = User(email=email, name=name.strip(), password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(email: str, name: str, password: str, roles: Iterable[str] = ()) -> User:
    """Create a plain user, with the self-service roles (vendor, host) they chose."""
    user = _new_user(email, name, password)
    for role in dict.fromkeys(roles):
        if role not in SELF_SERVICE_ROLES:
            raise FieldError("roles", _("Vai trò này chỉ được cấp qua lời mời."))
        _grant(user, role, None, granted_by=None)
    db.session.commit()
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
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Check the current password, set the new one and end every login session of the user
    (this browser's too: the caller starts a fresh one)."""
    if not check_password_hash(user.password_hash, current):
        raise FieldError("current_password", _("Mật khẩu hiện tại không đúng."))
    check_password_rules(new, "new_password")
    user.password_hash = generate_password_hash(new)
    end_all_sessions(user)  # commits the new password with the ended sessions


def create_user(email: str, password: str, name: str = "") -> User:
    """A user created from the command line (commits)."""
    user = _new_user(email, name, password)
    db.session.commit()
    return user


def add_self_service_role(user: User, role: str) -> RoleAssignment:
    if role not in SELF_SERVICE_ROLES:
        raise FieldError("role", _("Vai trò này chỉ được cấp qua lời mời."))
    assignment = _grant(user, role, None, granted_by=None)
    db.session.commit()
    return assignment


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
        raise FieldError("role", _("Vai trò không tồn tại: %(role)s", role=role))
    if (role in SCOPED_ROLES) != (locality is not None):
        message = (
            _("Vai trò này cần một địa bàn.")
            if role in SCOPED_ROLES
            else _("Vai trò này không gắn với địa bàn.")
        )
        raise FieldError("locality", message)
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
    assignment = _grant(user, role, locality, granted_by=None)
    db.session.commit()
    return assignment


def can_revoke(actor: User, assignment: RoleAssignment) -> bool:
    """Admins revoke anything; officers revoke officer/viewer roles inside their subtree."""
    if is_admin(actor):
        return True
    return assignment.role in INVITABLE_ROLES and can_manage(actor, assignment.locality)


def revoke_role(actor: User, assignment_id: int) -> dict[str, Any]:
    """Remove a role someone holds; 404 if unknown, 403 if outside the actor's reach.

    Returns what was removed (user_id, email, role, locality_id, locality)."""
    assignment = db.get_or_404(RoleAssignment, assignment_id)
    if not can_revoke(actor, assignment):
        abort(403)
    if assignment.role == ADMIN:
        admins = db.session.scalar(
            select(func.count()).select_from(RoleAssignment).where(RoleAssignment.role == ADMIN)
        )
        if (admins or 0) <= 1:
            raise FieldError("role", _("Không thể thu hồi quyền quản trị cuối cùng."), 409)
    removed = _assignment_snapshot(assignment)
    record_change("revoke", "role_assignment", assignment.id, removed, None, assignment.locality_id)
    assignment.user.roles.remove(assignment)
    db.session.commit()
    return removed


@dataclass(frozen=True)
class ScopedUser:
    """A user as one person sees them: only the roles that person may see."""

    user: User
    roles: list[RoleAssignment]


def users_in_scope(actor: User, search: str = "", limit: int = 200) -> list[ScopedUser]:
    """Admins: every user. Officers: users holding a role inside their subtree, with those roles.

    Anyone else gets a 403 (the caller checks `may_manage_users` first).
    """
    query = select(User).order_by(User.email).limit(limit)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(User.email.like(pattern), func.lower(User.name).like(pattern)))
    if is_admin(actor):
        return [ScopedUser(user, list(user.roles)) for user in db.session.scalars(query)]
    scope = managed_localities(actor)
    if scope.is_empty:
        abort(403)
    in_scope = select(RoleAssignment.user_id).where(scope.where(RoleAssignment.locality_id))
    users = db.session.scalars(query.where(User.id.in_(in_scope)))
    return [
        ScopedUser(user, [a for a in user.roles if a.locality and scope.contains(a.locality)])
        for user in users
    ]


def may_manage_users(user: User | Any) -> bool:
    return is_admin(user) or not managed_localities(user).is_empty


# ---- invitations --------------------------------------------------------------------------


def invite(
    inviter: User, email: str, role: str, locality: Locality | None
) -> tuple[Invitation, str]:
    """An invitation to be officer or viewer of `locality`, and the link's secret (shown once).

    Admins invite for any locality; officers only inside their own subtree. Commits.
    """
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise FieldError("email", _("Địa chỉ email không hợp lệ."))
    if role not in INVITABLE_ROLES:
        raise FieldError("role", _("Chỉ mời được cán bộ hoặc người xem của một địa bàn."))
    if locality is None:
        raise FieldError("locality", _("Hãy chọn địa bàn."))
    if not can_manage(inviter, locality):
        raise FieldError("locality", _("Địa bàn này nằm ngoài phạm vi bạn quản lý."), 403)
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
    db.session.commit()
    return invitation, secret


def invitation_url(secret: str) -> str:
    """The link to pass on (there is no mail server): PUBLIC_BASE_URL when set, else this host."""
    path = url_for("accounts.accept_invitation", token=secret)
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return str(base).rstrip("/") + path
    return str(url_for("accounts.accept_invitation", token=secret, _external=True))


def find_invitation(secret: str) -> Invitation | None:
    """The open invitation behind a link: not accepted and not expired; otherwise None."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_secret(secret))
    )
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.expires_at <= utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> RoleAssignment:
    """Attach the invited role to `user`, whose email must be the invited one. Commits."""
    if normalise_email(user.email) != invitation.email:
        raise FieldError(
            "email",
            _(
                "Lời mời này dành cho %(email)s; hãy đăng nhập bằng email đó.",
                email=invitation.email,
            ),
            403,
        )
    inviter = db.session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    assignment = _grant(user, invitation.role, invitation.locality, granted_by=inviter)
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
    db.session.commit()
    return assignment


def accept_invitation_with_new_account(invitation: Invitation, name: str, password: str) -> User:
    """Create the invited person's account (email from the invitation) and give the role."""
    user = _new_user(invitation.email, name, password)
    accept_invitation(invitation, user)
    return user


# ---- API tokens ---------------------------------------------------------------------------


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, "quet_…" (the only time the secret exists in clear)."""
    name = name.strip()
    if not name:
        raise FieldError("name", _("Hãy đặt tên cho mã truy cập."))
    if len(name) > 100:
        raise FieldError("name", _("Tên dài nhất 100 ký tự."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, token_hash=hash_secret(secret), prefix=secret[: len(TOKEN_PREFIX) + 4]
    )
    db.session.add(token)
    db.session.commit()
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
        abort(404)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def user_for_token(secret: str) -> User | None:
    """The active user behind an active token (recording its use), or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    return token.user


# ---- localities for pickers and the command line -------------------------------------------


def manageable_localities(user: User, search: str = "", limit: int = 100) -> list[Locality]:
    """Localities `user` manages (2025 era), matching `search`: for pickers and filters."""
    scope = managed_localities(user)
    query = (
        select(Locality)
        .where(scope.where(Locality.id), Locality.era == "vn2025")
        .order_by(Locality.depth, Locality.search_name, Locality.id)
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
