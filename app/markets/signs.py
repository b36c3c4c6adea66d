"""A vendor's printed sign: the VietQR code of their primary account with their name, their stall
and market (or house number and street), bank and account, and their sign code printed small.

A self-registered vendor's sign says in red that it is not yet confirmed until an officer
approves the record, so that a fraudster who registers someone else's stall does not get an
official-looking sign.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from app.codes import services as codes
from app.markets.models import Vendor
from app.markets.services import sign_code_of
from app.render import MAX_SIGN_LINE, Sign

#: Printed on a pending vendor's sign (signs are printed in Vietnamese, the payer's language).
PENDING_NOTICE: Final = "CHƯA XÁC NHẬN – biển đang chờ cán bộ duyệt, chưa dùng để thu tiền"


def place_line(vendor: Vendor) -> str:
    """Where the vendor trades, as the sign prints it: "Sạp 12 · Khu A · Chợ An Hội" or
    "Số 25 · Phố Hàng Đào"."""
    if vendor.market is not None:
        parts = [f"Sạp {stall.number}" for stall in vendor.stalls if stall.number]
        sections = sorted({stall.section for stall in vendor.stalls if stall.section})
        parts += sections
        parts.append(vendor.market.name)
    else:
        assert vendor.street is not None
        parts = [f"Số {vendor.house_number}"] if vendor.house_number else []
        parts.append(vendor.street.name)
    return " · ".join(parts)[:MAX_SIGN_LINE]


def sign_of(vendor: Vendor) -> Sign | None:
    """The vendor's sign, or None while they have no primary account."""
    made = sign_code_of(vendor)
    if made is None:
        return None
    return replace(
        made.sign(vendor.name[:MAX_SIGN_LINE]),
        footer=place_line(vendor),
        notice=PENDING_NOTICE if vendor.registration == "pending" else None,
        code=vendor.sign_code,
    )


def sign_file(vendor: Vendor, fmt: str, page: str = "A6") -> codes.ImageJob | None:
    """The vendor's sign as PNG, or PDF in A6 (one sign) or A4 (four to cut), named after the
    sign code; None without a primary account."""
    sign = sign_of(vendor)
    if sign is None:
        return None
    job = codes.sign_image(sign, fmt, page=page)
    suffix = "" if fmt == "png" else f"-{page}"
    return replace(job, filename=f"bien-{vendor.sign_code}{suffix}.{fmt}")
