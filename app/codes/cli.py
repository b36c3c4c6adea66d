"""`flask qr …` and `flask banks …`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from app.codes import services
from app.codes.schemas import QRRequestSchema, SignQuerySchema
from app.errors import DomainError
from app.render import HEADLINE_KINDS, PNG_SIZE_MAX, PNG_SIZE_MIN

qr_cli = AppGroup("qr", help="Make and check VietQR payment codes.")
banks_cli = AppGroup("banks", help="The NAPAS bank directory.")


def _refused(error: DomainError | ValidationError) -> click.ClickException:
    """A refusal for the terminal: the field and the precise (English) reason."""
    if isinstance(error, ValidationError):
        messages = error.messages if isinstance(error.messages, dict) else {"": error.messages}
        return click.ClickException(
            "; ".join(f"{field}: {' '.join(map(str, text))}" for field, text in messages.items())
        )
    reason = error.detail or error.message
    return click.ClickException(f"{error.field}: {reason}" if error.field else reason)


@qr_cli.command("encode")
@click.option("--bank", required=True, help="BIN, code, short or full name")
@click.option("--account", required=True, help="account or card number")
@click.option("--card", is_flag=True, help="the number is a card number (QRIBFTTC)")
@click.option("--amount", default=None, help="whole đồng, digits only")
@click.option("--purpose", default=None, help="transfer content, at most 25 characters")
@click.option("--bill-number", default=None)
@click.option("--reference", default=None)
@click.option("--name", "account_name", default=None, help="holder name, printed on the sign")
@click.option("--initiation", type=click.Choice(["static", "dynamic"]), default=None)
@click.option("--truncate", is_flag=True, help="cut over-long texts instead of refusing")
@click.option("--png", "png_path", type=click.Path(dir_okay=False), help="write the code as PNG")
@click.option("--svg", "svg_path", type=click.Path(dir_okay=False), help="write the code as SVG")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False), help="write an A6 sign PDF")
@click.option("--title", default=None, help="the sign's title line, e.g. a stall's name")
@click.option(
    "--headline",
    type=click.Choice(HEADLINE_KINDS),
    default="pay",
    show_default=True,
    help="the sign's headline: to pay, or a gift's occasion",
)
@click.option(
    "--size",
    type=click.IntRange(PNG_SIZE_MIN, PNG_SIZE_MAX),
    default=400,
    show_default=True,
    help="PNG size in pixels",
)
def encode(
    bank: str,
    account: str,
    card: bool,
    amount: str | None,
    purpose: str | None,
    bill_number: str | None,
    reference: str | None,
    account_name: str | None,
    initiation: str | None,
    truncate: bool,
    png_path: str | None,
    svg_path: str | None,
    pdf_path: str | None,
    title: str | None,
    headline: str,
    size: int,
) -> None:
    """Print the payload of a VietQR code; optionally write its images."""
    request_data = {
        "bank": bank,
        "account": account,
        "service": "card" if card else "account",
        "amount": amount,
        "purpose": purpose,
        "bill_number": bill_number,
        "reference": reference,
        "account_name": account_name,
        "initiation": initiation,
        "truncate": truncate,
    }
    try:
        made = services.make_code(QRRequestSchema().load(request_data))
        jobs = []
        if png_path:
            jobs.append((png_path, services.code_image(made.payload, "png", size=size)))
        if svg_path:
            jobs.append((svg_path, services.code_image(made.payload, "svg", size=size)))
        if pdf_path:
            printed = SignQuerySchema().load(
                {"payload": made.payload, "title": title, "headline": headline}
            )
            sign = made.sign(printed["title"] or None, headline=printed["headline"])
            jobs.append((pdf_path, services.sign_image(sign, "pdf", page="A6")))
        images = [(path, job.render()) for path, job in jobs]
    except (DomainError, ValidationError) as error:
        raise _refused(error) from error
    click.echo(made.payload)
    for path, data in images:
        Path(path).write_bytes(data)
        click.echo(f"wrote {path}", err=True)


@qr_cli.command("decode")
@click.argument("payload", required=False)
@click.option("--image", type=click.Path(exists=True, dir_okay=False), help="a photo of a code")
@click.option("--json", "as_json", is_flag=True, help="print the whole result as JSON")
def decode(payload: str | None, image: str | None, as_json: bool) -> None:
    """Check a payload (or the code in a photo); exits 1 when the code has defects."""
    if bool(payload) == bool(image):
        raise click.UsageError("give either PAYLOAD or --image FILE")
    try:
        decoded = (
            services.check_photo(Path(image).read_bytes())
            if image
            else services.check_payload(payload or "")
        )
    except DomainError as error:
        raise _refused(error) from error
    result = decoded.to_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(f"valid: {'yes' if decoded.valid else 'no'}")
        click.echo(f"verdict: {decoded.summary}")
        for key in (
            "provider",
            "bin",
            "account",
            "service",
            "initiation",
            "amount",
            "purpose",
            "bill_number",
            "reference",
        ):
            if result.get(key) is not None:
                click.echo(f"{key}: {result[key]}")
        if decoded.bank:
            click.echo(f"bank: {decoded.bank.short_name} ({decoded.bank.name})")
        for defect in decoded.defects:
            click.echo(f"{defect.severity} [{defect.tag or '-'}] {defect.code}: {defect.message}")
    if not decoded.valid:
        raise SystemExit(1)


@banks_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_banks(as_json: bool) -> None:
    """List the banks and e-wallets that receive VietQR transfers."""
    directory = services.bank_directory()
    if as_json:
        click.echo(json.dumps(directory.to_json(), ensure_ascii=False, indent=1))
        return
    for bank in directory:
        click.echo(f"{bank.bin}  {bank.code:<10} {bank.short_name:<16} {bank.name}")
    click.echo(f"{len(directory)} banks · source: {directory.source} · updated {directory.updated}")


@banks_cli.command("update")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default=None, help="where the file came from (kept in the directory)")
def update_banks(file: str, source: str | None) -> None:
    """Refresh the directory from a vietqr.io-style banks JSON (v2/banks)."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{file}: not a JSON file ({error})") from error
    try:
        change = services.update_bank_directory(data, source=source or Path(file).name)
    except DomainError as error:
        raise _refused(error) from error
    for bank in change.added:
        click.echo(f"+ {bank.bin} {bank.short_name}")
    for bank in change.removed:
        click.echo(f"- {bank.bin} {bank.short_name}")
    for old, new in change.changed:
        click.echo(f"~ {new.bin} {old.short_name} → {new.short_name}")
    click.echo(
        f"{change.total} banks: {len(change.added)} added, {len(change.removed)} removed, "
        f"{len(change.changed)} changed"
    )
