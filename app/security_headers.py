"""Security headers on every response (pages, API, images, static files, errors).

- `Content-Security-Policy`: scripts, styles, fonts and requests come from this host only, with
  no inline script, inline style or `on…=` handler (the pages' behaviour lives in
  `static/js/`). Images may also be `data:` and `blob:` URLs (Swagger UI draws its icons from
  `data:` URLs; a chosen photo is previewed from a `blob:`). The site cannot be framed
  (`frame-ancestors 'none'`, and `X-Frame-Options: DENY` for older browsers) and forms post
  only to this host.
- `X-Content-Type-Options: nosniff`: a served file is what its type says.
- `Referrer-Policy: strict-origin-when-cross-origin`, unless a view chose a stricter one (the
  invitation page and the token pages say `no-referrer`: their URLs or bodies hold secrets).
- `Strict-Transport-Security` only in production (`QUET_ENV=production`): over plain HTTP
  in development it would only pin a browser to HTTPS on localhost.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000; includeSubDomains"

_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


SECURITY_HEADERS_KEY = "quet.security_headers"


def _header_adder(production: bool) -> Callable[[Response], Response]:
    """The after_request hook: the headers above, the list built once at start."""
    headers = dict(_HEADERS, **({"Strict-Transport-Security": HSTS} if production else {}))
    wanted = [(name.lower(), name, value) for name, value in headers.items()]

    def add_security_headers(response: Response) -> Response:
        """Set the headers; a header a view already set (a stricter policy) is kept."""
        present = {name.lower() for name in response.headers.keys()}
        response.headers.extend(
            [(name, value) for low, name, value in wanted if low not in present]
        )
        return response

    return add_security_headers


def init_app(app: Flask) -> None:
    """Add the headers to every response of `app` (HSTS when it runs as production)."""
    from app.extensions import quiet_for_plain_requests  # it imports this module

    adder = _header_adder(app.config.get("QUET_ENV") == "production")
    app.extensions[SECURITY_HEADERS_KEY] = adder
    # A layer answering plain requests outside Flask applies it itself (below).
    app.after_request(quiet_for_plain_requests(app, adder))


def add_security_headers(app: Flask, response: Response) -> Response:
    """The same headers on a response made outside Flask's request handling (the quick-link
    layer in front of the app, `app.codes.quick_links`)."""
    adder: Callable[[Response], Response] = app.extensions[SECURITY_HEADERS_KEY]
    return adder(response)
