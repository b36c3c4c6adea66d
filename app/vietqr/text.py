"""Vietnamese text to the plain ASCII that VietQR payloads carry.

Payload values are 7-bit ASCII: implementations disagree on lengths and CRCs as soon as any other
character appears. Vietnamese is transliterated (``đ`` → ``d``, every tone and vowel mark removed);
compatibility forms are folded too (NFKD: full-width letters and digits become ASCII, a no-break
space a space).
"""

import re
import string
import unicodedata

from app.vietqr.errors import PayloadError

__all__ = ["ALLOWED_PUNCTUATION", "clean_text", "fold", "to_ascii"]

#: Characters allowed in payload texts besides ASCII letters, digits and the space.
ALLOWED_PUNCTUATION = "-._"

# Letters that do not decompose into a base letter and a combining mark.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ALLOWED = frozenset(string.ascii_letters + string.digits + " " + ALLOWED_PUNCTUATION)


def _strip_marks(text: str) -> str:
    """Transliterate Vietnamese and strip combining marks, keeping any other character.

    Precomposed (NFC) and combining-mark (Windows-1258 style) input give the same result.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The one Vietnamese text folding, for searching and comparing names: ASCII, lowercase,
    words separated by one space: ``"Phường An Hội"`` → ``"phuong an hoi"``."""
    return _NON_ALNUM.sub(" ", _strip_marks(text).lower()).strip()


def to_ascii(text: str) -> str:
    """Return ``text`` transliterated to ASCII: ``"Đồng Xoài"`` → ``"Dong Xoai"``.

    Vietnamese letters lose their marks (``đ``/``Đ`` become ``d``/``D``); any other non-ASCII
    character is dropped.
    """
    return "".join(ch for ch in _strip_marks(text) if ch.isascii())


def clean_text(value: str, field: str, max_length: int, *, truncate: bool = False) -> str:
    """Return ``value`` as a payload-safe text of at most ``max_length`` characters.

    Transliterates to ASCII, collapses whitespace, and allows only letters, digits, space and
    ``- . _``. Any other character, or a result longer than ``max_length``, raises
    :class:`PayloadError` for ``field`` unless ``truncate`` is true: then the character is dropped
    and the text is cut to ``max_length``.
    """
    if not isinstance(value, str):
        raise PayloadError(field, f"expected text, got {type(value).__name__}", code="not_text")
    text = " ".join(_strip_marks(value).split())
    kept: list[str] = []
    for ch in text:
        if ch in _ALLOWED:
            kept.append(ch)
        elif not truncate:
            raise PayloadError(
                field,
                f"character {ch!r} is not allowed; use letters, digits, space and - . _",
                code="bad_character",
                character=ch,
            )
    text = " ".join("".join(kept).split())
    if len(text) > max_length:
        if not truncate:
            raise PayloadError.too_long(field, len(text), max_length)
        text = text[:max_length].strip()
    return text
