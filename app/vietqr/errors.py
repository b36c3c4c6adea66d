"""The one exception type of the payment-code core."""


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
