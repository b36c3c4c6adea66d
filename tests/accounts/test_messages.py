"""The accounts and audit features refuse with `DomainError` codes, each with its own message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from app.accounts import services
from app.accounts.messages import MESSAGES as ACCOUNTS
from app.audit.messages import MESSAGES as AUDIT
from app.errors import DomainError
from tests.factories import make_user

APP = Path(__file__).resolve().parents[2] / "app"


@pytest.mark.parametrize(("feature", "messages"), [("accounts", ACCOUNTS), ("audit", AUDIT)])
def test_every_code_raised_has_a_message_and_every_message_is_raised(
    app: Flask, feature: str, messages: dict[str, object]
) -> None:
    source = "\n".join(
        path.read_text("utf-8")
        for path in (APP / feature).rglob("*.py")
        if path.name != "messages.py"
    )
    # Every "feature.name" string in the code that is not an endpoint ("accounts.login").
    raised = set(re.findall(rf'"({feature}\.[a-z_]+)"', source)) - set(app.view_functions)
    assert raised - set(messages) == set(), "codes without a message"
    assert set(messages) - raised == set(), "messages no code uses"


def test_no_field_error_abort_or_url_for_in_the_services() -> None:
    for feature in ("accounts", "audit"):
        for path in (APP / feature).rglob("*.py"):
            text = path.read_text("utf-8")
            assert "FieldError" not in text, path
            if path.name == "services.py":
                assert "abort(" not in text and "url_for" not in text, path
                assert "db.session.commit()" not in text, path


def test_a_refusal_carries_code_field_status_and_message(app: Flask) -> None:
    user = make_user("lan@x.vn")
    with pytest.raises(DomainError) as caught:
        services.create_token(user, "x" * 101)
    error = caught.value
    assert (error.code, error.field, error.status) == ("accounts.token_name_too_long", "name", 422)
    assert error.message == "Tên dài nhất 100 ký tự."
    with pytest.raises(DomainError) as caught:
        services.revoke_token(user, 999_999)
    assert (caught.value.code, caught.value.status) == ("accounts.token_not_found", 404)
    with pytest.raises(DomainError) as caught:
        services.users_in_scope(user)
    assert (caught.value.code, caught.value.status) == ("accounts.users_forbidden", 403)
