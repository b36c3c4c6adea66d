"""`flask signs …`: print the signs of a whole market or street into one PDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.errors import DomainError
from app.markets import printing, services
from app.markets.models import PRINT_PAGES
from app.render import RenderError
from app.render.batch import write_signs_pdf

signs_cli = AppGroup("signs", help="Vendors' signs.")


@signs_cli.command("print")
@click.option("--market", "market_id", type=int, help="The market's id.")
@click.option("--street", "street_id", type=int, help="The cashless street's id.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The PDF to write.",
)
@click.option("--page", type=click.Choice(PRINT_PAGES), default="A6", show_default=True)
def print_command(market_id: int | None, street_id: int | None, out: Path, page: str) -> None:
    """Print every approved vendor's sign of a market (in stall order) or a street (in house
    number order) into one PDF, with a progress bar."""
    if (market_id is None) == (street_id is None):
        raise click.UsageError("give exactly one of --market ID or --street ID")
    try:
        place = (
            services.get_market(market_id)
            if market_id is not None
            else services.get_street(street_id or 0)
        )
    except DomainError as error:
        kind = "market" if market_id is not None else "street"
        raise click.ClickException(f"there is no {kind} {market_id or street_id}") from error
    planned = printing.plan(market_id=market_id, street_id=street_id)
    if not planned.vendor_ids:
        raise click.ClickException(
            f"{place.name}: no sign to print ({planned.no_account} vendors without a primary "
            f"account, {planned.pending} pending approval)"
        )
    part = out.with_name(out.name + ".part")
    try:
        stream = part.open("wb")
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror}") from error
    try:
        bar = click.progressbar(
            length=len(planned.vendor_ids), label=str(place.name), file=sys.stderr
        )
        with stream, bar:
            written = write_signs_pdf(
                printing.signs_in_order(planned.vendor_ids),
                stream,
                page=page,
                progress=lambda _done: bar.update(1),
            )
        os.replace(part, out)
    except (OSError, RenderError) as error:
        part.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {out}: {error}") from error
    click.echo(
        f"{out}: {written} signs ({page}); left out: {planned.no_account} without a primary "
        f"account, {planned.pending} pending approval"
    )
