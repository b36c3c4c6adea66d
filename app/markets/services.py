"""The rules of the markets feature: markets, stalls, cashless streets, vendors, their accounts
and participation, and Chợ 4.0 recognitions.

Every function that changes data takes the acting `user`, checks where they may act (an officer
inside their subtree, an admin anywhere, a vendor only on their own record and accounts), owns
its transaction and records the change in the audit log. Refusals are `DomainError`s with
"markets.…" codes (their texts in `app.markets.messages`): 403 outside the user's scope, 404 for
a row that does not exist, 409 for a taken number or a second primary account, 422 otherwise.

Participation is a history of dated steps; `statuses_as_of` answers "where was every vendor of
this market / street / subtree on that date" in one query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import aliased, selectinload

from app.access import is_signed_in
from app.accounts.models import User
from app.accounts.permissions import (
    Scope,
    can_manage,
    can_view,
    is_admin,
    managed_localities,
    viewable_localities,
)
from app.audit_log import Actor, current_actor, record_change, snapshot
from app.codes import services as codes
from app.database import utcnow
from app.errors import DomainError, get_row
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import get_locality, subtree_ids_select
from app.markets.models import (
    ACCOUNT_INDEX,
    CRITERION_INDEX,
    DECISION_INDEX,
    MARKET_KINDS,
    NEEDS_REASON,
    PRIMARY_ACCOUNT_INDEX,
    REASONS,
    SIGN_CODE_INDEX,
    STALL_NUMBER_INDEX,
    STATUSES,
    CashlessStreet,
    CriterionMet,
    Market,
    MarketRecognition,
    ParticipationStep,
    RecognitionCriterion,
    Stall,
    Vendor,
    VendorAccount,
)
from app.matching import new_code
from app.paging import Found, page_of
from app.transaction import transaction

SIGN_PREFIX = "QT"
#: Draws of a fresh sign code before giving up (a collision is about 1 in 3,000 per draw with
#: a million codes stored: three in a row means something else is wrong).
SIGN_CODE_ATTEMPTS = 5
#: Statuses in which a vendor shows a QR code at their stall or shop.
WITH_QR = ("qr_displayed", "receiving")
VIETNAM_OFFSET = timedelta(hours=7)


def _forbidden(field: str | None = None) -> DomainError:
    return DomainError("markets.forbidden", field, status=403)


def clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _required_text(data: Mapping[str, Any], field: str) -> str:
    value = clean(data.get(field)) or ""
    if not value:
        raise DomainError("markets.required", field)
    return str(value)


# ---- scope --------------------------------------------------------------------------------


def viewable(user: User | Any) -> Scope:
    """Where `user` may read markets and vendors (officers' and viewers' subtrees, admins
    everywhere)."""
    return viewable_localities(user)


def may_view(user: User | Any, locality: Locality) -> bool:
    return can_view(user, locality)


def may_manage(user: User | Any, locality: Locality) -> bool:
    return can_manage(user, locality)


def owns(user: User | Any, vendor: Vendor) -> bool:
    """Whether `user` is the vendor this record belongs to."""
    return is_signed_in(user) and vendor.user_id is not None and vendor.user_id == user.id


def may_view_vendor(user: User | Any, vendor: Vendor) -> bool:
    return owns(user, vendor) or can_view(user, vendor.locality)


def may_edit_vendor(user: User | Any, vendor: Vendor) -> bool:
    return owns(user, vendor) or can_manage(user, vendor.locality)


def require_view(user: User | Any, locality: Locality) -> None:
    if not can_view(user, locality):
        raise _forbidden()


def require_manage(user: User | Any, locality: Locality, field: str | None = None) -> None:
    if not can_manage(user, locality):
        raise _forbidden(field)


def get_market(market_id: int) -> Market:
    return get_row(Market, market_id, "markets.market_not_found")


def get_stall(stall_id: int) -> Stall:
    return get_row(Stall, stall_id, "markets.stall_not_found")


def get_street(street_id: int) -> CashlessStreet:
    return get_row(CashlessStreet, street_id, "markets.street_not_found")


def get_vendor(vendor_id: int) -> Vendor:
    return get_row(Vendor, vendor_id, "markets.vendor_not_found")


def get_account(account_id: int) -> VendorAccount:
    return get_row(VendorAccount, account_id, "markets.account_not_found")


def get_criterion(criterion_id: int) -> RecognitionCriterion:
    return get_row(RecognitionCriterion, criterion_id, "markets.criterion_not_found")


def visible_market(user: User | Any, market_id: int) -> Market:
    """The market, if `user` may see it (404 when there is none, 403 outside their scope)."""
    market = get_market(market_id)
    require_view(user, market.locality)
    return market


def visible_street(user: User | Any, street_id: int) -> CashlessStreet:
    street = get_street(street_id)
    require_view(user, street.locality)
    return street


def visible_vendor(user: User | Any, vendor_id: int) -> Vendor:
    """The vendor, if `user` may see it: officers and viewers of its locality, or the vendor."""
    vendor = get_vendor(vendor_id)
    if not may_view_vendor(user, vendor):
        raise _forbidden()
    return vendor


def _place_locality(locality_id: Any, field: str = "locality_id") -> Locality:
    """A commune of 2025 or a hamlet under one: where markets and streets are."""
    locality = get_locality(locality_id) if isinstance(locality_id, int) else None
    if locality is None:
        raise DomainError("markets.locality_not_found", field)
    if locality.era != "vn2025" or locality.level not in ("commune", "hamlet"):
        raise DomainError("markets.locality_level", field, name=locality.name)
    return locality


def in_subtree(column: Any, locality: Locality | None) -> Any:
    return column.in_(subtree_ids_select(locality)) if locality is not None else True


# ---- markets ------------------------------------------------------------------------------

MARKET_FIELDS = (
    "name",
    "locality_id",
    "kind",
    "address",
    "board_contact_name",
    "board_contact_phone",
)


def _move_place(
    user: User | Any, place: Market | CashlessStreet, data: Mapping[str, Any], vendor_column: Any
) -> None:
    """Move a market or street to `data`'s locality when it names another one (which `user`
    must manage), and its vendors' `locality_id` with it."""
    if "locality_id" not in data or data["locality_id"] == place.locality_id:
        return
    locality = _place_locality(data["locality_id"])
    require_manage(user, locality, "locality_id")
    place.locality = locality
    db.session.execute(
        update(Vendor).where(vendor_column == place.id).values(locality_id=locality.id)
    )


def _places_in[P: (Market, CashlessStreet)](
    model: type[P], user: User | Any, locality: Locality | None, page: int, per_page: int
) -> Found[P]:
    stmt = (
        select(model)
        .where(viewable(user).where(model.locality_id))
        .where(in_subtree(model.locality_id, locality))
        .order_by(model.sort_key, model.id)
    )
    return page_of(stmt, page, per_page)


def _apply_market(market: Market, data: Mapping[str, Any]) -> None:
    if "name" in data or market.name is None:
        market.name = _required_text(data, "name")
    if "kind" in data or market.kind is None:
        kind = data.get("kind")
        if kind not in MARKET_KINDS:
            raise DomainError("markets.kind_invalid", "kind")
        market.kind = kind
    for name in ("address", "board_contact_name", "board_contact_phone"):
        if name in data:
            setattr(market, name, clean(data[name]) or "")


def create_market(user: User | Any, data: Mapping[str, Any]) -> Market:
    """A new market in a commune or hamlet that `user` manages."""
    locality = _place_locality(data.get("locality_id"))
    require_manage(user, locality, "locality_id")
    market = Market(locality=locality, name=None, kind=None)
    _apply_market(market, data)
    with transaction():
        db.session.add(market)
        db.session.flush()
        record_change(
            "create", "market", market.id, None, snapshot(market, MARKET_FIELDS), locality.id
        )
    return market


def update_market(user: User | Any, market: Market, data: Mapping[str, Any]) -> Market:
    """Change a market; moving it to another locality moves its vendors' scope with it."""
    require_manage(user, market.locality)
    before = snapshot(market, MARKET_FIELDS)
    with transaction():
        _move_place(user, market, data, Vendor.market_id)
        _apply_market(market, data)
        record_change(
            "update",
            "market",
            market.id,
            before,
            snapshot(market, MARKET_FIELDS),
            market.locality_id,
        )
    return market


def markets_in(
    user: User | Any, locality: Locality | None = None, page: int = 1, per_page: int = 50
) -> Found[Market]:
    """The markets `user` may see (in `locality`'s subtree when given), by name."""
    return _places_in(Market, user, locality, page, per_page)


# ---- stalls -------------------------------------------------------------------------------

STALL_FIELDS = ("market_id", "number", "section", "goods", "vendor_id")


def _stall_taken(number: str | None) -> DomainError:
    return DomainError("markets.stall_number_taken", "number", status=409, number=number or "")


def _stall_conflicts(number: str | None) -> dict[str, DomainError | str]:
    return {STALL_NUMBER_INDEX: _stall_taken(number)}


def _apply_stall(stall: Stall, market: Market, data: Mapping[str, Any]) -> None:
    if "number" in data:
        number = clean(data["number"]) or None
        if number is not None:
            taken = db.session.scalar(
                select(Stall.id).where(
                    Stall.market_id == market.id, Stall.number == number, Stall.id != stall.id
                )
            )
            if taken is not None:
                raise _stall_taken(number)
        stall.number = number
    for name in ("section", "goods"):
        if name in data:
            setattr(stall, name, clean(data[name]) or "")
    if "vendor_id" in data:
        vendor_id = data["vendor_id"]
        if vendor_id is None:
            stall.vendor = None
        else:
            vendor = get_row(Vendor, vendor_id, "markets.vendor_not_found", "vendor_id")
            if vendor.market_id != market.id:
                raise DomainError("markets.vendor_elsewhere", "vendor_id", name=vendor.name)
            stall.vendor = vendor


def add_stall(user: User | Any, market: Market, data: Mapping[str, Any]) -> Stall:
    """A stall in `market`; its number (when it has one) must be free in that market."""
    require_manage(user, market.locality)
    stall = Stall(market_id=market.id)
    number = clean(data.get("number")) or None
    with transaction(_stall_conflicts(number)):
        with db.session.no_autoflush:
            _apply_stall(stall, market, data)
        db.session.add(stall)
        db.session.flush()
        record_change(
            "create", "stall", stall.id, None, snapshot(stall, STALL_FIELDS), market.locality_id
        )
    return stall


def update_stall(user: User | Any, stall: Stall, data: Mapping[str, Any]) -> Stall:
    market = stall.market
    require_manage(user, market.locality)
    before = snapshot(stall, STALL_FIELDS)
    number = clean(data.get("number")) or None
    with transaction(_stall_conflicts(number)):
        with db.session.no_autoflush:
            _apply_stall(stall, market, data)
        db.session.flush()
        record_change(
            "update", "stall", stall.id, before, snapshot(stall, STALL_FIELDS), market.locality_id
        )
    return stall


def stalls_of(market: Market, page: int = 1, per_page: int = 100) -> Found[Stall]:
    """A market's stalls in stall order (numbered ones by number, then the others)."""
    stmt = (
        select(Stall)
        .where(Stall.market_id == market.id)
        .order_by(Stall.number.is_(None), func.length(Stall.number), Stall.number, Stall.id)
    )
    return page_of(stmt, page, per_page)


# ---- cashless streets ---------------------------------------------------------------------

STREET_FIELDS = ("name", "locality_id", "launched_on")


def create_street(user: User | Any, data: Mapping[str, Any]) -> CashlessStreet:
    locality = _place_locality(data.get("locality_id"))
    require_manage(user, locality, "locality_id")
    street = CashlessStreet(
        locality=locality, name=_required_text(data, "name"), launched_on=data.get("launched_on")
    )
    with transaction():
        db.session.add(street)
        db.session.flush()
        record_change(
            "create",
            "cashless_street",
            street.id,
            None,
            snapshot(street, STREET_FIELDS),
            locality.id,
        )
    return street


def update_street(
    user: User | Any, street: CashlessStreet, data: Mapping[str, Any]
) -> CashlessStreet:
    require_manage(user, street.locality)
    before = snapshot(street, STREET_FIELDS)
    with transaction():
        _move_place(user, street, data, Vendor.street_id)
        if "name" in data:
            street.name = _required_text(data, "name")
        if "launched_on" in data:
            street.launched_on = data["launched_on"]
        record_change(
            "update",
            "cashless_street",
            street.id,
            before,
            snapshot(street, STREET_FIELDS),
            street.locality_id,
        )
    return street


def streets_in(
    user: User | Any, locality: Locality | None = None, page: int = 1, per_page: int = 50
) -> Found[CashlessStreet]:
    """The cashless streets `user` may see (in `locality`'s subtree when given), by name."""
    return _places_in(CashlessStreet, user, locality, page, per_page)


# ---- vendors ------------------------------------------------------------------------------

VENDOR_FIELDS = (
    "name",
    "phone",
    "goods",
    "locality_id",
    "market_id",
    "street_id",
    "house_number",
    "business_kind",
    "sign_code",
    "code_in_purpose",
    "registration",
    "user_id",
)
#: What a vendor may change on their own record; the rest is their officers'.
OWNER_FIELDS = frozenset(
    {"name", "phone", "goods", "house_number", "business_kind", "code_in_purpose"}
)


def vendor_snapshot(vendor: Vendor) -> dict[str, Any]:
    return {**snapshot(vendor, VENDOR_FIELDS), "stall_ids": [s.id for s in vendor.stalls]}


def _place_vendor(
    user: User | Any, vendor: Vendor, data: Mapping[str, Any], *, anywhere: bool = False
) -> None:
    """Put the vendor in a market (on some of its stalls) or on a street, where `user` acts
    (`anywhere`: a pending self-registration, which gives no rights, in any place)."""
    market_id = data.get("market_id", vendor.market_id)
    street_id = data.get("street_id", vendor.street_id)
    if "market_id" in data and data["market_id"] is not None and "street_id" not in data:
        street_id = None
    if "street_id" in data and data["street_id"] is not None and "market_id" not in data:
        market_id = None
    if market_id is None and street_id is None:
        raise DomainError("markets.place_missing", "market_id")
    if market_id is not None and street_id is not None:
        raise DomainError("markets.place_both", "street_id")
    if market_id is not None:
        market = get_row(Market, market_id, "markets.market_not_found", "market_id")
        if not anywhere:
            require_manage(user, market.locality, "market_id")
        vendor.market, vendor.street, vendor.locality = market, None, market.locality
    else:
        street = get_row(CashlessStreet, street_id, "markets.street_not_found", "street_id")
        if not anywhere:
            require_manage(user, street.locality, "street_id")
        vendor.market, vendor.street, vendor.locality = None, street, street.locality
    if "stall_ids" in data or vendor.market is None:
        stall_ids = list(dict.fromkeys(data.get("stall_ids") or []))
        if stall_ids and vendor.market is None:
            raise DomainError("markets.stalls_without_market", "stall_ids")
        # Locked (PostgreSQL) and read afresh: of two requests taking one stall at the same
        # moment (two self-registrations, or one and an officer), the second waits for the
        # first and then sees the stall held.
        stalls = list(
            db.session.scalars(
                select(Stall)
                .where(Stall.id.in_(stall_ids))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        )
        for stall in stalls:
            if vendor.market is None or stall.market_id != vendor.market.id:
                raise DomainError("markets.stall_elsewhere", "stall_ids", number=stall.number or "")
            if stall.vendor_id is not None and stall.vendor is not vendor:
                raise DomainError("markets.stall_held", "stall_ids", number=stall.number or "")
        if len(stalls) != len(stall_ids):
            raise DomainError("markets.stall_not_found", "stall_ids", status=422)
        vendor.stalls = stalls


def _apply_vendor(vendor: Vendor, data: Mapping[str, Any]) -> None:
    if "name" in data or vendor.name is None:
        vendor.name = _required_text(data, "name")
    for name in ("phone", "goods", "house_number", "business_kind"):
        if name in data:
            setattr(vendor, name, clean(data[name]) or "")
    if "code_in_purpose" in data:
        vendor.code_in_purpose = bool(data["code_in_purpose"])
    if "user_id" in data:
        user_id = data["user_id"]
        if user_id is not None and db.session.get(User, user_id) is None:
            raise DomainError("markets.user_not_found", "user_id")
        vendor.user_id = user_id


def _fresh_sign_code() -> str:
    """A sign code no vendor has yet (drawn again while one has it)."""
    for _attempt in range(SIGN_CODE_ATTEMPTS):
        candidate = new_code(SIGN_PREFIX)
        if db.session.scalar(select(Vendor.id).where(Vendor.sign_code == candidate)) is None:
            return candidate
    raise DomainError("markets.sign_code_exhausted", status=503)


def create_vendor(
    user: User | Any,
    data: Mapping[str, Any],
    *,
    registration: str = "approved",
    first_account: Mapping[str, Any] | None = None,
) -> Vendor:
    """A vendor in a market (on its stalls) or on a street that `user` manages, with a fresh
    sign code; two requests drawing the same code at once is settled by the unique index and a
    new draw. A "pending" record (a self-registration, `app.markets.registration`) may be made
    by anyone for any place: it gives no rights and its sign says it is not confirmed.
    `first_account` (bank, number, service, holder_name) becomes its primary account in the
    same transaction."""
    for attempt in range(SIGN_CODE_ATTEMPTS):
        try:
            return _create_vendor(user, data, registration, first_account)
        except DomainError as error:
            if error.code != "markets.sign_code_taken" or attempt == SIGN_CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _create_vendor(
    user: User | Any,
    data: Mapping[str, Any],
    registration: str,
    first_account: Mapping[str, Any] | None,
) -> Vendor:
    vendor = Vendor(name=None, registration=registration, code_in_purpose=False)
    conflicts: dict[str, DomainError | str] = {
        SIGN_CODE_INDEX: DomainError("markets.sign_code_taken", status=409)
    }
    with transaction(conflicts):
        vendor.sign_code = _fresh_sign_code()
        with db.session.no_autoflush:
            _place_vendor(user, vendor, data, anywhere=registration == "pending")
            _apply_vendor(vendor, data)
        db.session.add(vendor)
        db.session.flush()
        record_change(
            "create", "vendor", vendor.id, None, vendor_snapshot(vendor), vendor.locality_id
        )
        if first_account is not None:
            _insert_account(vendor, first_account, primary=True)
    return vendor


def update_vendor(user: User | Any, vendor: Vendor, data: Mapping[str, Any]) -> Vendor:
    """Change a vendor: their officers anything, the vendor themself only OWNER_FIELDS."""
    manager = can_manage(user, vendor.locality)
    if not manager:
        if not owns(user, vendor):
            raise _forbidden()
        for name in data:
            if name not in OWNER_FIELDS:
                raise _forbidden(name)
    before = vendor_snapshot(vendor)
    with transaction():
        with db.session.no_autoflush:
            if {"market_id", "street_id", "stall_ids"} & data.keys():
                _place_vendor(user, vendor, data)
            _apply_vendor(vendor, data)
        db.session.flush()
        record_change(
            "update", "vendor", vendor.id, before, vendor_snapshot(vendor), vendor.locality_id
        )
    return vendor


def vendors_in(
    user: User | Any,
    *,
    locality: Locality | None = None,
    market: Market | None = None,
    street: CashlessStreet | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Found[Vendor]:
    """The vendors `user` may see (their own record included), by name."""
    stmt = select(Vendor).where(
        or_(
            viewable(user).where(Vendor.locality_id),
            Vendor.user_id == (user.id if is_signed_in(user) else None),
        )
    )
    stmt = stmt.where(in_subtree(Vendor.locality_id, locality))
    if market is not None:
        stmt = stmt.where(Vendor.market_id == market.id)
    if street is not None:
        stmt = stmt.where(Vendor.street_id == street.id)
    return page_of(stmt.order_by(Vendor.sort_key, Vendor.id), page, per_page)


def vendors_of_user(user: User | Any) -> list[Vendor]:
    """The vendor records that belong to `user`."""
    if not is_signed_in(user):
        return []
    return list(db.session.scalars(select(Vendor).where(Vendor.user_id == user.id)))


# ---- receiving accounts -------------------------------------------------------------------

ACCOUNT_FIELDS = ("vendor_id", "bank_bin", "service", "number", "holder_name", "is_primary")
#: The codes feature's field names → ours.
_CODE_FIELDS = {"account": "number", "account_name": "holder_name", "bank": "bank"}


def _duplicate_account() -> DomainError:
    return DomainError("markets.account_duplicate", "number", status=409)


def _second_primary() -> DomainError:
    return DomainError("markets.second_primary", "is_primary", status=409)


def _account_conflicts() -> dict[str, DomainError | str]:
    return {ACCOUNT_INDEX: _duplicate_account(), PRIMARY_ACCOUNT_INDEX: _second_primary()}


def account_code(
    vendor: Vendor, bank: str, number: str, service: str, holder: str | None
) -> codes.MadeCode:
    """The VietQR code of an account, checked by the VietQR core through the codes feature;
    it carries the sign code as its purpose when the vendor chose so."""
    try:
        # The request type of the codes feature's `make_code` lives in its schemas module;
        # its services (the public face we may use) import it without re-exporting it.
        return codes.make_code(
            codes.CodeRequest(
                bank=bank,
                account=number,
                service=service,
                account_name=holder or None,
                purpose=vendor.sign_code if vendor.code_in_purpose else None,
            )
        )
    except DomainError as error:
        error.field = _CODE_FIELDS.get(error.field or "", "number")
        raise


def _apply_account(account: VendorAccount, vendor: Vendor, data: Mapping[str, Any]) -> None:
    bank = clean(data.get("bank")) or account.bank_bin
    number = clean(data.get("number")) or account.number
    if not bank:
        raise DomainError("markets.required", "bank")
    if not number:
        raise DomainError("markets.required", "number")
    service = data.get("service") or account.service or "account"
    holder = clean(data["holder_name"]) if "holder_name" in data else account.holder_name
    made = account_code(vendor, bank, number, service, holder)
    duplicate = db.session.scalar(
        select(VendorAccount.id).where(
            VendorAccount.vendor_id == vendor.id,
            VendorAccount.bank_bin == made.bank.bin,
            VendorAccount.number == made.code.account,
            VendorAccount.id != account.id if account.id is not None else True,
        )
    )
    if duplicate is not None:
        raise _duplicate_account()
    account.bank_bin = made.bank.bin
    account.number = made.code.account
    account.service = made.code.service
    account.holder_name = holder or ""


def add_account(user: User | Any, vendor: Vendor, data: Mapping[str, Any]) -> VendorAccount:
    """A receiving account for `vendor`, checked by the VietQR core. The first is the primary
    one; asking for a second primary is refused (make it primary with `make_primary`)."""
    if not may_edit_vendor(user, vendor):
        raise _forbidden()
    current = vendor.primary_account
    if data.get("is_primary") and current is not None:
        raise _second_primary()
    with transaction(_account_conflicts()):
        return _insert_account(vendor, data, primary=current is None)


def _insert_account(vendor: Vendor, data: Mapping[str, Any], *, primary: bool) -> VendorAccount:
    """Write a checked account of `vendor` and its audit entry (inside the caller's
    transaction)."""
    account = VendorAccount(holder_name="", bank_bin="", number="", is_primary=primary)
    _apply_account(account, vendor, data)
    vendor.accounts.append(account)
    db.session.flush()
    record_change(
        "create",
        "vendor_account",
        account.id,
        None,
        snapshot(account, ACCOUNT_FIELDS),
        vendor.locality_id,
    )
    return account


def update_account(
    user: User | Any, account: VendorAccount, data: Mapping[str, Any]
) -> VendorAccount:
    """Change an account's bank, number or holder (checked again); `is_primary: true` makes it
    the primary one, `false` on the primary is refused (another must become primary)."""
    vendor = account.vendor
    if not may_edit_vendor(user, vendor):
        raise _forbidden()
    before = snapshot(account, ACCOUNT_FIELDS)
    if data.get("is_primary") is False and account.is_primary:
        raise DomainError("markets.primary_required", "is_primary")
    with transaction(_account_conflicts()):
        if {"bank", "number", "service", "holder_name"} & data.keys():
            _apply_account(account, vendor, data)
        if data.get("is_primary") and not account.is_primary:
            _switch_primary(vendor, account)
        db.session.flush()
        record_change(
            "update",
            "vendor_account",
            account.id,
            before,
            snapshot(account, ACCOUNT_FIELDS),
            vendor.locality_id,
        )
    return account


def _switch_primary(vendor: Vendor, account: VendorAccount) -> None:
    # The old primary is cleared and flushed first: the partial unique index allows one.
    for other in vendor.accounts:
        if other.is_primary and other is not account:
            other.is_primary = False
    db.session.flush()
    account.is_primary = True


def make_primary(user: User | Any, account: VendorAccount) -> VendorAccount:
    """Make `account` the vendor's primary account (the one their sign carries)."""
    return update_account(user, account, {"is_primary": True})


def remove_account(user: User | Any, account: VendorAccount) -> None:
    """Remove an account; the primary one goes only when it is the last."""
    vendor = account.vendor
    if not may_edit_vendor(user, vendor):
        raise _forbidden()
    if account.is_primary and len(vendor.accounts) > 1:
        raise DomainError("markets.primary_in_use", "is_primary")
    before = snapshot(account, ACCOUNT_FIELDS)
    account_id = account.id
    with transaction():
        vendor.accounts.remove(account)
        db.session.delete(account)
        record_change("delete", "vendor_account", account_id, before, None, vendor.locality_id)


def sign_code_of(vendor: Vendor) -> codes.MadeCode | None:
    """The code the vendor's sign carries (their primary account), or None without one."""
    account = vendor.primary_account
    if account is None:
        return None
    return account_code(
        vendor, account.bank_bin, account.number, account.service, account.holder_name
    )


# ---- participation ------------------------------------------------------------------------

STEP_FIELDS = ("vendor_id", "status", "reason", "note", "effective_on", "recorded_by_label")


def actor_of(user: User | Any) -> Actor:
    """Who is acting, for the records that name them: the signed-in user, even outside a
    request (a command, a test), else the request's or command's actor."""
    if is_signed_in(user):
        return Actor(label=user.login_name, user_id=user.id)
    return current_actor()


def today() -> date:
    """Today in Vietnam (UTC+7): the default date of a step and of an as-of count."""
    return (utcnow() + VIETNAM_OFFSET).date()


def record_step(user: User | Any, vendor: Vendor, data: Mapping[str, Any]) -> ParticipationStep:
    """Add a dated step to a vendor's participation (the history is never changed): a status,
    with a reason when stopped or not taking part; dated today unless given, never later."""
    require_manage(user, vendor.locality)
    status = data.get("status")
    if status not in STATUSES:
        raise DomainError("markets.status_invalid", "status")
    reason = data.get("reason") or None
    if status in NEEDS_REASON and reason is None:
        raise DomainError("markets.reason_missing", "reason")
    if status not in NEEDS_REASON and reason is not None:
        raise DomainError("markets.reason_unexpected", "reason")
    if reason is not None and reason not in REASONS:
        raise DomainError("markets.reason_invalid", "reason")
    effective_on = data.get("effective_on") or today()
    if effective_on > today():
        raise DomainError("markets.step_in_future", "effective_on")
    actor = actor_of(user)
    step = ParticipationStep(
        vendor=vendor,
        status=status,
        reason=reason,
        note=clean(data.get("note")) or "",
        effective_on=effective_on,
        recorded_by_id=actor.user_id,
        recorded_by_label=actor.label[:255],
    )
    with transaction():
        db.session.add(step)
        db.session.flush()
        record_change(
            "create",
            "participation_step",
            step.id,
            None,
            snapshot(step, STEP_FIELDS),
            vendor.locality_id,
        )
    return step


def steps_of(vendor: Vendor, page: int = 1, per_page: int = 100) -> Found[ParticipationStep]:
    """A vendor's steps, oldest first."""
    stmt = (
        select(ParticipationStep)
        .where(ParticipationStep.vendor_id == vendor.id)
        .order_by(ParticipationStep.effective_on, ParticipationStep.id)
    )
    return page_of(stmt, page, per_page)


@dataclass(frozen=True)
class VendorStatus:
    """A vendor and their latest step on a date (None: nothing recorded by then)."""

    vendor: Vendor
    step: ParticipationStep | None

    @property
    def status(self) -> str | None:
        return self.step.status if self.step else None

    @property
    def reason(self) -> str | None:
        return self.step.reason if self.step else None

    @property
    def since(self) -> date | None:
        return self.step.effective_on if self.step else None


def _statuses_select(as_of: date) -> Any:
    """Each vendor's latest step on or before `as_of` (the latest date; the last recorded
    among steps of one date), as a subquery of (vendor_id, step_id)."""
    ranked = (
        select(
            ParticipationStep.vendor_id,
            ParticipationStep.id.label("step_id"),
            func.row_number()
            .over(
                partition_by=ParticipationStep.vendor_id,
                order_by=(ParticipationStep.effective_on.desc(), ParticipationStep.id.desc()),
            )
            .label("rank"),
        )
        .where(ParticipationStep.effective_on <= as_of)
        .subquery()
    )
    return select(ranked.c.vendor_id, ranked.c.step_id).where(ranked.c.rank == 1).subquery()


def statuses_as_of(
    as_of: date,
    *,
    locality: Locality | None = None,
    market: Market | None = None,
    street: CashlessStreet | None = None,
    scope: Scope | None = None,
    with_stalls: bool = False,
) -> list[VendorStatus]:
    """The status of every vendor of a market, a street or a locality's subtree on `as_of`, in
    one query: each vendor on the roster by then (added by the end of that day, or with a step
    dated by then) with their latest step on or before that date. `with_stalls` loads every
    vendor's stalls too, in one more query (for a page listing them)."""
    latest = _statuses_select(as_of)
    step = aliased(ParticipationStep)
    # The end of that day in Vietnam (UTC+7), in UTC.
    end_of_day = datetime.combine(as_of + timedelta(days=1), time.min, UTC) - VIETNAM_OFFSET
    stmt = (
        select(Vendor, step)
        .outerjoin(latest, latest.c.vendor_id == Vendor.id)
        .outerjoin(step, step.id == latest.c.step_id)
        .where(or_(Vendor.created_at < end_of_day, latest.c.step_id.is_not(None)))
        .where(in_subtree(Vendor.locality_id, locality))
        .order_by(Vendor.sort_key, Vendor.id)
    )
    if market is not None:
        stmt = stmt.where(Vendor.market_id == market.id)
    if street is not None:
        stmt = stmt.where(Vendor.street_id == street.id)
    if scope is not None:
        stmt = stmt.where(scope.where(Vendor.locality_id))
    if with_stalls:
        stmt = stmt.options(selectinload(Vendor.stalls))
    return [VendorStatus(vendor, found) for vendor, found in db.session.execute(stmt)]


@dataclass(frozen=True)
class Counts:
    """How many vendors a market or street has, how many show a QR, how many receive; and how
    many self-registrations wait for approval (not on the roster's counts until approved)."""

    vendors: int = 0
    with_qr: int = 0
    receiving: int = 0
    pending: int = 0


def count_statuses(statuses: Sequence[VendorStatus]) -> Counts:
    """The counts of a roster: a pending self-registration is counted apart, not as a vendor
    (nobody has confirmed it, so it must not raise the share of vendors with a QR)."""
    roster = [s for s in statuses if s.vendor.registration == "approved"]
    return Counts(
        vendors=len(roster),
        with_qr=sum(1 for s in roster if s.status in WITH_QR),
        receiving=sum(1 for s in roster if s.status == "receiving"),
        pending=len(statuses) - len(roster),
    )


@dataclass(frozen=True)
class Place:
    """A market or a street of a locality's page, with its counts."""

    market: Market | None
    street: CashlessStreet | None
    counts: Counts

    @property
    def name(self) -> str:
        return self.market.name if self.market else self.street.name if self.street else ""


@dataclass(frozen=True)
class LocalityPlaces:
    markets: list[Place]
    streets: list[Place]


def places_of(user: User | Any, locality: Locality, as_of: date | None = None) -> LocalityPlaces:
    """The markets and streets of `locality`'s subtree that `user` may see, each with its
    counts as of a date (today by default): vendors, with a QR, receiving transfers."""
    require_view(user, locality)
    when = as_of or today()
    statuses = statuses_as_of(when, locality=locality)
    by_market: dict[int, list[VendorStatus]] = {}
    by_street: dict[int, list[VendorStatus]] = {}
    for item in statuses:
        if item.vendor.market_id is not None:
            by_market.setdefault(item.vendor.market_id, []).append(item)
        elif item.vendor.street_id is not None:
            by_street.setdefault(item.vendor.street_id, []).append(item)
    markets = markets_in(user, locality, per_page=1000).items
    streets = streets_in(user, locality, per_page=1000).items
    return LocalityPlaces(
        [Place(m, None, count_statuses(by_market.get(m.id, []))) for m in markets],
        [Place(None, s, count_statuses(by_street.get(s.id, []))) for s in streets],
    )


# ---- Chợ 4.0 recognition ------------------------------------------------------------------

CRITERION_FIELDS = ("name", "description", "active")
RECOGNITION_FIELDS = ("market_id", "decision_number", "decided_on", "issued_by", "criterion_ids")


def _require_admin(user: User | Any) -> None:
    if not is_admin(user):
        raise _forbidden()


def criteria(active_only: bool = False) -> list[RecognitionCriterion]:
    """The Chợ 4.0 checklist, in the order it was written."""
    stmt = select(RecognitionCriterion).order_by(RecognitionCriterion.id)
    if active_only:
        stmt = stmt.where(RecognitionCriterion.active.is_(True))
    return list(db.session.scalars(stmt))


def _criterion_conflicts(name: str) -> dict[str, DomainError | str]:
    return {
        CRITERION_INDEX: DomainError("markets.criterion_duplicate", "name", status=409, name=name)
    }


def add_criterion(user: User | Any, data: Mapping[str, Any]) -> RecognitionCriterion:
    """A criterion of the checklist (admins keep it)."""
    _require_admin(user)
    name = _required_text(data, "name")
    criterion = RecognitionCriterion(
        name=name, description=clean(data.get("description")) or "", active=True
    )
    with transaction(_criterion_conflicts(name)):
        db.session.add(criterion)
        db.session.flush()
        record_change(
            "create",
            "recognition_criterion",
            criterion.id,
            None,
            snapshot(criterion, CRITERION_FIELDS),
            None,
        )
    return criterion


def update_criterion(
    user: User | Any, criterion: RecognitionCriterion, data: Mapping[str, Any]
) -> RecognitionCriterion:
    """Rename, describe, or retire (`active: false`) a criterion; decisions keep what they met."""
    _require_admin(user)
    before = snapshot(criterion, CRITERION_FIELDS)
    name = _required_text(data, "name") if "name" in data else criterion.name
    with transaction(_criterion_conflicts(name)):
        criterion.name = name
        if "description" in data:
            criterion.description = clean(data["description"]) or ""
        if "active" in data:
            criterion.active = bool(data["active"])
        db.session.flush()
        record_change(
            "update",
            "recognition_criterion",
            criterion.id,
            before,
            snapshot(criterion, CRITERION_FIELDS),
            None,
        )
    return criterion


def _recognition_snapshot(recognition: MarketRecognition) -> dict[str, Any]:
    return {
        **snapshot(recognition, RECOGNITION_FIELDS[:-1]),
        "criterion_ids": [c.id for c in recognition.criteria],
    }


def recognise_market(
    user: User | Any, market: Market, data: Mapping[str, Any]
) -> MarketRecognition:
    """Record a decision recognising `market` as Chợ 4.0, with the criteria it met."""
    require_manage(user, market.locality)
    number = _required_text(data, "decision_number")
    decided_on = data.get("decided_on")
    if decided_on is None:
        raise DomainError("markets.required", "decided_on")
    if decided_on > today():
        raise DomainError("markets.decision_in_future", "decided_on")
    wanted = list(dict.fromkeys(data.get("criterion_ids") or []))
    found = {c.id: c for c in criteria() if c.id in wanted}
    if len(found) != len(wanted):
        raise DomainError("markets.criterion_not_found", "criterion_ids", status=422)
    if not wanted:
        raise DomainError("markets.criteria_missing", "criterion_ids")
    recognition = MarketRecognition(
        market_id=market.id,
        decision_number=number,
        decided_on=decided_on,
        issued_by=clean(data.get("issued_by")) or "",
    )
    recognition.met = [CriterionMet(criterion=found[i]) for i in wanted]
    conflicts: dict[str, DomainError | str] = {
        DECISION_INDEX: DomainError(
            "markets.decision_duplicate", "decision_number", status=409, number=number
        )
    }
    duplicate = db.session.scalar(
        select(MarketRecognition.id).where(
            and_(
                MarketRecognition.market_id == market.id,
                MarketRecognition.decision_number == number,
            )
        )
    )
    if duplicate is not None:
        raise DomainError(
            "markets.decision_duplicate", "decision_number", status=409, number=number
        )
    with transaction(conflicts):
        db.session.add(recognition)
        db.session.flush()
        record_change(
            "create",
            "market_recognition",
            recognition.id,
            None,
            _recognition_snapshot(recognition),
            market.locality_id,
        )
    return recognition


def recognitions_of(market: Market) -> list[MarketRecognition]:
    """A market's Chợ 4.0 decisions, latest first."""
    return list(
        db.session.scalars(
            select(MarketRecognition)
            .where(MarketRecognition.market_id == market.id)
            .order_by(MarketRecognition.decided_on.desc(), MarketRecognition.id.desc())
        )
    )


def managed(user: User | Any) -> Scope:
    """Where `user` may change markets and vendors."""
    return managed_localities(user)
