"""The core is pure: importing it pulls in neither Flask nor SQLAlchemy."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

SCRIPT = """
import sys
import app.vietqr
from app.vietqr import PaymentCode, build_payload, decode_payload, default_directory
bank = default_directory().find("VCB")
payload = build_payload(PaymentCode(bank.bin, "0123456789", amount=50000, purpose="Tra tien"))
assert decode_payload(payload).valid
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


def test_core_imports_only_the_standard_library() -> None:
    import ast

    allowed_local = "app.vietqr"
    for path in (ROOT / "app" / "vietqr").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert name.startswith(allowed_local) or top in sys.stdlib_module_names, (
                    f"{path.name} imports {name}"
                )
