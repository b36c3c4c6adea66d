"""`flask demo load`: a little demo data so that a fresh `make run` has something to show.

It imports the 2025 provinces and communes and the pre-2025 ones (so that a search for "tỉnh
Bến Tre" finds the old province and says what it became), adds two khu phố under Phường An
Hội (Tỉnh Vĩnh Long, the former Bến Tre city), creates one account per role, plus a vendor
who signs in with a phone number only, and adds a market of forty vendors and a cashless street
there (`app.markets.demo`), and a wedding of two sides hosted by the demo host, with guests,
a ledger and the host's contacts (`app.events.demo`). Running it again changes nothing. Every
demo account is printed with its role, locality and password (`make run` shows them); the
password is for a laptop, never for a server.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit_log import acting_as
from app.events import demo as events_demo
from app.extensions import db
from app.feature import AuditLabels, Feature
from app.localities import importers, tree
from app.localities import services as localities
from app.localities.models import Locality
from app.markets import demo as markets_demo
from app.reports import scale as scale_data
from app.teams import demo as teams_demo

demo_cli = AppGroup("demo", help="Demo data.")

DEMO_PASSWORD = "quet-demo-2026"
DEMO_COMMUNE = ("vn2025", "commune", "28777")  # Phường An Hội, Tỉnh Vĩnh Long
DEMO_PROVINCE = ("vn2025", "province", "86")  # Tỉnh Vĩnh Long
DEMO_HAMLETS = (("Khu phố 1", "khu_pho"), ("Khu phố 2", "khu_pho"))


def _account(login: str, name: str) -> tuple[User, bool]:
    """The demo account signing in with `login` (an email or a phone number), made if missing."""
    user = accounts.get_user_by_login(login)
    if user is not None:
        return user, False
    if "@" in login:
        return accounts.create_user(login, DEMO_PASSWORD, name), True
    return accounts.sign_up(None, name, DEMO_PASSWORD, phone=login), True


@demo_cli.command("load")
def load_demo() -> None:
    """Load the demo data (idempotent: a second run changes nothing)."""
    with acting_as("demo"):
        report = importers.import_current()
        click.echo(f"Localities 2025: {report.summary()}.")
        report = importers.import_legacy()
        click.echo(f"Localities before 2025: {report.summary()}.")
        commune = tree.get_by_code(*DEMO_COMMUNE)
        province = tree.get_by_code(*DEMO_PROVINCE)
        if commune is None or province is None:
            raise click.ClickException("the demo commune is missing from vietnam-provinces")
        existing = set(
            db.session.scalars(select(Locality.name).where(Locality.parent_id == commune.id))
        )
        for name, kind in DEMO_HAMLETS:
            if name not in existing:
                localities.add_hamlet(commune, name, kind)
        people = [
            ("admin@quet.local", "Quản trị viên", "admin", None),
            ("canbo@quet.local", "Cán bộ phường An Hội", "officer", commune),
            ("xem@quet.local", "Sở Công Thương Vĩnh Long", "viewer", province),
            ("tieuthuong@quet.local", "Cô Đào bán cá", "vendor", None),
            ("0912345678", "Chú Tư bán rau", "vendor", None),
            ("chunha@quet.local", "Gia đình anh Hùng", "host", None),
        ]
        rows = []
        for login, name, role, locality in people:
            user, created = _account(login, name)
            accounts.grant_role(user, role, locality)
            if created:
                click.echo(f"Account {login} ({role}) created.")
            rows.append((login, role, locality.name if locality else "-"))
        officer = accounts.get_user_by_email("canbo@quet.local")
        click.echo(markets_demo.load(commune, officer).summary())
        host = accounts.get_user_by_email("chunha@quet.local")
        click.echo(events_demo.load(commune, host).summary())
        click.echo(teams_demo.load(commune, officer).summary())
    click.echo(f"\nDemo accounts (password {DEMO_PASSWORD!r}, local demo only):")
    width = max(len(login) for login, _role, _where in rows)
    for login, role, where in rows:
        click.echo(f"  {login:<{width}}  {role:<8}  {where}")


@demo_cli.command("seed")
@click.option("--scale", "scale", type=click.Choice(tuple(scale_data.SCALES)), required=True)
def seed_scale(scale: str) -> None:
    """Generate scale data (commune, province or national) for the dashboard's benchmark."""
    if scale_data.already_seeded():
        raise click.ClickException("scale data is already seeded here; use a fresh database")
    with click.progressbar(length=scale_data.planned_rows(scale_data.SCALES[scale])) as bar:
        report = scale_data.seed(scale, bar.update)
    click.echo(report.summary())


FEATURE = Feature(
    "demo", commands=(demo_cli,), audit_labels=AuditLabels(actors={"demo": _l("Dữ liệu mẫu")})
)
