"""HTTP answers for images: strong ETags, long caching, 304 without drawing."""

from __future__ import annotations

from flask import Response, current_app, request

from app.codes.services import ImageJob


def send_image(job: ImageJob, *, download: bool = False) -> Response:
    """Answer with the image, or with 304 when the client already holds these bytes."""
    max_age = int(current_app.config["IMAGE_CACHE_SECONDS"])
    headers = {
        "ETag": f'"{job.etag}"',
        "Cache-Control": f"public, max-age={max_age}, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    if request.if_none_match.contains(job.etag):
        return Response(status=304, headers=headers)
    disposition = "attachment" if download else "inline"
    headers["Content-Disposition"] = f'{disposition}; filename="{job.filename}"'
    return Response(job.render(), mimetype=job.mimetype, headers=headers)
