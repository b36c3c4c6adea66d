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

import phonenumbers
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import (
    ADMIN,
    INVITABLE_ROLES,
    RESET_BY_MAIL,
    RESET_ISSUED,
    ROLES,
    SCOPED_ROLES,
    SELF_SERVICE_ROLES,
    TOKEN_PREFIX,
    ApiToken,
    Invitation,
    LoginSession,
    PasswordReset,
    RoleAssignment,
    User,
    hash_secret,
)
from app.accounts.permissions import can_manage, is_admin, managed_localities
from app.audit_log import record_change, recorded_row
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
#: A mailed reset link is short-lived; an issued one travels through a person (Zalo, SMS).
RESET_MAIL_LIFETIME: Final = timedelta(hours=1)
RESET_ISSUED_LIFETIME: Final = timedelta(hours=24)
PHONE_INPUT_MAX_LENGTH: Final = 30
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


def normalise_phone(text: str, field: str = "phone") -> str:
    """A phone number in E.164 ("+84912345678"): 0912345678, 0912 345 678, +84 912 345 678 and
    84912345678 are the same number. A number that cannot be dialled is refused (422)."""
    text = text.strip()
    if len(text) > PHONE_INPUT_MAX_LENGTH or any(char.isalpha() for char in text):
        raise DomainError("accounts.phone_invalid", field)
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as error:
        raise DomainError("accounts.phone_invalid", field) from error
    if number.extension or not phonenumbers.is_valid_number(number):
        raise DomainError("accounts.phone_invalid", field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def login_key(login: str) -> str:
    """The one spelling of what someone signs in with (for lookups and rate limits): the
    lowercase email, the E.164 phone number, or the text as typed when it is neither."""
    login = login.strip()
    if "@" in login:
        return normalise_email(login)
    try:
        return normalise_phone(login)
    except DomainError:
        return login.lower()


def _conflicts() -> dict[str, DomainError | str]:
    """What a unique index's refusal means when two identical requests race past the checks."""
    return {
        "uq_users_email": DomainError("accounts.email_taken", "email"),
        "uq_users_phone": DomainError("accounts.phone_taken", "phone"),
        "uq_role_assignments_user_id_role_locality_id": "role",
        "uq_role_assignments_unscoped": "role",
    }


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("accounts.password_too_short", field, n=PASSWORD_MIN_LENGTH)


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user_by_login(login: str) -> User | None:
    """The user who signs in with `login`: an email, or a phone number however it is written."""
    key = login_key(login)
    column = User.email if "@" in key else User.phone
    return db.session.scalar(select(User).where(column == key))


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


def _contact(
    email: str | None, phone: str | None, user: User | None = None
) -> tuple[str | None, str | None]:
    """The email and phone number a user signs in with, checked: at least one, each well formed
    and nobody else's (`user` is the one they are for, when it exists)."""
    email = normalise_email(email) if email and email.strip() else None
    phone = normalise_phone(phone) if phone and phone.strip() else None
    if email is None and phone is None:
        raise DomainError("accounts.email_or_phone_required", "email")
    if email is not None:
        if not EMAIL_PATTERN.match(email):
            raise DomainError("accounts.email_invalid", "email")
        owner = get_user_by_email(email)
        if owner is not None and (user is None or owner.id != user.id):
            raise DomainError("accounts.email_taken", "email")
    if phone is not None:
        owner = db.session.scalar(select(User).where(User.phone == phone))
        if owner is not None and (user is None or owner.id != user.id):
            raise DomainError("accounts.phone_taken", "phone")
    return email, phone


def _new_user(email: str | None, name: str, password: str, phone: str | None = None) -> User:
    email, phone = _contact(email, phone)
    check_password_rules(password)
    user = User(
        email=email, phone=phone, name=name.strip(), password_hash=generate_password_hash(password)
    )
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(
    email: str | None,
    name: str,
    password: str,
    roles: Iterable[str] = (),
    phone: str | None = None,
) -> User:
    """Create a plain user (with an email, a phone number or both), with the self-service roles
    (vendor, host) they chose."""
    with transaction(_conflicts()):
        user = _new_user(email, name, password, phone)
        for role in dict.fromkeys(roles):
            _check_self_service(role, "roles")
            _grant(user, role, None, granted_by=None)
    return user


def authenticate(login: str, password: str) -> User | None:
    """The active user with this email or phone number and this password, or None (the same
    for either mistake, in the same time)."""
    user = get_user_by_login(login)
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
    _close_open_resets(user)
    end_all_sessions(user)  # commits the new password with the ended sessions
    return user


def update_contact(user: User, email: str | None, phone: str | None, password: str) -> User:
    """Change the email and phone number `user` signs in with (at least one stays); the current
    password is asked because these are what a password reset is sent to. Commits."""
    if not check_password_hash(user.password_hash, password):
        raise DomainError("accounts.password_wrong", "password")
    with transaction(_conflicts()):
        user.email, user.phone = _contact(email, phone, user)
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
        "user": assignment.user.login_name,
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
    """Admins revoke anything; officers revoke officer/viewer roles inside their subtree. Nobody
    revokes their own admin, officer or viewer role (`revoke_role` says why)."""
    if assignment.user_id == actor.id and assignment.role in (ADMIN, *INVITABLE_ROLES):
        return False
    if is_admin(actor):
        return True
    return assignment.role in INVITABLE_ROLES and can_manage(actor, assignment.locality)


def revoke_role(actor: User, assignment_id: int) -> dict[str, Any]:
    """Remove a role someone holds; 404 if unknown, 403 if outside the actor's reach, 409 for
    one's own admin, officer or viewer role and for the last admin. Returns what was removed
    (user_id, user, email, role, locality_id, locality)."""
    assignment = db.session.get(RoleAssignment, assignment_id)
    if assignment is None:
        raise DomainError("accounts.role_not_found", status=404)
    if assignment.user_id == actor.id and assignment.role in (ADMIN, *INVITABLE_ROLES):
        # Nobody locks themself out by mistake: another officer or admin does it.
        raise DomainError("accounts.own_role", "role", status=409)
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
    By email, name or phone number; `limit` of them from `offset`. Anyone else is refused (403).
    """
    query = select(User)
    if search:
        pattern = f"%{search.strip().lower()}%"
        matches = [User.email.like(pattern), func.lower(User.name).like(pattern)]
        digits = "".join(char for char in search if char.isdigit())
        if len(digits) >= 3:  # "0912 345" finds +84912345…: the leading 0 is the country's
            matches.append(User.phone.like(f"%{digits.lstrip('0')}%"))
        query = query.where(or_(*matches))
    scope = managed_localities(actor)
    if scope.is_empty:
        raise DomainError("accounts.users_forbidden", status=403)
    if not scope.everything:
        in_scope = select(RoleAssignment.user_id).where(scope.where(RoleAssignment.locality_id))
        query = query.where(User.id.in_(in_scope))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = db.session.scalars(
        query.order_by(User.email, User.phone, User.id).offset(offset).limit(limit)
    )
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
    """The open invitation behind a link: not accepted, withdrawn or expired; otherwise None."""
    invitation = db.session.scalar(Invitation.with_secret(secret))
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.withdrawn_at is not None:
        return None
    if invitation.expires_at <= utcnow():
        return None
    return invitation


def open_invitations(actor: User) -> list[Invitation]:
    """The invitations `actor` may see and withdraw that are still waiting (not accepted, not
    withdrawn, not expired): admins all, officers those for a locality in their subtree; the
    soonest to expire first. Anyone else is refused (403)."""
    scope = managed_localities(actor)
    if scope.is_empty:
        raise DomainError("accounts.users_forbidden", status=403)
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.withdrawn_at.is_(None),
                Invitation.expires_at > utcnow(),
                scope.where(Invitation.locality_id),
            )
            .order_by(Invitation.expires_at, Invitation.id)
        )
    )


def withdraw_invitation(actor: User, invitation_id: int) -> Invitation:
    """Withdraw a waiting invitation: its link stops working at once. 404 when unknown, 403
    outside the actor's subtree, 409 when it was already accepted, withdrawn or has expired.
    Audited. Commits."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise DomainError("accounts.invitation_not_found", status=404)
    if not can_manage(actor, invitation.locality):
        raise DomainError("accounts.locality_out_of_reach", status=403)
    if invitation.accepted_at is not None:
        raise DomainError("accounts.invitation_already_accepted", status=409)
    if invitation.withdrawn_at is not None or invitation.expires_at <= utcnow():
        raise DomainError("accounts.invitation_closed", status=409)
    invitation.withdrawn_at = utcnow()
    invitation.withdrawn_by_id = actor.id
    record_change(
        "withdraw",
        "invitation",
        invitation.id,
        {"email": invitation.email, "role": invitation.role, "withdrawn_at": None},
        {
            "email": invitation.email,
            "role": invitation.role,
            "withdrawn_at": invitation.withdrawn_at,
        },
        invitation.locality_id,
    )
    commit()
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> RoleAssignment:
    """Attach the invited role to `user`, whose email must be the invited one. Commits."""
    with transaction(_conflicts()):
        return _accept(invitation, user)


def _accept(invitation: Invitation, user: User) -> RoleAssignment:
    if normalise_email(user.email or "") != invitation.email:
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


# ---- password resets ----------------------------------------------------------------------


def mail_configured() -> bool:
    """Whether reset links can be mailed (QUET_MAIL_SERVER is set)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def _close_open_resets(user: User) -> None:
    """Every reset link of `user` still open stops working (no commit)."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )


def _new_reset(user: User, via: str, issued_by: User | None) -> tuple[PasswordReset, str]:
    secret = secrets.token_urlsafe(32)
    lifetime = RESET_MAIL_LIFETIME if via == RESET_BY_MAIL else RESET_ISSUED_LIFETIME
    reset = PasswordReset(
        user=user,
        via=via,
        token_hash=hash_secret(secret),
        issued_by_id=issued_by.id if issued_by else None,
        expires_at=utcnow() + lifetime,
    )
    db.session.add(reset)
    db.session.flush()
    return reset, secret


def _home_locality_id(user: User) -> int | None:
    """The locality a change to `user` is logged under: their first officer or viewer role's."""
    return next((a.locality_id for a in user.roles if a.locality_id is not None), None)


def request_password_reset(login: str) -> tuple[User, str] | None:
    """For "forgot password": when mail is configured and `login` (email or phone) names an
    active user with an email, a new reset link's secret and that user, to mail; otherwise
    None. The caller says the same thing either way, so nobody learns whether an account
    exists. Commits."""
    if not mail_configured():
        return None
    user = get_user_by_login(login)
    if user is None or not user.is_active or not user.email:
        return None
    _reset, secret = _new_reset(user, RESET_BY_MAIL, None)
    record_change(
        "request_reset",
        "password_reset",
        _reset.id,
        None,
        {"user": user.login_name},
        _home_locality_id(user),
    )
    commit()
    return user, secret


def can_issue_reset(actor: User, user: User | Any) -> bool:
    """Whether `actor` may issue a reset link for `user`: an admin for anyone else; an officer
    for someone else whose every officer or viewer role lies inside the officer's subtree (so
    nobody takes over an account that reaches further than they do), and who is no admin."""
    if user.id == actor.id:
        return False
    if is_admin(actor):
        return True
    if is_admin(user):
        return False
    scoped = [a for a in user.roles if a.role in SCOPED_ROLES]
    return bool(scoped) and all(can_manage(actor, a.locality) for a in scoped)


def issue_password_reset(actor: User, user_id: int) -> tuple[PasswordReset, str]:
    """A reset link for someone who lost their password, to pass on by Zalo or SMS (the secret
    is shown once). 404 for an unknown user, 403 beyond the actor's reach. Audited. Commits."""
    user = db.session.get(User, user_id)
    if user is None:
        raise DomainError("accounts.user_not_found", status=404)
    if user.id == actor.id:
        raise DomainError("accounts.reset_own", status=409)
    if not can_issue_reset(actor, user):
        raise DomainError("accounts.reset_out_of_reach", status=403)
    reset, secret = _new_reset(user, RESET_ISSUED, actor)
    record_change(
        "issue_reset",
        "password_reset",
        reset.id,
        None,
        {"user": user.login_name, "expires_at": reset.expires_at},
        _home_locality_id(user),
    )
    commit()
    return reset, secret


def find_password_reset(secret: str) -> PasswordReset | None:
    """The usable reset behind a link: unused, unexpired, for an active user; otherwise None."""
    reset = db.session.scalar(PasswordReset.with_secret(secret))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    if not reset.user.is_active:
        return None
    return reset


def reset_password(reset: PasswordReset, new: str) -> User:
    """Set the new password through a reset link: the link (and every other open one of the
    user) stops working and every login session of the user ends. Audited. Commits."""
    check_password_rules(new)
    user = reset.user
    user.password_hash = generate_password_hash(new)
    _close_open_resets(user)
    record_change(
        "use_reset",
        "password_reset",
        reset.id,
        {"user": user.login_name, "used_at": None},
        {"user": user.login_name, "used_at": utcnow()},
        _home_locality_id(user),
    )
    end_all_sessions(user)  # commits the password, the used link and the ended sessions
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
        .options(joinedload(Locality.parent))  # a hamlet is shown with its commune (known_as)
    )
    if search.strip():
        key = fold(search)
        query = query.where(
            or_(Locality.search_name.like(f"%{key}%"), Locality.code == search.strip())
        )
    return list(db.session.scalars(query))


def user_named(user_id: Any) -> str:
    """A person an audit entry recorded by id: "Name <login>", or the login alone; one whose
    account is gone is said to be gone, with the id it had."""
    user = recorded_row(User, user_id)
    if user is None:
        return str(_("Tài khoản không còn (số %(id)s)", id=user_id))
    return f"{user.name} <{user.login_name}>" if user.name else user.login_name


def role_label(role: str) -> str:
    labels = {
        ADMIN: _("Quản trị viên"),
        "officer": _("Cán bộ địa bàn"),
        "viewer": _("Người xem báo cáo"),
        "vendor": _("Tiểu thương"),
        "host": _("Người tổ chức sự kiện"),
    }
    return str(labels.get(role, role))
