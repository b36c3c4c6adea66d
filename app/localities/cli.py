"""`flask localities …`: load the official units, search, import a commune's hamlets."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import AppGroup

from app.audit_log import acting_as
from app.errors import DomainError
from app.localities import hamlet_templates, importers, services, tree

localities_cli = AppGroup("localities", help="Administrative units and hamlets.")


@localities_cli.command("import")
@click.option(
    "--legacy", is_flag=True, help="Also load the pre-2025 units and the old → new commune map."
)
def import_command(legacy: bool) -> None:
    """Load or refresh the 2025 provinces and communes (idempotent)."""

    with acting_as("cli"):
        started = time.perf_counter()
        report = importers.import_current()
        click.echo(f"vn2025: {report.summary()} ({time.perf_counter() - started:.2f} s)")
        if legacy:
            started = time.perf_counter()
            report = importers.import_legacy()
            click.echo(f"legacy: {report.summary()} ({time.perf_counter() - started:.2f} s)")


@localities_cli.command("search")
@click.argument("text")
@click.option("--era", type=click.Choice(["vn2025", "legacy"]), default=None)
@click.option(
    "--level", type=click.Choice(["province", "district", "commune", "hamlet"]), default=None
)
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
def search_command(text: str, era: str | None, level: str | None, limit: int) -> None:
    """Find units by name, with or without diacritics ("ben tre", "Phường An Hội")."""

    found = services.search(text, era=era, level=level, per_page=limit)
    for item in found.items:
        trail = " > ".join(a.name for a in item.ancestors)
        code = item.code or "-"
        click.echo(f"{item.id}\t{item.era}\t{item.level}\t{code}\t{item.name}\t{trail}")
    click.echo(f"{found.total} found", err=True)


@localities_cli.command("hamlets-import")
@click.argument("commune_code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
def hamlets_import_command(commune_code: str, file: Path, dry_run: bool) -> None:
    """Add the hamlets listed in FILE (CSV or XLSX) under the 2025 commune COMMUNE_CODE."""

    data = file.read_bytes()
    try:
        commune = tree.get_by_code("vn2025", "commune", commune_code)
        if commune is None:
            raise DomainError(
                "localities.code_unknown", "code", era="vn2025", level="commune", value=commune_code
            )
        preview = services.preview_hamlet_file(commune, file.name, data)
        for draft in preview.rows:
            problems = "; ".join(f"{p.field}: {p.message}" for p in draft.problems)
            status = "ok" if draft.ok else "ERROR"
            click.echo(f"{draft.line}\t{status}\t{draft.stored_name or draft.name}\t{problems}")
        if not preview.valid:
            raise services.HamletRowsError(preview.rows)
        if dry_run:
            click.echo(f"dry run: {len(preview.rows)} rows would be added to {commune.name}")
            return
        with acting_as("cli"):
            created = services.import_hamlet_file(commune, file.name, data)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{len(created)} hamlets added to {commune.name}")


@localities_cli.command("hamlets-template")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def hamlets_template_command(file: Path) -> None:
    """Write the blank hamlet list to FILE (.xlsx or .csv) for `hamlets-import`."""
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in hamlet_templates.FORMATS:
        raise click.BadParameter("the file must end in .xlsx or .csv", param_hint="FILE")
    file.write_bytes(hamlet_templates.template(fmt))
    click.echo(f"template written to {file}")
