"""HTTP answers for images: strong ETags, long caching, 304 without drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Request, Response, current_app, request

if TYPE_CHECKING:  # the services re-export `image_response` for other features
    from app.codes.services import ImageJob


def send_image(job: ImageJob, *, download: bool = False) -> Response:
    """Answer the current request with the image, or with 304 when the client already holds
    these bytes."""
    return image_response(job, request, download=download)


def image_response(job: ImageJob, asked: Request, *, download: bool = False) -> Response:
    """The answer to `asked` (a request whose If-None-Match is read): 304 when it holds the
    ETag, else the image (drawn, or fetched from the image cache)."""
    max_age = int(current_app.config["IMAGE_CACHE_SECONDS"])
    headers = {
        "ETag": f'"{job.etag}"',
        "Cache-Control": f"public, max-age={max_age}, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    if asked.if_none_match.contains(job.etag):
        return Response(status=304, headers=headers)
    disposition = "attachment" if download else "inline"
    headers["Content-Disposition"] = f'{disposition}; filename="{job.filename}"'
    return Response(job.render(), mimetype=job.mimetype, headers=headers)
