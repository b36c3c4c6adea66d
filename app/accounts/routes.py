"""Pages of the accounts feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")
