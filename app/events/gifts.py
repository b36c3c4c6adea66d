"""What a gift is, checked and written the way families keep it: a quantity in a unit.

One set of rules for every gift the feature keeps: entries of a side's ledger (`LedgerEntry`)
and what a host gave at others' events (`GiftGiven`), both `GiftQuantity` rows.

- **đồng**: a whole number from 1 đồng to 10 tỷ đồng (a fraction, zero, a negative or more is a
  typing slip);
- **gold** in chỉ or cây (1 cây = 10 chỉ): fractions to two decimals are fine ("nửa chỉ");
  never turned into đồng, though the host may note its đồng value at the time (`value_vnd`);
- **foreign money**: an ISO 4217 currency code (USD, EUR, …; not VND) and an amount to two
  decimals;
- **in kind**: a description ("Bộ ấm chén Bát Tràng") and, optionally, how many.

`clean_gift` checks the fields and returns them ready to assign; `gift_text` writes a gift (or a
total) as a person reads it: "500.000 đ", "1,5 chỉ vàng", "100 USD", "Bộ ấm chén".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from babel.numbers import list_currencies
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from app.errors import DomainError
from app.events.models import UNITS
from app.formatting import format_money

#: More than this many đồng (10 tỷ) is a typing slip, not a gift.
MAX_DONG: Final = 10_000_000_000
#: Likewise for gold (in chỉ: 1,000 cây) and for an amount of foreign money or of things.
MAX_GOLD_CHI: Final = Decimal(10_000)
MAX_FOREIGN: Final = Decimal(1_000_000_000)
MAX_ITEMS: Final = Decimal(10_000)
CHI_PER_CAY: Final = 10
DESCRIPTION_MAX: Final = 300

UNIT_LABELS: Final[Mapping[str, Any]] = {
    "dong": _l("đồng"),
    "gold_chi": _l("chỉ vàng"),
    "gold_cay": _l("cây vàng"),
    "foreign": _l("ngoại tệ"),
    "in_kind": _l("hiện vật"),
}

#: The refusals of this module (registered with the feature's other messages).
GIFT_MESSAGES: Final[Mapping[str, Any]] = {
    "events.unit_unknown": _l(
        "Đơn vị phải là một trong: đồng, chỉ vàng, cây vàng, ngoại tệ, hiện vật."
    ),
    "events.quantity_required": _l("Cần nhập số lượng."),
    "events.quantity_not_number": _l("Số lượng phải là một con số."),
    "events.quantity_positive": _l("Số lượng phải lớn hơn 0."),
    "events.dong_whole": _l("Số tiền đồng phải là số nguyên (không có phần lẻ)."),
    "events.too_many_decimals": _l("Chỉ ghi được tới 2 chữ số thập phân."),
    "events.quantity_absurd": _l("Số lượng quá lớn (tối đa %(maximum)s); hãy kiểm tra lại."),
    "events.currency_unknown": _l("Mã ngoại tệ không hợp lệ (ví dụ USD, EUR, JPY)."),
    "events.currency_only_foreign": _l("Chỉ ghi mã ngoại tệ khi đơn vị là ngoại tệ."),
    "events.description_required": _l("Hãy ghi món quà là gì."),
    "events.description_too_long": _l("Mô tả tối đa %(maximum)s ký tự."),
    "events.value_for_dong": _l("Quà bằng đồng không cần ghi giá trị quy đổi."),
    "events.value_range": _l("Giá trị quy đổi phải là số nguyên từ 1 đến 10 tỷ đồng."),
}


@dataclass(frozen=True)
class Gift:
    """A gift's fields, checked: assign them to a `GiftQuantity` row."""

    unit: str
    quantity: Decimal | None
    currency: str
    description: str
    value_vnd: int | None

    def as_fields(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "quantity": self.quantity,
            "currency": self.currency,
            "description": self.description,
            "value_vnd": self.value_vnd,
        }


def _quantity(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, float):
        # Floats carry binary fractions (0.1 + 0.2); amounts come as text, int or Decimal.
        value = str(value)
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        raise DomainError("events.quantity_not_number", "quantity") from None
    if not number.is_finite():
        raise DomainError("events.quantity_not_number", "quantity")
    return number


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _bounded(number: Decimal, maximum: Decimal, *, whole: bool = False) -> Decimal:
    if number <= 0:
        raise DomainError("events.quantity_positive", "quantity")
    if whole and _decimals(number):
        raise DomainError("events.dong_whole", "quantity")
    if _decimals(number) > 2:
        raise DomainError("events.too_many_decimals", "quantity")
    if number > maximum:
        raise DomainError("events.quantity_absurd", "quantity", maximum=f"{maximum:,}")
    return number.quantize(Decimal(1)) if whole else number


def clean_gift(data: Mapping[str, Any]) -> Gift:
    """Check a gift's `unit`, `quantity`, `currency`, `description` and `value_vnd`; raise a
    `DomainError` naming the field at the first problem."""
    unit = str(data.get("unit") or "dong").strip()
    if unit not in UNITS:
        raise DomainError("events.unit_unknown", "unit")
    quantity = _quantity(data.get("quantity"))
    currency = str(data.get("currency") or "").strip().upper()
    description = str(data.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise DomainError("events.description_too_long", "description", maximum=DESCRIPTION_MAX)
    if currency and unit != "foreign":
        raise DomainError("events.currency_only_foreign", "currency")
    if unit == "in_kind":
        if not description:
            raise DomainError("events.description_required", "description")
        if quantity is not None:
            quantity = _bounded(quantity, MAX_ITEMS)
    else:
        if quantity is None:
            raise DomainError("events.quantity_required", "quantity")
        if unit == "dong":
            quantity = _bounded(quantity, Decimal(MAX_DONG), whole=True)
        elif unit in ("gold_chi", "gold_cay"):
            per = CHI_PER_CAY if unit == "gold_cay" else 1
            quantity = _bounded(quantity, MAX_GOLD_CHI / per)
        else:
            if currency not in list_currencies() or currency == "VND":
                raise DomainError("events.currency_unknown", "currency")
            quantity = _bounded(quantity, MAX_FOREIGN)
    value_vnd = data.get("value_vnd")
    if value_vnd in (None, ""):
        value_vnd = None
    elif unit == "dong":
        raise DomainError("events.value_for_dong", "value_vnd")
    else:
        try:
            value_vnd = int(str(value_vnd).strip().replace(".", "").replace(" ", ""))
        except ValueError:
            raise DomainError("events.value_range", "value_vnd") from None
        if not 1 <= value_vnd <= MAX_DONG:
            raise DomainError("events.value_range", "value_vnd")
    return Gift(unit, quantity, currency, description, value_vnd)


def _number(quantity: Decimal) -> str:
    return str(
        format_decimal(quantity.normalize() if quantity == quantity.to_integral() else quantity)
    )


def gift_text(
    unit: str, quantity: Decimal | None, currency: str = "", description: str = ""
) -> str:
    """A gift or a total as a person reads it: "500.000 đ", "1,5 chỉ vàng", "100 USD",
    "2 × Bộ ấm chén"."""
    if unit == "dong":
        return format_money(int(quantity or 0))
    if unit == "in_kind":
        if quantity is None or quantity == 1:
            return description
        return f"{_number(quantity)} × {description}"
    amount = _number(quantity or Decimal(0))
    if unit == "foreign":
        return f"{amount} {currency}"
    return f"{amount} {UNIT_LABELS[unit]}"


@dataclass(frozen=True)
class Total:
    """The sum of gifts of one unit (and currency); things in kind are counted, not summed."""

    unit: str
    currency: str
    quantity: Decimal
    count: int

    @property
    def text(self) -> str:
        if self.unit == "in_kind":
            return str(_l("%(count)s món hiện vật", count=self.count))
        return gift_text(self.unit, self.quantity, self.currency)


def add_up(gifts: Iterable[Any]) -> list[Total]:
    """Totals per unit and currency of `gifts` (rows with unit, quantity, currency), in the
    order đồng, gold in chỉ, gold in cây, foreign money by currency, things: never converted."""
    sums: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for gift in gifts:
        key = (gift.unit, gift.currency if gift.unit == "foreign" else "")
        quantity, count = sums.get(key, (Decimal(0), 0))
        sums[key] = (quantity + (gift.quantity or Decimal(0)), count + 1)
    order = {unit: index for index, unit in enumerate(UNITS)}
    return [
        Total(unit, currency, quantity, count)
        for (unit, currency), (quantity, count) in sorted(
            sums.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    ]
