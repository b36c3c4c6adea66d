"""Run every benchmark in one process and print name, value and unit per row.

`python -m bench` runs all; `python -m bench payload render` runs the ones named.
"""

from __future__ import annotations

import importlib
import sys
import time

MODULES = (
    "payload",
    "render",
    "http",
    "signs",
    "localities",
    "stall",
    "matching",
    "print",
    "gift_page",
    "dashboard",
)


def main(argv: list[str]) -> int:
    chosen = argv or list(MODULES)
    failed = False
    for name in chosen:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError as error:
            print(f"[{name}] not available: {error}")
            failed = True
            continue
        started = time.perf_counter()
        print(f"== {name} ==", flush=True)
        for row_name, value, unit in module.run():
            print(f"  {row_name:<58} {value:>12,.2f} {unit}", flush=True)
        print(f"  ({time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
