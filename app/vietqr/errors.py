"""The one exception type of the payment-code core, and how its messages quote input."""

#: Characters of an input quoted in a message; the rest is counted, never echoed.
QUOTE_LIMIT = 40


class PayloadError(ValueError):
    """A bad input to the VietQR core, naming the input field it concerns.

    ``str(err)`` reads ``"purpose: got 31 characters, at most 25 allowed"``; ``err.field`` is the
    field name (``bank``, ``account``, ``amount``, ``purpose``, ``bill_number``, ``reference``,
    ``merchant_name``, ``merchant_city``, ``mcc``, ``service``, ``initiation``, ``payload``,
    ``banks``) and ``err.message`` the text after the colon.
    """

    field: str
    message: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters of text: a 9 MB input is
    quoted as ``'xxxx…' (9000000 characters)``, never echoed whole."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    return repr(value)
