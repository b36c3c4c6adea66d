"""Quét: VietQR payment codes, markets, gift events and adoption by locality.

Only the application factory lives here. Flask is imported inside it so that the pure cores
(`app.vietqr`, `app.render`) can be imported without pulling in the web stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application; `config` overrides every other source (tests use it)."""
    from flask import Flask

    from app.config import load_config
    from app.errors import register_errorhandlers
    from app.extensions import register_extensions
    from app.features import register_features
    from app.formatting import register_filters
    from app.forms import register_lost_session

    app = Flask(
        __name__,
        static_folder="../static",
        static_url_path="/static",
        instance_relative_config=True,
    )
    load_config(app, config)
    register_extensions(app)
    register_filters(app)
    register_errorhandlers(app)
    register_lost_session(app)
    register_features(app)
    return app
