"""What the pure-core tests share: a script run in a fresh interpreter that must not pull in the
web or database stack, and every import a core's modules make."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("flask", "sqlalchemy", "werkzeug")


def assert_runs_without_web_stack(script: str) -> None:
    """Run `script` in a new interpreter at the repository root; it must succeed and leave no
    Flask, SQLAlchemy or Werkzeug module loaded."""
    check = (
        "\nimport sys\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script + check],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def imports_of(package: str) -> Iterator[tuple[str, str]]:
    """(file name, imported module) for every import in the package `app/<package>/`."""
    for path in (ROOT / "app" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                yield path.name, name


def is_stdlib(name: str) -> bool:
    return name.split(".")[0] in sys.stdlib_module_names
