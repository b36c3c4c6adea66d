"""The app, its tests and benchmarks read only what the repository holds (a fresh clone works)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A path out of the repository: the project's reference folder beside it, or an absolute /work.
OUTSIDE = re.compile(r"""(\.\./shared|/work/|["']shared["']\s*/|parents\[[3-9]\])""")


def test_no_source_file_reads_outside_the_repository() -> None:
    offenders = []
    for folder in ("app", "tests", "bench", "migrations"):
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" in path.parts or path == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if OUTSIDE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_bank_reference_list_is_in_the_repository() -> None:
    assert (ROOT / "tests" / "data" / "banks-vietqr-io.json").stat().st_size > 10_000
    assert "banks-vietqr-io.json" in (ROOT / "tests" / "data" / "README.md").read_text("utf-8")
