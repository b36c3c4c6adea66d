"""`flask demo load`: what `make run` shows on a fresh machine, loaded twice without change."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.localities.models import Locality


def test_demo_load_is_idempotent(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "admin@quet.local" in first.output
    counts = (
        db.session.scalar(select(func.count()).select_from(Locality)),
        db.session.scalar(select(func.count()).select_from(User)),
    )
    assert counts[0] == 34 + 3321 + 2 + 63 + 696 + 10051 and counts[1] == 6
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "Localities 2025: 0 added, 0 updated" in second.output
    assert "Localities before 2025: 0 added, 0 updated" in second.output
    assert "created" not in second.output
    # Every run lists each account with its role, locality and the password.
    for line in (
        "Demo accounts (password 'quet-demo-2026', local demo only):",
        "  canbo@quet.local       officer   Phường An Hội",
        "  xem@quet.local         viewer    Tỉnh Vĩnh Long",
        "  0912345678             vendor    -",
    ):
        assert line in second.output.splitlines(), second.output
    assert counts == (
        db.session.scalar(select(func.count()).select_from(Locality)),
        db.session.scalar(select(func.count()).select_from(User)),
    )


def test_demo_officer_can_sign_in(runner: FlaskCliRunner, client: FlaskClient) -> None:
    runner.invoke(args=["demo", "load"])
    response = client.post(
        "/dang-nhap", data={"email": "canbo@quet.local", "password": "quet-demo-2026"}
    )
    assert response.status_code in (302, 303)


def test_the_demo_vendor_signs_in_with_a_phone_number(
    runner: FlaskCliRunner, client: FlaskClient
) -> None:
    runner.invoke(args=["demo", "load"])
    response = client.post(
        "/dang-nhap", data={"email": "+84 912 345 678", "password": "quet-demo-2026"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/tai-khoan"


def test_demo_finds_a_pre_2025_name(runner: FlaskCliRunner, client: FlaskClient) -> None:
    """After `flask demo load` (what `make run` does) a search for "tỉnh Bến Tre" finds the old
    province and says what it became."""
    runner.invoke(args=["demo", "load"])
    page = client.get("/dia-ban?q=t%E1%BB%89nh+B%E1%BA%BFn+Tre").get_data(as_text=True)
    hit = page[page.index('class="unit-list results"') :]
    assert "Tỉnh Bến Tre" in hit and "Nay thuộc" in hit and "Tỉnh Vĩnh Long" in hit
