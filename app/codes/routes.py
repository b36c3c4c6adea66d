"""Pages of the codes feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("codes", __name__, template_folder="templates")
