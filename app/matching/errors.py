"""The one exception type of the code core."""

from typing import Any

#: Every ``CodeError.code``: what kind of refusal it is.
CODE_ERROR_CODES = (
    "not_text",  # not a string at all
    "empty",  # nothing but separators
    "bad_character",  # a letter or digit the alphabet leaves out: params character
    "bad_length",  # params got, expected (letters and digits, separators not counted)
    "unknown_prefix",  # params prefix, known
    "bad_check",  # the check character does not fit: a typo, or not a code at all
)


class CodeError(ValueError):
    """A bad input to the code core, naming the input it concerns.

    ``str(err)`` reads ``"code: got 9 letters and digits, 10 expected"``; ``err.field`` is the
    input's name (``prefix``, ``code``, ``text``), ``err.message`` the text after the colon, and
    ``err.code`` (one of :data:`CODE_ERROR_CODES`) with ``err.params`` say the same for a program,
    so that a feature can explain it in Vietnamese without reading the English text.
    """

    field: str
    message: str
    code: str
    params: dict[str, Any]

    def __init__(self, field: str, message: str, *, code: str, **params: Any) -> None:
        if code not in CODE_ERROR_CODES:
            raise ValueError(f"unknown code error code {code!r}")
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.params = params
