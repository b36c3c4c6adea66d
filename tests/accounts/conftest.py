from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def _app_context(app: Flask) -> Flask:
    """Every accounts test runs inside the app (and its emptied-afterwards database)."""
    return app
