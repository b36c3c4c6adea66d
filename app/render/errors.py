"""The two exception types of the rendering core."""

from __future__ import annotations

DECODE_ERROR_CODES = (
    "not_an_image",
    "too_large",
    "too_many_pixels",
    "no_code",
    "several_codes",
    "unreadable",
)


class RenderError(ValueError):
    """Bad render arguments; ``field`` names the argument, the message says what was allowed."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class ImageDecodeError(ValueError):
    """A photo or screenshot could not be turned into exactly the QR payloads expected."""

    def __init__(self, code: str, message: str) -> None:
        if code not in DECODE_ERROR_CODES:
            raise ValueError(f"unknown decode error code {code!r}")
        self.code = code
        self.message = message
        super().__init__(message)
