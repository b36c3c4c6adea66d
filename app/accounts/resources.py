"""REST API of the accounts feature."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("accounts_api", __name__, description="accounts")
