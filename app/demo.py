"""`flask demo load`: a little demo data so that a fresh `make run` has something to show.

It imports the 2025 provinces and communes, adds two khu phố under Phường An Hội (Tỉnh Vĩnh
Long, the former Bến Tre city), creates one account per role, and adds a market of forty
vendors and a cashless street there (`app.markets.demo`). Running it again changes
nothing. The demo password is printed; it is for a laptop, never for a server.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit_log import acting_as
from app.extensions import db
from app.feature import Feature
from app.localities import importers, tree
from app.localities import services as localities
from app.localities.models import Locality
from app.markets import demo as markets_demo

demo_cli = AppGroup("demo", help="Demo data.")

DEMO_PASSWORD = "quet-demo-2026"
DEMO_COMMUNE = ("vn2025", "commune", "28777")  # Phường An Hội, Tỉnh Vĩnh Long
DEMO_PROVINCE = ("vn2025", "province", "86")  # Tỉnh Vĩnh Long
DEMO_HAMLETS = (("Khu phố 1", "khu_pho"), ("Khu phố 2", "khu_pho"))


def _account(email: str, name: str) -> tuple[User, bool]:
    user = accounts.get_user_by_email(email)
    if user is not None:
        return user, False
    return accounts.create_user(email, DEMO_PASSWORD, name), True


@demo_cli.command("load")
def load_demo() -> None:
    """Load the demo data (idempotent: a second run changes nothing)."""
    with acting_as("demo"):
        report = importers.import_current()
        click.echo(f"Localities 2025: {report.summary()}.")
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
            ("chunha@quet.local", "Gia đình anh Hùng", "host", None),
        ]
        for email, name, role, locality in people:
            user, created = _account(email, name)
            accounts.grant_role(user, role, locality)
            if created:
                click.echo(f"Account {email} ({role}) created.")
        officer = accounts.get_user_by_email("canbo@quet.local")
        click.echo(markets_demo.load(commune, officer).summary())
    click.echo(f"Demo accounts use the password {DEMO_PASSWORD!r} (local demo only).")


FEATURE = Feature("demo", commands=(demo_cli,))
