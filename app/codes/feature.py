"""What the codes feature contributes: pages to make and check codes, the codes API, image
links (JSON errors under /qr/, described in the API reference), the `flask qr` and `flask
banks` commands, and what its refusals say ("codes.…" → text)."""

from flask import Flask

from app.codes import quick_links, resources, routes
from app.codes.cli import banks_cli, qr_cli
from app.codes.messages import MESSAGES
from app.codes.quick_link_docs import document_quick_links
from app.codes.services import open_app_image_cache
from app.extensions import api
from app.feature import Feature


def set_up(app: Flask) -> None:
    """Open the image cache, document the quick links, put the quick-link layer in front."""
    open_app_image_cache(app)
    document_quick_links(api)
    quick_links.install(app)


FEATURE = Feature(
    "codes",
    pages=routes.bp,
    api=resources.blp,
    commands=(qr_cli, banks_cli),
    messages=MESSAGES,
    json_prefixes=("/qr/",),
    setup=set_up,
)
