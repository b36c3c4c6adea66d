"""VietQR payload speed: build and decode, in microseconds per operation."""

import timeit
from collections.abc import Callable

from app.vietqr import PaymentCode, build_payload, decode_payload, default_directory

ITERATIONS = 3000

CODE = PaymentCode(
    bank_bin="970415",
    account="113366668888",
    amount=79000,
    purpose="Ủng hộ Quỹ Vắc xin",
    bill_number="HD0001",
)


def _per_op_us(stmt: Callable[[], object], number: int = ITERATIONS) -> float:
    best = min(timeit.repeat(stmt, number=number, repeat=3))
    return best / number * 1e6


def run() -> list[tuple[str, float, str]]:
    """Return ``(name, value, unit)`` rows for payload build and decode."""
    directory = default_directory()
    payload = build_payload(CODE, directory=directory)
    return [
        (
            "vietqr.build_payload",
            _per_op_us(lambda: build_payload(CODE, directory=directory)),
            "us/op",
        ),
        (
            "vietqr.decode_payload",
            _per_op_us(lambda: decode_payload(payload, directory=directory)),
            "us/op",
        ),
        ("vietqr.bank_find", _per_op_us(lambda: directory.find("Vietin Bank")), "us/op"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:28} {value:10.2f} {unit}")
