"""Self-registration of vendors, its approval by the officers of the place, and reading a bank
account from a photo of the QR code a bank made.

**Self-registration.** Anyone may register a vendor at a market (on an existing stall) or on a
cashless street (at a house number), with a receiving account typed or read from a photo of the
vendor's bank-made code. The record is created "pending" through `services.create_vendor`, its
changes recorded in the audit log as made by "self-registration" (or by the person signed in),
and its sign is given at once, printed "not confirmed" until an officer of the place approves
it; verification treats a pending vendor as not registered. The same phone, or the same bank
and account, already registered at that place is refused; so is a stall held by someone.

**Approval.** An officer who manages the place approves a pending record (it becomes
"approved" and its participation starts with the step "enrolled"; a displayed QR is not
assumed) or rejects it: the record is deleted, with the reason kept in the audit entry, so that
the stall and the phone are free again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.audit_log import acting_as, record_change, snapshot
from app.codes import services as codes
from app.errors import DomainError
from app.extensions import db
from app.localities.models import Locality
from app.markets import services
from app.markets.models import (
    CashlessStreet,
    Market,
    ParticipationStep,
    Stall,
    Vendor,
    VendorAccount,
)
from app.transaction import transaction

#: The actor the audit log names for a registration made by someone not signed in.
SELF_REGISTRATION: Final = "self-registration"
#: Where a browser session keeps the ids of the vendors it registered (their pending signs it
#: may fetch: `routes.vendor_sign`).
REGISTERED_KEY: Final = "markets.registered"
#: How many self-registrations one browser session may fetch the sign of.
REMEMBERED: Final = 10
#: The longest reason for a rejection.
MAX_REASON: Final = 300

_NOT_DIGITS = re.compile(r"\D")


# ---- reading a bank's code --------------------------------------------------------------


@dataclass(frozen=True)
class BankCode:
    """The account a bank-made VietQR code pays to, read from a photo."""

    bank_bin: str
    bank_name: str
    account: str
    service: str
    holder_name: str

    def as_account(self) -> dict[str, Any]:
        """What `services.add_account` and `create_vendor(first_account=…)` take."""
        return {
            "bank": self.bank_bin,
            "number": self.account,
            "service": self.service,
            "holder_name": self.holder_name,
        }


def read_bank_code(data: bytes, field: str = "photo") -> BankCode:
    """The bank, account (or card) and, when the code carries it, the holder's name, read from
    a photo of a VietQR code; a photo with no readable code, or a code that is not a valid
    VietQR transfer to an account, is refused on `field`."""
    try:
        decoded = codes.check_photo(data)
    except DomainError as error:
        error.field = field
        raise
    code = decoded.code
    if not decoded.valid or code is None:
        raise DomainError("markets.photo_not_vietqr", field)
    bank = decoded.bank
    return BankCode(
        bank_bin=code.bank_bin,
        bank_name=bank.short_name if bank is not None else code.bank_bin,
        account=code.account,
        service=code.service,
        holder_name=(code.merchant_name or "").strip(),
    )


# ---- the places one may register at -----------------------------------------------------


@dataclass(frozen=True)
class PlaceGroup:
    """The markets and streets of one commune (or hamlet), for the registration page."""

    locality: Locality
    markets: list[Market]
    streets: list[CashlessStreet]


def places_to_register() -> list[PlaceGroup]:
    """Every market and cashless street, grouped by their locality, by name."""
    groups: dict[int, PlaceGroup] = {}
    for market in db.session.scalars(select(Market).order_by(Market.sort_key, Market.id)):
        groups.setdefault(market.locality_id, PlaceGroup(market.locality, [], [])).markets.append(
            market
        )
    for street in db.session.scalars(
        select(CashlessStreet).order_by(CashlessStreet.sort_key, CashlessStreet.id)
    ):
        groups.setdefault(street.locality_id, PlaceGroup(street.locality, [], [])).streets.append(
            street
        )
    return sorted(groups.values(), key=lambda g: (g.locality.sort_key, g.locality.id))


# ---- registering --------------------------------------------------------------------------


def _digits(phone: str) -> str:
    return _NOT_DIGITS.sub("", phone)


def _place_of(data: Mapping[str, Any]) -> tuple[Market | None, CashlessStreet | None]:
    market_id, street_id = data.get("market_id"), data.get("street_id")
    if market_id is None and street_id is None:
        raise DomainError("markets.place_missing", "place")
    if market_id is not None and street_id is not None:
        raise DomainError("markets.place_both", "place")
    if market_id is not None:
        market = db.session.get(Market, market_id)
        if market is None:
            raise DomainError("markets.market_not_found", "place")
        return market, None
    street = db.session.get(CashlessStreet, street_id)
    if street is None:
        raise DomainError("markets.street_not_found", "place")
    return None, street


def _stall_of(market: Market, number: str) -> Stall:
    if not number:
        raise DomainError("markets.required", "stall_number")
    stall = db.session.scalar(
        select(Stall).where(Stall.market_id == market.id, Stall.number == number)
    )
    if stall is None:
        raise DomainError("markets.stall_unknown", "stall_number", number=number)
    if stall.vendor is not None:
        held = stall.vendor.registration == "approved"
        code = "markets.stall_held" if held else "markets.stall_pending"
        raise DomainError(code, "stall_number", status=409, number=number)
    return stall


def _refuse_duplicates(
    market: Market | None, street: CashlessStreet | None, phone: str, bank_bin: str, number: str
) -> None:
    if market is not None:
        at_place = Vendor.market_id == market.id
    else:
        assert street is not None
        at_place = Vendor.street_id == street.id
    digits = _digits(phone)
    if digits:
        phones = db.session.scalars(select(Vendor.phone).where(at_place, Vendor.phone != ""))
        if any(_digits(known) == digits for known in phones):
            raise DomainError("markets.registration_phone_taken", "phone", status=409)
    taken = db.session.scalar(
        select(VendorAccount.id)
        .join(Vendor, Vendor.id == VendorAccount.vendor_id)
        .where(at_place, VendorAccount.bank_bin == bank_bin, VendorAccount.number == number)
        .limit(1)
    )
    if taken is not None:
        raise DomainError("markets.registration_account_taken", "number", status=409)


def register(user: User | Any, data: Mapping[str, Any]) -> Vendor:
    """A pending vendor at a market (`market_id`, `stall_number`) or on a street (`street_id`,
    `house_number`), with `name`, `phone`, `goods` and the account `bank`, `number`, `service`,
    `holder_name` (checked by the VietQR core). Refused: a stall that is not the market's or
    is held, a phone or an account already registered at that place."""
    market, street = _place_of(data)
    name = str(services.clean(data.get("name")) or "")
    if not name:
        raise DomainError("markets.required", "name")
    phone = str(services.clean(data.get("phone")) or "")
    if not _digits(phone):
        raise DomainError("markets.required", "phone")
    vendor_data: dict[str, Any] = {"name": name, "phone": phone, "goods": data.get("goods")}
    if market is not None:
        stall = _stall_of(market, str(services.clean(data.get("stall_number")) or ""))
        vendor_data |= {"market_id": market.id, "stall_ids": [stall.id]}
    else:
        assert street is not None
        house = str(services.clean(data.get("house_number")) or "")
        if not house:
            raise DomainError("markets.required", "house_number")
        vendor_data |= {"street_id": street.id, "house_number": house}
    account = {
        "bank": data.get("bank"),
        "number": data.get("number"),
        "service": data.get("service") or "account",
        "holder_name": data.get("holder_name") or "",
    }
    if not services.clean(account["bank"]):
        raise DomainError("markets.required", "bank")
    if not services.clean(account["number"]):
        raise DomainError("markets.required", "number")
    # The account as the VietQR core reads it (its bank's BIN, its number without spaces).
    checking = Vendor(sign_code="", code_in_purpose=False)
    made = services.account_code(
        checking,
        str(account["bank"]),
        str(account["number"]),
        str(account["service"]),
        str(account["holder_name"]),
    )
    _refuse_duplicates(market, street, phone, made.bank.bin, made.code.account)
    try:
        with acting_as(SELF_REGISTRATION):
            return services.create_vendor(
                user, vendor_data, registration="pending", first_account=account
            )
    except DomainError as error:
        if error.field == "stall_ids":  # taken a moment ago: said on the field the form has
            error.field = "stall_number"
        raise


# ---- approval -----------------------------------------------------------------------------


def pending_in(user: User | Any, locality: Locality | None = None) -> list[Vendor]:
    """The pending registrations `user` manages (in `locality`'s subtree when given), oldest
    first."""
    stmt = (
        select(Vendor)
        .where(Vendor.registration == "pending")
        .where(services.managed(user).where(Vendor.locality_id))
        .where(services.in_subtree(Vendor.locality_id, locality))
        .order_by(Vendor.created_at, Vendor.id)
        # the list shows each one's place, stalls and account
        .options(
            selectinload(Vendor.market),
            selectinload(Vendor.street),
            selectinload(Vendor.stalls),
            selectinload(Vendor.accounts),
        )
    )
    return list(db.session.scalars(stmt))


def bank_names() -> dict[str, str]:
    """Banks' short names by BIN, for pages listing accounts."""
    return {bank.bin: bank.short_name for bank in codes.list_banks(None).banks}


def _require_pending(user: User | Any, vendor: Vendor) -> None:
    services.require_manage(user, vendor.locality)
    if vendor.registration != "pending":
        raise DomainError("markets.not_pending", "vendor_id", status=409, name=vendor.name)


def approve(user: User | Any, vendor: Vendor) -> Vendor:
    """Approve a pending registration: the record becomes "approved" and its participation
    starts with the step "enrolled", dated today (a displayed QR is not assumed)."""
    _require_pending(user, vendor)
    before = services.vendor_snapshot(vendor)
    actor = services.actor_of(user)
    with acting_as(actor.label, actor.user_id), transaction():
        vendor.registration = "approved"
        step = ParticipationStep(
            vendor=vendor,
            status="enrolled",
            reason=None,
            note="",
            effective_on=services.today(),
            recorded_by_id=actor.user_id,
            recorded_by_label=actor.label[:255],
        )
        db.session.add(step)
        db.session.flush()
        record_change(
            "approve",
            "vendor",
            vendor.id,
            before,
            services.vendor_snapshot(vendor),
            vendor.locality_id,
        )
        record_change(
            "create",
            "participation_step",
            step.id,
            None,
            snapshot(step, services.STEP_FIELDS),
            vendor.locality_id,
        )
    return vendor


def reject(user: User | Any, vendor: Vendor, reason: str | None) -> None:
    """Reject a pending registration with a reason: the record (its account with it) is
    deleted, its stall freed, and the audit entry keeps what it was and why."""
    _require_pending(user, vendor)
    text = str(services.clean(reason) or "")
    if not text:
        raise DomainError("markets.required", "reason")
    if len(text) > MAX_REASON:
        raise DomainError("markets.reason_too_long", "reason", limit=MAX_REASON)
    before = services.vendor_snapshot(vendor)
    vendor_id, locality_id = vendor.id, vendor.locality_id
    actor = services.actor_of(user)
    with acting_as(actor.label, actor.user_id), transaction():
        for stall in list(vendor.stalls):
            stall.vendor = None
        db.session.delete(vendor)
        record_change(
            "reject", "vendor", vendor_id, before, {"rejection_reason": text}, locality_id
        )
