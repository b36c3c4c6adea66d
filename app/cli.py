"""Command-line groups: `flask qr …`, `flask banks …`, `flask localities …`, `flask users …`,
`flask demo …`."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Attach every feature's click group to `flask`."""
    from app.accounts.cli import users_cli
    from app.codes.cli import banks_cli, qr_cli
    from app.demo import demo_cli
    from app.localities.cli import localities_cli

    for group in (qr_cli, banks_cli, localities_cli, users_cli, demo_cli):
        app.cli.add_command(group)
