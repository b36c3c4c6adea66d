"""What the codes feature contributes: pages to make and check codes, the codes API, image
links (JSON errors under /qr/), the `flask qr` and `flask banks` commands, and what its
refusals say ("codes.…" → text)."""

from app.codes import resources, routes
from app.codes.cli import banks_cli, qr_cli
from app.codes.messages import MESSAGES
from app.codes.services import open_app_image_cache
from app.feature import Feature

FEATURE = Feature(
    "codes",
    pages=routes.bp,
    api=resources.blp,
    commands=(qr_cli, banks_cli),
    messages=MESSAGES,
    json_prefixes=("/qr/",),
    setup=open_app_image_cache,
)
