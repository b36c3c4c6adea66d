"""Production mode as a deployment starts it: environment variables, a new interpreter, wsgi.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = "9f" * 32

# Run inside the fresh process: create the schema, a user, log in over HTTPS and report what a
# browser would see, and whether a session cookie signed with another key is accepted.
PROBE = r"""
import json
import re

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import generate_password_hash

from wsgi import app
from app.extensions import db
from app.accounts.models import User

with app.app_context():
    db.create_all()
    password_hash = generate_password_hash("mat-khau-dai-du-10")
    db.session.add(User(email="admin@x.vn", password_hash=password_hash))
    db.session.commit()

client = app.test_client()
form = client.get("/dang-nhap", base_url="https://quet.example.vn").get_data(as_text=True)
csrf_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
login = client.post(
    "/dang-nhap",
    data={
        "email": "admin@x.vn",
        "password": "mat-khau-dai-du-10",
        "remember": "y",
        "csrf_token": csrf_token,
    },
    base_url="https://quet.example.vn",
    headers={"Referer": "https://quet.example.vn/dang-nhap"},
)
secret = None
with client.session_transaction(base_url="https://quet.example.vn") as session:
    secret = session.get("_user_id")
lang = client.get("/lang/en?next=/", base_url="https://quet.example.vn")

def forged_with(key):
    signer = Flask("forger")
    signer.secret_key = key
    cookie = SecureCookieSessionInterface().get_signing_serializer(signer).dumps(
        {"_user_id": secret, "_fresh": True}
    )
    other = app.test_client()
    other.set_cookie("session", cookie, domain="quet.example.vn")
    return other.get("/api/v1/me", base_url="https://quet.example.vn").status_code

print(json.dumps({
    "env": app.config["QUET_ENV"],
    "debug": app.debug,
    "login": login.status_code,
    "cookies": login.headers.getlist("Set-Cookie") + lang.headers.getlist("Set-Cookie"),
    "own_key": forged_with(app.secret_key),
    "dev_key": forged_with("dev-only-not-secret"),
}))
"""


def _run(
    env_overrides: dict[str, str], tmp_path: Path, code: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUET_")}
    env.pop("DATABASE_URL", None)
    env.pop("FLASK_DEBUG", None)
    env["DATABASE_URL"] = "sqlite:///" + str(tmp_path / "prod.db")
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"QUET_ENV": "production"}, "SECRET_KEY is not set"),
        ({"QUET_ENV": "production", "QUET_SECRET_KEY": ""}, "SECRET_KEY is not set"),
        (
            {"QUET_ENV": "production", "QUET_SECRET_KEY": "dev-only-not-secret"},
            "public development key",
        ),
        ({"QUET_ENV": "production", "QUET_SECRET_KEY": "short-key"}, "shorter than 32"),
        ({"QUET_ENV": "prod", "QUET_SECRET_KEY": GOOD_KEY}, "QUET_ENV='prod' is not one of"),
    ],
    ids=["no-key", "empty-key", "dev-key", "short-key", "misspelt-env"],
)
def test_production_refuses_to_start(
    tmp_path: Path, overrides: dict[str, str], expected: str
) -> None:
    result = _run(overrides, tmp_path, "from wsgi import app")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr[-2000:]


def test_production_started_from_the_environment_signs_and_secures_its_cookies(
    tmp_path: Path,
) -> None:
    result = _run({"QUET_ENV": "Production", "QUET_SECRET_KEY": GOOD_KEY}, tmp_path, PROBE)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["env"] == "production" and report["debug"] is False
    assert report["login"] == 302
    names = {cookie.split("=", 1)[0] for cookie in report["cookies"]}
    assert {"session", "remember_token", "lang"} <= names
    for cookie in report["cookies"]:
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "secure" in attributes, cookie
        assert "httponly" in attributes, cookie
        assert "samesite=lax" in attributes, cookie
    # A cookie is only as good as its signature: the public development key forges nothing.
    assert report["own_key"] == 200
    assert report["dev_key"] == 401


def test_development_is_the_default_and_keeps_insecure_local_cookies(tmp_path: Path) -> None:
    code = (
        "from wsgi import app; print(app.config['QUET_ENV'], app.config['SESSION_COOKIE_SECURE'])"
    )
    result = _run({}, tmp_path, code)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["development", "False"]
