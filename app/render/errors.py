"""The two exception types of the rendering core."""

from __future__ import annotations

from typing import Any

#: Every ``RenderError.code``.
RENDER_ERROR_CODES = (
    "not_integer",  # params: got
    "out_of_range",  # params: got, least, most
    "too_small",  # the image cannot hold the symbol: params got, least
    "unknown",  # not one of the choices: params got, allowed
    "empty",
    "too_long",  # params: got, most
    "missing",  # a font file
    "bad_symbol",  # the encoder returned something that is not a QR symbol
)

DECODE_ERROR_CODES = (
    "not_an_image",
    "too_large",
    "too_many_pixels",
    "no_code",
    "several_codes",
    "unreadable",
)


class RenderError(ValueError):
    """Bad render arguments; ``field`` names the argument, the message says what was allowed,
    ``code`` (one of :data:`RENDER_ERROR_CODES`) and ``params`` say it for a program."""

    def __init__(self, field: str, message: str, *, code: str, **params: Any) -> None:
        if code not in RENDER_ERROR_CODES:
            raise ValueError(f"unknown render error code {code!r}")
        self.field = field
        self.message = message
        self.code = code
        self.params = params
        super().__init__(f"{field}: {message}")


class ImageDecodeError(ValueError):
    """A photo or screenshot could not be turned into exactly the QR payloads expected."""

    def __init__(self, code: str, message: str) -> None:
        if code not in DECODE_ERROR_CODES:
            raise ValueError(f"unknown decode error code {code!r}")
        self.code = code
        self.message = message
        super().__init__(message)


def check_range(field: str, value: int, low: int, high: int) -> None:
    """Raise RenderError(field) unless ``low <= value <= high`` (bool is not an int here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RenderError(
            field,
            f"got {value!r}, expected an integer {low}..{high}",
            code="not_integer",
            got=value,
        )
    if not low <= value <= high:
        raise RenderError(
            field,
            f"got {value}, allowed {low}..{high}",
            code="out_of_range",
            got=value,
            least=low,
            most=high,
        )


def check_choice(field: str, value: str, allowed: tuple[str, ...]) -> None:
    """Raise RenderError(field) unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise RenderError(
            field,
            f"got {value!r}, allowed {', '.join(allowed)}",
            code="unknown",
            got=value,
            allowed=", ".join(allowed),
        )
