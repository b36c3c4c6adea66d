"""The payload checksum: CRC-16/CCITT-FALSE, as EMVCo and NAPAS specify for tag 63."""

import binascii

__all__ = ["crc16", "payload_crc"]


def crc16(data: bytes) -> int:
    """Return CRC-16/CCITT-FALSE of ``data`` (poly 0x1021, init 0xFFFF; "123456789" → 0x29B1)."""
    return binascii.crc_hqx(data, 0xFFFF)


def payload_crc(body: str) -> str:
    """Return the 4 uppercase hex digits of tag 63 for ``body``, which already ends in "6304".

    The CRC runs over the UTF-8 bytes; for the ASCII-only payloads Quét emits, that is one byte
    per character. Any ``str`` has a CRC: a lone surrogate (not valid Unicode, so no real code
    holds one) is taken as its three UTF-8-style bytes instead of raising.
    """
    return f"{crc16(body.encode('utf-8', 'surrogatepass')):04X}"
