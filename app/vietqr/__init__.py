"""Quét's payment-code core: VietQR payloads, their CRC, and the bank directory.

Standard library only: no Flask, no database. Everything public is re-exported here.
"""

from app.vietqr.banks import KINDS, Bank, BankDirectory, default_directory
from app.vietqr.crc import crc16, payload_crc
from app.vietqr.decoding import DEFECT_CODES, PROVIDERS, DecodedPayload, Defect, decode_payload
from app.vietqr.errors import PayloadError
from app.vietqr.payload import (
    DYNAMIC,
    MAX_ACCOUNT,
    MAX_AMOUNT_DIGITS,
    MAX_CARD,
    MAX_CITY,
    MAX_MERCHANT_NAME,
    MAX_PAYLOAD,
    MAX_PURPOSE,
    MAX_QR_TEXT,
    MAX_SUBFIELD,
    MIN_CARD,
    NAPAS_GUID,
    SERVICE_ACCOUNT,
    SERVICE_CARD,
    SERVICES,
    STATIC,
    PaymentCode,
    build,
    build_payload,
    normalise_account,
    normalise_code,
    parse_amount,
)
from app.vietqr.text import clean_text, to_ascii
from app.vietqr.tlv import TLV, encode_tlv, parse_tlv

__all__ = [
    "DEFECT_CODES",
    "DYNAMIC",
    "KINDS",
    "MAX_ACCOUNT",
    "MAX_AMOUNT_DIGITS",
    "MAX_CARD",
    "MAX_CITY",
    "MAX_MERCHANT_NAME",
    "MAX_PAYLOAD",
    "MAX_PURPOSE",
    "MAX_QR_TEXT",
    "MAX_SUBFIELD",
    "MIN_CARD",
    "NAPAS_GUID",
    "PROVIDERS",
    "SERVICES",
    "SERVICE_ACCOUNT",
    "SERVICE_CARD",
    "STATIC",
    "TLV",
    "Bank",
    "BankDirectory",
    "DecodedPayload",
    "Defect",
    "PayloadError",
    "PaymentCode",
    "build",
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
