"""The one exception type of the payment-code core, and how its messages quote input."""

from typing import Any

#: Characters of an input quoted in a message; the rest is counted, never echoed.
QUOTE_LIMIT = 40

#: Every ``PayloadError.code``: what kind of refusal it is, whatever the field.
PAYLOAD_ERROR_CODES = (
    "not_text",  # not a string at all
    "empty",
    "bad_character",  # params: character
    "too_long",  # params: got, most (characters, or digits of an amount)
    "bad_length",  # a card number: params got, least, most
    "bad_format",  # a BIN, merchant category code, TLV field or bank-file row of the wrong shape
    "unknown",  # no such bank, service or initiation
    "ambiguous",  # a bank name that fits several banks: params candidates
    "not_number",  # an amount that is no number (a boolean, a word, "1e5")
    "not_whole",  # an amount with a fraction, or a float
    "not_positive",
    "separators",  # "50.000": params digits (what to write instead)
    "needs_amount",  # a dynamic code without an amount
)


class PayloadError(ValueError):
    """A bad input to the VietQR core, naming the input field it concerns.

    ``str(err)`` reads ``"purpose: got 31 characters, at most 25 allowed"``; ``err.field`` is the
    field name (``bank``, ``account``, ``amount``, ``purpose``, ``bill_number``, ``reference``,
    ``merchant_name``, ``merchant_city``, ``mcc``, ``service``, ``initiation``, ``payload``,
    ``banks``) and ``err.message`` the text after the colon. ``err.code`` (one of
    :data:`PAYLOAD_ERROR_CODES`) and ``err.params`` (``got=31, most=25``) say the same for a
    program, so that callers can explain it in another language without reading the text.
    """

    field: str
    message: str
    code: str
    params: dict[str, Any]

    def __init__(self, field: str, message: str, *, code: str, **params: Any) -> None:
        if code not in PAYLOAD_ERROR_CODES:
            raise ValueError(f"unknown payload error code {code!r}")
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.params = params

    @classmethod
    def too_long(
        cls, field: str, got: int, most: int, unit: str = "characters", *, shown: str | None = None
    ) -> "PayloadError":
        """``"<field>: got 31 characters, at most 25 allowed"`` (``shown``: how to say ``got``
        when it is too big to count)."""
        count = shown or str(got)
        return cls(
            field,
            f"got {count} {unit}, at most {most} allowed",
            code="too_long",
            got=got,
            most=most,
        )


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters of text: a 9 MB input is
    quoted as ``'xxxx…' (9000000 characters)``, never echoed whole."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    return repr(value)
