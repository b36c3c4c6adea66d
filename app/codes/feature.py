"""What the codes feature contributes: pages to make and check codes, the codes API, image
links (JSON errors under /qr/), the `flask qr` and `flask banks` commands, and what its
refusals say ("codes.…" → text)."""

from flask import Flask

from app.codes import quick_links, resources, routes
from app.codes.cli import banks_cli, qr_cli
from app.codes.messages import MESSAGES
from app.codes.services import open_app_image_cache
from app.feature import Feature


def set_up(app: Flask) -> None:
    """Open the image cache and put the quick-link layer in front of the app."""
    open_app_image_cache(app)
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
