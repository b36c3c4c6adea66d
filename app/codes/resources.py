"""REST API of the codes feature."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("codes_api", __name__, description="codes")
