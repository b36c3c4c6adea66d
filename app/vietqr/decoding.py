"""Reading any EMVCo payload and saying, field by field, what is wrong with it.

:func:`decode_payload` never raises for bad content: every problem becomes a :class:`Defect` with
a stable ``code``. Severity ``"error"`` means a bank app may refuse the code or send the money
somewhere unintended; ``"warning"`` marks something legal but unusual. Codes:

errors
    ``not_a_code`` (the text is no payment code at all: words, a link; ``params["host"]`` names
    a link's host), ``foreign_code`` (an EMVCo code of another country, ``params["country"]``),
    ``bad_crc``, ``crc_missing``, ``bad_tag``, ``bad_length``, ``truncated``, ``non_ascii``,
    ``non_printable``, ``too_long``, ``duplicate_tag``, ``bad_order`` (00 not first, 63 not
    last), ``missing_tag``, ``bad_format_indicator``, ``bad_initiation``, ``bad_template``,
    ``bad_bin``, ``unknown_bin``, ``bad_account``, ``field_too_long`` (account over 19),
    ``bad_mcc``, ``bad_currency``, ``bad_amount``, ``bad_country``, ``dynamic_without_amount``
warnings
    ``lowercase_crc`` (MB Bank writes its CRC in lowercase; accepted), ``static_with_amount``
    (a reusable sign with a fixed price), ``field_too_long`` (59/60/62.xx over the NAPAS limit:
    real codes do this and many apps cope), ``missing_tag`` for tag 01, ``not_vietqr`` (another
    provider such as VNPAY-QR), ``unsupported_service`` (QRPUSH, QRCASH)

A verdict names the cause, not its consequences. Text that is no payment code gets the one defect
``not_a_code`` (or ``foreign_code``); a payload cut off before its CRC gets the one defect
``truncated`` (``params["position"]``: where it stops; ``tag``: the field it stops in, "" at a
field boundary), or ``crc_missing`` when only the CRC is gone. When the scan stops early, fields
the unread rest may hold are not reported missing.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from app.vietqr.banks import Bank, BankDirectory, default_directory
from app.vietqr.crc import payload_crc
from app.vietqr.errors import PayloadError
from app.vietqr.payload import (
    COUNTRY_VN,
    CURRENCY_VND,
    DYNAMIC,
    MAX_ACCOUNT,
    MAX_AMOUNT_DIGITS,
    MAX_CARD,
    MAX_CITY,
    MAX_MERCHANT_NAME,
    MAX_PAYLOAD,
    MAX_SUBFIELD,
    MIN_CARD,
    NAPAS_GUID,
    SERVICE_ACCOUNT,
    SERVICE_CARD,
    STATIC,
    PaymentCode,
)
from app.vietqr.tlv import TLV, ScanProblem, parse_children, root_fields, scan

#: Every defect code decode_payload can report (the docstring above says what each means).
DEFECT_CODES = (
    "not_a_code",
    "foreign_code",
    "bad_crc",
    "crc_missing",
    "bad_tag",
    "bad_length",
    "truncated",
    "non_ascii",
    "non_printable",
    "too_long",
    "duplicate_tag",
    "bad_order",
    "missing_tag",
    "bad_format_indicator",
    "bad_initiation",
    "bad_template",
    "bad_bin",
    "unknown_bin",
    "bad_account",
    "field_too_long",
    "bad_mcc",
    "bad_currency",
    "bad_amount",
    "bad_country",
    "dynamic_without_amount",
    "lowercase_crc",
    "static_with_amount",
    "not_vietqr",
    "unsupported_service",
)

#: How every EMVCo payload begins: tag 00 (payload format indicator), length 02, value "01".
FORMAT_START = "000201"

#: Root tags whose absence a cut-off or unreadable rest explains (dotted sub-tags were read whole).
_ABSENCE_CODES = frozenset({"missing_tag", "crc_missing", "dynamic_without_amount"})

#: The verdicts a decoded payload can get (see DecodedPayload.verdict).
VERDICTS = ("pay", "check_payee", "do_not_pay")

#: Merchant-account GUIDs (tags 26-51, sub-tag 00) → provider name.
PROVIDERS = {
    NAPAS_GUID: "VietQR (NAPAS)",
    "A000000775": "VNPAY-QR",
    "vn.airpay.www": "AirPay (ShopeePay)",
    "A000000677010111": "PromptPay (Thailand)",
}

_SERVICE_NAMES = {SERVICE_ACCOUNT: "account", SERVICE_CARD: "card"}
_OTHER_SERVICES = {
    "QRPUSH": "a merchant payment",
    "QRCASH": "a cash withdrawal at an ATM",
}
_SUBFIELD_NAMES = {
    "01": "bill number",
    "02": "mobile number",
    "03": "store label",
    "04": "loyalty number",
    "05": "reference",
    "06": "customer label",
    "07": "terminal label",
    "08": "purpose",
}


@dataclass(frozen=True)
class Defect:
    """One problem: where (``tag``, e.g. "38.01.00"; "" for the whole payload), a stable
    ``code``, a plain-English ``message``, a ``severity`` ("error" or "warning") and the
    ``params`` a translation may name (e.g. ``position``, ``host``, ``country``)."""

    tag: str
    code: str
    message: str
    severity: str = "error"
    params: Mapping[str, str | int] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{tag, code, message, severity, params}``."""
        return {
            "tag": self.tag,
            "code": self.code,
            "message": self.message,
            "severity": self.severity,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class DecodedPayload:
    """What a scanned payload says and what is wrong with it."""

    payload: str
    valid: bool
    provider: str | None
    code: PaymentCode | None
    bank: Bank | None
    initiation: str | None
    tags: tuple[TLV, ...]
    defects: tuple[Defect, ...]

    @property
    def errors(self) -> tuple[Defect, ...]:
        """The error-severity defects."""
        return tuple(d for d in self.defects if d.severity == "error")

    @property
    def verdict(self) -> str:
        """What a payer should do: ``"do_not_pay"`` (an error), ``"pay"`` (a valid VietQR
        transfer whose payee was read) or ``"check_payee"`` (valid, but another provider's code
        or service: the payee shows only in the payer's app)."""
        if not self.valid:
            return "do_not_pay"
        return "pay" if self.code is not None else "check_payee"

    @property
    def summary(self) -> str:
        """The verdict in one English line, e.g. "Do not pay: the payload is cut off after 60
        characters, inside tag 38 ..." or "Pays 79000 VND to account 113366668888 at ..."."""
        if self.verdict == "do_not_pay":
            first = self.errors[0].message
            more = len(self.errors) - 1
            return f"Do not pay: {first}" + (f" (and {more} more problem(s))" if more else "")
        if self.code is None:
            return (
                f"A {self.provider or 'payment'} code that is not a VietQR transfer: "
                "check the payee in your banking app before paying"
            )
        c = self.code
        bank = self.bank.short_name if self.bank is not None else f"BIN {c.bank_bin}"
        asked = f"{c.amount} VND" if c.amount is not None else "an amount the payer types"
        return f"Pays {asked} to {c.service} {c.account} at {bank}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict; code fields are None when no VietQR transfer was read."""
        c = self.code
        return {
            "valid": self.valid,
            "verdict": self.verdict,
            "summary": self.summary,
            "payload": self.payload,
            "provider": self.provider,
            "bank": self.bank.to_dict() if self.bank else None,
            "bin": c.bank_bin if c else None,
            "account": c.account if c else None,
            "service": c.service if c else None,
            "initiation": self.initiation,
            "amount": c.amount if c else None,
            "purpose": c.purpose if c else None,
            "bill_number": c.bill_number if c else None,
            "reference": c.reference if c else None,
            "merchant_name": c.merchant_name if c else None,
            "merchant_city": c.merchant_city if c else None,
            "mcc": c.mcc if c else None,
            "tags": [t.to_dict() for t in self.tags],
            "defects": [d.to_dict() for d in self.defects],
        }


class _Reader:
    """Collects defects while walking one payload."""

    def __init__(self, text: str, directory: BankDirectory) -> None:
        self.text = text
        self.directory = directory
        self.defects: list[Defect] = []
        #: The scan stopped before the end: a root field's absence proves nothing.
        self.unread_rest = False

    def _add(self, defect: Defect) -> None:
        if self.unread_rest and defect.code in _ABSENCE_CODES and "." not in defect.tag:
            return
        self.defects.append(defect)

    def error(self, tag: str, code: str, message: str, **params: str | int) -> None:
        self._add(Defect(tag, code, message, "error", params))

    def warn(self, tag: str, code: str, message: str) -> None:
        self._add(Defect(tag, code, message, "warning"))

    def check_scan(self, roots: list[TLV], problem: ScanProblem | None) -> None:
        """Report where the scan stopped; a payload cut off before its CRC is one defect, the
        cut (``truncated``, or ``crc_missing`` when only the CRC is gone), not its
        consequences."""
        text = self.text
        n = len(text)
        has_crc = text[-8:-4] == "6304" or any(t.tag == "63" for t in roots)
        if has_crc or (problem is not None and problem.code != "truncated"):
            if problem is not None:
                self.error("", problem.code, problem.message)
                self.unread_rest = True
            return
        if problem is not None:
            tag = text[problem.position : problem.position + 2]
            inside = tag if len(tag) == 2 and tag.isascii() and tag.isdigit() else ""
            where = f"inside tag {inside}" if inside else "inside a field's tag and length"
            self.error(
                inside,
                "truncated",
                f"the payload is cut off after {n} characters, {where} "
                f"({problem.message}); the rest, the CRC (tag 63) included, is missing",
                position=n,
            )
        elif _has_mandatory_fields(roots):
            self.error(
                "63",
                "crc_missing",
                f"there is no CRC (tag 63) after the last field, at position {n}: "
                "the payload was cut off there or made without its checksum",
                position=n,
            )
        else:
            self.error(
                "",
                "truncated",
                f"the payload is cut off after {n} characters, after tag {roots[-1].tag}: "
                "the fields that follow and the CRC (tag 63) are missing",
                position=n,
            )
        self.unread_rest = True

    def check_characters(self) -> None:
        text = self.text
        odd = [(i, ch) for i, ch in enumerate(text) if not ch.isascii()]
        if odd:
            i, ch = odd[0]
            self.error(
                "",
                "non_ascii",
                f"{len(odd)} non-ASCII character(s), the first {ch!r} at position {i}; "
                "VietQR payloads are ASCII only and apps disagree on their lengths and CRC",
            )
        control = next(
            (i for i, ch in enumerate(text) if ch.isascii() and not ch.isprintable()), None
        )
        if control is not None:
            self.error(
                "",
                "non_printable",
                f"control character {text[control]!r} at position {control}",
            )
        if len(text) > MAX_PAYLOAD:
            self.error(
                "",
                "too_long",
                f"the payload has {len(text)} characters, at most {MAX_PAYLOAD} allowed",
            )

    def check_crc(self, roots: list[TLV]) -> None:
        text = self.text
        if len(text) >= 8 and text[-8:-4] == "6304":
            given = text[-4:]
            expected = payload_crc(text[:-4])
            if given.upper() != expected:
                self.error(
                    "63",
                    "bad_crc",
                    f"the CRC is {given!r} but the content gives {expected!r}: "
                    "the code was altered, damaged or mistyped",
                )
            elif given != expected:
                self.warn(
                    "63",
                    "lowercase_crc",
                    f"the CRC {given!r} is written in lowercase; accepted, canonical is "
                    f"{expected!r}",
                )
            return
        crc = [t for t in roots if t.tag == "63"]
        if crc and len(crc[0].value) != 4:  # no CRC at all: check_scan reports the cut
            self.error(
                "63",
                "bad_crc",
                f"tag 63 holds {len(crc[0].value)} characters; the CRC is 4 hex digits",
            )

    def check_structure(self, roots: list[TLV], complete: bool) -> None:
        for tag, count in sorted(Counter(t.tag for t in roots).items()):
            if count > 1:
                self.error(tag, "duplicate_tag", f"tag {tag} appears {count} times")
        tags = [t.tag for t in roots]
        if "00" not in tags:
            self.error("00", "missing_tag", "the payload format indicator (tag 00) is missing")
        else:
            if tags[0] != "00":
                self.error("00", "bad_order", "tag 00 (payload format) must come first")
            value = roots[tags.index("00")].value
            if value != "01":
                self.error(
                    "00", "bad_format_indicator", f"the payload format is {value!r}, must be '01'"
                )
        if complete and "63" in tags and tags[-1] != "63":
            self.error("63", "bad_order", "tag 63 (CRC) must be the last field")

    def check_template(self, tlv: TLV, label: str | None = None) -> bool:
        if tlv.children:
            return True
        self.error(
            label or tlv.tag,
            "bad_template",
            f"tag {label or tlv.tag} should hold sub-fields but its value does not parse: "
            f"{tlv.value!r}",
        )
        return False


def _first(roots: list[TLV], tag: str) -> TLV | None:
    return next((t for t in roots if t.tag == tag), None)


def _is_merchant_tag(tag: str) -> bool:
    """Tags 02-51 hold merchant account information."""
    return tag.isdigit() and 2 <= int(tag) <= 51


def _is_account_template(tag: str) -> bool:
    """Tags 26-51 hold merchant account templates, each naming its provider in sub-tag 00."""
    return tag.isdigit() and 26 <= int(tag) <= 51


def _has_mandatory_fields(roots: list[TLV]) -> bool:
    tags = {t.tag for t in roots}
    return {"00", "53", "58"} <= tags and any(_is_merchant_tag(tag) for tag in tags)


def _guids(roots: list[TLV]) -> list[str]:
    """The GUIDs (sub-tag 00) of the merchant account templates 26-51, in order."""
    found = []
    for t in roots:
        guid = t.child("00") if _is_account_template(t.tag) else None
        if guid is not None:
            found.append(guid.value)
    return found


def _briefly(text: str, most: int = 40) -> str:
    return repr(text if len(text) <= most else text[: most - 1] + "…")


def _link_host(text: str) -> str | None:
    """The host of a web link (``https://zalo.me/…``, ``www.example.com``), else None."""
    head = text[:40].lower()
    if "://" not in head and not head.startswith("www."):
        return None
    try:
        host = urlsplit(text if "://" in head else f"//{text}").hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return host[:60] if host else None


def _not_a_code(text: str, roots: list[TLV]) -> Defect | None:
    """The one defect of text that is no EMVCo payload at all (words, a link, a number)."""
    if text.startswith(FORMAT_START) or FORMAT_START.startswith(text):
        return None  # an EMVCo payload, or the start of one cut short
    tags = [t.tag for t in roots]
    if "00" in tags or (text[-8:-4] == "6304" and any(_is_merchant_tag(t) for t in tags)):
        return None  # EMVCo fields out of order or missing: the field checks say which
    host = _link_host(text)
    if host is not None:
        return Defect(
            "",
            "not_a_code",
            f"this is a link to {host}, not a payment code: a payment code begins with "
            f"{FORMAT_START!r}",
            params={"host": host},
        )
    return Defect(
        "",
        "not_a_code",
        f"this is not a payment code: the text {_briefly(text)} is not an EMVCo payload "
        f"(which begins with {FORMAT_START!r})",
    )


def _foreign_code(roots: list[TLV]) -> Defect | None:
    """The one defect of another country's EMVCo code (no VietQR inside, country not VN)."""
    country = _first(roots, "58")
    if country is None or country.value == COUNTRY_VN or NAPAS_GUID in _guids(roots):
        return None
    named = country.value[:10]
    return Defect(
        "58",
        "foreign_code",
        f"this is a payment code from another country ({named!r}), not a Vietnamese one: "
        "Vietnamese banking apps cannot pay it",
        params={"country": named},
    )


def _read_merchant(r: _Reader, roots: list[TLV]) -> tuple[str | None, TLV | None]:
    """Return (provider name, VietQR template) from tags 02-51."""
    accounts = [t for t in roots if _is_merchant_tag(t.tag)]
    if not accounts:
        r.error("38", "missing_tag", "there is no merchant account information (tags 02-51)")
        return None, None
    vietqr: TLV | None = None
    provider: str | None = None
    for t in accounts:
        guid = t.child("00") if _is_account_template(t.tag) else None
        if guid is None:
            continue
        if guid.value == NAPAS_GUID and vietqr is None:
            vietqr = t
        if provider is None:
            provider = PROVIDERS.get(guid.value, guid.value)
    if vietqr is not None:
        return PROVIDERS[NAPAS_GUID], vietqr
    broken = next((t for t in accounts if t.tag == "38" and not t.children), None)
    if broken is not None:
        r.check_template(broken)
    r.warn(
        "",
        "not_vietqr",
        f"this is not a VietQR transfer code (provider: {provider or 'unknown'})",
    )
    return provider, None


def _read_vietqr(r: _Reader, t: TLV) -> tuple[str | None, str | None, str | None, Bank | None]:
    """Return (BIN, account, service name, bank) from the NAPAS template."""
    tag = t.tag
    bin_: str | None = None
    account: str | None = None
    bank: Bank | None = None
    beneficiary = t.child("01")
    sub = parse_children(beneficiary.value) if beneficiary is not None else ()
    if beneficiary is None:
        r.error(f"{tag}.01", "missing_tag", "the beneficiary (bank BIN and account) is missing")
    elif r.check_template(TLV(beneficiary.tag, beneficiary.value, sub), f"{tag}.01"):
        bin_tlv = next((s for s in sub if s.tag == "00"), None)
        acc_tlv = next((s for s in sub if s.tag == "01"), None)
        if bin_tlv is None:
            r.error(f"{tag}.01.00", "missing_tag", "the bank BIN is missing")
        else:
            bin_ = bin_tlv.value
            if not (len(bin_) == 6 and bin_.isascii() and bin_.isdigit()):
                r.error(f"{tag}.01.00", "bad_bin", f"the bank BIN {bin_!r} is not 6 digits")
            else:
                bank = r.directory.by_bin(bin_)
                if bank is None:
                    r.error(
                        f"{tag}.01.00",
                        "unknown_bin",
                        f"no bank in the directory has BIN {bin_}",
                    )
        if acc_tlv is None:
            r.error(f"{tag}.01.01", "missing_tag", "the account number is missing")
        else:
            account = acc_tlv.value
    service: str | None = "account"
    service_tlv = t.child("02")
    if service_tlv is None:
        r.error(f"{tag}.02", "missing_tag", "the service code (QRIBFTTA / QRIBFTTC) is missing")
    elif service_tlv.value in _SERVICE_NAMES:
        service = _SERVICE_NAMES[service_tlv.value]
    else:
        what = _OTHER_SERVICES.get(service_tlv.value, "not a transfer to an account or card")
        r.warn(
            f"{tag}.02",
            "unsupported_service",
            f"service {service_tlv.value!r} is {what}; only QRIBFTTA and QRIBFTTC are transfers",
        )
        service = None
    if account is not None:
        _check_account(r, f"{tag}.01.01", account, service)
    return bin_, account, service, bank


def _check_account(r: _Reader, tag: str, account: str, service: str | None) -> None:
    if service == "card":
        if not (account.isascii() and account.isdigit()):
            r.error(tag, "bad_account", f"the card number {account!r} is not all digits")
        elif not MIN_CARD <= len(account) <= MAX_CARD:
            r.error(
                tag,
                "bad_account",
                f"the card number has {len(account)} digits, cards have {MIN_CARD}-{MAX_CARD}",
            )
        return
    if len(account) > MAX_ACCOUNT:
        r.error(
            tag,
            "field_too_long",
            f"the account has {len(account)} characters, at most {MAX_ACCOUNT} allowed",
        )
    if not (account.isascii() and account.isalnum()):
        r.error(tag, "bad_account", f"the account {account!r} is not only letters and digits")


def _read_amount(r: _Reader, roots: list[TLV]) -> int | None:
    t = _first(roots, "54")
    if t is None:
        return None
    value = t.value
    if not (value.isascii() and value.isdigit()) or int(value) == 0:
        r.error("54", "bad_amount", f"the amount {value!r} is not a positive whole number of dong")
        return None
    if len(value) > MAX_AMOUNT_DIGITS or value.startswith("0"):
        r.error(
            "54",
            "bad_amount",
            f"the amount {value!r} must be at most {MAX_AMOUNT_DIGITS} digits with no leading zero",
        )
    return int(value)


def _text_field(r: _Reader, t: TLV | None, label: str, what: str, limit: int) -> str | None:
    if t is None:
        return None
    if len(t.value) > limit:
        r.warn(
            label,
            "field_too_long",
            f"the {what} has {len(t.value)} characters, NAPAS allows {limit}; "
            "some apps cut or refuse it",
        )
    return t.value


def decode_payload(payload: str, *, directory: BankDirectory | None = None) -> DecodedPayload:
    """Decode any EMVCo payload, reporting every problem as a :class:`Defect`.

    Surrounding whitespace is stripped. ``directory`` (default: the packaged list) resolves the
    BIN. Raises :class:`PayloadError` only for a non-string or empty input.
    """
    if not isinstance(payload, str):
        raise PayloadError(
            "payload", f"expected text, got {type(payload).__name__}", code="not_text"
        )
    text = payload.strip()
    if not text:
        raise PayloadError("payload", "is empty", code="empty")
    fields, problem = scan(text)
    roots = list(root_fields(fields))
    stranger = _not_a_code(text, roots) or _foreign_code(roots)
    if stranger is not None:
        guids = _guids(roots)
        return DecodedPayload(
            payload=text,
            valid=False,
            provider=PROVIDERS.get(guids[0], guids[0]) if guids else None,
            code=None,
            bank=None,
            initiation=None,
            tags=tuple(roots),
            defects=(stranger,),
        )
    r = _Reader(text, directory if directory is not None else default_directory())
    r.check_characters()
    r.check_scan(roots, problem)
    r.check_crc(roots)
    r.check_structure(roots, complete=problem is None)

    initiation: str | None = None
    t01 = _first(roots, "01")
    if t01 is None:
        r.warn("01", "missing_tag", "the point of initiation (tag 01: static/dynamic) is missing")
    elif t01.value == STATIC:
        initiation = "static"
    elif t01.value == DYNAMIC:
        initiation = "dynamic"
    else:
        r.error("01", "bad_initiation", f"the initiation is {t01.value!r}, must be '11' or '12'")

    provider, vietqr = _read_merchant(r, roots)
    bin_ = account = service = None
    bank: Bank | None = None
    if vietqr is not None:
        bin_, account, service, bank = _read_vietqr(r, vietqr)

    mcc_tlv = _first(roots, "52")
    if mcc_tlv is not None and not (
        len(mcc_tlv.value) == 4 and mcc_tlv.value.isascii() and mcc_tlv.value.isdigit()
    ):
        r.error("52", "bad_mcc", f"the merchant category code {mcc_tlv.value!r} is not 4 digits")
    currency = _first(roots, "53")
    if currency is None:
        r.error("53", "missing_tag", "the currency (tag 53) is missing")
    elif currency.value != CURRENCY_VND:
        r.error("53", "bad_currency", f"the currency is {currency.value!r}, must be '704' (VND)")
    amount = _read_amount(r, roots)
    country = _first(roots, "58")
    if country is None:
        r.error("58", "missing_tag", "the country code (tag 58) is missing")
    elif country.value != COUNTRY_VN:
        r.error("58", "bad_country", f"the country is {country.value!r}, must be 'VN'")
    name = _text_field(r, _first(roots, "59"), "59", "merchant name", MAX_MERCHANT_NAME)
    city = _text_field(r, _first(roots, "60"), "60", "merchant city", MAX_CITY)

    extra: dict[str, str] = {}
    t62 = _first(roots, "62")
    if t62 is not None and r.check_template(t62):
        for sub in t62.children:
            what = _SUBFIELD_NAMES.get(sub.tag)
            if what is not None:
                value = _text_field(r, sub, f"62.{sub.tag}", what, MAX_SUBFIELD)
                if value is not None:
                    extra.setdefault(sub.tag, value)

    if initiation == "dynamic" and amount is None and _first(roots, "54") is None:
        r.error(
            "01",
            "dynamic_without_amount",
            "the code is dynamic (single payment, 12) but carries no amount",
        )
    if initiation == "static" and amount is not None:
        r.warn(
            "01",
            "static_with_amount",
            "the code is static (reusable, 11) yet carries an amount; fine for a priced sign",
        )

    code: PaymentCode | None = None
    if bin_ is not None and account is not None and service is not None:
        code = PaymentCode(
            bank_bin=bin_,
            account=account,
            service=service,
            amount=amount,
            purpose=extra.get("08"),
            bill_number=extra.get("01"),
            reference=extra.get("05"),
            merchant_name=name,
            merchant_city=city,
            initiation=initiation,
            mcc=mcc_tlv.value if mcc_tlv is not None else None,
        )
    defects = tuple(r.defects)
    return DecodedPayload(
        payload=text,
        valid=not any(d.severity == "error" for d in defects),
        provider=provider,
        code=code,
        bank=bank,
        initiation=initiation,
        tags=tuple(roots),
        defects=defects,
    )
