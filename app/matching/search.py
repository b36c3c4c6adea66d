"""Finding codes in transfer text, however a bank mangles it.

Banks upper-case the text, strip diacritics, wrap long lines, glue their own references before
and after (``MBVCB.123.QT3K7MX9AN.chuyen tien``, ``ND:QT3K7MX9ANCT tu 0123``) and people type a
code in groups (``qt 3k7m x9an``). So the text is first squeezed to its letters and digits
(:func:`~app.matching.text.squeeze`), and every place where a known prefix is followed by
enough alphabet characters is a candidate; a candidate is a code only when its check character
fits. Separators are thereby ignored entirely, so a prefix that occurred often across word
boundaries would give many candidates: :data:`~app.matching.codes.PREFIXES` says how prefixes are
chosen; the check character rejects 22 of 23 chance candidates, and the database (which holds
only codes really issued, a sparse part of the space) rejects almost all the rest.

Candidates may overlap (text glued to a code can start a second candidate inside it); each is
judged on its own, and all that pass are returned, so a transfer naming two codes goes to review
rather than to the first one found.
"""

import re
from typing import Final

from app.matching.codes import ALPHABET, BODY_LENGTH, PREFIXES, is_valid
from app.matching.errors import CodeError
from app.matching.text import squeeze

__all__ = ["find_codes"]

# A lookahead, so that overlapping candidates are all seen.
_CANDIDATE: Final = re.compile(
    "(?=((?:{prefixes})[{alphabet}]{{{rest}}}))".format(
        prefixes="|".join(re.escape(prefix) for prefix in sorted(PREFIXES)),
        alphabet=ALPHABET,
        rest=BODY_LENGTH + 1,
    )
)


def find_codes(text: str) -> list[str]:
    """Every code in ``text``, canonical (``"QT3K7MX9AN"``), in order of appearance, each once.

    Case, Vietnamese diacritics, separators inside the code (spaces, dots, dashes, line breaks)
    and text glued before and after are all forgiven; a code whose check character fails is not
    found. Raises :class:`CodeError` (field ``text``) when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise CodeError("text", f"expected text, got {type(text).__name__}", code="not_text")
    found: dict[str, None] = {}
    for match in _CANDIDATE.finditer(squeeze(text)):
        candidate = match.group(1)
        if candidate not in found and is_valid(candidate):
            found[candidate] = None
    return list(found)
