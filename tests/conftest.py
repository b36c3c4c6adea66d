"""Fixtures shared by the whole suite: `app`, `db`, `client`, `runner`, `live_server`, `page`.

The suite runs on SQLite by default. With QUET_TEST_DB=postgres (set by `make test` when
QUET_TEST_POSTGRES_URL names a server) it runs on PostgreSQL, in a fresh database that this
session creates and drops.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.codes.image_cache import open_image_cache
from app.codes.services import IMAGE_CACHE_KEY
from app.extensions import db as _db
from app.extensions import limiter
from tests.factories import Places

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = os.environ.get("QUET_CHROMIUM", "/usr/bin/chromium")


@contextmanager
def fresh_database(prefix: str, tmp_dir: Path) -> Iterator[str]:
    """The URL of a new empty database, dropped afterwards: a SQLite file in `tmp_dir`, or,
    with QUET_TEST_DB=postgres, a database created on the QUET_TEST_POSTGRES_URL server."""
    if os.environ.get("QUET_TEST_DB") != "postgres":
        yield "sqlite:///" + str(tmp_dir / f"{prefix}.db")
        return
    server_url = os.environ.get(
        "QUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
    )
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A throwaway database need not wait for the disk at every commit (test-only setting).
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(connection: Any, _record: Any) -> None:
    """Test databases are thrown away: SQLite need not wait for the disk at every commit (the
    suite commits thousands of times). The app itself keeps SQLite's safe default."""
    if type(connection).__module__ == "sqlite3":
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database for this test session."""
    with fresh_database("quet_test", tmp_path_factory.mktemp("db")) as url:
        yield url


def make_app(database_url: str, **overrides: Any) -> Flask:
    """An app for tests: CSRF and rate limits off unless a test turns them on."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SECRET_KEY": "test-secret",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _schema(database_url: str) -> Iterator[None]:
    """Create every table once per session (the migrations are tested on their own)."""
    app = make_app(database_url)
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    yield


def _empty_all_tables() -> None:
    engine = _db.engine
    tables = list(reversed(_db.metadata.sorted_tables))
    with engine.begin() as conn:
        # DELETE, not TRUNCATE: PostgreSQL's TRUNCATE of ~40 tables took about 1 s (it makes
        # new files for every table), a DELETE of the few rows a test wrote takes milliseconds.
        for table in tables:
            conn.execute(table.delete())
        if engine.dialect.name == "postgresql":
            # Ids start at 1 again in every test, as on a new database.
            conn.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))


@pytest.fixture
def app(database_url: str, _schema: None, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """A fresh app on the session database; every table is emptied after the test.

    Mark a test `@pytest.mark.app_config(KEY=value)` to override configuration.
    """
    marker = request.node.get_closest_marker("app_config")
    overrides = dict(marker.kwargs) if marker else {}
    if overrides or request.node.get_closest_marker("fresh_app"):
        application = make_app(database_url, **overrides)
    else:
        application = _shared_app(database_url)
    application.test_client_class = FreshGClient
    config = dict(application.config)
    extensions = dict(application.extensions)
    instance_path = application.instance_path
    # A shared app starts every test with an empty image cache, as a new app would.
    application.extensions[IMAGE_CACHE_KEY] = open_image_cache(config.get("IMAGE_CACHE_URL"))
    with application.app_context():
        yield application
        _db.session.remove()
        _empty_all_tables()
        _db.engine.dispose()
    application.config.clear()
    application.config.update(config)
    application.extensions.clear()
    application.extensions.update(extensions)
    application.instance_path = instance_path
    # Flask-Mailman's in-memory backend keeps its outbox on the extension.
    application.extensions["mailman"].__dict__.pop("outbox", None)


_SHARED_APPS: dict[str, Flask] = {}


def _shared_app(database_url: str) -> Flask:
    """The default-configured app, built once per session: building one compiles every route
    and the OpenAPI document (about 0.3 s), which would otherwise be paid by every test.

    Tests that add routes or hooks are marked `fresh_app`; tests with `app_config` get their
    own. Flask-Limiter keeps its state on the one module-level limiter that every app shares,
    so it is set back to this app's (disabled) configuration each time."""
    application = _SHARED_APPS.get(database_url)
    if application is None:
        application = _SHARED_APPS[database_url] = make_app(database_url)
    limiter.enabled = bool(application.config["RATELIMIT_ENABLED"])
    return application


class FreshGClient(FlaskClient):
    """The test's app context stays open so that its body and its requests share one session;
    `g` is per request in production, so every test request starts with an empty one (else
    Flask-Login's cached user or Flask-Babel's locale would carry into the next request).

    Cleared by the client, not by a `request_started` receiver: a receiver would close the
    quick-link layer (`app.codes.quick_links`), which then could not be tested."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)


@pytest.fixture
def db(app: Flask) -> Any:
    """The Flask-SQLAlchemy handle, inside the app context."""
    return _db


@pytest.fixture
def places(app: Flask) -> Places:
    """Province P with communes A and B (hamlet H under A), province Q with commune C."""
    return Places()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


# ---- browser tests -------------------------------------------------------------------------


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by playwright; skips with the reason when it is missing."""
    chromium = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if not chromium:
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} "
            "(apt-get install chromium; .ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A phone-sized page (360 px wide) with the base URL set to the live server."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 740}, device_scale_factor=2
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits(page: Any, width: int = 360) -> None:
    """Nothing overflows a phone's `width`-px viewport (wide tables scroll inside their own
    box), measured once the page's stylesheets are in (its load event): measured before, an
    unstyled page can be wider than it will be."""
    page.wait_for_load_state("load")
    found = page.evaluate("document.documentElement.scrollWidth")
    assert found <= width, f"the page is {found}px wide on a {width}px screen"


def scroll_to_text(page: Any, text: str) -> Any:
    """The element showing exactly `text`, scrolled into view: the API reference (Swagger UI)
    draws its long list of operations only near the screen, so a test scrolls to reach one."""
    found = page.get_by_text(text, exact=True)
    page.wait_for_load_state("load")
    for _ in range(200):
        if found.count():
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    found.first.scroll_into_view_if_needed()
    return found.first


def sign_in_page(page: Any, email: str, password: str) -> None:
    """Log in through the real login form (the browser keeps the session cookie)."""
    page.goto("/dang-nhap")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/dang-nhap" not in url)
