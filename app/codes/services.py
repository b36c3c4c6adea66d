"""The rules for making, checking and serving payment codes.

Routes and API resources call these; the payload rules themselves live in the pure core
(`app.vietqr`) and the drawing in `app.render`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from app.render import (
    FORMATS,
    MIMETYPES,
    TEMPLATES,
    RenderError,
    Sign,
    decode_image,
    render_png,
    render_sign_pdf,
    render_sign_png,
    render_svg,
    render_template_image,
)
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


def update_bank_directory(data: Any, source: str) -> DirectoryChange:
    """Replace the directory with a vietqr.io-style banks list; returns what changed."""
    new = BankDirectory.from_vietqr_io(data, source=source)
    if len(new) == 0:
        raise PayloadError("banks", "the file lists no banks")
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
class CodeRequest:
    """What a person asks for: bank and account as typed, texts with diacritics."""

    bank: str
    account: str
    service: str = "account"
    amount: int | str | None = None
    purpose: str | None = None
    bill_number: str | None = None
    reference: str | None = None
    account_name: str | None = None
    initiation: str | None = None
    truncate: bool = False


@dataclass(frozen=True)
class MadeCode:
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


MAX_SIGN_NAME = 50  # vietqr.io's accountName limit; the name is printed, never encoded


def printed_purpose(typed: str | None, encoded: str | None) -> str | None:
    """The purpose as the sign prints it: as typed (diacritics kept) when that is what the code
    carries, else the code's own text. A sign never says something its code does not."""
    if typed is None or encoded is None:
        return encoded
    return typed if clean_text(typed, "purpose", len(typed), truncate=True) == encoded else encoded


def holder_name(name: str | None) -> str | None:
    """The holder's name for the sign, checked for length."""
    name = _blank_to_none(name)
    if name is not None and len(name) > MAX_SIGN_NAME:
        raise PayloadError(
            "account_name", f"got {len(name)} characters, at most {MAX_SIGN_NAME} allowed"
        )
    return name


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def make_code(request: CodeRequest) -> MadeCode:
    """Validate a request and build its payload; raises PayloadError naming the field."""
    directory = bank_directory()
    bank = directory.find(request.bank or "")
    code = normalise_code(
        PaymentCode(
            bank_bin=bank.bin,
            account=request.account or "",
            service=request.service,
            amount=parse_amount(None if request.amount == "" else request.amount),
            purpose=_blank_to_none(request.purpose),
            bill_number=_blank_to_none(request.bill_number),
            reference=_blank_to_none(request.reference),
            initiation=request.initiation or None,
        ),
        directory=directory,
        truncate=request.truncate,
    )
    return MadeCode(
        payload=build_payload(code, directory=directory),
        bank=bank,
        code=code,
        account_name=holder_name(request.account_name),
        purpose_display=printed_purpose(_blank_to_none(request.purpose), code.purpose),
    )


def check_payload(payload: str) -> DecodedPayload:
    """Decode any EMVCo payload and list its defects (never raises for bad content)."""
    if not isinstance(payload, str) or not payload.strip():
        raise PayloadError("payload", "is empty; paste the text of a QR code")
    if len(payload) > MAX_QR_TEXT:
        raise PayloadError(
            "payload", f"got {len(payload)} characters; no QR code holds more than {MAX_QR_TEXT}"
        )
    return decode_payload(payload, directory=bank_directory())


def check_photo(data: bytes) -> DecodedPayload:
    """Find the one code in a photo and decode it; raises ImageDecodeError."""
    config = current_app.config
    texts = decode_image(
        data, max_bytes=config["QR_UPLOAD_MAX_BYTES"], max_pixels=config["QR_UPLOAD_MAX_PIXELS"]
    )
    return check_payload(texts[0])


def printable_payload(payload: str) -> DecodedPayload:
    """A payload that may be drawn: it must be a valid VietQR code (we print only good codes)."""
    decoded = check_payload(payload)
    errors = [d for d in decoded.defects if d.severity == "error"]
    if errors:
        raise PayloadError("payload", errors[0].message)
    if decoded.code is None or decoded.bank is None:
        raise PayloadError("payload", "is not a VietQR transfer code (NAPAS, tag 38)")
    return decoded


# ---- images ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageJob:
    """An image to serve: its strong ETag is known before anything is drawn, so a
    revalidation (If-None-Match) is answered with 304 without rendering."""

    etag: str
    mimetype: str
    filename: str
    render: Callable[[], bytes]


def image_etag(kind: str, fmt: str, *parts: object) -> str:
    """A strong ETag from everything that determines the bytes."""
    text = "\x1f".join(map(repr, (RENDER_VERSION, encoder(), kind, fmt, *parts)))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def encoder() -> str:
    """The configured QR encoder ("zxing" or the pure-Python "qrcode")."""
    return str(current_app.config.get("QR_ENCODER", "zxing"))


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
    chosen = encoder()
    if fmt == "png":

        def draw() -> bytes:
            return render_png(payload, size=size, border=border, encoder=chosen)
    elif fmt == "svg":

        def draw() -> bytes:
            return render_svg(payload, size=size, border=border, encoder=chosen).encode()
    else:
        raise RenderError("format", f"got {fmt!r}; the code itself comes as png or svg")
    if not 64 <= size <= 2000:
        raise RenderError("size", f"got {size}, allowed 64..2000")
    if not 0 <= border <= 20:
        raise RenderError("border", f"got {border}, allowed 0..20")
    return ImageJob(
        image_etag("code", fmt, payload, size, border), MIMETYPES[fmt], f"vietqr.{fmt}", draw
    )


def sign_image(sign: Sign, fmt: str, page: str = "A6") -> ImageJob:
    """The printed sign: PNG, or a PDF of A6 (one sign) or A4 (four copies to cut)."""
    if fmt == "png":
        return ImageJob(
            image_etag("sign", "png", *_sign_parts(sign)),
            MIMETYPES["png"],
            "vietqr-sign.png",
            lambda: render_sign_png(sign),
        )
    if fmt != "pdf":
        raise RenderError("format", f"got {fmt!r}; signs come as png or pdf")
    if page not in ("A6", "A4"):
        raise RenderError("page", f"got {page!r}, expected A6 or A4")
    signs = [sign] if page == "A6" else [sign] * 4
    return ImageJob(
        image_etag("sign", "pdf", page, *_sign_parts(sign)),
        MIMETYPES["pdf"],
        f"vietqr-sign-{page}.pdf",
        lambda: render_sign_pdf(signs, page=page),
    )


def quick_link_image(
    template: str, fmt: str, request_key: object, code_request: Callable[[], CodeRequest]
) -> ImageJob:
    """A picture in one of vietqr.io's quick-link templates.

    The ETag is taken over the request as it came (`request_key`: its path and raw query) and
    the directory's version, so a revalidation is answered 304 without parsing the query,
    building the payload or drawing; `code_request` is called, and the code made and checked,
    only when the bytes are needed.
    """
    if template not in TEMPLATES:
        raise RenderError("template", f"got {template!r}, expected one of {', '.join(TEMPLATES)}")
    if fmt not in FORMATS:
        raise RenderError("format", f"got {fmt!r}, expected one of {', '.join(FORMATS)}")
    directory = bank_directory()
    etag = image_etag("quick", fmt, template, directory.updated, len(directory), request_key)

    def draw() -> bytes:
        sign = make_code(code_request()).sign()
        return render_template_image(template, sign, fmt=fmt)[0]

    return ImageJob(etag, MIMETYPES[fmt], f"vietqr-{template}.{fmt}", draw)
