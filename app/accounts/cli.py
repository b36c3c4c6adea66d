"""`flask users …`: create admins, grant roles, list users (changes are audited as "cli")."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import ROLES, SCOPED_ROLES, User
from app.audit_log import acting_as
from app.errors import DomainError
from app.extensions import db
from app.localities.models import ERAS, LEVELS
from app.localities.tree import get_by_code

users_cli = AppGroup("users", help="User accounts and roles.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", help="Asked for (hidden, twice) when not given.")
@click.option("--name", default="", help="Display name.")
def create_admin(email: str, password: str | None, name: str) -> None:
    """Create an admin account, or make an existing account admin."""
    with acting_as("cli"):
        user = services.get_user_by_email(email)
        if user is None:
            if password is None:
                password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            try:
                user = services.create_user(email, password, name)
            except DomainError as error:
                raise click.ClickException(error.message) from error
            click.echo(f"Created {user.login_name}.")
        elif password is not None:
            raise click.ClickException(
                f"{user.login_name} already exists; its password is not changed from here."
            )
        services.grant_role(user, "admin")
    click.echo(f"{user.login_name} is admin.")


@users_cli.command("grant")
@click.argument("login")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--locality-code", help="Official code of the locality (officer and viewer).")
@click.option("--era", type=click.Choice(ERAS), default="vn2025", show_default=True)
@click.option(
    "--level",
    type=click.Choice([level for level in LEVELS if level != "hamlet"]),
    default="commune",
    show_default=True,
)
def grant(login: str, role: str, locality_code: str | None, era: str, level: str) -> None:
    """Give an existing user (by email or phone number) a role; officers and viewers need
    --locality-code."""
    user = services.get_user_by_login(login)
    if user is None:
        raise click.ClickException(f"No user with email or phone {services.login_key(login)}.")
    locality = None
    if role in SCOPED_ROLES:
        if not locality_code:
            raise click.ClickException(f"{role} needs --locality-code (and --level, --era).")
        locality = get_by_code(era, level, locality_code)
        if locality is None:
            raise click.ClickException(f"No {era} {level} with code {locality_code}.")
    elif locality_code:
        raise click.ClickException(f"{role} is not held for a locality; drop --locality-code.")
    with acting_as("cli"):
        try:
            services.grant_role(user, role, locality)
        except DomainError as error:
            raise click.ClickException(error.message) from error
    where = f" of {locality.name} ({locality.code})" if locality else ""
    click.echo(f"{user.login_name} is {role}{where}.")


@users_cli.command("list")
def list_users() -> None:
    """Every user with their roles."""
    for user in db.session.scalars(select(User).order_by(User.email, User.phone, User.id)):
        roles = ", ".join(
            f"{a.role}@{a.locality.code or a.locality.name}" if a.locality else a.role
            for a in user.roles
        )
        state = "" if user.is_active else " (inactive)"
        click.echo(f"{user.login_name}{state}\t{user.name}\t{roles or '-'}")
