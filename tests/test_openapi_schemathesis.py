"""schemathesis against the served OpenAPI document: every operation, every kind of caller.

Each generated request (valid and invalid ones) is sent anonymously and with a bearer token of
each role (admin, officer and viewer of a commune, vendor, host), on the suite's database
(SQLite or PostgreSQL). Every answer must:

- not be a server error (no 5xx, whatever the input);
- have a status code the document declares, a declared content type, and a body matching the
  declared schema;
- accept what the document calls valid (2xx, or 401/403/404/409 for who asks and what exists)
  and refuse what it calls invalid (4xx): so the document must say what the app enforces.

A new endpoint is checked the day it appears. Generation is derandomised and bounded so the
whole run stays within a few tens of seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app
from tests.factories import Places, bearer, make_user

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _document() -> dict[str, Any]:
    """The document as the app serves it (it comes from the code: no database is opened)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "doc"})
    return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=8,
    deterministic=True,
    with_security_parameters=False,
)

ROLES = ("admin", "officer", "viewer", "vendor", "host")


@pytest.fixture
def callers(app: Flask) -> Iterator[dict[str, dict[str, str]]]:
    """Headers per caller: anonymous, then a bearer token for each role."""
    places = Places()
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES:
        assigned: Any = (role, places.commune_a) if role in ("officer", "viewer") else role
        user = make_user(f"{role}@example.vn", assigned)
        headers[role] = bearer(user)
    yield headers


@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_document(
    case: Any, app: Flask, callers: dict[str, dict[str, str]]
) -> None:
    generated = dict(case.headers or {})
    for caller, headers in callers.items():
        case.headers = {k: v for k, v in generated.items() if k.lower() != "authorization"}
        response = case.call(app=app, headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as failure:
            failure.add_note(f"caller: {caller}")
            raise


# ---- what the document promises, asserted directly ------------------------------------------

DOCUMENT = _document()
SIGNED_IN_ONLY = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{token_id}"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/invitations"),
    ("get", "/api/v1/invitations"),
    ("delete", "/api/v1/invitations/{invitation_id}"),
    ("post", "/api/v1/users/{user_id}/password-reset"),
    ("get", "/api/v1/audit"),
    ("post", "/api/v1/localities/{commune_id}/hamlets"),
    ("post", "/api/v1/localities/{commune_id}/hamlets/import"),
    ("get", "/api/v1/bank-accounts"),
    ("post", "/api/v1/bank-accounts"),
    ("get", "/api/v1/bank-accounts/{account_id}"),
    ("patch", "/api/v1/bank-accounts/{account_id}"),
    ("delete", "/api/v1/bank-accounts/{account_id}"),
    ("patch", "/api/v1/hamlets/{hamlet_id}"),
    ("post", "/api/v1/hamlets/{hamlet_id}/move"),
    ("post", "/api/v1/hamlets/{hamlet_id}/retire"),
    ("post", "/api/v1/hamlets/{hamlet_id}/restore"),
    *(
        (method, f"/api/v1/{path}")
        for path, methods in {
            "markets": ("get", "post"),
            "markets/{market_id}": ("get", "patch"),
            "markets/{market_id}/stalls": ("get", "post"),
            "stalls/{stall_id}": ("patch",),
            "markets/{market_id}/recognitions": ("get", "post"),
            "streets": ("get", "post"),
            "streets/{street_id}": ("get", "patch"),
            "vendors": ("get", "post"),
            "vendors/{vendor_id}": ("get", "patch"),
            "vendors/{vendor_id}/accounts": ("get", "post"),
            "vendor-accounts/{account_id}": ("patch", "delete"),
            "vendors/{vendor_id}/steps": ("get", "post"),
            "vendor-statuses": ("get",),
            "recognition-criteria": ("get", "post"),
            "recognition-criteria/{criterion_id}": ("patch",),
            "vendor-registrations": ("get",),
            "vendors/{vendor_id}/approve": ("post",),
            "vendors/{vendor_id}/reject": ("post",),
            "markets/{market_id}/check-rounds": ("get", "post"),
            "streets/{street_id}/check-rounds": ("get", "post"),
            "check-rounds/{round_id}": ("get",),
            "check-rounds/{round_id}/finish": ("post",),
            "check-rounds/{round_id}/checks": ("post",),
            "sign-checks/{check_id}/resolve": ("post",),
            "{place}/{place_id}/vendors/import": ("post",),
            "{place}/{place_id}/vendors/export.{fmt}": ("get",),
            "markets/{market_id}/sign-prints": ("post",),
            "streets/{street_id}/sign-prints": ("post",),
            "sign-prints/{job_id}": ("get",),
            "sign-prints/{job_id}/file": ("get",),
            # gift events (app.events): their hosts' alone
            "events": ("get", "post"),
            "events/{event_id}": ("get", "patch", "delete"),
            "events/{event_id}/archive": ("put",),
            "events/{event_id}/sides": ("get", "post"),
            "events/{event_id}/sides/{side_id}": ("get", "patch", "delete"),
            "events/{event_id}/sides/{side_id}/ceremonies": ("get", "post"),
            "events/{event_id}/sides/{side_id}/ceremonies/{ceremony_id}": (
                "get",
                "patch",
                "delete",
            ),
            "events/{event_id}/hosts": ("get", "post"),
            "events/{event_id}/hosts/{host_id}": ("delete",),
            "events/{event_id}/wishes": ("get",),
            "events/{event_id}/wishes/{wish_id}": ("patch",),
            "events/{event_id}/rsvps": ("get",),
            "events/{event_id}/guests": ("get", "post"),
            "events/{event_id}/guests/{guest_id}": ("get", "patch", "delete"),
            "events/{event_id}/guests/{guest_id}/new-link": ("post",),
            "events/{event_id}/guests/import": ("post",),
            # a host's contacts (app.events.contact_api): the caller's own
            "contacts": ("get", "post"),
            "contacts/{contact_id}": ("get", "patch", "delete"),
            "contacts/{contact_id}/given": ("get", "post"),
            "contacts/{contact_id}/given/{gift_id}": ("patch", "delete"),
            "contacts/import": ("post",),
            "events/{event_id}/ledger": ("get", "post"),
            "events/{event_id}/ledger/{entry_id}": ("get", "patch", "delete"),
            "events/{event_id}/ledger/sync": ("post",),
            "events/{event_id}/ledger/totals": ("get",),
            "events/{event_id}/ledger/thanked": ("post",),
            "events/{event_id}/ledger/export.{fmt}": ("get",),
            # the dashboard's figures (app.reports.resources): scoped by role
            "reports/indicators": ("get",),
            "reports/breakdown": ("get",),
            "reports/series": ("get",),
            "reports/map": ("get",),
            # periodic reports (part "periods"): figures, reports and targets of a unit
            "reports/figures": ("get", "post"),
            "reports/figures/{figure_id}": ("delete",),
            "reports/periodic/{locality_id}/{period}": ("get",),
            "reports/periodic/{locality_id}/{period}/explanations": ("put",),
            "reports/periodic/{locality_id}/{period}/submit": ("post",),
            "reports/periodic/{locality_id}/{period}/approve": ("post",),
            "reports/periodic/{locality_id}/{period}/reopen": ("post",),
            "reports/periodic/waiting": ("get",),
            "reports/targets": ("get", "post"),
            "reports/targets/{target_id}": ("patch", "delete"),
            "reports/targets/progress": ("get",),
        }.items()
        for method in methods
    ),
    # community teams (app.teams): officers their subtree, viewers read, topics the admin's
    *(
        (method, f"/api/v1/{path}")
        for path, methods in {
            "teams": ("get", "post"),
            "teams/{team_id}": ("get", "patch"),
            "teams/{team_id}/dissolve": ("post",),
            "teams/{team_id}/reform": ("post",),
            "teams/{team_id}/members": ("get", "post"),
            "team-members/{member_id}": ("get", "patch"),
            "teams/{team_id}/activities": ("get", "post"),
            "team-activities/{activity_id}": ("get", "patch", "delete"),
            "teams/{team_id}/{kind}/import": ("post",),
            "activity-topics": ("get", "post"),
            "activity-topics/{topic_id}": ("patch",),
            "pilot-models": ("get", "post"),
            "pilot-models/{pilot_id}": ("patch",),
        }.items()
        for method in methods
    ),
}
#: Signed-in operations on the caller's own records: nothing to forbid (another's is a 404).
#: An event is its hosts' own and a contact its owner's: anyone else gets 404, as for one that
#: does not exist.
OWN_RECORDS = (
    "/api/v1/me",
    "/api/v1/tokens",
    "/api/v1/bank-accounts",
    "/api/v1/events",
    "/api/v1/contacts",
)
#: Signed-in operations that refuse nobody signed in (the Chợ 4.0 checklist and the teams' topic
#: list are read by all).
READ_BY_ANY_SIGNED_IN = (
    "/api/v1/recognition-criteria",
    "/api/v1/activity-topics",
    # the indicators' list, and the map (values outside the caller's scope are left out)
    "/api/v1/reports/indicators",
    "/api/v1/reports/map",
    # the reports waiting for the caller's approval: an empty list for someone who approves none
    "/api/v1/reports/periodic/waiting",
)


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method, path, operation


def test_the_document_declares_the_bearer_scheme_and_real_error_answers() -> None:
    schemes = DOCUMENT["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    seen = set()
    for method, path, operation in _operations():
        seen.add((method, path))
        responses = operation["responses"]
        assert "default" not in responses, f"{method} {path}: a catch-all hides real answers"
        assert "401" in responses, f"{method} {path}: a bad token is a 401 everywhere"
        security = operation["security"]
        if (method, path) in SIGNED_IN_ONLY:
            assert security == [{"bearerAuth": []}], (method, path)
            assert "403" in responses or path.startswith(OWN_RECORDS + READ_BY_ANY_SIGNED_IN)
        else:
            assert {} in security, f"{method} {path} is public: anonymous callers are allowed"
    assert SIGNED_IN_ONLY <= seen


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/v1/qr", {"bank": "970415", "account": "1133", "truncate": 0}, "truncate"),
        (
            "post",
            "/api/v1/qr",
            {"bank": "970415", "account": "1133", "truncate": "yes"},
            "truncate",
        ),
        ("post", "/api/v1/qr/decode", {"payload": ""}, "payload"),
        (
            "post",
            "/api/v1/invitations",
            {"email": "a@b.vn", "role": "viewer", "locality_id": 0},
            "locality_id",
        ),
        ("post", "/api/v1/tokens", {"name": ""}, "name"),
    ],
)
def test_what_the_document_refuses_the_app_refuses(
    app: Flask, callers: dict[str, dict[str, str]], method: str, path: str, body: Any, field: str
) -> None:
    """Values the schemas now exclude (an empty payload, 0 as an id, 0 or "yes" as a boolean)
    are answered 422 naming the field, as the document says."""
    response = app.test_client().open(path, method=method, json=body, headers=callers["admin"])
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
