from __future__ import annotations

import pytest
from flask import Flask

from tests.accounts.factories import Places


@pytest.fixture(autouse=True)
def _app_context(app: Flask) -> Flask:
    """Every accounts test runs inside the app (and its emptied-afterwards database)."""
    return app


@pytest.fixture
def places(app: Flask) -> Places:
    return Places()
