"""Every feature's blueprints, registered in one place."""

from __future__ import annotations

from flask import Flask

from app.extensions import api, csrf


def register_blueprints(app: Flask) -> None:
    """Register page blueprints on the app and API blueprints on flask-smorest."""
    from app.accounts import resources as accounts_api
    from app.accounts import routes as accounts_pages
    from app.audit import routes as audit_pages
    from app.codes import resources as codes_api
    from app.codes import routes as codes_pages
    from app.localities import resources as localities_api
    from app.localities import routes as localities_pages
    from app.site import routes as site_pages

    for module in (site_pages, codes_pages, localities_pages, accounts_pages, audit_pages):
        app.register_blueprint(module.bp)
    for api_module in (codes_api, localities_api, accounts_api):
        # The API authenticates with bearer tokens, not cookies, so CSRF tokens do not apply.
        csrf.exempt(api_module.blp)
        api.register_blueprint(api_module.blp, url_prefix="/api/v1")
