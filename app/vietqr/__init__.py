"""Quét's payment-code core: VietQR payloads, their CRC, and the bank directory.

Standard library only: no Flask, no database. What other packages use is re-exported here; the
limits (``MAX_…``) are the ones schemas, forms and services read, so each is defined once.
"""

from app.vietqr.banks import KINDS, Bank, BankDirectory, default_directory
from app.vietqr.crc import crc16, payload_crc
from app.vietqr.decoding import DEFECT_CODES, VERDICTS, DecodedPayload, Defect, decode_payload
from app.vietqr.errors import PAYLOAD_ERROR_CODES, PayloadError
from app.vietqr.payload import (
    MAX_AMOUNT_DIGITS,
    MAX_PURPOSE,
    MAX_QR_TEXT,
    MAX_SUBFIELD,
    PaymentCode,
    build_payload,
    normalise_account,
    normalise_code,
    parse_amount,
)
from app.vietqr.text import clean_text, to_ascii
from app.vietqr.tlv import TLV, encode_tlv, parse_tlv

__all__ = [
    "DEFECT_CODES",
    "KINDS",
    "MAX_AMOUNT_DIGITS",
    "MAX_PURPOSE",
    "MAX_QR_TEXT",
    "MAX_SUBFIELD",
    "PAYLOAD_ERROR_CODES",
    "TLV",
    "VERDICTS",
    "Bank",
    "BankDirectory",
    "DecodedPayload",
    "Defect",
    "PayloadError",
    "PaymentCode",
    "build_payload",
    "clean_text",
    "crc16",
    "decode_payload",
    "default_directory",
    "encode_tlv",
    "normalise_account",
    "normalise_code",
    "parse_amount",
    "parse_tlv",
    "payload_crc",
    "to_ascii",
]
