"""app.matching is a pure core: the standard library and the one text folding of app.vietqr,
nothing else; importing it pulls in neither the web stack nor the database."""

from __future__ import annotations

from tests.purity import assert_runs_without_web_stack, imports_of, is_stdlib

SCRIPT = """
from app.matching import find_codes, new_code
code = new_code("QT")
assert find_codes(f"MBVCB.123.{code.lower()}.CT tu 0123") == [code]
"""


def test_import_pulls_no_web_or_database_stack() -> None:
    assert_runs_without_web_stack(SCRIPT)


def test_core_imports_only_the_standard_library_and_the_text_folding() -> None:
    for path, name in imports_of("matching"):
        allowed = name.startswith("app.matching") or name == "app.vietqr.text" or is_stdlib(name)
        assert allowed, f"{path} imports {name}"
