"""Vietnamese collation: one sort key for every list of names. Pure: no Flask, no database.

PyICU would give CLDR's Vietnamese collation, but PyPI has no wheel of it (it builds against the
system's ICU), so the rules are written out here: the Vietnamese alphabet on the first level,
tones on the second, as CLDR's `vi` tailoring orders them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from app.vietqr.text import fold

#: The Vietnamese alphabet (ă â after a, đ after d, ê after e, ô ơ after o, ư after u), with the
#: letters Vietnamese borrows for minority-language names (f j w z) where Latin puts them.
ALPHABET: Final = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: A letter with a vowel mark (decomposed) → the letter of the alphabet it is.
_MARKED: Final[dict[tuple[str, str], str]] = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
#: Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng (as CLDR's Vietnamese collation).
_TONES: Final[dict[str, int]] = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Keys are ASCII strings ordered bytewise ("C" collation): levels are separated by the lowest
# character; on the first level a word break sorts before a number, a number before any letter.
_LEVEL_BREAK: Final = "!"
_WORD_BREAK: Final = "#"
_NUMBER: Final = "$"
_LETTER_CODES: Final = {letter: chr(0x41 + index) for index, letter in enumerate(ALPHABET)}
# A letter outside the alphabet sorts after z (its order among such letters is lost).
_OTHER_LETTER: Final = "~"
_MAX_NUMBER_DIGITS: Final = 40
# A number, or a letter with its combining marks (the text is decomposed first).
_PIECE: Final = re.compile(r"([0-9]+)|([^\W\d_][\u0300-\u036f]*)")
SORT_KEY_MAX: Final = 600


def vietnamese_sort_key(text: str) -> str:
    """A key that orders texts as a Vietnamese dictionary does, compared as plain ASCII.

    Letters first (Bến Tre before Bình Minh; ă, â after a; Đ after D; ơ after ô), tones only
    when the letters are equal (a, à, ả, ã, á, ạ), case and punctuation ignored (a run of
    spaces or punctuation is one word break), numbers by value (Ấp 2 before Ấp 10). Stored in
    `Locality.sort_key` and compared bytewise, so that SQL orders and pages lists this way on
    SQLite and PostgreSQL alike.
    """
    primary: list[str] = []
    tones: list[str] = []
    end = 0
    for piece in _PIECE.finditer(unicodedata.normalize("NFD", text.lower())):
        if primary and piece.start() > end:
            primary.append(_WORD_BREAK)
        end = piece.end()
        number, letter = piece.groups()
        if number:
            digits = number.lstrip("0")[:_MAX_NUMBER_DIGITS] or "0"
            primary.append(_NUMBER + chr(0x30 + len(digits)) + digits)
            continue
        base, marks = letter[0], letter[1:]
        plain = next((_MARKED[base, m] for m in marks if (base, m) in _MARKED), base)
        primary.append(_LETTER_CODES.get(plain, _OTHER_LETTER))
        tones.append(str(max((_TONES.get(mark, 0) for mark in marks), default=0)))
    return ("".join(primary) + _LEVEL_BREAK + "".join(tones))[:SORT_KEY_MAX]


def unit_sort_key(name: str, type_label: str) -> str:
    """A unit's key: its name without a leading type word ("Tỉnh Bến Tre" with the label "Tỉnh"
    sorts as "Bến Tre", "Phường 10" as "10"), so that a province's communes sort by their proper
    names whether xã or phường."""
    label_words = fold(type_label).split()
    words = name.split()
    if label_words and len(words) > len(label_words):
        if fold(" ".join(words[: len(label_words)])).split() == label_words:
            words = words[len(label_words) :]
    return vietnamese_sort_key(" ".join(words))
