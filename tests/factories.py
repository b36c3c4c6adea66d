"""Builders shared by the whole suite: localities (without importing the catalogue), users,
sessions and bearer-token headers."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from app.accounts import services
from app.accounts.models import RoleAssignment, User
from app.extensions import db
from app.localities.models import Locality
from app.localities.names import search_key

PASSWORD = "mat-khau-dai-du-10"
# Hashing once keeps the suite fast; sign-up and password tests hash for real.
PASSWORD_HASH = generate_password_hash(PASSWORD)

_KINDS = {"province": "tinh", "commune": "xa", "hamlet": "thon", "district": "huyen"}


def make_locality(
    name: str,
    level: str,
    parent: Locality | None = None,
    code: str | None = None,
    era: str = "vn2025",
    kind: str | None = None,
) -> Locality:
    kind = kind or _KINDS[level]
    locality = Locality(
        era=era,
        level=level,
        kind=kind,
        code=code,
        name=name,
        search_name=search_key(name, kind),
        parent=parent,
        depth=(parent.depth + 1) if parent else 0,
        path="",
    )
    db.session.add(locality)
    db.session.flush()
    locality.path = f"{parent.path if parent else '/'}{locality.id}/"
    db.session.commit()
    return locality


def make_user(
    email: str,
    *roles: tuple[str, Locality | None] | str,
    name: str = "",
    active: bool = True,
) -> User:
    user = User(email=email.lower(), name=name, password_hash=PASSWORD_HASH, is_active=active)
    for role in roles:
        role_name, locality = (role, None) if isinstance(role, str) else role
        user.roles.append(RoleAssignment(role=role_name, locality=locality))
    db.session.add(user)
    db.session.commit()
    return user


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Start a session for `user` without going through the (rate-limited, slow) login form."""
    services.start_session(user)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def bearer(who: User | str) -> dict[str, str]:
    """`Authorization` headers for an API call: with a token secret as given, or with a new
    token of a user."""
    if isinstance(who, User):
        _token, who = services.create_token(who, "tests")
    return {"Authorization": f"Bearer {who}"}


class Places:
    """Province P with communes A and B, and hamlet H under A."""

    def __init__(self) -> None:
        self.province = make_locality("Tỉnh Phú Thịnh", "province", code="91")
        self.commune_a = make_locality("Xã An Bình", "commune", self.province, code="91001")
        self.commune_b = make_locality("Xã Bình Minh", "commune", self.province, code="91002")
        self.hamlet = make_locality("Thôn Đông", "hamlet", self.commune_a)
        self.other_province = make_locality("Tỉnh Hà Sơn", "province", code="92")
        self.commune_c = make_locality("Xã Cẩm Sơn", "commune", self.other_province, code="92001")
