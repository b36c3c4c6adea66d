"""Short codes with a check character, e.g. ``QT3K7MX9AN``: what they are made of and why.

A code is a **prefix** (:data:`PREFIX_LENGTH` characters naming what the code marks, kept in
:data:`PREFIXES`), a **body** of :data:`BODY_LENGTH` random characters and one **check
character**, all from :data:`ALPHABET`: :data:`CODE_LENGTH` characters, ASCII, so it fits in a
VietQR purpose (25 characters) with room for a few words.

**Alphabet** (23 characters): the digits 2–9 and ``A C D E H K M N P Q R T U X Y``. Left out are
the characters people and bank fonts confuse (0 and O; 1, I and L; Z and 2, S and 5, B and 8,
G and 6, V and U: the letter goes, the digit stays) and F, J, W, which are not letters of the
Vietnamese alphabet and are awkward to spell aloud in Vietnamese. There is one case only, so a
code survives upper- or lower-casing. The size is a prime on purpose (see below).

**Check character**: with ``v(c)`` a character's index in :data:`ALPHABET` and positions
``i = 1 … 10`` over the whole code (prefix included, so one prefix cannot turn into another), a
code is valid when ``Σ i·v(cᵢ) ≡ 0 (mod 23)`` — the ISBN-10 construction over 23 symbols. Because
23 is prime and every weight is between 1 and 10:

- a single substitution at position ``i`` changes the sum by ``i·(a - b)``, never 0 mod 23, since
  neither factor is a multiple of 23;
- a swap of neighbours ``ab → ba`` at ``i, i+1`` changes it by ``(a - b)·(i - (i+1)) = b - a``,
  never 0 when ``a ≠ b``; a swap across one character changes it by ``2(b - a)``, never 0 either;
- a doubled-letter slip ``aa → bb`` changes it by ``(a - b)(2i + 1)``, never 0 for ``i ≤ 10``.

Any other mistake is missed only once in 23 times. Luhn mod N fails on some neighbour swaps, so
it was not used; a Damm table would work too, but this needs no table and states its proof in
three lines.

**Collision space and uniqueness**: ``23**7`` = 3,404,825,447 bodies per prefix (31.7 bits);
about 8 % of draws are not issued (an :data:`AVOIDED` word, or a prefix inside the code: see
``_printable``). Codes are drawn with ``secrets``; nothing here remembers them, so the caller
keeps them unique: a unique index on the column that stores them, and on a conflict a fresh
:func:`new_code` and another try (with a million codes of one prefix stored, a draw collides
about once in 3,000 times). The sparse space is also the second guard against false matches: a
string in transfer text that passes the check is attributed only if the database holds it.
"""

import secrets
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from app.matching.errors import CodeError
from app.matching.text import squeeze

__all__ = [
    "ALPHABET",
    "AVOIDED",
    "BODY_LENGTH",
    "CODE_LENGTH",
    "PREFIXES",
    "PREFIX_LENGTH",
    "check_character",
    "is_valid",
    "new_code",
    "parse_code",
]

ALPHABET: Final = "23456789ACDEHKMNPQRTUXY"
PREFIX_LENGTH: Final = 2
BODY_LENGTH: Final = 7
CODE_LENGTH: Final = PREFIX_LENGTH + BODY_LENGTH + 1

#: Every prefix and what its codes mark. A feature that needs codes adds one line here: two
#: characters of ALPHABET, never a pair that ends one Vietnamese word and starts the next or sits
#: inside one (Q is never the end of a Vietnamese word and always followed by U inside one, which
#: is why ``QT`` almost never occurs in transfer text by chance: fewer false candidates).
PREFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "QT": "the sign of a market vendor or a shop on a cashless street",
        "QH": "a receiving side of a gift event (hỷ: nhà trai, nhà gái, or the one side)",
        "QK": "a guest of a gift event (khách), on their personal link's QR",
    }
)

#: Letter pairs and triples a printed code must not contain: the abbreviations of Vietnamese
#: swear words (a vendor's sign is not the place for them). new_code draws again instead.
AVOIDED: Final = frozenset({"CC", "CMN", "DCM", "DKM", "DM"})

_VALUE: Final = {character: value for value, character in enumerate(ALPHABET)}
_MODULUS: Final = len(ALPHABET)
# The check character sits at position CODE_LENGTH: its weight's inverse solves for its value.
_INVERSE_LAST_WEIGHT: Final = pow(CODE_LENGTH, -1, _MODULUS)


def _registry_problems(prefixes: Mapping[str, str]) -> list[str]:
    """What is wrong with a prefix registry (an empty list when nothing is)."""
    return [
        f"prefix {prefix!r}: {PREFIX_LENGTH} characters of {ALPHABET} expected"
        for prefix in prefixes
        if len(prefix) != PREFIX_LENGTH or any(character not in _VALUE for character in prefix)
    ]


if _registry_problems(PREFIXES):  # a wrong line in the registry fails at import, not at runtime
    raise ValueError("; ".join(_registry_problems(PREFIXES)))


def _weighted_sum(characters: str) -> int:
    return sum(weight * _VALUE[character] for weight, character in enumerate(characters, 1))


def check_character(partial: str) -> str:
    """The check character that completes ``partial`` (prefix and body, canonical form).

    ``partial`` must be ``CODE_LENGTH - 1`` characters of :data:`ALPHABET`.
    """
    if len(partial) != CODE_LENGTH - 1 or any(character not in _VALUE for character in partial):
        raise ValueError(f"{CODE_LENGTH - 1} characters of {ALPHABET} expected, got {partial!r}")
    value = -_weighted_sum(partial) * _INVERSE_LAST_WEIGHT % _MODULUS
    return ALPHABET[value]


def is_valid(code: str) -> bool:
    """Whether ``code`` (canonical form) is a code: right length, known prefix, alphabet, check."""
    return (
        len(code) == CODE_LENGTH
        and code[:PREFIX_LENGTH] in PREFIXES
        and all(character in _VALUE for character in code)
        and _weighted_sum(code) % _MODULUS == 0
    )


def new_code(prefix: str) -> str:
    """A fresh random code with ``prefix`` (one of :data:`PREFIXES`), e.g. ``"QT3K7MX9AN"``.

    Raises :class:`CodeError` (field ``prefix``) for any other prefix. Unique only with high
    probability: store it under a unique index and call again on a conflict.
    """
    if not isinstance(prefix, str):
        raise CodeError("prefix", f"expected text, got {type(prefix).__name__}", code="not_text")
    if prefix not in PREFIXES:
        known = ", ".join(sorted(PREFIXES))
        raise CodeError(
            "prefix",
            f"{prefix[:10]!r} is not a code prefix; the prefixes are {known}",
            code="unknown_prefix",
            prefix=prefix[:10],
            known=sorted(PREFIXES),
        )
    while True:
        partial = prefix + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
        code = partial + check_character(partial)
        if _printable(code):
            return code


def _printable(code: str) -> bool:
    """Whether a drawn code may be issued: no :data:`AVOIDED` word, and no prefix inside it or
    begun by its last character, so that text glued after a code cannot start a second candidate
    inside it (about 8 % of draws are refused)."""
    return not (
        any(word in code for word in AVOIDED)
        or any(prefix in code[1:] or code.endswith(prefix[0]) for prefix in PREFIXES)
    )


def parse_code(value: str, field: str = "code") -> str:
    """The canonical form of one code a person typed or a form sent: ``"qt-3k7m x9an"`` →
    ``"QT3K7MX9AN"``.

    Case, diacritics and separators are forgiven as :func:`~app.matching.find_codes` forgives
    them; anything else raises :class:`CodeError` naming ``field``: nothing but separators
    (``empty``), a letter the alphabet leaves out (``bad_character``), the wrong number of letters
    and digits (``bad_length``), an unknown prefix (``unknown_prefix``), or a check character that
    does not fit (``bad_check``: a typo).
    """
    if not isinstance(value, str):
        raise CodeError(field, f"expected text, got {type(value).__name__}", code="not_text")
    code = squeeze(value)
    if not code:
        raise CodeError(field, "no letters or digits", code="empty")
    wrong = next((character for character in code if character not in _VALUE), None)
    if wrong is not None:
        raise CodeError(
            field,
            f"{wrong!r} is never used in codes (they use {ALPHABET})",
            code="bad_character",
            character=wrong,
        )
    if len(code) != CODE_LENGTH:
        raise CodeError(
            field,
            f"got {len(code)} letters and digits, {CODE_LENGTH} expected",
            code="bad_length",
            got=len(code),
            expected=CODE_LENGTH,
        )
    if code[:PREFIX_LENGTH] not in PREFIXES:
        known = ", ".join(sorted(PREFIXES))
        raise CodeError(
            field,
            f"{code[:PREFIX_LENGTH]!r} is not a code prefix; the prefixes are {known}",
            code="unknown_prefix",
            prefix=code[:PREFIX_LENGTH],
            known=sorted(PREFIXES),
        )
    if not is_valid(code):
        raise CodeError(field, "the check character does not fit: a typo?", code="bad_check")
    return code
