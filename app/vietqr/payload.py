"""Building VietQR payloads (the NAPAS profile of EMVCo merchant-presented QR).

Canonical layout, the order bank apps and vietqr.io emit and the golden vectors follow::

    00 02 01                                  payload format
    01 02 11|12                               static (reusable) | dynamic (one payment)
    38 .. {00 A000000727, 01 {00 BIN, 01 account}, 02 QRIBFTTA|QRIBFTTC}
    52 04 MCC                                 only when given (Odoo emits 0000)
    53 03 704                                 VND
    54 .. amount                              only when there is one
    58 02 VN
    59 .. merchant name, 60 .. city           only when given
    62 .. {01 bill, 05 reference, 08 purpose} only when any is given
    63 04 CRC                                 CRC-16/CCITT-FALSE over everything before, "6304" too

Decisions:

- Amounts are a whole, positive number of đồng, at most 13 digits, given as an ``int`` or a
  string of ASCII digits. Floats are refused outright (money is never a float), as are ``bool``,
  0, negatives, fractions ("50.5") and grouped numbers ("50.000", "50,000", "50 000"): in Vietnam
  "50.000" means fifty thousand, elsewhere fifty, so the caller must write 50000.
- Initiation: with ``initiation=None`` a code without an amount is static (``11``) and one with
  an amount dynamic (``12``), as vietqr.io and the bank apps do. ``"static"`` with an amount is
  allowed: a printed sign with a fixed price is reused, which is EMVCo's meaning of ``11``.
  ``"dynamic"`` without an amount is refused: nothing makes that code single-use.
- Account numbers lose spaces, dashes and dots; they are 1-19 ASCII letters or digits, case kept
  (aliases such as TPBank's and MoMo's ``99MM...`` contain letters). Card numbers (service
  ``card``) are 16-19 digits, the lengths of domestic NAPAS cards.
- Texts go through :func:`~app.vietqr.text.clean_text`: ASCII letters, digits, space and ``- . _``.
  Purpose, bill number, reference and merchant name hold at most 25 characters, city 15.
"""

import re
from dataclasses import dataclass, replace

from app.vietqr.banks import BankDirectory
from app.vietqr.crc import payload_crc
from app.vietqr.errors import PayloadError, quoted
from app.vietqr.text import clean_text
from app.vietqr.tlv import encode_tlv

SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
NAPAS_GUID = "A000000727"
STATIC = "11"
DYNAMIC = "12"
MAX_PAYLOAD = 512
#: The most text any QR code can hold (version 40-L, alphanumeric): longer text never came
#: from a code, and is refused before it costs decoding time.
MAX_QR_TEXT = 4296
MAX_PURPOSE = 25
MAX_SUBFIELD = 25
MAX_ACCOUNT = 19
MIN_CARD = 16
MAX_CARD = 19
MAX_AMOUNT_DIGITS = 13
MAX_MERCHANT_NAME = 25
MAX_CITY = 15
CURRENCY_VND = "704"
COUNTRY_VN = "VN"

#: PaymentCode.service → NAPAS service code in tag 38.02.
SERVICES = {"account": SERVICE_ACCOUNT, "card": SERVICE_CARD}
INITIATIONS = {"static": STATIC, "dynamic": DYNAMIC}

_DIGITS = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,\s])[0-9]{3})(?:\1[0-9]{3})*")
_ACCOUNT_SEPARATORS = re.compile(r"[\s.\-]+")


@dataclass(frozen=True)
class PaymentCode:
    """What a VietQR transfer code says: the input of a build, the output of a decode."""

    bank_bin: str
    account: str
    service: str = "account"
    amount: int | None = None
    purpose: str | None = None
    bill_number: str | None = None
    reference: str | None = None
    merchant_name: str | None = None
    merchant_city: str | None = None
    initiation: str | None = None
    mcc: str | None = None


def normalise_account(account: str, service: str) -> str:
    """Return the account (or card) number without spaces, dashes and dots, checked.

    ``service="account"``: 1-19 ASCII letters or digits, case kept. ``service="card"``: 16-19
    digits. Raises ``PayloadError("account", ...)`` (or ``"service"`` for an unknown service).
    """
    if service not in SERVICES:
        raise PayloadError(
            "service", f"must be 'account' or 'card', got {quoted(service)}", code="unknown"
        )
    if not isinstance(account, str):
        raise PayloadError(
            "account", f"expected text, got {type(account).__name__}", code="not_text"
        )
    value = _ACCOUNT_SEPARATORS.sub("", account)
    if not value:
        raise PayloadError("account", "is empty; give the account or card number", code="empty")
    if service == "card":
        bad = next((ch for ch in value if not ("0" <= ch <= "9")), None)
        if bad is not None:
            raise PayloadError(
                "account",
                f"a card number has digits only, got {quoted(bad)}",
                code="bad_character",
                character=bad,
            )
        if not MIN_CARD <= len(value) <= MAX_CARD:
            raise PayloadError(
                "account",
                f"a card number has {MIN_CARD} to {MAX_CARD} digits, got {len(value)}",
                code="bad_length",
                got=len(value),
                least=MIN_CARD,
                most=MAX_CARD,
            )
        return value
    bad = next((ch for ch in value if not (ch.isascii() and ch.isalnum())), None)
    if bad is not None:
        raise PayloadError(
            "account",
            f"character {quoted(bad)} is not allowed; an account has letters and digits only",
            code="bad_character",
            character=bad,
        )
    if len(value) > MAX_ACCOUNT:
        raise PayloadError.too_long("account", len(value), MAX_ACCOUNT)
    return value


#: Digits of an integer still counted in a message (Python prints at most 4,300).
_COUNTABLE_DIGITS = 4000


def parse_amount(value: int | str | None) -> int | None:
    """Return a whole, positive amount of đồng from an ``int`` or a digit string; None stays None.

    Refuses ``bool``, floats, 0, negatives, fractions, thousands separators and more than 13
    digits with ``PayloadError("amount", ...)``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise PayloadError(
            "amount", "got a boolean; give a whole number of dong", code="not_number"
        )
    if isinstance(value, int):
        # Compared as numbers: Python refuses str() of an int over 4,300 digits.
        if value <= 0:
            shown = str(value) if value > -(10**MAX_AMOUNT_DIGITS) else "a large negative number"
            raise PayloadError(
                "amount",
                f"must be a positive whole number of dong, got {shown}",
                code="not_positive",
            )
        if value >= 10**MAX_AMOUNT_DIGITS:
            countable = value < 10**_COUNTABLE_DIGITS
            raise PayloadError.too_long(
                "amount",
                len(str(value)) if countable else _COUNTABLE_DIGITS,
                MAX_AMOUNT_DIGITS,
                "digits",
                shown=None if countable else f"more than {_COUNTABLE_DIGITS}",
            )
        return value
    if isinstance(value, float):
        raise PayloadError(
            "amount",
            f"got a float ({value!r}); give whole dong as an int or a digit string",
            code="not_whole",
        )
    if not isinstance(value, str):
        raise PayloadError(
            "amount",
            f"expected an int or a digit string, got {type(value).__name__}",
            code="not_number",
        )
    text = value.strip()
    if not text:
        return None
    if _GROUPED.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        raise PayloadError(
            "amount",
            f"{quoted(value)} has thousands separators; write digits only, e.g. {digits}",
            code="separators",
            digits=digits,
        )
    if text.startswith("-"):
        raise PayloadError(
            "amount",
            f"must be a positive whole number of dong, got {quoted(value)}",
            code="not_positive",
        )
    if re.fullmatch(r"[0-9]*[.,][0-9]+", text):
        raise PayloadError(
            "amount",
            f"{quoted(value)} has a fraction; amounts are whole dong, digits only",
            code="not_whole",
        )
    if not (text.isascii() and _DIGITS.fullmatch(text)):
        raise PayloadError(
            "amount",
            f"{quoted(value)} is not a number; write digits only, e.g. 50000",
            code="not_number",
        )
    significant = text.lstrip("0")
    if len(significant) > MAX_AMOUNT_DIGITS:
        raise PayloadError.too_long("amount", len(significant), MAX_AMOUNT_DIGITS, "digits")
    return parse_amount(int(text))


def _optional_text(value: str | None, field: str, max_length: int, truncate: bool) -> str | None:
    if value is None:
        return None
    cleaned = clean_text(value, field, max_length, truncate=truncate)
    return cleaned or None


def normalise_code(
    code: PaymentCode, *, directory: BankDirectory | None = None, truncate: bool = False
) -> PaymentCode:
    """Return ``code`` validated and in canonical form: account normalised, texts ASCII-cleaned,
    empty texts None, ``initiation`` filled in. This is what :func:`build_payload` encodes and
    what decoding its payload gives back.

    Raises :class:`PayloadError` naming the first bad field.
    """
    bin_ = code.bank_bin
    if not (isinstance(bin_, str) and len(bin_) == 6 and bin_.isascii() and bin_.isdigit()):
        raise PayloadError("bank", f"BIN must be 6 digits, got {quoted(bin_)}", code="bad_format")
    if directory is not None and directory.by_bin(bin_) is None:
        raise PayloadError("bank", f"unknown bank: no bank has BIN {bin_}", code="unknown")
    account = normalise_account(code.account, code.service)
    amount = parse_amount(code.amount)
    if code.initiation is None:
        initiation = "static" if amount is None else "dynamic"
    elif code.initiation in INITIATIONS:
        initiation = code.initiation
    else:
        raise PayloadError(
            "initiation",
            f"must be 'static', 'dynamic' or None, got {quoted(code.initiation)}",
            code="unknown",
        )
    if initiation == "dynamic" and amount is None:
        raise PayloadError(
            "initiation",
            "a dynamic (single-payment) code needs an amount; use 'static'",
            code="needs_amount",
        )
    mcc = code.mcc
    if mcc is not None and not (len(mcc) == 4 and mcc.isascii() and mcc.isdigit()):
        raise PayloadError(
            "mcc", f"merchant category code must be 4 digits, got {quoted(mcc)}", code="bad_format"
        )
    return replace(
        code,
        account=account,
        amount=amount,
        purpose=_optional_text(code.purpose, "purpose", MAX_PURPOSE, truncate),
        bill_number=_optional_text(code.bill_number, "bill_number", MAX_SUBFIELD, truncate),
        reference=_optional_text(code.reference, "reference", MAX_SUBFIELD, truncate),
        merchant_name=_optional_text(
            code.merchant_name, "merchant_name", MAX_MERCHANT_NAME, truncate
        ),
        merchant_city=_optional_text(code.merchant_city, "merchant_city", MAX_CITY, truncate),
        initiation=initiation,
    )


def build_payload(
    code: PaymentCode, *, directory: BankDirectory | None = None, truncate: bool = False
) -> str:
    """Return the canonical VietQR payload for ``code``, CRC included.

    Validates every field (see :func:`normalise_code`); with ``directory`` the BIN must belong to
    a known bank. ``truncate=True`` drops disallowed characters and cuts over-long texts instead
    of raising.
    """
    c = normalise_code(code, directory=directory, truncate=truncate)
    account_info = encode_tlv(
        [
            ("00", NAPAS_GUID),
            ("01", encode_tlv([("00", c.bank_bin), ("01", c.account)])),
            ("02", SERVICES[c.service]),
        ]
    )
    fields: list[tuple[str, str]] = [
        ("00", "01"),
        ("01", INITIATIONS[c.initiation or "static"]),
        ("38", account_info),
    ]
    if c.mcc is not None:
        fields.append(("52", c.mcc))
    fields.append(("53", CURRENCY_VND))
    if c.amount is not None:
        fields.append(("54", str(c.amount)))
    fields.append(("58", COUNTRY_VN))
    if c.merchant_name is not None:
        fields.append(("59", c.merchant_name))
    if c.merchant_city is not None:
        fields.append(("60", c.merchant_city))
    additional = [
        (tag, value)
        for tag, value in (("01", c.bill_number), ("05", c.reference), ("08", c.purpose))
        if value is not None
    ]
    if additional:
        fields.append(("62", encode_tlv(additional)))
    body = encode_tlv(fields) + "6304"
    payload = body + payload_crc(body)
    if len(payload) > MAX_PAYLOAD:
        raise PayloadError.too_long("payload", len(payload), MAX_PAYLOAD)
    return payload
