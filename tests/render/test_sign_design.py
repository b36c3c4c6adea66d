"""The sign reads as a payment sign: a headline band, the VietQR mark, bank and amount large,
text dark enough for sunlight, Vietnamese drawn with its diacritics, and one design for the PNG
sign, the A6 and A4 PDFs and the quick-link templates."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF

from app.render import (
    HEADLINE_KINDS,
    TEMPLATES,
    RenderError,
    Sign,
    render_sign_pdf,
    render_sign_png,
    render_template_image,
)
from app.render.fonts import font_files
from app.render.layout import (
    BAND,
    GIFT_LINE,
    HEADLINES,
    MARK,
    NOTICE_RED,
    WHITE,
    Colour,
    Layout,
    Style,
    TextItem,
    layout_sign,
)
from app.render.pdf import PAGE_SIZES, PDF_STYLE, new_pdf, pdf_bytes, pdf_measure
from app.render.sign import SIGN_STYLE, pil_measure
from app.render.symbol import encode
from app.render.templates import TEMPLATE_SIZES, TEMPLATE_STYLES

from .conftest import PAYLOAD, decode_bytes

PDFTOTEXT = shutil.which("pdftotext")
WEDDING = "Mừng cưới Lan & Minh"


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula() -> None:
    assert contrast((0, 0, 0), WHITE) == pytest.approx(21.0)
    assert contrast((119, 119, 119), WHITE) == pytest.approx(4.48, abs=0.01)


def background(layout: Layout, t: TextItem) -> Colour:
    """What is behind a text: a filled rectangle holding its baseline, else the white page."""
    for r in layout.frames:
        if r.filled and r.x <= t.left and t.left + t.width <= r.x + r.w:
            if r.y <= t.baseline <= r.y + r.h:
                return r.colour
    return WHITE


def closed(pdf: FPDF) -> None:
    """Finish a document used only to measure text (fpdf2 closes its font files on output)."""
    pdf.add_page()
    pdf_bytes(pdf)


def layouts(sign: Sign) -> list[tuple[str, Layout]]:
    """The sign as every output lays it out: PNG sign, A6 PDF, each template."""
    fonts = font_files()
    symbol = encode(sign.payload)
    measure = pil_measure(fonts)
    out = [
        (
            "png",
            layout_sign(sign, symbol, measure, width=600, style=SIGN_STYLE, integer_modules=True),
        )
    ]
    a6 = PAGE_SIZES["A6"]
    pdf = new_pdf(fonts, a6, "t")
    out.append(
        (
            "A6",
            layout_sign(sign, symbol, pdf_measure(pdf), width=a6[0], height=a6[1], style=PDF_STYLE),
        )
    )
    closed(pdf)
    for template in TEMPLATES:
        w, h = TEMPLATE_SIZES[template]
        out.append(
            (
                template,
                layout_sign(
                    sign, symbol, measure, width=w, height=h, style=TEMPLATE_STYLES[template]
                ),
            )
        )
    return out


@pytest.mark.parametrize("headline", HEADLINE_KINDS)
def test_every_text_is_at_least_7_to_1_on_its_background(sign: Sign, headline: str) -> None:
    """WCAG AAA for every run of text, the labels and the mark included: readable in sunlight
    and when printed in black and white."""
    for name, layout in layouts(replace(sign, headline=headline)):
        for t in layout.texts:
            ratio = contrast(t.colour, background(layout, t))
            assert ratio >= 7.0, (name, t.text, t.colour, ratio)
    assert contrast(WHITE, BAND) >= 7.0


@pytest.mark.parametrize("headline", HEADLINE_KINDS)
def test_the_headline_is_on_top_in_white_on_the_band(sign: Sign, headline: str) -> None:
    big, small = HEADLINES[headline]
    for name, layout in layouts(replace(sign, headline=headline)):
        if name in ("compact", "compact2", "qr_only"):
            assert not any(t.colour == WHITE for t in layout.texts), name
            continue
        band = [t for t in layout.texts if background(layout, t) == BAND]
        assert [t.text for t in band] == [big] + ([small] if small else []), name
        assert all(t.colour == WHITE and t.bold == (t.text == big) for t in band)
        assert layout.qr is not None
        assert max(t.baseline for t in band) < layout.qr.y
        # the headline is the biggest text on the sign, but for the amount
        others = [t.size for t in layout.texts if t.text != "79.000 đ"]
        assert max(others) == band[0].size, name


def test_gift_headlines_say_mung_and_still_say_scan(sign: Sign) -> None:
    gifts = [kind for kind in HEADLINE_KINDS if HEADLINES[kind][1] == GIFT_LINE]
    assert set(gifts) == {"gift", "wedding", "housewarming", "birthday"}
    assert all("mừng" in HEADLINES[kind][0].lower() for kind in gifts)
    assert HEADLINES["pay"] == ("Quét mã để thanh toán", None)
    assert GIFT_LINE.startswith("Quét mã")


def test_the_mark_bank_and_amount_come_under_the_code_and_large(sign: Sign) -> None:
    for name, layout in layouts(sign):
        if name == "qr_only":
            continue
        texts = {t.text: t for t in layout.texts}
        assert layout.qr is not None
        under = layout.qr.y + layout.qr.side
        mark = [texts[text] for text, _ in MARK]
        assert [t.colour for t in mark] == [c for _, c in MARK] and all(t.bold for t in mark)
        # "Viet" and "QR" set side by side on one baseline, centred as one word
        assert mark[0].baseline == mark[1].baseline > under
        assert mark[0].left + mark[0].width == pytest.approx(mark[1].left)
        bank = texts["VietinBank"]
        assert bank.bold and bank.baseline > mark[0].baseline
        # the mark sits between two rules, out of the quiet zone and inside the page
        rules = [r for r in layout.frames if r.filled and r.colour == BAND and r.h < 5]
        assert len(rules) == 2, name
        quiet = under + 4 * layout.qr.module
        for r in rules:
            assert r.y >= quiet and 0 <= r.x and r.x + r.w <= layout.width, name
            assert r.y < mark[0].baseline < r.y + 0.6 * mark[0].size, name
        assert rules[0].x + rules[0].w < mark[0].left
        assert mark[1].left + mark[1].width < rules[1].x
        if name == "compact":
            assert "79.000 đ" not in texts
            continue
        amount = texts["79.000 đ"]
        holder = texts["NGUYỄN THỊ HỒNG ĐÀO"]
        account = texts["113366668888"]
        assert bank.baseline < amount.baseline < holder.baseline < account.baseline, name
        assert amount.size > bank.size > holder.size > account.size, name
        assert amount.size >= 2 * texts["Số tài khoản"].size, name


def test_unknown_headline_is_refused_naming_it(sign: Sign) -> None:
    with pytest.raises(RenderError) as err:
        render_sign_png(replace(sign, headline="party"))
    assert err.value.field == "headline"


@pytest.mark.parametrize("headline", HEADLINE_KINDS)
def test_every_kind_of_sign_decodes(sign: Sign, headline: str) -> None:
    kind = replace(sign, headline=headline, title=WEDDING)
    assert decode_bytes(render_sign_png(kind)) == [PAYLOAD]
    assert decode_bytes(render_sign_png(kind, width=300)) == [PAYLOAD]
    for template in ("compact", "compact2", "print"):
        assert decode_bytes(render_template_image(template, kind, fmt="png")[0]) == [PAYLOAD]
    no_amount = replace(kind, amount=None, purpose=None, account_name=None, footer=None)
    assert decode_bytes(render_sign_png(no_amount)) == [PAYLOAD]


def test_headline_changes_the_bytes(sign: Sign) -> None:
    assert render_sign_png(sign) != render_sign_png(replace(sign, headline="wedding"))
    assert render_sign_pdf([sign]) != render_sign_pdf([replace(sign, headline="wedding")])


def test_every_character_of_a_vietnamese_title_has_a_glyph() -> None:
    """The font draws "Mừng cưới Lan & Minh" and every Vietnamese letter, in both faces (a
    missing glyph would print a box)."""
    letters = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    needed = {ord(ch) for ch in WEDDING + letters + letters.upper() + "đ"}
    fonts = font_files()
    for path in (fonts.regular, fonts.bold):
        with TTFont(path) as font:
            cmap = font.getBestCmap()
        assert needed <= set(cmap), sorted(chr(c) for c in needed - set(cmap))


def test_diacritics_are_drawn_not_dropped(sign: Sign) -> None:
    """The title with its marks and without them differ on the PNG (a font without the marks
    or a text path that folds them would print the same)."""
    marked = render_sign_png(replace(sign, title=WEDDING))
    plain = render_sign_png(replace(sign, title="Mung cuoi Lan & Minh"))
    assert marked != plain


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("output", ["A6", "A4", "print"])
def test_the_same_words_in_every_pdf(sign: Sign, output: str, tmp_path: Path) -> None:
    wedding = replace(sign, title=WEDDING, headline="wedding")
    if output == "print":
        data = render_template_image("print", wedding, fmt="pdf")[0]
    else:
        data = render_sign_pdf([wedding] * (4 if output == "A4" else 1), page=output)
    assert b"/XObject" not in data  # the code is vector paths, not a picture
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(data)
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for needle in (
        "Mừng cưới",
        GIFT_LINE,
        WEDDING,
        "VietQR",
        "VietinBank",
        "79.000 đ",
        "NGUYỄN THỊ HỒNG ĐÀO",
        "Số tài khoản 113366668888",
        "Nội dung Ủng hộ quỹ vắc xin",
    ):
        assert needle in text, (output, needle)
    assert (text.count(WEDDING) == 4) if output == "A4" else (text.count(WEDDING) == 1)


def test_a4_signs_are_four_a6_signs(sign: Sign) -> None:
    """An A4 quarter is laid out as the A6 sign (1.4 pt taller), so a cut quarter is the
    same sign."""
    fonts = font_files()
    pdf = new_pdf(fonts, PAGE_SIZES["A4"], "t")
    w = PAGE_SIZES["A4"][0] / 2
    symbol = encode(sign.payload)
    a6 = layout_sign(
        sign, symbol, pdf_measure(pdf), width=w, height=PAGE_SIZES["A6"][1], style=PDF_STYLE
    )
    quarter = layout_sign(
        sign, symbol, pdf_measure(pdf), width=w, height=PAGE_SIZES["A4"][1] / 2, style=PDF_STYLE
    )
    closed(pdf)
    assert [(t.text, t.size) for t in a6.texts] == [(t.text, t.size) for t in quarter.texts]
    assert a6.qr is not None and quarter.qr is not None
    assert a6.qr.module == pytest.approx(quarter.qr.module, rel=0.01)


def test_style_defaults_are_the_whole_sign() -> None:
    assert Style() == replace(SIGN_STYLE, frame=False)
    assert TEMPLATE_STYLES["print"] == SIGN_STYLE == PDF_STYLE


def test_a_notice_is_red_above_the_code_and_the_sign_code_small_below(sign: Sign) -> None:
    """A vendor's sign: a warning (a record not yet confirmed) in red over the title, and the
    sign code printed small under everything, on every output that prints a title."""
    marked = replace(sign, notice="CHƯA XÁC NHẬN", code="QT7K3FX2MP")
    for name, layout in layouts(marked):
        texts = {t.text: t for t in layout.texts}
        if name in ("compact", "compact2", "qr_only"):
            assert "CHƯA XÁC NHẬN" not in texts and "Mã biển QT7K3FX2MP" not in texts
            continue
        assert layout.qr is not None
        notice, code = texts["CHƯA XÁC NHẬN"], texts["Mã biển QT7K3FX2MP"]
        assert notice.colour == NOTICE_RED and notice.bold and notice.baseline < layout.qr.y
        assert contrast(NOTICE_RED, background(layout, notice)) >= 7.0
        assert code.baseline == max(t.baseline for t in layout.texts), name
        assert code.size < texts[sign.bank_name].size
    plain = {t.text for _, layout in layouts(sign) for t in layout.texts}
    assert not any(text.startswith("Mã biển") for text in plain)
