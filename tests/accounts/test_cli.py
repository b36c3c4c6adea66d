"""`flask users create-admin | grant | list`."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.accounts.permissions import can_manage, is_admin
from app.accounts.services import get_user_by_email
from app.audit_log import AuditEntry
from app.extensions import db
from tests.factories import Places, make_user


def test_create_admin_with_password_option(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["users", "create-admin", "Boss@X.vn", "--password", "x" * 12])
    assert result.exit_code == 0, result.output
    user = get_user_by_email("boss@x.vn")
    assert user is not None and is_admin(user)
    assert check_password_hash(user.password_hash, "x" * 12)
    entry = db.session.scalar(select(AuditEntry))
    assert entry is not None and entry.actor_label == "cli" and entry.after["role"] == "admin"


def test_create_admin_prompts_for_the_password(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create-admin", "boss@x.vn"], input="p" * 12 + "\n" + "p" * 12 + "\n"
    )
    assert result.exit_code == 0, result.output
    user = get_user_by_email("boss@x.vn")
    assert user is not None and check_password_hash(user.password_hash, "p" * 12)


def test_create_admin_refuses_a_short_password(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["users", "create-admin", "boss@x.vn", "--password", "short"])
    assert result.exit_code != 0 and "10" in result.output
    assert get_user_by_email("boss@x.vn") is None


def test_create_admin_promotes_an_existing_user(runner: FlaskCliRunner) -> None:
    make_user("lan@x.vn", "vendor")
    result = runner.invoke(args=["users", "create-admin", "lan@x.vn"])
    assert result.exit_code == 0, result.output
    user = get_user_by_email("lan@x.vn")
    assert user is not None and is_admin(user) and user.has_role("vendor")


def test_grant_officer_by_locality_code(runner: FlaskCliRunner, places: Places) -> None:
    make_user("lan@x.vn")
    result = runner.invoke(
        args=["users", "grant", "lan@x.vn", "officer", "--locality-code", "91001"]
    )
    assert result.exit_code == 0, result.output
    assert "Xã An Bình" in result.output
    user = get_user_by_email("lan@x.vn")
    assert user is not None and can_manage(user, places.hamlet)
    province = runner.invoke(
        args=[
            "users",
            "grant",
            "lan@x.vn",
            "viewer",
            "--locality-code",
            "91",
            "--level",
            "province",
        ]
    )
    assert province.exit_code == 0, province.output


def test_grant_errors(runner: FlaskCliRunner, places: Places) -> None:
    make_user("lan@x.vn")
    cases = [
        (["users", "grant", "nobody@x.vn", "host"], "No user"),
        (["users", "grant", "lan@x.vn", "officer"], "--locality-code"),
        (["users", "grant", "lan@x.vn", "officer", "--locality-code", "99999"], "No vn2025"),
        (["users", "grant", "lan@x.vn", "host", "--locality-code", "91001"], "not held"),
        (["users", "grant", "lan@x.vn", "king"], "Invalid value"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)


def test_list_users(runner: FlaskCliRunner, places: Places) -> None:
    make_user("b@x.vn", ("officer", places.commune_a), "host", name="Bình")
    make_user("a@x.vn")
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["a@x.vn\t\t-", "b@x.vn\tBình\tofficer@91001, host"]
