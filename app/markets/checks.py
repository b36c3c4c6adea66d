"""Swapped-sign checks: does the code on a vendor's sign pay to that vendor?

Fraudsters paste their own QR over a vendor's sign. `verify` reads the codes on a sign (the
texts, or a photo: a stall often shows two or three codes and each one is checked) and says for
each where it pays: to one of the vendor's registered accounts ("ok"), elsewhere ("mismatch":
the bank and account, explicitly when it is the same number at another bank, and whether that
account belongs to another registered vendor of the place), or that it cannot be checked
("not_vietqr": a link or an e-wallet's own code). A vendor whose record is still pending, or a
sign code nobody has, is "not_registered": never ok, so a fraudster cannot register a stall and
get an official-looking answer.

Who learns what: anyone may check a sign (what it prints is public: vendor, stall, market, and
the code's own bank and account). Another vendor owning the account a wrong code pays to is
named (with their stall) only to officers who manage that vendor's place; everyone else learns
only that it "belongs to another registered vendor". Phone numbers are never shown.

Check rounds: an officer walks a market, photographs each stall's sign, and each result is
saved (the decoded texts, never the photo). Mismatches stay open until resolved with a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.audit_log import record_change, snapshot
from app.codes import services as codes
from app.database import utcnow
from app.errors import DomainError, get_row
from app.extensions import db
from app.markets import services
from app.markets.models import (
    PROBLEM_RESULTS,
    CashlessStreet,
    CheckRound,
    Market,
    SignCheck,
    Stall,
    Vendor,
    VendorAccount,
)
from app.matching import CodeError, parse_code
from app.transaction import transaction
from app.vietqr import DecodedPayload

#: What a single code on a sign says (see the module's docstring).
CODE_RESULTS = ("ok", "mismatch", "not_vietqr", "not_registered", "found")
#: At most this many texts in one request (a sign shows two or three codes).
MAX_PAYLOADS = 10
#: The longest resolution note kept.
MAX_NOTE = 500


# ---- what a check says ---------------------------------------------------------------------


def masked(number: str) -> str:
    """An account number as a person reads it back: its last four characters."""
    return "····" + number[-4:] if len(number) > 4 else number


@dataclass(frozen=True)
class OtherVendor:
    """A registered vendor owning the account a code pays to; `name` and `stalls` only for
    officers who manage their place (None otherwise)."""

    vendor_id: int | None
    name: str | None
    place: str | None
    stalls: list[str] | None


@dataclass(frozen=True)
class CodeCheck:
    """One code found on a sign and what it says about the vendor."""

    result: str
    payload: str
    #: Where the code pays (None when it is no VietQR transfer).
    bank_bin: str | None = None
    bank_name: str | None = None
    account: str | None = None
    service: str | None = None
    #: The holder's name the code carries (most carry none: the bank app shows it).
    holder_name: str | None = None
    #: ok: the vendor's account it pays to.
    matched: VendorAccount | None = None
    #: mismatch: the vendor has this number, but at another bank (this one).
    same_number_elsewhere: VendorAccount | None = None
    #: The code is damaged (a bank app may refuse it or pay somewhere unintended).
    damaged: bool = False
    #: Another registered vendor owns the account it pays to.
    belongs_to_other: bool = False
    others: list[OtherVendor] = field(default_factory=list)

    @property
    def account_masked(self) -> str | None:
        return masked(self.account) if self.account else None

    @property
    def matched_bank_name(self) -> str | None:
        return bank_name(self.matched.bank_bin) if self.matched else None

    @property
    def matched_primary(self) -> bool | None:
        return self.matched.is_primary if self.matched else None

    @property
    def elsewhere_bank_name(self) -> str | None:
        account = self.same_number_elsewhere
        return bank_name(account.bank_bin) if account else None


@dataclass(frozen=True)
class Verification:
    """Every code found on a sign, for the vendor named (when one was)."""

    vendor: Vendor | None
    #: A vendor was named (by sign code, stall or id), found or not.
    named: bool
    codes: list[CodeCheck]

    @property
    def registered(self) -> bool:
        return self.vendor is not None and self.vendor.registration == "approved"

    @property
    def result(self) -> str:
        """The sign's overall result: "ok" only when every code is; otherwise the worst."""
        found = {check.result for check in self.codes}
        for worst in ("mismatch", "not_registered", "not_vietqr", "found"):
            if worst in found:
                return worst
        return "ok"

    @property
    def stall_numbers(self) -> list[str]:
        return [s.number for s in self.vendor.stalls if s.number] if self.vendor else []

    @property
    def place_name(self) -> str | None:
        return _place_name(self.vendor) if self.vendor else None


def bank_name(bank_bin: str) -> str:
    bank = codes.bank_directory().by_bin(bank_bin)
    return bank.short_name if bank is not None else bank_bin


def _place_name(vendor: Vendor) -> str | None:
    place = vendor.market or vendor.street
    return place.name if place is not None else None


# ---- reading a sign ------------------------------------------------------------------------


def read_photo(data: bytes, field_name: str = "photo") -> list[str]:
    """The texts of every code in a photo; a photo with none (or no photo) is refused on
    `field_name`, with the check page's words."""
    if not data:
        raise DomainError("codes.image.missing", field_name)
    return codes.codes_in_photo(data, field_name, several=True)


def _texts(payloads: Sequence[str] | None, photo: bytes | None) -> list[str]:
    if photo is not None:
        return read_photo(photo)
    texts = [text.strip() for text in payloads or [] if isinstance(text, str) and text.strip()]
    if not texts:
        raise DomainError("markets.check_nothing", "payload")
    if len(texts) > MAX_PAYLOADS:
        raise DomainError("markets.check_too_many", "payload", most=MAX_PAYLOADS)
    return list(dict.fromkeys(texts))


def find_vendor(
    *,
    sign_code: str | None = None,
    stall_id: int | None = None,
    market_id: int | None = None,
    stall_number: str | None = None,
    vendor_id: int | None = None,
) -> tuple[bool, Vendor | None]:
    """The vendor a check is about: (whether one was named, the vendor or None). A sign code
    with a wrong check character is refused on "sign_code"; a well-formed sign code nobody has
    names no vendor (the check then says "not registered"); a stall or vendor that does not
    exist is refused on its field; a stall nobody holds too."""
    if sign_code:
        try:
            code = parse_code(sign_code, "sign_code")
        except CodeError as error:
            raise DomainError(
                f"markets.sign_code_{error.code}", "sign_code", **error.params
            ) from error
        return True, db.session.scalar(select(Vendor).where(Vendor.sign_code == code))
    if vendor_id is not None:
        return True, get_row(Vendor, vendor_id, "markets.vendor_not_found", "vendor_id")
    stall: Stall | None = None
    if stall_id is not None:
        stall = get_row(Stall, stall_id, "markets.stall_not_found", "stall_id")
    elif market_id is not None or stall_number:
        if market_id is None:
            raise DomainError("markets.required", "market_id")
        if not stall_number:
            raise DomainError("markets.required", "stall_number")
        market = get_row(Market, market_id, "markets.market_not_found", "market_id")
        stall = db.session.scalar(
            select(Stall).where(Stall.market_id == market.id, Stall.number == stall_number.strip())
        )
        if stall is None:
            raise DomainError("markets.stall_not_found", "stall_number", status=422)
    if stall is None:
        return False, None
    if stall.vendor is None:
        raise DomainError("markets.stall_empty", "stall_id", number=stall.number or "—")
    return True, stall.vendor


def _owners(bank_bin: str, number: str) -> list[Vendor]:
    """The approved vendors receiving on this bank and account, by name."""
    return list(
        db.session.scalars(
            select(Vendor)
            .join(VendorAccount, VendorAccount.vendor_id == Vendor.id)
            .where(
                VendorAccount.bank_bin == bank_bin,
                VendorAccount.number == number,
                Vendor.registration == "approved",
            )
            .options(selectinload(Vendor.stalls))
            .order_by(Vendor.sort_key, Vendor.id)
        )
    )


def _same_place(one: Vendor, other: Vendor) -> bool:
    if one.market_id is not None and one.market_id == other.market_id:
        return True
    if one.street_id is not None and one.street_id == other.street_id:
        return True
    return one.locality_id == other.locality_id


def _told(user: User | Any, vendor: Vendor) -> OtherVendor:
    """Another vendor as `user` may learn of them: named only to their managers."""
    if services.may_manage(user, vendor.locality):
        return OtherVendor(
            vendor_id=vendor.id,
            name=vendor.name,
            place=_place_name(vendor),
            stalls=[s.number for s in vendor.stalls if s.number],
        )
    return OtherVendor(vendor_id=None, name=None, place=None, stalls=None)


def _check_code(
    user: User | Any, decoded: DecodedPayload, vendor: Vendor | None, named: bool
) -> CodeCheck:
    code = decoded.code
    if code is None:
        return CodeCheck(result="not_vietqr", payload=decoded.payload)
    where: dict[str, Any] = {
        "payload": decoded.payload,
        "bank_bin": code.bank_bin,
        "bank_name": decoded.bank.short_name if decoded.bank else code.bank_bin,
        "account": code.account,
        "service": code.service,
        "holder_name": code.merchant_name,
        "damaged": not decoded.valid,
    }
    owners = _owners(code.bank_bin, code.account)
    if not named:
        return CodeCheck(
            result="found",
            belongs_to_other=bool(owners),
            others=[_told(user, owner) for owner in owners],
            **where,
        )
    # A sign code nobody has: whoever receives on that account, wherever they trade.
    others = [
        owner
        for owner in owners
        if vendor is None or (owner.id != vendor.id and _same_place(vendor, owner))
    ]
    told: dict[str, Any] = {
        "belongs_to_other": bool(others),
        "others": [_told(user, other) for other in others],
    }
    if vendor is None or vendor.registration != "approved":
        return CodeCheck(result="not_registered", **where, **told)
    accounts = vendor.accounts
    matched = next(
        (a for a in accounts if a.bank_bin == code.bank_bin and a.number == code.account), None
    )
    if matched is not None and decoded.valid:
        return CodeCheck(result="ok", matched=matched, **where)
    elsewhere = next(
        (a for a in accounts if a.number == code.account and a.bank_bin != code.bank_bin), None
    )
    return CodeCheck(result="mismatch", same_number_elsewhere=elsewhere, **where, **told)


def verify(
    user: User | Any,
    *,
    payloads: Sequence[str] | None = None,
    photo: bytes | None = None,
    sign_code: str | None = None,
    stall_id: int | None = None,
    market_id: int | None = None,
    stall_number: str | None = None,
    vendor_id: int | None = None,
) -> Verification:
    """Check the codes of a sign (texts, or a photo holding one or more codes) against the
    vendor named by sign code, stall (id, or market and number) or vendor id; without one, say
    where each code pays and which registered vendors own that account. Reads only."""
    named, vendor = find_vendor(
        sign_code=sign_code,
        stall_id=stall_id,
        market_id=market_id,
        stall_number=stall_number,
        vendor_id=vendor_id,
    )
    texts = _texts(payloads, photo)
    checks = [_check_code(user, codes.check_payload(text), vendor, named) for text in texts]
    return Verification(vendor=vendor, named=named, codes=checks)


def my_vendors(user: User | Any) -> list[Vendor]:
    """The vendor records a signed-in person owns (for their own morning check)."""
    return services.vendors_of_user(user)


def verify_own(user: User | Any, vendor: Vendor, photo: bytes) -> Verification:
    """A vendor's own morning check of her sign: only her own record."""
    if not services.owns(user, vendor):
        raise DomainError("markets.forbidden", status=403)
    return verify(user, photo=photo, vendor_id=vendor.id)


# ---- check rounds --------------------------------------------------------------------------

ROUND_FIELDS = ("market_id", "street_id", "started_by_label", "started_at", "finished_at")
CHECK_FIELDS = (
    "round_id",
    "stall_id",
    "vendor_id",
    "result",
    "found_bank_bin",
    "found_account",
    "other_vendor_id",
    "checked_by_label",
    "resolved_at",
    "resolved_by_label",
    "resolution_note",
)


def get_round(round_id: int) -> CheckRound:
    return get_row(CheckRound, round_id, "markets.round_not_found")


def get_check(check_id: int) -> SignCheck:
    return get_row(SignCheck, check_id, "markets.check_not_found")


def visible_round(user: User | Any, round_id: int) -> CheckRound:
    found = get_round(round_id)
    services.require_view(user, found.locality)
    return found


def start_round(
    user: User | Any, *, market: Market | None = None, street: CashlessStreet | None = None
) -> CheckRound:
    """Start a check round of a market or a street that `user` manages."""
    place = market or street
    if place is None:
        raise DomainError("markets.place_missing", "market_id")
    services.require_manage(user, place.locality)
    actor = services.actor_of(user)
    started = CheckRound(
        market=market,
        street=street,
        started_by_id=actor.user_id,
        started_by_label=actor.label[:255],
        started_at=utcnow(),
    )
    with transaction():
        db.session.add(started)
        db.session.flush()
        record_change(
            "create",
            "check_round",
            started.id,
            None,
            snapshot(started, ROUND_FIELDS),
            place.locality_id,
        )
    return started


def finish_round(user: User | Any, check_round: CheckRound) -> CheckRound:
    """Finish a round (no more signs are added to it)."""
    services.require_manage(user, check_round.locality)
    if check_round.finished_at is not None:
        raise DomainError("markets.round_finished", status=409)
    before = snapshot(check_round, ROUND_FIELDS)
    with transaction():
        check_round.finished_at = utcnow()
        db.session.flush()
        record_change(
            "update",
            "check_round",
            check_round.id,
            before,
            snapshot(check_round, ROUND_FIELDS),
            check_round.locality.id,
        )
    return check_round


def _saved_result(verification: Verification) -> str:
    result = verification.result
    if result == "not_vietqr":
        return "unchecked"
    return result if result in ("ok", "mismatch", "not_registered") else "mismatch"


@dataclass(frozen=True)
class Checked:
    """A sign checked in a round: what was saved, and what each of its codes said."""

    check: SignCheck
    verification: Verification


def check_sign(
    user: User | Any,
    check_round: CheckRound,
    data: Mapping[str, Any],
    photo: bytes | None = None,
) -> Checked:
    """Check one stall's sign in a round (a photo, or the codes' texts in `data["payloads"]`)
    and save the result: the decoded texts, never the photo."""
    services.require_manage(user, check_round.locality)
    if check_round.finished_at is not None:
        raise DomainError("markets.round_finished", status=409)
    stall: Stall | None = None
    if check_round.market is not None:
        stall_id = data.get("stall_id")
        if stall_id is None:
            raise DomainError("markets.required", "stall_id")
        stall = get_row(Stall, stall_id, "markets.stall_not_found", "stall_id")
        if stall.market_id != check_round.market_id:
            raise DomainError("markets.stall_elsewhere", "stall_id", number=stall.number or "")
        verification = verify(user, payloads=data.get("payloads"), photo=photo, stall_id=stall.id)
    else:
        vendor = get_row(Vendor, data.get("vendor_id"), "markets.vendor_not_found", "vendor_id")
        if vendor.street_id != check_round.street_id:
            raise DomainError("markets.vendor_elsewhere", "vendor_id", name=vendor.name)
        verification = verify(user, payloads=data.get("payloads"), photo=photo, vendor_id=vendor.id)
    wrong = next(
        (c for c in verification.codes if c.result in ("mismatch", "not_registered")), None
    )
    others = [o for o in (wrong.others if wrong else []) if o.vendor_id is not None]
    actor = services.actor_of(user)
    check = SignCheck(
        round=check_round,
        stall=stall,
        vendor=verification.vendor,
        result=_saved_result(verification),
        payloads=[c.payload for c in verification.codes],
        found_bank_bin=wrong.bank_bin if wrong else None,
        found_account=wrong.account if wrong else None,
        other_vendor_id=others[0].vendor_id if others else None,
        checked_by_id=actor.user_id,
        checked_by_label=actor.label[:255],
        resolved_by_label="",
        resolution_note="",
    )
    with transaction():
        db.session.add(check)
        db.session.flush()
        record_change(
            "create",
            "sign_check",
            check.id,
            None,
            snapshot(check, CHECK_FIELDS),
            check_round.locality.id,
        )
    return Checked(check, verification)


def resolve_check(user: User | Any, check: SignCheck, note: str | None) -> SignCheck:
    """Close a mismatch's follow-up with a note saying what was done."""
    services.require_manage(user, check.round.locality)
    text = (note or "").strip()
    if not text:
        raise DomainError("markets.required", "note")
    if len(text) > MAX_NOTE:
        raise DomainError("markets.note_too_long", "note", most=MAX_NOTE)
    if not check.is_problem:
        raise DomainError("markets.check_not_problem", "note")
    if check.resolved_at is not None:
        raise DomainError("markets.check_resolved", "note", status=409)
    before = snapshot(check, CHECK_FIELDS)
    actor = services.actor_of(user)
    with transaction():
        check.resolved_at = utcnow()
        check.resolved_by_id = actor.user_id
        check.resolved_by_label = actor.label[:255]
        check.resolution_note = text
        db.session.flush()
        record_change(
            "update",
            "sign_check",
            check.id,
            before,
            snapshot(check, CHECK_FIELDS),
            check.round.locality.id,
        )
    return check


# ---- what a market's page shows -----------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    """A round with its counts (the latest check of each stall counts)."""

    round: CheckRound
    checked: int
    ok: int
    problems: int


def shops_of(street: CashlessStreet) -> list[Vendor]:
    """A cashless street's shops and households, by name (a round checks them one by one)."""
    return list(
        db.session.scalars(
            select(Vendor).where(Vendor.street_id == street.id).order_by(Vendor.sort_key, Vendor.id)
        )
    )


def latest_checks(check_round: CheckRound) -> dict[int, SignCheck]:
    """The latest check of each stall (or vendor, on a street) in a round, by its id."""
    latest: dict[int, SignCheck] = {}
    for check in check_round.checks:
        key = check.stall_id if check_round.market_id is not None else check.vendor_id
        if key is not None:
            latest[key] = check
    return latest


def summary(check_round: CheckRound) -> RoundSummary:
    latest = list(latest_checks(check_round).values())
    return RoundSummary(
        round=check_round,
        checked=len(latest),
        ok=sum(1 for c in latest if c.result == "ok"),
        problems=sum(1 for c in latest if c.is_problem),
    )


def rounds_of(
    market: Market | None = None, street: CashlessStreet | None = None, limit: int = 20
) -> list[CheckRound]:
    """A market's (or street's) rounds, latest first, each with its checks (which its
    `summary` counts)."""
    stmt = (
        select(CheckRound)
        .order_by(CheckRound.started_at.desc(), CheckRound.id.desc())
        .options(selectinload(CheckRound.checks))
    )
    if market is not None:
        stmt = stmt.where(CheckRound.market_id == market.id)
    if street is not None:
        stmt = stmt.where(CheckRound.street_id == street.id)
    return list(db.session.scalars(stmt.limit(limit)))


def open_problems(
    market: Market | None = None, street: CashlessStreet | None = None
) -> list[SignCheck]:
    """A market's (or street's) mismatches not yet resolved, oldest first."""
    stmt = (
        select(SignCheck)
        .join(CheckRound, CheckRound.id == SignCheck.round_id)
        .where(SignCheck.result.in_(PROBLEM_RESULTS), SignCheck.resolved_at.is_(None))
        .order_by(SignCheck.created_at, SignCheck.id)
        # the pages name each one's stall, vendor and the vendor it pays instead
        .options(
            selectinload(SignCheck.stall),
            selectinload(SignCheck.vendor),
            selectinload(SignCheck.other_vendor),
        )
    )
    if market is not None:
        stmt = stmt.where(CheckRound.market_id == market.id)
    if street is not None:
        stmt = stmt.where(CheckRound.street_id == street.id)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class PlaceChecks:
    """What a market's or a street's page shows of its checks: the last round and the open
    mismatches."""

    last: RoundSummary | None
    open: list[SignCheck]


def place_checks(place: Market | CashlessStreet) -> PlaceChecks:
    market, street = (place, None) if isinstance(place, Market) else (None, place)
    last = next(iter(rounds_of(market, street, limit=1)), None)
    return PlaceChecks(summary(last) if last else None, open_problems(market, street))
