"""Identical hamlet additions at the same time: one is written, the others are conflicts (409
or 422), never a 500 — a unique index refusing a write is a conflict on a named field."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import insert

from app.errors import DomainError
from app.extensions import db
from app.localities import services
from app.localities.models import Locality
from app.localities.names import search_key
from tests.factories import bearer, make_user
from tests.localities.conftest import hamlet_count


def _twin_committed_elsewhere(commune: Locality, name: str, kind: str, code: str | None) -> None:
    """What a concurrent request does between our duplicate check and our insert."""
    with db.engine.begin() as connection:
        connection.execute(
            insert(Locality).values(
                era="vn2025",
                level="hamlet",
                kind=kind,
                code=code,
                name=name,
                search_name=search_key(name, kind),
                parent_id=commune.id,
                path=f"{commune.path}0/",
                depth=commune.depth + 1,
            )
        )


@pytest.mark.parametrize(
    ("twin_name", "twin_code", "field"),
    [("Ấp 3", None, "name"), ("Ấp Khác", "AP03", "code")],
)
def test_losing_the_race_is_a_conflict_on_the_field(
    an_hoi: Locality,
    monkeypatch: pytest.MonkeyPatch,
    twin_name: str,
    twin_code: str | None,
    field: str,
) -> None:
    original = services._insert_hamlet

    def racing(commune: Locality, draft: services.HamletDraft) -> Locality:
        _twin_committed_elsewhere(commune, twin_name, "ap", twin_code)
        return original(commune, draft)

    monkeypatch.setattr(services, "_insert_hamlet", racing)
    with pytest.raises(DomainError) as caught:
        services.add_hamlet(an_hoi, "Ấp 3", "ap", "AP03")
    assert (caught.value.status, caught.value.field) == (409, field)
    assert hamlet_count(an_hoi) == 1  # the twin only
    monkeypatch.setattr(services, "_insert_hamlet", original)
    assert services.add_hamlet(an_hoi, "Ấp 4", "ap").name == "Ấp 4"  # the session still works


def test_losing_the_race_in_a_file_import(
    an_hoi: Locality, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = services._insert_hamlet
    calls: list[int] = []

    def racing(commune: Locality, draft: services.HamletDraft) -> Locality:
        if not calls:
            _twin_committed_elsewhere(commune, "Ấp 2", "ap", None)
        calls.append(draft.line)
        return original(commune, draft)

    monkeypatch.setattr(services, "_insert_hamlet", racing)
    data = "tên,loại\nẤp 1,Ấp\nẤp 2,Ấp\n".encode()
    with pytest.raises(DomainError) as caught:
        services.import_hamlet_file(an_hoi, "x.csv", data)
    assert (caught.value.status, caught.value.field) == (409, "name")
    assert hamlet_count(an_hoi) == 1  # all or nothing: only the twin


def test_other_integrity_errors_still_propagate(an_hoi: Locality) -> None:
    from sqlalchemy.exc import IntegrityError

    from app.transaction import transaction

    with pytest.raises(IntegrityError), transaction({}):
        db.session.add(
            Locality(era="nope", level="hamlet", kind="ap", name="x", search_name="x", path="/")
        )
        db.session.flush()
    assert hamlet_count(an_hoi) == 0


def test_eight_identical_additions_at_once(live_server: str, an_hoi: Locality) -> None:
    """Eight threads post the same hamlet to a live server: one 201, seven 409/422, no 500."""
    headers = {
        **bearer(make_user("o@example.vn", ("officer", an_hoi))),
        "Content-Type": "application/json",
    }
    db.session.commit()
    url = f"{live_server}/api/v1/localities/{an_hoi.id}/hamlets"
    body = json.dumps({"name": "Ấp Mới", "kind": "ap", "code": "M1"}).encode()
    start = threading.Barrier(8)
    answers: list[tuple[int, dict[str, Any]]] = []

    def post() -> None:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        start.wait(timeout=10)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answers.append((response.status, json.load(response)))
        except urllib.error.HTTPError as error:
            answers.append((error.code, json.load(error)))

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = Counter(status for status, _body in answers)
    assert statuses[201] == 1 and statuses[409] + statuses[422] == 7, answers
    for status, answer in answers:
        if status != 201:
            assert set(answer["errors"]) & {"name", "code"}, answer
    db.session.rollback()
    assert hamlet_count(an_hoi) == 1
