"""Transfer text reduced to the letters and digits a code can be read from."""

import re

from app.vietqr.text import fold

__all__ = ["squeeze"]

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def squeeze(text: str) -> str:
    """The letters and digits of ``text``, upper case ASCII, everything else dropped.

    Vietnamese is folded by the one text folding (``app.vietqr.text.fold``: ``đ`` → ``d``, tone
    and vowel marks removed, full-width forms folded), so ``"Mừng cưới qt 7k3.ĐX"`` becomes
    ``"MUNGCUOIQT7K3DX"``. Spaces, dots, dashes and line breaks that banks put inside a code
    disappear with every other separator. Text that is ASCII already (most bank text) takes a
    faster path with the same result.
    """
    if text.isascii():
        return _NOT_ALNUM.sub("", text).upper()
    return fold(text).replace(" ", "").upper()
