"""Markets (chợ), their stalls, cashless streets, the vendors who trade there, the accounts they
receive on, their participation over time, and Chợ 4.0 recognitions.

Every vendor is on the roster, taking part or not: participation is a history of dated steps
(`ParticipationStep`), never overwritten, so every count can be taken *as of* any date. A
vendor's `locality_id` is its market's or street's, kept in step by the services, so that "the
vendors of a subtree" is one indexed condition.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, TimestampMixin, unique_where, utcnow
from app.localities.models import Locality, SortedByName
from app.matching import CODE_LENGTH

if TYPE_CHECKING:
    from app.accounts.models import User

#: Kinds of market: permanent markets of class I/II/III, temporary, night, trading spot.
MARKET_KINDS: Final = ("hang_1", "hang_2", "hang_3", "tam", "dem", "diem_kinh_doanh")
#: Registration: an officer's entry is approved at once; self-registration starts pending.
REGISTRATION_STATES: Final = ("pending", "approved")
#: Participation steps, in their usual order; "not_taking_part" may be recorded at any time.
STATUSES: Final = ("enrolled", "qr_displayed", "receiving", "stopped", "not_taking_part")
#: Why a vendor stopped or is not taking part.
REASONS: Final = ("no_smartphone", "elderly", "tax_fears", "prefers_cash", "not_reached", "other")
#: Statuses that need a reason.
NEEDS_REASON: Final = ("stopped", "not_taking_part")
#: Account services of a VietQR code: to an account number or to a card number.
SERVICES: Final = ("account", "card")

SIGN_CODE_INDEX: Final = "uq_vendors_sign_code"
STALL_NUMBER_INDEX: Final = "uq_stalls_market_number"
PRIMARY_ACCOUNT_INDEX: Final = "uq_vendor_accounts_primary"
ACCOUNT_INDEX: Final = "uq_vendor_accounts_account"
DECISION_INDEX: Final = "uq_market_recognitions_market_id"
CRITERION_INDEX: Final = "uq_recognition_criteria_name"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Market(SortedByName, TimestampMixin, Base):
    """A market in a commune (or a hamlet under it), with its management board's contact."""

    __tablename__ = "markets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300), default="")
    board_contact_name: Mapped[str] = mapped_column(String(200), default="")
    board_contact_phone: Mapped[str] = mapped_column(String(20), default="")

    locality: Mapped[Locality] = relationship(lazy="joined")
    stalls: Mapped[list[Stall]] = relationship(
        back_populates="market", cascade="all, delete-orphan", order_by="Stall.id"
    )
    recognitions: Mapped[list[MarketRecognition]] = relationship(
        back_populates="market",
        cascade="all, delete-orphan",
        order_by="(MarketRecognition.decided_on.desc(), MarketRecognition.id.desc())",
    )

    __table_args__ = (CheckConstraint(_in("kind", MARKET_KINDS), name="kind"),)

    def __repr__(self) -> str:
        return f"<Market {self.id} {self.name!r}>"


class Stall(TimestampMixin, Base):
    """A stall (sạp, ô, kiốt) of a market: its number is unique within the market when it has
    one (hawkers' places and trading spots have none). A vendor may hold several stalls."""

    __tablename__ = "stalls"

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"), index=True)
    number: Mapped[str | None] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(100), default="")
    goods: Mapped[str] = mapped_column(String(200), default="")
    vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="SET NULL"), index=True
    )

    market: Mapped[Market] = relationship(back_populates="stalls")
    vendor: Mapped[Vendor | None] = relationship(back_populates="stalls")

    __table_args__ = (
        unique_where(STALL_NUMBER_INDEX, "market_id", "number", where="number IS NOT NULL"),
    )

    def __repr__(self) -> str:
        return f"<Stall {self.id} {self.number!r} of market {self.market_id}>"


class CashlessStreet(SortedByName, TimestampMixin, Base):
    """A cashless street (tuyến phố không dùng tiền mặt): its shops and households are vendors."""

    __tablename__ = "cashless_streets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    launched_on: Mapped[date | None]

    locality: Mapped[Locality] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<CashlessStreet {self.id} {self.name!r}>"


class Vendor(SortedByName, TimestampMixin, Base):
    """A stall holder in a market, or a shop or household on a cashless street (exactly one of
    the two), with the sign code printed on their sign."""

    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    goods: Mapped[str] = mapped_column(String(200), default="")
    #: The market's or the street's locality (kept in step by the services).
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    market_id: Mapped[int | None] = mapped_column(
        ForeignKey("markets.id", ondelete="RESTRICT"), index=True
    )
    street_id: Mapped[int | None] = mapped_column(
        ForeignKey("cashless_streets.id", ondelete="RESTRICT"), index=True
    )
    house_number: Mapped[str] = mapped_column(String(50), default="")
    business_kind: Mapped[str] = mapped_column(String(200), default="")
    sign_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    #: The vendor chose to have the sign's QR carry the sign code as its purpose.
    code_in_purpose: Mapped[bool] = mapped_column(default=False)
    registration: Mapped[str] = mapped_column(String(10), default="approved")
    #: The vendor's own sign-in, when they have one: they may edit this record and its accounts.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    locality: Mapped[Locality] = relationship(lazy="joined")
    market: Mapped[Market | None] = relationship()
    street: Mapped[CashlessStreet | None] = relationship()
    user: Mapped[User | None] = relationship()
    stalls: Mapped[list[Stall]] = relationship(back_populates="vendor", order_by="Stall.id")
    accounts: Mapped[list[VendorAccount]] = relationship(
        back_populates="vendor",
        cascade="all, delete-orphan",
        order_by="(VendorAccount.is_primary.desc(), VendorAccount.id)",
    )
    steps: Mapped[list[ParticipationStep]] = relationship(
        back_populates="vendor",
        cascade="all, delete-orphan",
        order_by="(ParticipationStep.effective_on, ParticipationStep.id)",
    )

    __table_args__ = (
        Index(SIGN_CODE_INDEX, "sign_code", unique=True),
        CheckConstraint("(market_id IS NULL) <> (street_id IS NULL)", name="one_place"),
        CheckConstraint(_in("registration", REGISTRATION_STATES), name="registration"),
    )

    @property
    def primary_account(self) -> VendorAccount | None:
        return next((account for account in self.accounts if account.is_primary), None)

    @property
    def current_step(self) -> ParticipationStep | None:
        return self.steps[-1] if self.steps else None

    def __repr__(self) -> str:
        return f"<Vendor {self.id} {self.name!r} {self.sign_code}>"


class VendorAccount(TimestampMixin, Base):
    """An account (or card) a vendor receives transfers on, checked by the VietQR core; one of a
    vendor's accounts is the primary one, which their sign carries."""

    __tablename__ = "vendor_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    bank_bin: Mapped[str] = mapped_column(String(6))
    service: Mapped[str] = mapped_column(String(10), default="account")
    number: Mapped[str] = mapped_column(String(19))
    #: The holder's name as the bank shows it.
    holder_name: Mapped[str] = mapped_column(String(50), default="")
    is_primary: Mapped[bool] = mapped_column(default=False)

    vendor: Mapped[Vendor] = relationship(back_populates="accounts")

    __table_args__ = (
        UniqueConstraint("vendor_id", "bank_bin", "number", name=ACCOUNT_INDEX),
        unique_where(PRIMARY_ACCOUNT_INDEX, "vendor_id", where="is_primary"),
        CheckConstraint(_in("service", SERVICES), name="service"),
    )

    def __repr__(self) -> str:
        return f"<VendorAccount {self.id} {self.bank_bin}/{self.number} of {self.vendor_id}>"


class ParticipationStep(TimestampMixin, Base):
    """One dated step of a vendor's participation, with who recorded it. Steps are only added:
    the history is what the as-of-date counts read."""

    __tablename__ = "participation_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    effective_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recorded_by_label: Mapped[str] = mapped_column(String(255))

    vendor: Mapped[Vendor] = relationship(back_populates="steps")

    __table_args__ = (
        Index("ix_participation_steps_vendor_id_effective_on", "vendor_id", "effective_on"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(f"reason IS NULL OR {_in('reason', REASONS)}", name="reason"),
        CheckConstraint(
            f"({_in('status', NEEDS_REASON)}) = (reason IS NOT NULL)", name="reason_when_needed"
        ),
    )

    def __repr__(self) -> str:
        return f"<ParticipationStep {self.vendor_id} {self.status} {self.effective_on}>"


class RecognitionCriterion(TimestampMixin, Base):
    """One of the province's Chợ 4.0 criteria (a checklist the admin keeps)."""

    __tablename__ = "recognition_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(String(1000), default="")
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (UniqueConstraint("name", name=CRITERION_INDEX),)

    def __repr__(self) -> str:
        return f"<RecognitionCriterion {self.id} {self.name!r}>"


class MarketRecognition(TimestampMixin, Base):
    """A decision recognising a market as Chợ 4.0: number, date, and the criteria it met."""

    __tablename__ = "market_recognitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    decision_number: Mapped[str] = mapped_column(String(50))
    decided_on: Mapped[date]
    issued_by: Mapped[str] = mapped_column(String(200), default="")

    market: Mapped[Market] = relationship(back_populates="recognitions")
    met: Mapped[list[CriterionMet]] = relationship(
        back_populates="recognition", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (UniqueConstraint("market_id", "decision_number", name=DECISION_INDEX),)

    @property
    def criteria(self) -> list[RecognitionCriterion]:
        return sorted((row.criterion for row in self.met), key=lambda c: c.id)

    def __repr__(self) -> str:
        return f"<MarketRecognition {self.id} {self.decision_number!r} of {self.market_id}>"


class CriterionMet(TimestampMixin, Base):
    """A criterion a recognised market met, as the decision says."""

    __tablename__ = "recognition_criteria_met"

    recognition_id: Mapped[int] = mapped_column(
        ForeignKey("market_recognitions.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_criteria.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    recognition: Mapped[MarketRecognition] = relationship(back_populates="met")
    criterion: Mapped[RecognitionCriterion] = relationship(lazy="joined")


# ---- swapped-sign checks ------------------------------------------------------------------

#: What one sign check found: every code pays to the vendor's approved accounts ("ok"); a code
#: pays elsewhere or is damaged ("mismatch"); the vendor is not (yet) approved
#: ("not_registered"); or no code could be checked, e.g. an e-wallet's own code ("unchecked").
CHECK_RESULTS: Final = ("ok", "mismatch", "not_registered", "unchecked")
#: Results an officer follows up until resolved.
PROBLEM_RESULTS: Final = ("mismatch", "not_registered")


class CheckRound(TimestampMixin, Base):
    """An officer's round of a market (or a street), photographing each stall's sign to find
    swapped codes: who started it and when, and when it was finished."""

    __tablename__ = "check_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int | None] = mapped_column(
        ForeignKey("markets.id", ondelete="CASCADE"), index=True
    )
    street_id: Mapped[int | None] = mapped_column(
        ForeignKey("cashless_streets.id", ondelete="CASCADE"), index=True
    )
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    started_by_label: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    market: Mapped[Market | None] = relationship()
    street: Mapped[CashlessStreet | None] = relationship()
    checks: Mapped[list[SignCheck]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="SignCheck.id"
    )

    __table_args__ = (
        CheckConstraint("(market_id IS NULL) <> (street_id IS NULL)", name="one_place"),
    )

    @property
    def locality(self) -> Locality:
        place = self.market or self.street
        assert place is not None  # the one_place constraint
        return place.locality

    def __repr__(self) -> str:
        return f"<CheckRound {self.id} of market {self.market_id} street {self.street_id}>"


class SignCheck(TimestampMixin, Base):
    """One sign checked in a round: the stall and vendor, what was found (the decoded codes'
    texts, never the photo), where a wrong code pays, and its follow-up until resolved."""

    __tablename__ = "sign_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("check_rounds.id", ondelete="CASCADE"), index=True
    )
    stall_id: Mapped[int | None] = mapped_column(
        ForeignKey("stalls.id", ondelete="SET NULL"), index=True
    )
    vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="SET NULL"), index=True
    )
    result: Mapped[str] = mapped_column(String(20))
    #: The texts of the codes found on the sign (the photo itself is not kept).
    payloads: Mapped[list[str]] = mapped_column(JSON)
    #: Where the first wrong code pays: bank BIN, account, and another vendor owning it.
    found_bank_bin: Mapped[str | None] = mapped_column(String(6))
    found_account: Mapped[str | None] = mapped_column(String(19))
    other_vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="SET NULL"), index=True
    )
    checked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    checked_by_label: Mapped[str] = mapped_column(String(255))
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    resolved_by_label: Mapped[str] = mapped_column(String(255), default="")
    resolution_note: Mapped[str] = mapped_column(String(500), default="")

    round: Mapped[CheckRound] = relationship(back_populates="checks")
    stall: Mapped[Stall | None] = relationship()
    vendor: Mapped[Vendor | None] = relationship(foreign_keys=[vendor_id])
    other_vendor: Mapped[Vendor | None] = relationship(foreign_keys=[other_vendor_id])

    __table_args__ = (CheckConstraint(_in("result", CHECK_RESULTS), name="result"),)

    @property
    def is_problem(self) -> bool:
        return self.result in PROBLEM_RESULTS

    @property
    def is_open(self) -> bool:
        return self.is_problem and self.resolved_at is None

    def __repr__(self) -> str:
        return f"<SignCheck {self.id} {self.result} of round {self.round_id}>"


#: A print job's states: waiting for a worker, being drawn, the file is ready, it failed.
PRINT_JOB_STATES: Final = ("queued", "running", "done", "failed")
#: Paper of a print job: A6 (one sign a page) or A4 (four signs a page with cut lines).
PRINT_PAGES: Final = ("A6", "A4")


class PrintJob(TimestampMixin, Base):
    """The signs of a whole market or street printed into one PDF, in the background: who
    asked, how far it has got, and the finished file's name in the instance folder."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int | None] = mapped_column(
        ForeignKey("markets.id", ondelete="CASCADE"), index=True
    )
    street_id: Mapped[int | None] = mapped_column(
        ForeignKey("cashless_streets.id", ondelete="CASCADE"), index=True
    )
    #: The market's or the street's locality, for scope checks.
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    page: Mapped[str] = mapped_column(String(2), default="A6")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    requested_by_label: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    #: Signs to print, signs printed so far, vendors left out (no account, or pending).
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(String(1000), default="")
    #: The finished PDF's name in the instance folder's signs/ (empty until done).
    file_name: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    locality: Mapped[Locality] = relationship(lazy="joined")
    market: Mapped[Market | None] = relationship()
    street: Mapped[CashlessStreet | None] = relationship()

    __table_args__ = (
        CheckConstraint("(market_id IS NULL) <> (street_id IS NULL)", name="one_place"),
        CheckConstraint(_in("status", PRINT_JOB_STATES), name="status"),
        CheckConstraint(_in("page", PRINT_PAGES), name="page"),
        Index("ix_print_jobs_created_at", "created_at"),
        # ids are never reused (SQLite would reuse a deleted last id): an old job's link
        # never shows a newer job
        {"sqlite_autoincrement": True},
    )

    def __repr__(self) -> str:
        return f"<PrintJob {self.id} {self.status} {self.done}/{self.total}>"
