"""Signs and template images: they scan, say the right Vietnamese text, and never overflow."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from PIL import Image

from app.render import (
    FORMATS,
    TEMPLATE_SIZES,
    TEMPLATES,
    RenderError,
    Sign,
    format_amount,
    holder_display,
    render_sign_png,
    render_svg,
    render_template_image,
)
from app.render.fonts import font_files
from app.render.layout import Style, layout_sign
from app.render.sign import pil_measure
from app.render.symbol import encode
from app.render.templates import TEMPLATE_STYLES

from .conftest import (
    HOLDER,
    PAYLOAD,
    decode_bytes,
    media_box,
    page_count,
    rasterise_svg_path,
    zxing_texts,
)


def test_amount_and_holder_formatting() -> None:
    assert format_amount(50000) == "50.000 đ"
    assert format_amount(1234567) == "1.234.567 đ"
    assert format_amount(0) == "0 đ"
    assert holder_display(HOLDER) == "NGUYỄN THỊ HỒNG ĐÀO"
    # decomposed input (combining marks) comes out precomposed
    assert holder_display("Nguye\u0302\u0303n  đào") == "NGUYỄN ĐÀO"


def test_sign_texts_in_order_and_optional_ones_left_out(sign: Sign) -> None:
    def texts(printed: Sign) -> list[str]:
        layout = layout_sign(printed, encode(PAYLOAD), pil_measure(font_files()), width=600)
        return [t.text for t in layout.texts]

    assert texts(sign) == [
        "Quét mã để thanh toán",
        "Sạp cá cô Đào",
        "Viet",
        "QR",
        "VietinBank",
        "79.000 đ",
        "NGUYỄN THỊ HỒNG ĐÀO",
        "Số tài khoản",
        "113366668888",
        "Nội dung",
        "Ủng hộ quỹ vắc xin",
        "Kiểm tra tên người nhận trước khi chuyển",
    ]
    bare = Sign(payload=PAYLOAD, bank_name="VietinBank", account="1133")
    assert texts(bare) == [
        "Quét mã để thanh toán",
        "Viet",
        "QR",
        "VietinBank",
        "Số tài khoản",
        "1133",
    ]


@pytest.mark.parametrize("width", [240, 600, 1200])
def test_sign_png_scans(sign: Sign, width: int) -> None:
    data = render_sign_png(sign, width=width)
    with Image.open(io.BytesIO(data)) as im:
        assert im.width == width
        assert im.height > width  # portrait: QR plus the text under it
    assert decode_bytes(data) == [PAYLOAD]


def test_sign_png_deterministic(sign: Sign) -> None:
    assert render_sign_png(sign) == render_sign_png(sign)
    assert render_sign_png(sign) != render_sign_png(replace(sign, amount=80000))


def test_sign_png_minimal_and_errors() -> None:
    bare = Sign(payload=PAYLOAD, bank_name="VietinBank", account="113366668888")
    assert decode_bytes(render_sign_png(bare)) == [PAYLOAD]
    with pytest.raises(RenderError) as err:
        render_sign_png(bare, width=100)
    assert err.value.field == "width"
    with pytest.raises(RenderError) as err:
        render_sign_png(bare, font_dir="/nonexistent")
    assert err.value.field == "font_dir"


LONG = Sign(
    payload=PAYLOAD,
    bank_name="Ngân hàng TMCP Công Thương Việt Nam chi nhánh Đống Đa Hà Nội",
    account="1234567890123456789",
    account_name="Công ty Trách nhiệm Hữu hạn Thương mại Dịch vụ Nguyễn Thị Hồng Đào và Con",
    amount=123_456_789_000,
    purpose="Thanh toán tiền hàng tháng mười một năm hai nghìn không trăm hai mươi sáu ABCDEFGHIJ",
    title="Hội chợ xuân Ất Tỵ — Sạp cá khô, mực một nắng và đặc sản miền biển của cô Đào",
    footer="Kiểm tra tên người nhận trước khi chuyển. " * 4 + "MÃ-XÁC-MINH-" * 6,
)


@pytest.mark.parametrize("height", [None, 776.0, 540.0])
@pytest.mark.parametrize("width", [297.64, 600.0])
def test_long_text_never_overflows(width: float, height: float | None) -> None:
    fonts = font_files()
    measure = pil_measure(fonts)
    layout = layout_sign(LONG, encode(LONG.payload), measure, width=width, height=height)
    assert layout.qr is not None
    for t in layout.texts:
        left = t.x - t.width / 2 if t.anchor == "middle" else t.x
        assert left >= 0 and left + t.width <= width + 0.01, t.text
        assert measure(t.text, t.bold, t.size) == pytest.approx(t.width)
        assert t.baseline <= layout.height
    assert layout.qr.x >= 0 and layout.qr.x + layout.qr.side <= width
    if height is not None:
        assert layout.height == height
    # nothing overlaps the QR and its quiet zone
    quiet = 4 * layout.qr.module
    for t in layout.texts:
        above = t.baseline + 0.25 * t.size <= layout.qr.y - quiet + 0.01
        below = t.baseline - 1.16 * t.size >= layout.qr.y + layout.qr.side + quiet - 0.01
        assert above or below, t.text


def test_long_sign_png_still_scans() -> None:
    assert decode_bytes(render_sign_png(LONG)) == [PAYLOAD]
    data, _ = render_template_image("print", LONG, fmt="png")
    assert decode_bytes(data) == [PAYLOAD]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("fmt", ["png", "jpg"])
def test_template_raster_scans(sign: Sign, template: str, fmt: str) -> None:
    data, mimetype = render_template_image(template, sign, fmt=fmt)
    assert mimetype == {"png": "image/png", "jpg": "image/jpeg"}[fmt]
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == TEMPLATE_SIZES[template]
        assert im.format == {"png": "PNG", "jpg": "JPEG"}[fmt]
    assert decode_bytes(data) == [PAYLOAD]
    assert render_template_image(template, sign, fmt=fmt)[0] == data


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_svg(sign: Sign, template: str) -> None:
    data, mimetype = render_template_image(template, sign, fmt="svg")
    assert mimetype == "image/svg+xml"
    svg = data.decode()
    if template == "qr_only":
        assert svg == render_svg(PAYLOAD, size=480)
        return
    w, h = TEMPLATE_SIZES[template]
    assert f'width="{w}" height="{h}"' in svg
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert "font-family=\"'Be Vietnam Pro', sans-serif\"" in svg
    top = ["Quét mã để thanh toán", "Sạp cá cô Đào"] if template == "print" else []
    assert texts[: len(top) + 3] == [*top, "Viet", "QR", "VietinBank"]
    if template == "compact":
        assert texts == ["Viet", "QR", "VietinBank"]
    else:
        assert "NGUYỄN THỊ HỒNG ĐÀO" in texts and "79.000 đ" in texts and "Nội dung" in texts
    # rasterise the QR path (translate + scale) and decode it
    m = re.search(r'transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)" d="([^"]*)"', svg)
    assert m is not None
    modules = encode(PAYLOAD).width
    img = Image.new("L", ((modules + 8) * 6,) * 2, 255)
    img.paste(rasterise_svg_path(m.group(4), modules), (24, 24))
    assert zxing_texts(img) == [PAYLOAD]


def test_template_pdf(sign: Sign) -> None:
    for template in TEMPLATES:
        data, mimetype = render_template_image(template, sign, fmt="pdf")
        assert mimetype == "application/pdf" and data.startswith(b"%PDF-")
        w, h = TEMPLATE_SIZES[template]
        assert media_box(data) == (w, h)
        assert page_count(data) == 1


def test_template_errors(sign: Sign) -> None:
    with pytest.raises(RenderError) as err:
        render_template_image("fancy", sign, fmt="png")
    assert err.value.field == "template"
    with pytest.raises(RenderError) as err:
        render_template_image("print", sign, fmt="gif")
    assert err.value.field == "fmt"
    assert set(FORMATS) == {"png", "jpg", "svg", "pdf"}


def test_qr_only_is_the_qr(sign: Sign) -> None:
    fonts = font_files()
    layout = layout_sign(
        sign,
        encode(PAYLOAD),
        pil_measure(fonts),
        width=480,
        height=480,
        style=TEMPLATE_STYLES["qr_only"],
    )
    assert layout.texts == [] and layout.frames == []


# Characters no sign can show: C0 and C1 controls, DEL, bidi overrides and zero-width format
# characters, a lone surrogate, noncharacters. Whitespace controls (tab, newline, vertical tab,
# form feed, NEL) become spaces.
UNSHOWABLE = "\x00\x01\x08\x1b\x7f\x9f\u200b\u202e\u2066\ud800\ufdd0\ufffe\uffff"


def _unshowable_sign() -> Sign:
    def dirty(text: str) -> str:
        return (
            "".join(f"{ch}{c}" for ch, c in zip(text, UNSHOWABLE * 3, strict=False))
            + text[len(UNSHOWABLE * 3) :]
        )

    return Sign(
        payload=PAYLOAD,
        bank_name=dirty("VietinBank"),
        account=dirty("113366668888"),
        account_name=dirty(HOLDER) + "\tA\nB\x0bC\x0cD\x85E",
        amount=79000,
        purpose=dirty("Ủng hộ quỹ vắc xin"),
        title=dirty("Quét mã để chuyển khoản"),
        footer=dirty("Cảm ơn quý khách"),
    )


def _printable(text: str) -> bool:
    return text.isprintable() and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def test_no_text_path_prints_a_control_character() -> None:
    """Every text of a sign goes through one filter: the layout (shared by PNG, SVG and PDF)
    holds only printable text, whatever the fields held."""
    sign = _unshowable_sign()
    layout = layout_sign(
        sign, encode(PAYLOAD), pil_measure(font_files()), width=600, style=Style(title=True)
    )
    texts = [t.text for t in layout.texts]
    assert texts and all(_printable(t) for t in texts), [t for t in texts if not _printable(t)]
    assert holder_display(HOLDER) + " A B C D E" in " ".join(texts)
    assert "VietinBank" in texts and "113366668888" in " ".join(texts)
    assert any("Ủng hộ quỹ vắc xin" in t for t in texts)


@pytest.mark.parametrize("template", TEMPLATES)
def test_svg_with_control_characters_is_well_formed(template: str) -> None:
    import xml.etree.ElementTree as ET

    data, _ = render_template_image(template, _unshowable_sign(), fmt="svg")
    root = ET.fromstring(data)  # raises on a character XML 1.0 does not allow
    texts = [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert all(_printable(t) for t in texts)
    if template in ("compact2", "print"):
        assert holder_display(HOLDER) + " A B C D E" in " ".join(texts)


@pytest.mark.parametrize("fmt", ["png", "jpg", "pdf"])
def test_other_formats_draw_signs_with_control_characters(fmt: str) -> None:
    sign = _unshowable_sign()
    data, _ = render_template_image("print", sign, fmt=fmt)
    assert data
    if fmt != "pdf":
        assert decode_bytes(data) == [PAYLOAD]
    assert decode_bytes(render_sign_png(sign)) == [PAYLOAD]
