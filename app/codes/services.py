"""The rules for making, checking and serving payment codes.

Routes, API resources and commands call these; the payload rules themselves live in the pure
core (`app.vietqr`) and the drawing in `app.render`. Every refusal is a `DomainError`
("codes.…", see `app.codes.messages`): the cores' own errors are turned into one here.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import func, select

from app.codes.directory import BANKS_OVERRIDE_FILE
from app.codes.directory import bank_directory as bank_directory  # the public face
from app.codes.image_cache import ImageCache, open_image_cache
from app.codes.messages import MORE_BANKS, refusal
from app.codes.models import MAX_SAVED_ACCOUNTS, SavedAccount
from app.codes.responses import image_response as image_response  # the public face: sign files
from app.codes.schemas import AccountDraft
from app.codes.schemas import CodeRequest as CodeRequest  # the public face: markets makes codes
from app.errors import DomainError
from app.extensions import db
from app.render import (
    DEFAULT_ENCODER,
    DESIGN_VERSION,
    MIMETYPES,
    ImageDecodeError,
    RenderError,
    Sign,
    check_png_options,
    decode_image,
    render_png,
    render_sign_pdf,
    render_sign_png,
    render_svg,
    render_template_image,
)
from app.render.errors import check_choice
from app.transaction import transaction
from app.vietqr import (
    MAX_PURPOSE,
    MAX_QR_TEXT,
    MAX_SUBFIELD,
    Bank,
    BankDirectory,
    DecodedPayload,
    PayloadError,
    PaymentCode,
    build_payload,
    clean_text,
    decode_payload,
    normalise_account,
    normalise_code,
    parse_amount,
)
from app.vietqr.text import fold


@contextmanager
def _refusing(status: int = 422) -> Iterator[None]:
    """The cores' errors raised inside become the feature's DomainError."""
    try:
        yield
    except (PayloadError, RenderError) as error:
        raise refusal(error, status=status) from error


# Bumped whenever the drawing of the code changes, so that cached images (strong ETags) are
# refreshed; what the signs and templates look like is versioned by the core's DESIGN_VERSION.
RENDER_VERSION = "1"


# ---- the bank directory ---------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryChange:
    added: list[Bank]
    removed: list[Bank]
    changed: list[tuple[Bank, Bank]]
    total: int


@dataclass(frozen=True)
class BankListing:
    """The directory, or the banks a search found, with the directory's source and date."""

    source: str
    updated: str
    banks: list[Bank]

    @property
    def count(self) -> int:
        return len(self.banks)


def list_banks(query: str | None) -> BankListing:
    """Every bank, or the (at most 100) that `query` matches."""
    directory = bank_directory()
    banks = directory.search(query, limit=100) if query else list(directory)
    return BankListing(directory.source, directory.updated, banks)


def find_bank(bank_id: str) -> Bank:
    """One bank by BIN or code (short and full names work too); 404 when there is none."""
    directory = bank_directory()
    bank = directory.by_bin(bank_id)
    if bank is None:
        with _refusing(status=404):
            bank = directory.find(bank_id)
    return bank


def update_bank_directory(data: Any, source: str) -> DirectoryChange:
    """Replace the directory with a vietqr.io-style banks list; returns what changed."""
    with _refusing():
        new = BankDirectory.from_vietqr_io(data, source=source)
    if len(new) == 0:
        raise DomainError("codes.banks", "banks", detail="the file lists no banks")
    old = {bank.bin: bank for bank in bank_directory()}
    fresh = {bank.bin: bank for bank in new}
    change = DirectoryChange(
        added=[fresh[b] for b in sorted(fresh.keys() - old.keys())],
        removed=[old[b] for b in sorted(old.keys() - fresh.keys())],
        changed=[
            (old[b], fresh[b]) for b in sorted(old.keys() & fresh.keys()) if old[b] != fresh[b]
        ],
        total=len(new),
    )
    target = Path(current_app.instance_path) / BANKS_OVERRIDE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(new.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target)  # atomic: a reader never sees half a file
    current_app.extensions["quet.banks"] = new
    return change


# ---- making a code --------------------------------------------------------------------------


@dataclass(frozen=True)
class MadeCode:
    """A code that may be printed: one just made from a request, or a valid VietQR payload
    read back (`printable_code`). Its sign is made from it, and the API dumps it as is."""

    payload: str
    bank: Bank
    code: PaymentCode
    account_name: str | None
    purpose_display: str | None  # as typed, diacritics kept: printed on the sign only

    @property
    def initiation(self) -> str:
        return self.code.initiation or "static"  # normalise_code always fills it in

    def sign(self, title: str | None = None, headline: str = "pay") -> Sign:
        """Its printed sign, with an optional title line and the headline kind
        (`app.render.HEADLINE_KINDS`: "pay", or a gift occasion such as "wedding")."""
        return Sign(
            payload=self.payload,
            bank_name=self.bank.short_name,
            account=self.code.account,
            account_name=self.account_name,
            amount=self.code.amount,
            purpose=self.purpose_display,
            title=title,
            headline=headline,
        )


def printed_purpose(typed: str | None, encoded: str | None) -> str | None:
    """The purpose as the sign prints it: as typed (diacritics kept) when that is what the code
    carries, else the code's own text. A sign never says something its code does not."""
    if typed is None or encoded is None:
        return encoded
    return typed if clean_text(typed, "purpose", len(typed), truncate=True) == encoded else encoded


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


#: How many banks a refusal offers when the name typed matches several or none.
MAX_BANK_CANDIDATES = 8


def bank_candidates(query: str | None) -> list[Bank]:
    """The banks a person may have meant by `query` when it names none or several: the ones it
    matches (BIN, code or a name: exact, then prefix, then anywhere), else the short names and
    codes it is close to (a typo, "Vietcombak"). At most MAX_BANK_CANDIDATES + 1, so that a
    caller can tell there were more than it shows."""
    text = (query or "").strip()
    if not text:
        return []
    directory = bank_directory()
    wanted = MAX_BANK_CANDIDATES + 1
    found = directory.search(text, limit=wanted)
    if found:
        return found
    names: dict[str, Bank] = {}
    for bank in directory:
        names.setdefault(fold(bank.short_name), bank)
        names.setdefault(fold(bank.code), bank)
    close = difflib.get_close_matches(fold(text), list(names), n=wanted, cutoff=0.75)
    return list(dict.fromkeys(names[name] for name in close))


def _find_bank(directory: BankDirectory, query: str) -> Bank:
    """The one bank `query` names; when it names several or none, the refusal offers the
    banks that were perhaps meant ("codes.bank.choose" / "codes.bank.did_you_mean")."""
    try:
        return directory.find(query)
    except PayloadError as error:
        candidates = bank_candidates(query) if error.code in ("ambiguous", "unknown") else []
        if not candidates:
            raise refusal(error) from error
        shown = ", ".join(f"{b.short_name} ({b.bin})" for b in candidates[:MAX_BANK_CANDIDATES])
        if len(candidates) > MAX_BANK_CANDIDATES:
            shown = str(MORE_BANKS) % {"names": shown}
        code = "codes.bank.choose" if error.code == "ambiguous" else "codes.bank.did_you_mean"
        raise DomainError(code, "bank", detail=error.message, candidates=shown) from error


def _judged(
    problems: list[DomainError], check: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """`check(*args, **kwargs)`, or None with its refusal added to `problems`."""
    try:
        return check(*args, **kwargs)
    except PayloadError as error:
        problems.append(refusal(error))
    except DomainError as error:
        problems.append(error)
    return None


def every_field(problems: list[DomainError]) -> DomainError:
    """One refusal naming every bad field: the first problem, the others' messages in its
    `errors` (the API lists them all; a page shows each beside its field)."""
    first, *others = problems
    errors: dict[str, list[str]] = {}
    for problem in others:
        errors.setdefault(problem.field or "", []).append(problem.message)
    return DomainError(
        first.code,
        first.field,
        status=first.status,
        detail=first.detail,
        errors=errors,
        **first.params,
    )


def make_code(request: CodeRequest) -> MadeCode:
    """Validate a request and build its payload; a refusal names every bad field at once (the
    first in `field`, the others in `errors`)."""
    directory = bank_directory()
    problems: list[DomainError] = []
    bank = _judged(problems, _find_bank, directory, request.bank or "")
    _judged(problems, normalise_account, request.account or "", request.service)
    _judged(problems, parse_amount, request.amount)
    for field, limit in (
        ("purpose", MAX_PURPOSE),
        ("bill_number", MAX_SUBFIELD),
        ("reference", MAX_SUBFIELD),
    ):
        text = _blank_to_none(getattr(request, field))
        if text is not None:
            _judged(problems, clean_text, text, field, limit, truncate=request.truncate)
    if problems:
        raise every_field(problems)
    with _refusing():
        code = normalise_code(
            PaymentCode(
                bank_bin=bank.bin,
                account=request.account or "",
                service=request.service,
                amount=parse_amount(request.amount),
                purpose=_blank_to_none(request.purpose),
                bill_number=_blank_to_none(request.bill_number),
                reference=_blank_to_none(request.reference),
                initiation=request.initiation or None,
            ),
            directory=directory,
            truncate=request.truncate,
        )
        payload = build_payload(code, directory=directory)
    return MadeCode(
        payload=payload,
        bank=bank,
        code=code,
        account_name=_blank_to_none(request.account_name),
        purpose_display=printed_purpose(_blank_to_none(request.purpose), code.purpose),
    )


def check_payload(payload: str) -> DecodedPayload:
    """Decode any EMVCo payload and list its defects (never refuses bad content)."""
    if not isinstance(payload, str) or not payload.strip():
        raise DomainError(
            "codes.payload.empty", "payload", detail="is empty; paste the text of a QR code"
        )
    if len(payload) > MAX_QR_TEXT:
        raise DomainError(
            "codes.payload.too_long",
            "payload",
            detail=f"got {len(payload)} characters; no QR code holds more than {MAX_QR_TEXT}",
            got=len(payload),
            most=MAX_QR_TEXT,
        )
    return decode_payload(payload, directory=bank_directory())


def codes_in_photo(data: bytes, field: str = "image", *, several: bool = False) -> list[str]:
    """The texts of the codes in a photo (only the first unless `several`); a photo that cannot
    be read is refused on `field` (413 when the file is too large)."""
    config = current_app.config
    try:
        return decode_image(
            data,
            max_bytes=config["QR_UPLOAD_MAX_BYTES"],
            max_pixels=config["QR_UPLOAD_MAX_PIXELS"],
            allow_several=several,
        )
    except ImageDecodeError as error:
        raise DomainError(
            f"codes.image.{error.code}",
            field,
            status=413 if error.code == "too_large" else 422,
            detail=error.message,
            size=config["QR_UPLOAD_MAX_BYTES"] // 1_000_000,
        ) from error


def check_photo(data: bytes) -> DecodedPayload:
    """Find the one code in a photo and decode it; a photo that cannot be read is refused on
    the field `image` (413 when the file is too large)."""
    return check_payload(codes_in_photo(data)[0])


def printable_code(payload: str, *, name: str | None = None, note: str | None = None) -> MadeCode:
    """A payload that may be drawn, as a code with what its sign prints: it must be a valid
    VietQR code (we print only good codes). `name` is the holder's; `note` the purpose as
    typed, printed when it is what the code carries."""
    decoded = check_payload(payload)
    if decoded.errors:
        first = decoded.errors[0]
        raise DomainError(f"codes.defect.{first.code}", "payload", detail=first.message)
    if decoded.code is None or decoded.bank is None:
        raise DomainError(
            "codes.defect.not_vietqr",
            "payload",
            detail="is not a VietQR transfer code (NAPAS, tag 38)",
        )
    return MadeCode(
        payload=decoded.payload,
        bank=decoded.bank,
        code=decoded.code,
        account_name=_blank_to_none(name),
        purpose_display=printed_purpose(_blank_to_none(note), decoded.code.purpose),
    )


# ---- images ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageJob:
    """An image to serve: its strong ETag is known before anything is drawn, so a
    revalidation (If-None-Match) is answered with 304 without rendering."""

    etag: str
    mimetype: str
    filename: str
    draw: Callable[[], bytes]
    #: Kept in the image cache by its ETag: the signs and templates (5-250 ms to draw). The
    #: bare code (~0.5 ms) is not: a Redis round trip on every new code would cost as much.
    cached: bool = False

    def render(self) -> bytes:
        """The bytes; what the drawing refuses (a code too big for the size asked, an unknown
        template or page) is a DomainError naming the argument."""
        if self.cached:
            return image_cache().fetch(self.etag, self._draw)
        return self._draw()

    def _draw(self) -> bytes:
        with _refusing():
            return self.draw()


IMAGE_CACHE_KEY = "quet.image_cache"


def open_app_image_cache(app: Flask) -> None:
    """Open the app's cache of drawn images (`IMAGE_CACHE_URL`) when the app is built, so a
    wrong address stops the app at start instead of failing the first image request."""
    app.extensions[IMAGE_CACHE_KEY] = open_image_cache(app.config.get("IMAGE_CACHE_URL"))


def image_cache() -> ImageCache:
    """The app's cache of drawn images."""
    cache = current_app.extensions[IMAGE_CACHE_KEY]
    assert isinstance(cache, ImageCache)
    return cache


def image_etag(kind: str, fmt: str, *parts: object) -> str:
    """A strong ETag from everything that determines the bytes."""
    text = "\x1f".join(map(repr, (RENDER_VERSION, encoder(), kind, fmt, *parts)))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def encoder() -> str:
    """The configured QR encoder ("zint", "zxing" or the pure-Python "qrcode"): every image
    is drawn with it, and it is part of every ETag."""
    return str(current_app.config.get("QR_ENCODER", DEFAULT_ENCODER))


def _sign_parts(sign: Sign) -> tuple[object, ...]:
    # Every field of the sign: one added to `Sign` later is part of the ETag without a change here.
    return (DESIGN_VERSION, *astuple(sign))


def code_image(payload: str, fmt: str, size: int = 400, border: int = 4) -> ImageJob:
    """The bare code as PNG or SVG."""
    with _refusing():
        check_choice("format", fmt, ("png", "svg"))
        check_png_options(size, border)
    chosen = encoder()

    def draw() -> bytes:
        if fmt == "png":
            return render_png(payload, size=size, border=border, encoder=chosen)
        return render_svg(payload, size=size, border=border, encoder=chosen).encode()

    return ImageJob(
        image_etag("code", fmt, payload, size, border), MIMETYPES[fmt], f"vietqr.{fmt}", draw
    )


def sign_image(sign: Sign, fmt: str, page: str = "A6") -> ImageJob:
    """The printed sign: PNG, or a PDF of A6 (one sign) or A4 (four copies to cut)."""
    chosen = encoder()
    if fmt == "png":
        return ImageJob(
            image_etag("sign", "png", *_sign_parts(sign)),
            MIMETYPES["png"],
            "vietqr-sign.png",
            lambda: render_sign_png(sign, encoder=chosen),
            cached=True,
        )
    with _refusing():
        check_choice("format", fmt, ("png", "pdf"))
    signs = [sign] if page == "A6" else [sign] * 4
    return ImageJob(
        image_etag("sign", "pdf", page, *_sign_parts(sign)),
        MIMETYPES["pdf"],
        f"vietqr-sign-{page}.pdf",
        lambda: render_sign_pdf(signs, page=page, encoder=chosen),
        cached=True,
    )


def quick_link_image(
    template: str, fmt: str, request_key: object, code_request: Callable[[], CodeRequest]
) -> ImageJob:
    """A picture in one of vietqr.io's quick-link templates.

    The ETag is taken over the request as it came (`request_key`: its path and raw query) and
    the directory's version, so a revalidation is answered 304 without parsing the query,
    building the payload or drawing; `code_request` is called, and the code made and checked,
    only when the bytes are needed (the template and format are checked by the drawing).
    """
    directory = bank_directory()
    etag = image_etag(
        "quick", fmt, DESIGN_VERSION, template, directory.updated, len(directory), request_key
    )
    chosen = encoder()

    def draw() -> bytes:
        sign = make_code(code_request()).sign()
        return render_template_image(template, sign, fmt=fmt, encoder=chosen)[0]

    # qr_only in PNG or SVG is the bare code: cheaper to draw than to fetch (see ImageJob).
    cached = not (template == "qr_only" and fmt in ("png", "svg"))
    return ImageJob(etag, MIMETYPES[fmt], f"vietqr-{template}.{fmt}", draw, cached=cached)


# ---- saved bank accounts --------------------------------------------------------------------
# Personal data, kept for its owner only and not audited: see `app.codes.models`.


@dataclass(frozen=True)
class SavedAccountPage:
    """One page of a person's saved accounts and how many she has."""

    accounts: list[SavedAccount]
    total: int


def saved_accounts_of(
    user: Any, page: int = 1, per_page: int = MAX_SAVED_ACCOUNTS
) -> SavedAccountPage:
    """`user`'s saved accounts, by label then bank and account (the order of the picker)."""
    rows = db.session.scalars(
        select(SavedAccount)
        .where(SavedAccount.user_id == user.id)
        .order_by(
            SavedAccount.label.is_(None),
            SavedAccount.label,
            SavedAccount.bank_bin,
            SavedAccount.account,
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return SavedAccountPage(list(rows), _saved_count(user))


def _saved_count(user: Any) -> int:
    """How many accounts `user` keeps."""
    count = select(func.count()).select_from(SavedAccount).where(SavedAccount.user_id == user.id)
    return db.session.scalar(count) or 0


def saved_account(user: Any, account_id: int) -> SavedAccount:
    """One of `user`'s saved accounts; someone else's, like one that does not exist, is a 404."""
    saved = db.session.get(SavedAccount, account_id)
    if saved is None or saved.user_id != user.id:
        raise DomainError("codes.saved_account.not_found", status=404)
    return saved


def _apply(saved: SavedAccount, draft: AccountDraft) -> None:
    """Check the draft's given fields (every bad one named at once) and write them."""
    directory = bank_directory()
    problems: list[DomainError] = []
    if "bank" in draft.given:
        bank = _judged(problems, _find_bank, directory, draft.bank or "")
        if bank is not None:
            saved.bank_bin = bank.bin
    if "account" in draft.given:
        account = _judged(problems, normalise_account, draft.account or "", "account")
        if account is not None:
            saved.account = account
    if "account_name" in draft.given:
        saved.account_name = _blank_to_none(draft.account_name)
    if "label" in draft.given:
        saved.label = _blank_to_none(draft.label)
    if problems:
        raise every_field(problems)


def _saved_conflicts() -> dict[str, DomainError]:
    """A second copy of an account she keeps, refused by the unique index (two at once)."""
    return {
        "uq_saved_accounts_user_id_bank_bin_account": DomainError(
            "codes.saved_account.duplicate", "account"
        )
    }


def _same_account(user: Any, bank_bin: str, account: str) -> SavedAccount | None:
    return db.session.scalar(
        select(SavedAccount).where(
            SavedAccount.user_id == user.id,
            SavedAccount.bank_bin == bank_bin,
            SavedAccount.account == account,
        )
    )


def save_account(user: Any, draft: AccountDraft) -> SavedAccount:
    """Keep a new bank account for `user`, checked by the rules of a code: a bank and account
    she already keeps is a 409, and she keeps at most MAX_SAVED_ACCOUNTS. Commits."""
    saved = SavedAccount(user_id=user.id)
    _apply(saved, draft)
    if _same_account(user, saved.bank_bin, saved.account) is not None:
        raise DomainError("codes.saved_account.duplicate", "account", status=409)
    if _saved_count(user) >= MAX_SAVED_ACCOUNTS:
        raise DomainError("codes.saved_account.too_many", status=409, most=MAX_SAVED_ACCOUNTS)
    with transaction(_saved_conflicts()):
        db.session.add(saved)
    return saved


def change_saved_account(user: Any, account_id: int, draft: AccountDraft) -> SavedAccount:
    """Change the given fields of one of `user`'s saved accounts (404 for someone else's).
    Commits."""
    saved = saved_account(user, account_id)
    with db.session.no_autoflush:
        try:
            _apply(saved, draft)
            other = _same_account(user, saved.bank_bin, saved.account)
            if other is not None and other.id != saved.id:
                raise DomainError("codes.saved_account.duplicate", "account", status=409)
        except DomainError:
            db.session.rollback()
            raise
    with transaction(_saved_conflicts()):
        pass
    return saved


def delete_saved_account(user: Any, account_id: int) -> None:
    """Forget one of `user`'s saved accounts (404 for someone else's). Commits."""
    saved = saved_account(user, account_id)
    with transaction():
        db.session.delete(saved)


def remember_account(user: Any, made: MadeCode, label: str | None) -> SavedAccount:
    """Keep the bank account of a code just made (the make page's "save" box): a new one is
    saved; one she already keeps gets the holder name and label typed now (those left empty
    stay as they were). Commits."""
    saved = _same_account(user, made.bank.bin, made.code.account)
    typed = {"account_name": made.account_name, "label": _blank_to_none(label)}
    draft = AccountDraft(**typed, given=frozenset(name for name, value in typed.items() if value))
    if saved is not None:
        _apply(saved, draft)
        with transaction(_saved_conflicts()):
            pass
        return saved
    return save_account(
        user,
        AccountDraft(
            bank=made.bank.bin,
            account=made.code.account,
            account_name=made.account_name,
            label=label,
        ),
    )
