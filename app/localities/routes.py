"""Pages of the localities feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("localities", __name__, template_folder="templates")
