"""The yardstick of bench_http: a bare Flask app with one route and nothing else.

No extension, no hook, no session: what Flask and gunicorn cost for a request that answers a
small PNG-sized body. The quick link is measured against it, served by the same gunicorn
settings in the same run.
"""

from __future__ import annotations

from flask import Flask, Response

#: About the size of a 480 px qr_only quick link PNG.
BODY = b"\x89PNG\r\n\x1a\n" + bytes(1300)


def create() -> Flask:
    """A Flask app answering GET /img.png with `BODY`."""
    app = Flask(__name__)

    @app.get("/img.png")
    def image() -> Response:
        return Response(BODY, mimetype="image/png")

    return app
