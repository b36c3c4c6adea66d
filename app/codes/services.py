"""The rules for making, checking and serving payment codes.

Routes, API resources and commands call these; the payload rules themselves live in the pure
core (`app.vietqr`) and the drawing in `app.render`. Every refusal is a `DomainError`
("codes.…", see `app.codes.messages`): the cores' own errors are turned into one here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from app.codes.image_cache import ImageCache, open_image_cache
from app.codes.messages import refusal
from app.codes.schemas import CodeRequest
from app.errors import DomainError
from app.render import (
    DEFAULT_ENCODER,
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
from app.vietqr import (
    MAX_QR_TEXT,
    Bank,
    BankDirectory,
    DecodedPayload,
    PayloadError,
    PaymentCode,
    build_payload,
    clean_text,
    decode_payload,
    normalise_code,
    parse_amount,
)


@contextmanager
def _refusing(status: int = 422) -> Iterator[None]:
    """The cores' errors raised inside become the feature's DomainError."""
    try:
        yield
    except (PayloadError, RenderError) as error:
        raise refusal(error, status=status) from error


# Bumped whenever the drawing changes, so that cached images (strong ETags) are refreshed.
RENDER_VERSION = "1"
BANKS_OVERRIDE_FILE = "banks.json"


# ---- the bank directory ---------------------------------------------------------------------


def bank_directory() -> BankDirectory:
    """The directory in use: the packaged one, or the one `flask banks update` wrote."""
    cached = current_app.extensions.get("quet.banks")
    if cached is None:
        override = Path(current_app.instance_path) / BANKS_OVERRIDE_FILE
        cached = BankDirectory.load(override if override.exists() else None)
        current_app.extensions["quet.banks"] = cached
    assert isinstance(cached, BankDirectory)
    return cached


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

    def sign(self, title: str | None = None) -> Sign:
        return Sign(
            payload=self.payload,
            bank_name=self.bank.short_name,
            account=self.code.account,
            account_name=self.account_name,
            amount=self.code.amount,
            purpose=self.purpose_display,
            title=title,
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


def make_code(request: CodeRequest) -> MadeCode:
    """Validate a request and build its payload; a refusal names the field."""
    directory = bank_directory()
    with _refusing():
        bank = directory.find(request.bank or "")
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


def check_photo(data: bytes) -> DecodedPayload:
    """Find the one code in a photo and decode it; a photo that cannot be read is refused on
    the field `image` (413 when the file is too large)."""
    config = current_app.config
    try:
        texts = decode_image(
            data,
            max_bytes=config["QR_UPLOAD_MAX_BYTES"],
            max_pixels=config["QR_UPLOAD_MAX_PIXELS"],
        )
    except ImageDecodeError as error:
        raise DomainError(
            f"codes.image.{error.code}",
            "image",
            status=413 if error.code == "too_large" else 422,
            detail=error.message,
            size=config["QR_UPLOAD_MAX_BYTES"] // 1_000_000,
        ) from error
    return check_payload(texts[0])


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
    return (
        sign.payload,
        sign.bank_name,
        sign.account,
        sign.account_name,
        sign.amount,
        sign.purpose,
        sign.title,
        sign.footer,
    )


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
    etag = image_etag("quick", fmt, template, directory.updated, len(directory), request_key)
    chosen = encoder()

    def draw() -> bytes:
        sign = make_code(code_request()).sign()
        return render_template_image(template, sign, fmt=fmt, encoder=chosen)[0]

    # qr_only in PNG or SVG is the bare code: cheaper to draw than to fetch (see ImageJob).
    cached = not (template == "qr_only" and fmt in ("png", "svg"))
    return ImageJob(etag, MIMETYPES[fmt], f"vietqr-{template}.{fmt}", draw, cached=cached)
