"""Pages shared by every feature."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request, send_from_directory
from sqlalchemy import text
from werkzeug.wrappers import Response as WerkzeugResponse

from app.extensions import LANGUAGE_COOKIE, db
from app.redirects import local_path

bp = Blueprint("site", __name__)


@bp.get("/lang/<code>")
def set_language(code: str) -> WerkzeugResponse:
    """Remember the chosen language (vi or en) for a year and go back."""
    response = redirect(local_path(request.args.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response


@bp.get("/healthz")
def health() -> tuple[dict[str, str], int]:
    """Liveness and database reachability, for the load balancer."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}, 200


@bp.get("/api/docs")
def api_docs() -> Response:
    """The API reference page, served from static/ (no CDN)."""
    return send_from_directory(current_app.static_folder or "static", "apidocs/index.html")
