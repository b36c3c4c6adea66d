"""app.render is a pure core: importing it pulls in neither the web stack nor the database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_is_pure() -> None:
    code = (
        "import sys, app.render; "
        "bad = [m for m in ('flask', 'sqlalchemy', 'flask_sqlalchemy') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert out.stdout.strip() == ""


def test_fallback_without_zxing() -> None:
    """With zxingcpp unimportable, encoder="zxing" quietly uses qrcode and still renders."""
    code = (
        "import sys; sys.modules['zxingcpp'] = None\n"
        "from app.render import render_png, qr_matrix, HAS_ZXING\n"
        "assert not HAS_ZXING\n"
        "assert render_png('HELLO VIETQR', encoder='zxing').startswith(b'\\x89PNG')\n"
        "assert qr_matrix('HELLO') == qr_matrix('HELLO', encoder='qrcode')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
