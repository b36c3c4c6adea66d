"""The bank directory in use, read by the services and by the schemas that dump a bank."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from app.vietqr import BankDirectory

BANKS_OVERRIDE_FILE = "banks.json"


def bank_directory() -> BankDirectory:
    """The directory in use: the packaged one, or the one `flask banks update` wrote."""
    cached = current_app.extensions.get("quet.banks")
    if cached is None:
        override = Path(current_app.instance_path) / BANKS_OVERRIDE_FILE
        cached = BankDirectory.load(override if override.exists() else None)
        current_app.extensions["quet.banks"] = cached
    assert isinstance(cached, BankDirectory)
    return cached
