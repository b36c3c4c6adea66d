"""app.matching is a pure core: the standard library and the one text folding of app.vietqr,
nothing else; importing it pulls in neither the web stack nor the database."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from app.matching import find_codes, new_code
code = new_code("QT")
assert find_codes(f"MBVCB.123.{code.lower()}.CT tu 0123") == [code]
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("flask", "sqlalchemy", "werkzeug"))
assert not heavy, heavy
"""


def test_import_pulls_no_web_or_database_stack() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_core_imports_only_the_standard_library_and_the_text_folding() -> None:
    for path in (ROOT / "app" / "matching").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                allowed = (
                    name.startswith("app.matching")
                    or name == "app.vietqr.text"
                    or name.split(".")[0] in sys.stdlib_module_names
                )
                assert allowed, f"{path.name} imports {name}"
