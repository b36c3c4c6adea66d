"""Quét's code core: short codes with a check character, and finding them in transfer text.

Vendor and shop signs carry a code (``QT3K7MX9AN``); gift events will give one to each guest and
each receiving side. A code put in a VietQR purpose comes back in the bank's transfer text,
mangled, and :func:`find_codes` recovers it so the transfer can be attributed. How codes are
built and why (alphabet, check character, collision space): :mod:`app.matching.codes`; how they
are found: :mod:`app.matching.search`.

Standard library only (and the one text folding of :mod:`app.vietqr.text`): no Flask, no
database. Codes are unique only with high probability; the caller's unique index keeps them so.
"""

from app.matching.codes import (
    ALPHABET,
    AVOIDED,
    BODY_LENGTH,
    CODE_LENGTH,
    PREFIX_LENGTH,
    PREFIXES,
    check_character,
    is_valid,
    new_code,
    parse_code,
)
from app.matching.errors import CODE_ERROR_CODES, CodeError
from app.matching.search import find_codes
from app.matching.text import squeeze

__all__ = [
    "ALPHABET",
    "AVOIDED",
    "BODY_LENGTH",
    "CODE_ERROR_CODES",
    "CODE_LENGTH",
    "PREFIXES",
    "PREFIX_LENGTH",
    "CodeError",
    "check_character",
    "find_codes",
    "is_valid",
    "new_code",
    "parse_code",
    "squeeze",
]
