"""Finding codes in a day of bank transfers: app.matching.find_codes against a plain
``re.findall`` over the raw text (a yardstick that forgives nothing: no case, no diacritics, no
separators inside a code, no check character)."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

from app.matching import find_codes, new_code

#: A busy market town's day: every vendor's transfers, a few weddings.
TRANSFERS = 50_000
#: Share of transfers that carry a code (sign QR with the code as purpose, gift pages).
WITH_CODE = 0.3

SHAPES = [
    "MBVCB.{ref}.{ref2}.{text}.CT tu {acct} {name} toi {acct2} {name2} tai Vietcombank",
    "IBVCB.MBVCB{ref}.{text}.CT tu {acct} {name} toi {acct2} {name2} {text}",
    "{name} chuyen tien {text} GD {ref2}-040125 00:05:38",
    "FT{ref}{ref2} {text}",
    "ACB;{acct};{text}",
    "{ref}{ref2}-09{ref2}-{text}",
    "QR - {ref2} {text}",
    "IBFT {name} {text}",
    "{text}",
]
TEXTS = [
    "Mừng cưới",
    "MUNG CUOI ANH NAM CHI LAN",
    "chuyen tien mua hang",
    "Thanh toán tiền thịt heo sạp 12",
    "TRA TIEN CA",
    "mung tho ba noi",
    "Tien rau thang 11",
    "Chúc mừng tân gia anh Khải",
]
NAMES = ["NGUYEN VAN AN", "TRAN THI BICH", "LE THI HUYEN", "PHAM QUANG HUY", "DO MINH KHOA"]


def _mangle(code: str, generator: random.Random) -> str:
    """The code as a bank or a person leaves it: case, a separator or two, or nothing done."""
    form = generator.randrange(4)
    if form == 0:
        return code
    if form == 1:
        return code.lower()
    if form == 2:
        return f"{code[:2]} {code[2:5]} {code[5:]}".lower()
    return f"{code[:6]}\n{code[6:]}"


def day_of_transfers(count: int = TRANSFERS, seed: int = 2026) -> tuple[list[str], int]:
    """``count`` descriptions and how many codes are in them."""
    generator = random.Random(seed)
    codes = [new_code("QT") for _ in range(2000)]
    texts: list[str] = []
    coded = 0
    for _ in range(count):
        text = generator.choice(TEXTS)
        if generator.random() < WITH_CODE:
            text = f"{_mangle(generator.choice(codes), generator)} {text}"
            coded += 1
        texts.append(
            generator.choice(SHAPES).format(
                ref=generator.randrange(10**9, 10**10),
                ref2=generator.randrange(10**5, 10**6),
                acct=generator.randrange(10**12, 10**13),
                acct2=generator.randrange(10**12, 10**13),
                name=generator.choice(NAMES),
                name2=generator.choice(NAMES),
                text=text,
            )
        )
    return texts, coded


def _best_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def run() -> list[tuple[str, float, str]]:
    """Return ``(name, value, unit)`` rows: texts and codes per second, and the yardstick."""
    texts, coded = day_of_transfers()
    found = sum(len(find_codes(text)) for text in texts)
    if found != coded:  # a code carried more than once in a text is found once
        raise AssertionError(f"found {found} codes in {len(texts)} texts, {coded} put in")
    yardstick_pattern = re.compile(r"QT[0-9A-Z]{8}")
    matching = _best_seconds(lambda: [find_codes(text) for text in texts])
    yardstick = _best_seconds(lambda: [yardstick_pattern.findall(text) for text in texts])
    raw_hits = sum(len(yardstick_pattern.findall(text)) for text in texts)
    return [
        (f"matching.find_codes: a day of {len(texts):,} transfers", matching, "s"),
        ("matching.find_codes: transfers per second", len(texts) / matching, "texts/s"),
        ("matching.find_codes: codes found per second", found / matching, "codes/s"),
        ("re.findall yardstick: transfers per second", len(texts) / yardstick, "texts/s"),
        ("re.findall yardstick: codes found per second", raw_hits / yardstick, "codes/s"),
        (
            "re.findall yardstick: matches per code put in",
            100 * raw_hits / coded,
            "%",
        ),
        ("find_codes time / yardstick time", matching / yardstick, "x"),
        (
            "matching.new_code",
            _best_seconds(lambda: [new_code("QT") for _ in range(10_000)]) * 100,
            "us/op",
        ),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:52} {value:14,.2f} {unit}")
