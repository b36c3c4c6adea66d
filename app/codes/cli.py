"""`flask qr …` and `flask banks …`."""

from __future__ import annotations

from flask.cli import AppGroup

qr_cli = AppGroup("qr", help="Make and check VietQR payment codes.")
banks_cli = AppGroup("banks", help="The NAPAS bank directory.")
