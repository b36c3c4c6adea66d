"""What a printed payment sign says and where each piece goes, independent of the output format.

A layout is computed in abstract units (px for PNG/SVG, pt for PDF) from a ``Measure`` callable
that the backend provides, so text is measured with the same font machinery that will draw it.

The design, as bank-made VietQR standees are laid out, so that a sign taped to a stall reads as
"pay here by QR" from two metres: a dark band on top with the headline ("Quét mã để thanh
toán", or the occasion of a gift), an optional title line, the code as large as the page
allows, then the VietQR text mark, the bank's short name and the amount in large type, the
holder's name, the account and the purpose. Every colour on white (and white on the band) has a
contrast of at least 7:1 (WCAG AAA), so it stays readable in sunlight and in black-and-white
print. No logo files: the VietQR mark is text in its two colours.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from app.render.errors import check_choice
from app.render.symbol import Symbol

QUIET_ZONE = 4  # modules, ISO/IEC 18004
#: The longest holder name a sign prints (vietqr.io's accountName limit), and the longest title
#: or note line: what callers may ask to print, so a sign never has to squeeze a paragraph.
MAX_HOLDER_NAME = 50
MAX_SIGN_LINE = 80
#: Bumped whenever what a sign looks like changes: part of every cached sign's ETag, so an image
#: drawn by an older design is never served for a newer one.
DESIGN_VERSION = "2"

#: The two details printed with a label; the bank, the amount and the holder's name speak for
#: themselves (as on bank-made standees) and are printed large without one.
LABEL_ACCOUNT = "Số tài khoản"
LABEL_PURPOSE = "Nội dung"
LABEL_CODE = "Mã biển"

#: The headline kinds: (the band's big line, its smaller second line or None). "pay" for a
#: stall or shop, "transfer" where "payment" is the wrong word (a donation, a funeral), and the
#: gift occasions, each with the instruction beneath it so it still says "scan to pay".
GIFT_LINE = "Quét mã để gửi quà mừng"
HEADLINES: dict[str, tuple[str, str | None]] = {
    "pay": ("Quét mã để thanh toán", None),
    "transfer": ("Quét mã để chuyển khoản", None),
    "gift": ("Quà mừng", GIFT_LINE),
    "wedding": ("Mừng cưới", GIFT_LINE),
    "housewarming": ("Mừng tân gia", GIFT_LINE),
    "birthday": ("Mừng sinh nhật", GIFT_LINE),
}
HEADLINE_KINDS = tuple(HEADLINES)

Colour = tuple[int, int, int]
WHITE: Colour = (255, 255, 255)
INK: Colour = (17, 17, 17)  # 18.9:1 on white
LABEL_INK: Colour = (51, 51, 51)  # labels and footer, 12.6:1 on white
BAND: Colour = (0, 56, 130)  # the headline band and the frame; white on it 11.4:1
MARK_RED: Colour = (168, 12, 30)  # "Viet" of the mark, 7.9:1 on white
MARK_BLUE: Colour = BAND  # "QR" of the mark
NOTICE_RED: Colour = MARK_RED  # a warning above the title
#: The VietQR text mark as it is printed: (text, colour) runs set side by side.
MARK: tuple[tuple[str, Colour], ...] = (("Viet", MARK_RED), ("QR", MARK_BLUE))

Measure = Callable[[str, bool, float], float]
"""measure(text, bold, size) -> advance width in layout units."""


@dataclass(frozen=True)
class Sign:
    """Everything printed on a payment sign. Text is printed as given (with diacritics);
    ``headline`` is one of `HEADLINE_KINDS`."""

    payload: str
    bank_name: str
    account: str
    account_name: str | None = None
    amount: int | None = None
    purpose: str | None = None
    title: str | None = None
    footer: str | None = None
    headline: str = "pay"
    #: A warning printed in red above the title (e.g. a sign not yet confirmed by an officer).
    notice: str | None = None
    #: A short reference printed small at the bottom (a vendor's sign code).
    code: str | None = None


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
    """Vietnamese money as printed on a sign: dot-grouped đồng, e.g. 50000 -> "50.000 đ"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


def holder_display(name: str) -> str:
    """The holder's name as banks print it: upper case, diacritics kept."""
    return nfc(name).upper()


@dataclass(frozen=True)
class TextItem:
    """One run of text; ``x`` is its left edge or centre (``anchor``), ``baseline`` its y."""

    text: str
    x: float
    baseline: float
    size: float
    bold: bool
    colour: Colour
    anchor: Literal["start", "middle"]
    width: float

    @property
    def left(self) -> float:
        """Its left edge."""
        return self.x - self.width / 2 if self.anchor == "middle" else self.x


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
    """A rectangle: outlined with ``line`` in ``colour``, or filled with it (``filled``)."""

    x: float
    y: float
    w: float
    h: float
    line: float
    colour: Colour
    filled: bool = False


@dataclass
class Layout:
    """A page of positioned items, drawn in order: rectangles, the QR, then the texts."""

    width: float
    height: float
    texts: list[TextItem] = field(default_factory=list)
    qr: QrItem | None = None
    frames: list[RectItem] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    """Which parts a layout shows and how big, in units of ``width / 600``."""

    headline: bool = True
    title: bool = True
    mark: bool = True
    bank: bool = True
    fields: bool = True  # amount, holder, account, purpose
    footer: bool = True
    frame: bool = False
    margin: float = 24
    qr_fraction: float = 0.8  # QR including its quiet zone, as a share of the width
    min_qr_fraction: float = 0.62
    headline_size: float = 46
    headline_sub_size: float = 24
    title_size: float = 32
    mark_size: float = 32
    bank_size: float = 40
    amount_size: float = 46
    holder_size: float = 28
    value_size: float = 24
    label_size: float = 20
    footer_size: float = 17
    notice_size: float = 26
    code_size: float = 18


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


def fit_size(
    text: str, bold: bool, size: float, width: float, measure: Measure, least: float = 0.7
) -> float:
    """Shrink ``size`` (down to ``least`` of it) until ``text`` fits ``width`` on one line;
    text that does not fit even then is wrapped by the caller."""
    needed = measure(text, bold, size)
    if needed <= width:
        return size
    return max(size * least, size * width / needed * 0.999)


DEFAULT_STYLE = Style()
LINE = 1.45  # line height / font size: stacked marks (Ễ) reach 1.16 em up, descenders 0.25 down
ASCENT = 1.18  # baseline below the line top, as a multiple of the font size


class _Column:
    """Text stacked from y=0 down, centred on a column ``content`` wide around ``centre``."""

    def __init__(self, centre: float, content: float, measure: Measure) -> None:
        self.centre = centre
        self.content = content
        self.measure = measure
        self.items: list[TextItem] = []
        self.rules: list[RectItem] = []
        self.y = 0.0

    def _item(
        self, text: str, x: float, size: float, bold: bool, colour: Colour, anchor: str
    ) -> TextItem:
        return TextItem(
            text,
            x,
            self.y + ASCENT * size,
            size,
            bold,
            colour,
            "middle" if anchor == "middle" else "start",
            self.measure(text, bold, size),
        )

    def lines(
        self, text: str, bold: bool, size: float, colour: Colour, max_lines: int, least: float
    ) -> None:
        """``text`` centred, shrunk (to ``least``) to stay on one line, else wrapped."""
        size = fit_size(text, bold, size, self.content, self.measure, least)
        for line in wrap(text, self.content, lambda s: self.measure(s, bold, size), max_lines):
            self.items.append(self._item(line, self.centre, size, bold, colour, "middle"))
            self.y += LINE * size

    def runs(self, runs: tuple[tuple[str, Colour], ...], size: float) -> None:
        """Bold runs of different colours set side by side, centred as one line, between two
        thin rules that run out to the column's edges (a divider with the mark in it)."""
        size = fit_size("".join(t for t, _ in runs), True, size, self.content, self.measure)
        widths = [self.measure(t, True, size) for t, _ in runs]
        x = self.centre - sum(widths) / 2
        start = x
        for (text, colour), w in zip(runs, widths, strict=True):
            self.items.append(self._item(text, x, size, True, colour, "start"))
            x += w
        left, gap, thick = self.centre - self.content / 2, 0.6 * size, max(0.5, 0.07 * size)
        middle = self.y + ASCENT * size - 0.36 * size  # half the cap height above the baseline
        if start - gap - left > 2 * gap:
            for x0, x1 in ((left, start - gap), (x + gap, left + self.content)):
                self.rules.append(RectItem(x0, middle - thick / 2, x1 - x0, thick, 0.0, BAND, True))
        self.y += LINE * size

    def labelled(self, label: str, value: str, label_size: float, value_size: float) -> None:
        """ "Label value" centred on one line, the value bold; when that does not fit, the label
        on its own line above the (wrapped) value."""
        sep = self.measure(" ", False, label_size)
        label_w = self.measure(label, False, label_size)
        value_w = self.measure(value, True, value_size)
        if label_w + sep + value_w <= self.content:
            size = max(label_size, value_size)
            left = self.centre - (label_w + sep + value_w) / 2
            base = self.y + ASCENT * size
            self.items.append(
                TextItem(label, left, base, label_size, False, LABEL_INK, "start", label_w)
            )
            self.items.append(
                TextItem(value, left + label_w + sep, base, value_size, True, INK, "start", value_w)
            )
            self.y += LINE * size
            return
        self.lines(label, False, label_size, LABEL_INK, 1, 0.7)
        self.lines(value, True, value_size, INK, 3, 0.8)

    def gap(self, amount: float) -> None:
        self.y += amount


@dataclass
class _Parts:
    """The headline band's texts and height, and the text above and below the QR (y from 0)."""

    band: list[TextItem]
    band_h: float
    above: list[TextItem]
    above_h: float
    below: list[TextItem]
    below_h: float
    rules: list[RectItem]  # below the QR


def _parts(sign: Sign, width: float, style: Style, k: float, measure: Measure) -> _Parts:
    u = width / 600
    s = u * k
    content = width - 2 * style.margin * u
    band = _Column(width / 2, content, measure)
    if style.headline:
        big, small = HEADLINES[sign.headline]
        band.gap(14 * s)
        band.lines(big, True, style.headline_size * s, WHITE, 2, 0.6)
        if small:
            band.lines(small, False, style.headline_sub_size * s, WHITE, 1, 0.7)
        band.gap(10 * s)
    above = _Column(width / 2, content, measure)
    if style.title and sign.notice:
        above.lines(nfc(sign.notice), True, style.notice_size * s, NOTICE_RED, 3, 0.6)
        above.gap(4 * s)
    if style.title and sign.title:
        above.lines(nfc(sign.title), True, style.title_size * s, INK, 2, 0.7)
    below = _Column(width / 2, content, measure)
    if style.mark:
        below.runs(MARK, style.mark_size * s)
    if style.bank:
        below.lines(nfc(sign.bank_name), True, style.bank_size * s, INK, 2, 0.6)
    if style.fields:
        if sign.amount is not None:
            below.lines(format_amount(sign.amount), True, style.amount_size * s, INK, 1, 0.5)
        below.gap(4 * s)
        if sign.account_name:
            below.lines(holder_display(sign.account_name), True, style.holder_size * s, INK, 2, 0.7)
        label, value = style.label_size * s, style.value_size * s
        below.labelled(LABEL_ACCOUNT, nfc(sign.account), label, value)
        if sign.purpose:
            below.labelled(LABEL_PURPOSE, nfc(sign.purpose), label, value)
    if style.footer and sign.footer:
        below.gap(6 * s)
        below.lines(nfc(sign.footer), False, style.footer_size * s, LABEL_INK, 3, 0.8)
    if style.footer and sign.code:
        below.gap(2 * s)
        below.lines(f"{LABEL_CODE} {nfc(sign.code)}", True, style.code_size * s, LABEL_INK, 1, 0.7)
    if below.items:  # the quiet zone is inside the QR box; this is breathing room under it
        below.gap(4 * s)
    return _Parts(band.items, band.y, above.items, above.y, below.items, below.y, below.rules)


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
    """Place the headline band, title, QR and the transfer details on a ``width`` wide page.

    With ``height=None`` the page is as tall as its content (the QR takes ``qr_fraction`` of the
    width). With a fixed ``height`` the QR shrinks to make room, and when it would fall below
    ``min_qr_fraction`` of the width the text shrinks instead; the result never overflows.
    ``integer_modules`` rounds the module size down to whole units (crisp PNG pixels).
    """
    check_choice("headline", sign.headline, HEADLINE_KINDS)
    u = width / 600
    margin = style.margin * u
    inset = margin / 3 if style.frame else 0.0
    modules = symbol.width + 2 * QUIET_ZONE
    k = 1.0
    parts = _parts(sign, width, style, k, measure)
    has_text = bool(parts.band or parts.above or parts.below)

    def room(p: _Parts) -> float:
        """Height left for the QR box on a fixed-height page."""
        assert height is not None
        pad = (inset + p.band_h + 2 * margin) if p.band else 2 * margin
        return height - pad - p.above_h - p.below_h if has_text else height

    box = width * style.qr_fraction if has_text else width
    if height is not None:
        box = min(box, room(parts))
        while box < width * style.min_qr_fraction and k > 0.35:
            k *= 0.9
            parts = _parts(sign, width, style, k, measure)
            box = min(width * style.qr_fraction, room(parts))
    module = box / modules
    if integer_modules:
        module = max(1.0, float(math.floor(module)))
    box = module * modules
    band_bottom = inset + parts.band_h if parts.band else 0.0
    content_h = parts.above_h + box + parts.below_h
    if height is None:
        page_h = band_bottom + content_h + (2 * margin if has_text else 0.0)
        top = band_bottom + (margin if has_text else 0.0)
    else:
        page_h = height
        top = band_bottom + max(0.0, (height - band_bottom - content_h) / 2)
    if integer_modules:
        top = float(math.floor(top))
        page_h = float(math.ceil(page_h))
    out = Layout(width=width, height=page_h)
    if parts.band:
        band_h = band_bottom - inset
        out.frames.append(RectItem(inset, inset, width - 2 * inset, band_h, 0.0, BAND, True))
        out.texts += [_shift(t, inset) for t in parts.band]
    if style.frame:
        out.frames.append(
            RectItem(inset, inset, width - 2 * inset, page_h - 2 * inset, max(1.0, 3 * u), BAND)
        )
    out.texts += [_shift(t, top) for t in parts.above]
    qr_x = (width - box) / 2 + QUIET_ZONE * module
    if integer_modules:
        qr_x = float(math.floor(qr_x))
    out.qr = QrItem(qr_x, top + parts.above_h + QUIET_ZONE * module, module, symbol)
    below = top + parts.above_h + box
    out.texts += [_shift(t, below) for t in parts.below]
    out.frames += [replace(r, y=r.y + below) for r in parts.rules]
    return out


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
