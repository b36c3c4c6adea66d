"""`flask localities …`."""

from __future__ import annotations

from flask.cli import AppGroup

localities_cli = AppGroup("localities", help="Administrative units and hamlets.")
