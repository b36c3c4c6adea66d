"""REST API of the localities feature."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("localities_api", __name__, description="localities")
