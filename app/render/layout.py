"""What a printed payment sign says and where each piece goes, independent of the output format.

A layout is computed in abstract units (px for PNG/SVG, pt for PDF) from a ``Measure`` callable
that the backend provides, so text is measured with the same font machinery that will draw it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from app.render.symbol import Symbol

QUIET_ZONE = 4  # modules, ISO/IEC 18004
#: The longest holder name a sign prints (vietqr.io's accountName limit), and the longest title
#: or note line: what callers may ask to print, so a sign never has to squeeze a paragraph.
MAX_HOLDER_NAME = 50
MAX_SIGN_LINE = 80

LABEL_BANK = "Ngân hàng"
LABEL_HOLDER = "Chủ tài khoản"
LABEL_ACCOUNT = "Số tài khoản"
LABEL_AMOUNT = "Số tiền"
LABEL_PURPOSE = "Nội dung"

INK = (0, 0, 0)
GREY = (85, 85, 85)
RULE_GREY = (190, 190, 190)

Measure = Callable[[str, bool, float], float]
"""measure(text, bold, size) -> advance width in layout units."""


@dataclass(frozen=True)
class Sign:
    """Everything printed on a payment sign. Text is printed as given (with diacritics)."""

    payload: str
    bank_name: str
    account: str
    account_name: str | None = None
    amount: int | None = None
    purpose: str | None = None
    title: str | None = None
    footer: str | None = None


def _shown(char: str) -> bool:
    """Whether a sign may print ``char``: not a control (C0, DEL, C1), a format character
    (bidi overrides, zero-width marks), a lone surrogate or a noncharacter (U+FFFE...), none of
    which the font draws or an SVG (XML 1.0) may hold."""
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Cs")


def nfc(text: str) -> str:
    """The text a sign prints: NFC (every Vietnamese letter one precomposed glyph), whitespace
    collapsed to single spaces, and every character no sign can show removed (`_shown`)."""
    if not text.isprintable():  # tabs, newlines, controls: rare, so only then look at each
        text = "".join(ch for ch in text if ch.isspace() or _shown(ch))
    return " ".join(unicodedata.normalize("NFC", text).split())


def format_amount(amount: int) -> str:
    """Vietnamese money: dot-grouped đồng, e.g. 50000 -> "50.000 ₫"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " ₫"


def holder_display(name: str) -> str:
    """The holder's name as banks print it: upper case, diacritics kept."""
    return nfc(name).upper()


def sign_fields(sign: Sign) -> list[tuple[str, str]]:
    """(label, value) rows in print order; absent optional fields are left out."""
    rows = [(LABEL_BANK, nfc(sign.bank_name))]
    if sign.account_name:
        rows.append((LABEL_HOLDER, holder_display(sign.account_name)))
    rows.append((LABEL_ACCOUNT, nfc(sign.account)))
    if sign.amount is not None:
        rows.append((LABEL_AMOUNT, format_amount(sign.amount)))
    if sign.purpose:
        rows.append((LABEL_PURPOSE, nfc(sign.purpose)))
    return rows


@dataclass(frozen=True)
class TextItem:
    """One line of text; ``x`` is its left edge or centre (``anchor``), ``baseline`` its y."""

    text: str
    x: float
    baseline: float
    size: float
    bold: bool
    colour: tuple[int, int, int]
    anchor: Literal["start", "middle"]
    width: float


@dataclass(frozen=True)
class QrItem:
    """The symbol's top-left corner (quiet zone excluded) and the side of one module."""

    x: float
    y: float
    module: float
    symbol: Symbol

    @property
    def side(self) -> float:
        """Side of the symbol without quiet zone."""
        return self.module * self.symbol.width


@dataclass(frozen=True)
class RectItem:
    """An outlined rectangle (a frame)."""

    x: float
    y: float
    w: float
    h: float
    line: float
    colour: tuple[int, int, int]


@dataclass
class Layout:
    """A page of positioned items."""

    width: float
    height: float
    texts: list[TextItem] = field(default_factory=list)
    qr: QrItem | None = None
    frames: list[RectItem] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    """Which parts a layout shows and how big, in units of ``width / 600``."""

    title: bool = True
    fields: bool = True
    footer: bool = True
    bank_line: bool = False
    frame: bool = False
    margin: float = 28
    qr_fraction: float = 0.86  # QR including its quiet zone, as a share of the width
    title_size: float = 34
    label_size: float = 17
    value_size: float = 22
    footer_size: float = 15
    bank_line_size: float = 30
    min_qr_fraction: float = 0.55


def ellipsize(text: str, width: float, fit: Callable[[str], float]) -> str:
    """``text`` cut with an ellipsis so that it fits ``width``."""
    if fit(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fit(text[:mid].rstrip() + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap(text: str, width: float, fit: Callable[[str], float], max_lines: int) -> list[str]:
    """Greedy word wrap to ``width``; words wider than a line are broken between characters;
    lines beyond ``max_lines`` are dropped and the last kept line ends with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fit(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while fit(word) > width:  # break a long word (account numbers, codes)
            cut = len(word) - 1
            while cut > 1 and fit(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], ellipsize(" ".join(lines[max_lines - 1 :]), width, fit)]
    return lines


def fit_size(text: str, bold: bool, size: float, width: float, measure: Measure) -> float:
    """Shrink ``size`` (down to 70%) until the longest word of ``text`` fits ``width``."""
    longest = max(text.split(" "), key=lambda w: measure(w, bold, size))
    needed = measure(longest, bold, size)
    if needed <= width:
        return size
    return max(size * 0.7, size * width / needed * 0.999)


DEFAULT_STYLE = Style()
LINE = 1.45  # line height / font size: stacked marks (Ễ) reach 1.16 em up, descenders 0.25 down
ASCENT = 1.18  # baseline below the line top, as a multiple of the font size


def _stack(
    sign: Sign, width: float, style: Style, k: float, measure: Measure
) -> tuple[list[list[TextItem]], list[list[TextItem]], float, float]:
    """Text above the QR and below it, relative to y=0 of each block, and the two heights."""
    u = width / 600
    m = style.margin * u
    content = width - 2 * m
    above: list[list[TextItem]] = []
    below: list[list[TextItem]] = []
    y_above = 0.0
    y_below = 0.0

    def centred(
        text: str,
        bold: bool,
        size: float,
        colour: tuple[int, int, int],
        lines: int,
        y: float,
        block: list[list[TextItem]],
    ) -> float:
        size = fit_size(text, bold, size, content, measure)
        for line in wrap(text, content, lambda s: measure(s, bold, size), lines):
            block.append(
                [
                    TextItem(
                        line,
                        width / 2,
                        y + ASCENT * size,
                        size,
                        bold,
                        colour,
                        "middle",
                        measure(line, bold, size),
                    )
                ]
            )
            y += LINE * size
        return y

    if style.title and sign.title:
        y_above = centred(nfc(sign.title), True, style.title_size * u * k, INK, 2, 0.0, above)
        y_above += 6 * u * k
    if style.bank_line:
        y_below = centred(
            nfc(sign.bank_name), True, style.bank_line_size * u * k, INK, 1, y_below, below
        )
    if style.fields:
        label_size = style.label_size * u * k
        value_size = style.value_size * u * k
        rows = sign_fields(sign)
        gap = 12 * u * k
        label_w = min(
            max(measure(label, False, label_size) for label, _ in rows) + gap, 0.42 * content
        )
        value_w = content - label_w
        for label, value in rows:
            label_fit = fit_size(label, False, label_size, label_w - gap, measure)
            size = fit_size(value, True, value_size, value_w, measure)
            lines = wrap(value, value_w, partial(_bound, measure, True, size), 3)
            base = y_below + ASCENT * size
            row = [
                TextItem(
                    ellipsize(label, label_w - gap, partial(_bound, measure, False, label_fit)),
                    m,
                    base,
                    label_fit,
                    False,
                    GREY,
                    "start",
                    measure(label, False, label_fit),
                )
            ]
            for i, line in enumerate(lines):
                row.append(
                    TextItem(
                        line,
                        m + label_w,
                        base + i * LINE * size,
                        size,
                        True,
                        INK,
                        "start",
                        measure(line, True, size),
                    )
                )
            below.append(row)
            y_below += max(len(lines) * LINE * size, LINE * label_fit)
    if style.footer and sign.footer:
        y_below += 8 * u * k
        y_below = centred(
            nfc(sign.footer), False, style.footer_size * u * k, GREY, 3, y_below, below
        )
    return above, below, y_above, y_below


def layout_sign(
    sign: Sign,
    symbol: Symbol,
    measure: Measure,
    *,
    width: float,
    height: float | None = None,
    style: Style = DEFAULT_STYLE,
    integer_modules: bool = False,
) -> Layout:
    """Place title, QR, fields and footer on a ``width`` wide page.

    With ``height=None`` the page is as tall as its content (the QR takes ``qr_fraction`` of the
    width). With a fixed ``height`` the QR shrinks to make room, and when it would fall below
    ``min_qr_fraction`` of the width the text shrinks instead; the result never overflows.
    ``integer_modules`` rounds the module size down to whole units (crisp PNG pixels).
    """
    u = width / 600
    margin = style.margin * u
    modules = symbol.width + 2 * QUIET_ZONE
    has_text = bool(
        (style.title and sign.title)
        or style.fields
        or (style.footer and sign.footer)
        or style.bank_line
    )
    top_bottom = 2 * margin if has_text else 0.0
    k = 1.0
    above, below, h_above, h_below = _stack(sign, width, style, k, measure)
    box = width * style.qr_fraction if has_text else width
    if height is not None:
        box = min(box, height - h_above - h_below - top_bottom)
        while box < width * style.min_qr_fraction and k > 0.35:
            k *= 0.9
            above, below, h_above, h_below = _stack(sign, width, style, k, measure)
            box = min(width * style.qr_fraction, height - h_above - h_below - top_bottom)
    module = box / modules
    if integer_modules:
        module = max(1.0, float(math.floor(module)))
    box = module * modules
    content_h = h_above + box + h_below
    if height is None:
        page_h = content_h + (2 * margin if has_text else 0.0)
        top = margin if has_text else 0.0
    else:
        page_h = height
        top = max(0.0, (height - content_h) / 2)
    if integer_modules:
        top = float(math.floor(top))
        page_h = float(math.ceil(page_h))
    out = Layout(width=width, height=page_h)
    for row in above:
        out.texts += [_shift(t, top) for t in row]
    qr_x = (width - box) / 2 + QUIET_ZONE * module
    if integer_modules:
        qr_x = float(math.floor(qr_x))
    out.qr = QrItem(qr_x, top + h_above + QUIET_ZONE * module, module, symbol)
    for row in below:
        out.texts += [_shift(t, top + h_above + box) for t in row]
    if style.frame:
        inset = margin / 3
        out.frames.append(
            RectItem(
                inset, inset, width - 2 * inset, page_h - 2 * inset, max(1.0, 1.5 * u), RULE_GREY
            )
        )
    return out


def _bound(measure: Measure, bold: bool, size: float, text: str) -> float:
    return measure(text, bold, size)


def _shift(item: TextItem, dy: float) -> TextItem:
    return TextItem(
        item.text,
        item.x,
        item.baseline + dy,
        item.size,
        item.bold,
        item.colour,
        item.anchor,
        item.width,
    )
