"""vietqr.io's quick links, `/qr/<bank>-<account>-<template>.<fmt>?amount=&addInfo=&accountName=`,
and the thin WSGI layer that answers the plain ones before Flask's routing and request hooks.

Shops embed quick links in `<img>` tags, so they are fetched like static files (issue 9). A
plain request (GET or HEAD, no cookie, no Authorization header, no body, a printable ASCII path
and a query the request guard need not scan) is answered by `QuickLinkLayer` with the very
functions the Flask view uses (`quick_link_job`, `image_response`, the security headers), when
`app.extensions.request_hooks_idle` says that Flask's hooks would add nothing else. Everything
else, and every request whose answer is not an image or a 304 (an unknown bank, a malformed
link, an error of any kind), goes through Flask as before, so errors, limits and headers are
Flask's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Request, Response, abort

from app.codes import services
from app.codes.responses import image_response
from app.codes.schemas import CodeRequest, QRRequestSchema
from app.extensions import request_hooks_idle
from app.request_guards import plain_query
from app.security_headers import add_security_headers

RULE = "/qr/<string:spec>.<any(png, jpg, svg, pdf):fmt>"
ENDPOINT = "codes.quick_link"
#: The paths of `RULE` whose segment is printable ASCII (no space, no "/"): Werkzeug decodes
#: them to the same text, and the request guard has nothing to refuse in them.
_PLAIN_PATH = re.compile(r"/qr/(?P<spec>[!-.0-~]{1,200})\.(?P<fmt>png|jpg|svg|pdf)")
_PLAIN_METHODS = frozenset({"GET", "HEAD"})

#: Built once: a marshmallow schema's construction copies its fields (~90 µs, as much as the
#: rest of a 304), and loading with a shared instance is safe (the schema keeps no state).
_SCHEMA = QRRequestSchema()


def quick_link_job(spec: str, fmt: str, asked: Request) -> services.ImageJob:
    """The image a quick link asks for; its ETag is known before the query is even parsed.
    A link that is not `<bank>-<account>[-<template>]` is a 404."""
    parts = spec.split("-")
    if len(parts) == 2:
        parts.append("compact")
    if len(parts) != 3:
        abort(404, description="use /qr/<bank>-<account>-<template>.<png|jpg|svg|pdf>")
    bank, account, template = parts

    def code_request() -> CodeRequest:
        args = asked.args
        loaded: CodeRequest = _SCHEMA.load(
            {
                "bank": bank,
                "account": account,
                "amount": args.get("amount") or None,
                "purpose": args.get("addInfo"),
                "account_name": args.get("accountName"),
                # As img.vietqr.io does: a link sits in an <img> tag, where a refusal is only a
                # broken image, so addInfo is transliterated, what the payload cannot carry is
                # dropped and the rest cut at 25 characters (the JSON API stays strict).
                "truncate": True,
            }
        )
        return loaded

    return services.quick_link_image(template, fmt, (spec, asked.query_string), code_request)


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class QuickLinkLayer:
    """WSGI middleware in front of `app.wsgi_app`: answers plain quick-link requests itself,
    passes every other request (and any it cannot answer with an image or a 304) on."""

    def __init__(self, app: Flask, wsgi_app: WsgiApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._open: bool | None = None  # decided at the first quick link, once the app is built

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        response = None
        if (
            environ.get("REQUEST_METHOD") in _PLAIN_METHODS
            and "HTTP_COOKIE" not in environ
            and "HTTP_AUTHORIZATION" not in environ
        ):
            match = _PLAIN_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match is not None and self.open():
                response = self._answer(environ, match["spec"], match["fmt"])
        if response is None:
            return self.wsgi_app(environ, start_response)
        return response(environ, start_response)

    def open(self) -> bool:
        """Whether this app lets the layer answer (decided once: the URL map and the hooks are
        complete when the first request comes)."""
        if self._open is None:
            # As Flask does at its first request: adding a hook from now on is an error, so a
            # hook cannot slip in after this decision.
            self.app._got_first_request = True
            try:
                rules = [rule for rule in self.app.url_map.iter_rules() if rule.rule[:4] == "/qr/"]
                self._open = (
                    [(rule.rule, rule.endpoint) for rule in rules] == [(RULE, ENDPOINT)]
                    and {"GET", "HEAD"} <= (rules[0].methods or set())
                    and request_hooks_idle(self.app, ENDPOINT)
                )
            except Exception:  # whatever cannot be checked keeps the layer closed
                self._open = False
        return self._open

    def _answer(self, environ: dict[str, Any], spec: str, fmt: str) -> Response | None:
        """The image or the 304, or None to let Flask answer (its errors are the app's)."""
        try:
            if not plain_query(environ):
                return None
            asked = self.app.request_class(environ, populate_request=False)
            with self.app.app_context():
                response = image_response(quick_link_job(spec, fmt, asked), asked)
                return add_security_headers(self.app, response)
        except Exception:  # Flask does it again and answers as it always has
            return None


def install(app: Flask) -> None:
    """Put the quick-link layer in front of `app` (kept by the test client and any server)."""
    app.wsgi_app = QuickLinkLayer(app, app.wsgi_app)  # type: ignore[method-assign]
