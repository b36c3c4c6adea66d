"""The core is pure: importing it pulls in neither Flask nor SQLAlchemy."""

from __future__ import annotations

from tests.purity import assert_runs_without_web_stack, imports_of, is_stdlib

SCRIPT = """
from app.vietqr import PaymentCode, build_payload, decode_payload, default_directory
bank = default_directory().find("VCB")
payload = build_payload(PaymentCode(bank.bin, "0123456789", amount=50000, purpose="Tra tien"))
assert decode_payload(payload).valid
"""


def test_import_pulls_no_web_or_database_stack() -> None:
    assert_runs_without_web_stack(SCRIPT)


def test_core_imports_only_the_standard_library() -> None:
    for path, name in imports_of("vietqr"):
        assert name.startswith("app.vietqr") or is_stdlib(name), f"{path} imports {name}"
