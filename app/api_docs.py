"""What the OpenAPI document says about callers and errors, shared by every API blueprint.

- The bearer scheme (`Authorization: Bearer quet_…`, tokens from the account page) is declared
  once; operations that need a signed-in caller require it, public ones accept it optionally
  (an unknown or revoked token is a 401 even there).
- No catch-all "default" error answer: each operation lists the error statuses its view really
  gives (`answers(blp, 401, 404, …)`), all in the one error shape `{code, status, message,
  errors}`, so a status the document does not name is a bug that schemathesis reports.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from flask_smorest import Api, Blueprint

BEARER = "bearerAuth"
#: Operations that need a signed-in caller (a bearer token; a browser's session cookie works too).
SIGNED_IN: list[dict[str, list[str]]] = [{BEARER: []}]
#: Public operations: anonymous, or with a token (which must then be valid).
PUBLIC: list[dict[str, list[str]]] = [{}, {BEARER: []}]


def prepare(api: Api) -> None:
    """Before blueprints register: no catch-all error answer (each operation lists its own)."""
    api.DEFAULT_ERROR_RESPONSE_NAME = None


def declare_security(api: Api) -> None:
    """Declare the bearer scheme in the document of the app `api` was just bound to."""
    api.spec.components.security_scheme(
        BEARER,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from the account page (`quet_…`), acting with exactly "
            "its owner's roles.",
        },
    )


def answers(
    blp: Blueprint, *statuses: int, security: list[dict[str, list[str]]] | None = None
) -> Callable[[Any], Any]:
    """Document the error statuses a view gives (and who may call it)."""

    def decorate(view: Any) -> Any:
        for status in sorted(statuses, reverse=True):
            view = blp.alt_response(status, response=HTTPStatus(status).name)(view)
        if security is not None:
            view = blp.doc(security=security)(view)
        return view

    return decorate
