"""Builders shared by the whole suite: localities (without importing the catalogue), users,
sessions and bearer-token headers, gift events and guests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from app.accounts import services
from app.accounts.models import RoleAssignment, User
from app.events.models import Ceremony, EventHost, EventSide, GiftEvent, Guest
from app.extensions import db
from app.localities.models import Locality
from app.localities.names import search_key
from app.matching import new_code

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


#: The receiving account the factories give a side.
SIDE_ACCOUNT = ("970436", "0011004455667", "NGUYEN VAN MINH")


def make_side(
    name: str,
    position: int,
    account: tuple[str, str, str] | None = SIDE_ACCOUNT,
    **extra: Any,
) -> EventSide:
    """A receiving side (not yet added to an event) with its own QH code and, unless
    `account` is None, a receiving account."""
    bank_bin, number, holder = account or ("", "", "")
    return EventSide(
        name=name,
        position=position,
        hosts_names=f"Gia đình {name.lower()}",
        bank_bin=bank_bin,
        account_number=number,
        account_name=holder,
        code=new_code("QH"),
        **extra,
    )


def make_event(
    host: User,
    locality: Locality,
    sides: tuple[str, ...] = ("Nhà trai", "Nhà gái"),
    *,
    title: str = "Lễ cưới Minh & Lan",
    kind: str = "dam_cuoi",
    account: tuple[str, str, str] | None = SIDE_ACCOUNT,
) -> GiftEvent:
    """An event hosted by `host` (its owner, for every side), with one ceremony per side in two
    weeks' time and, unless `account` is None, the same receiving account on every side."""
    event = GiftEvent(kind=kind, title=title, locality=locality, message="Trân trọng kính mời.")
    event.hosts.append(EventHost(user_id=host.id, role="owner"))
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=14)
    for position, name in enumerate(sides):
        side = make_side(name, position, account)
        side.ceremonies.append(
            Ceremony(name="Tiệc cưới", starts_at=starts, venue="Nhà văn hoá thôn Đông")
        )
        event.sides.append(side)
    db.session.add(event)
    db.session.commit()
    return event


def make_guest(event: GiftEvent, name: str = "Trần Văn Nam", side_index: int = 0) -> Guest:
    """A guest of `event`'s side `side_index`, with a personal code and link."""
    guest = Guest(
        event=event,
        side=event.sides[side_index],
        name=name,
        honorific="anh",
        code=new_code("QK"),
    )
    db.session.add(guest)
    db.session.commit()
    return guest
