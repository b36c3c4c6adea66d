"""The table card (thiệp bàn): a printable PDF for the reception table, one page per side with
an account, in A5 or A6: the event's title and occasion, the side's name and hosts' names, and
its QR carrying the side's code as purpose, laid out and drawn by the render core
(`app.render.pdf`, the same layout as the markets' signs, with the embedded font subset so every
Vietnamese letter prints)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from app.codes import services as codes
from app.errors import DomainError
from app.events.hosting import hosted_event
from app.events.models import EventSide, GiftEvent
from app.render import MAX_SIGN_LINE, Sign
from app.render.fonts import font_files
from app.render.layout import layout_sign
from app.render.pdf import PAGE_SIZES, PDF_STYLE, draw_layout, new_pdf, pdf_bytes, pdf_measure
from app.render.symbol import encode

#: Page sizes in pt: A5 for a stand on the table, A6 for a small card.
CARD_SIZES: Final = {"A5": (419.53, 595.28), "A6": PAGE_SIZES["A6"]}
#: The sign's headline for each kind of event (`app.render.HEADLINE_KINDS`).
HEADLINES: Final = {
    "dam_cuoi": "wedding",
    "dam_hoi": "wedding",
    "tan_gia": "housewarming",
    "thoi_noi": "birthday",
    "mung_tho": "birthday",
}


def side_sign(event: GiftEvent, side: EventSide) -> Sign:
    """A side's card: its account's QR with the side's code as purpose, the event's title, the
    side's and hosts' names beneath."""
    made = codes.make_code(
        codes.CodeRequest(
            bank=side.bank_bin,
            account=side.account_number,
            account_name=side.account_name or None,
            purpose=side.code,
        )
    )
    names = " · ".join(part for part in (side.name, side.hosts_names) if part)
    return replace(
        made.sign(event.title[:MAX_SIGN_LINE], headline=HEADLINES.get(event.kind, "gift")),
        footer=names[:MAX_SIGN_LINE],
        code=side.code,
    )


def table_card(user: Any, event_id: int, size: str) -> tuple[bytes, str]:
    """The card of an event the user hosts as PDF bytes and a file name; every side with an
    account gets a page (whether or not its QR shows on the public page: the hosts print it)."""
    event = hosted_event(user, event_id)
    if size not in CARD_SIZES:
        raise DomainError("events.card_size", "kho")
    signs = [side_sign(event, side) for side in event.sides if side.has_account]
    if not signs:
        raise DomainError("events.card_no_account", "kho", status=409)
    width, height = CARD_SIZES[size]
    pdf = new_pdf(font_files(), (width, height), event.title)
    measure = pdf_measure(pdf)
    for sign in signs:
        pdf.add_page()
        symbol = encode(sign.payload, encoder=codes.encoder())
        layout = layout_sign(sign, symbol, measure, width=width, height=height, style=PDF_STYLE)
        draw_layout(pdf, layout)
    return pdf_bytes(pdf), f"thiep-ban-{size}.pdf"
