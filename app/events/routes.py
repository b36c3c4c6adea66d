"""Pages of the events feature (every page module adds its views to this blueprint)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("events", __name__, template_folder="templates")
