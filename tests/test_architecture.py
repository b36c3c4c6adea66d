"""Imports point one way: pure cores ← kernel ← features (in the order below) ← the assembly.

Every module under app/ is read (imports inside functions included). A feature may import the
kernel, the pure cores, its own modules and, of the features it builds on, only their public
face (services, models for foreign keys, tree queries, the permission policy); never another
feature's routes, resources, forms, schemas, commands or `feature` module. A planted cycle and a
planted reach into another feature's routes must be caught.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

#: Each pure core and the other cores it may import (vietqr holds the one text folding).
PURE_CORES = {"vietqr": set(), "render": {"vietqr"}, "matching": {"vietqr"}}
KERNEL = {
    "config",
    "extensions",
    "database",
    "errors",
    "request_guards",
    "redirects",
    "security_headers",
    "api_blueprint",
    "api_docs",
    "transaction",
    "audit_log",
    "access",
    "feature",
    "indicators",
    "paging",
    "forms",
    "formatting",
    "spreadsheets",
    "file_imports",
    "jobs",
}
#: The modules that put the app together: they may import anything.
ASSEMBLY = {"", "features", "demo"}
#: Each feature and the features it builds on (the README's feature graph).
FEATURES: Mapping[str, set[str]] = {
    "site": set(),
    "codes": set(),
    "localities": set(),
    "accounts": {"localities"},
    "audit": {"accounts", "localities"},
    "markets": {"localities", "accounts", "codes"},
    "events": {"localities", "accounts", "codes"},
    "teams": {"localities", "accounts"},
    # Reports read every feature's indicators through the registry (app.feature.indicators),
    # never by importing the feature.
    "reports": {"localities", "accounts"},
}
#: What a feature shows the features built on it.
PUBLIC_FACE = {"services", "models", "tree", "permissions"}


@dataclass(frozen=True)
class Edge:
    source: str  # "app.localities.routes"
    target: str  # "app.accounts.permissions"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    return {module_name(path): path for path in APP.rglob("*.py")}


def imports_of(path: Path, name: str, known: Iterable[str]) -> list[str]:
    """The app modules `path` imports, anywhere in it."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "app"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "app":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append(candidate if candidate in known else base)
    return found


def all_edges() -> list[Edge]:
    modules = app_modules()
    return [
        Edge(name, target)
        for name, path in modules.items()
        for target in imports_of(path, name, modules)
        if target != name
    ]


def place(module: str) -> tuple[str, str]:
    """(layer, unit) of a module: ("core", "vietqr"), ("kernel", "errors"), ("feature",
    "localities"), ("assembly", "features")."""
    parts = module.split(".")[1:]
    head = parts[0] if parts else ""
    if head in PURE_CORES:
        return "core", head
    if head in KERNEL:
        return "kernel", head
    if head in FEATURES:
        return "feature", head
    if head in ASSEMBLY:
        return "assembly", head
    return "unknown", head


def violations(edges: Iterable[Edge], features: Mapping[str, set[str]] = FEATURES) -> list[str]:
    """Every import against the direction, plus every cycle between features."""
    problems: list[str] = []
    between: dict[str, set[str]] = {name: set() for name in features}
    for edge in edges:
        (layer, unit), (target_layer, target_unit) = place(edge.source), place(edge.target)
        where = f"{edge.source} imports {edge.target}"
        if "unknown" in (layer, target_layer):
            problems.append(f"{where}: a module outside the known layers")
        elif layer == "assembly":
            continue
        elif layer == "core":
            if target_layer != "core" or (
                target_unit != unit and target_unit not in PURE_CORES[unit]
            ):
                problems.append(f"{where}: a pure core imports only itself (and vietqr)")
        elif layer == "kernel":
            if target_layer not in ("kernel", "core"):
                problems.append(f"{where}: the kernel imports no feature")
        elif target_layer == "assembly":
            problems.append(f"{where}: a feature never imports the assembly")
        elif target_layer == "feature" and target_unit != unit:
            between[unit].add(target_unit)
            if target_unit not in features.get(unit, set()):
                problems.append(f"{where}: {unit} does not build on {target_unit}")
            module = edge.target.split(".")[2] if edge.target.count(".") >= 2 else ""
            if module not in PUBLIC_FACE:
                problems.append(
                    f"{where}: only another feature's {', '.join(sorted(PUBLIC_FACE))} may be used"
                )
    problems += [f"cycle between features: {' → '.join(cycle)}" for cycle in _cycles(between)]
    return problems


def _cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target in trail:
                cycle = [*trail[trail.index(target) :], target]
                if min(cycle[:-1]) == cycle[0]:  # report each cycle once
                    cycles.append(cycle)
            else:
                visit(target, [*trail, target])

    for start in sorted(graph):
        visit(start, [start])
    return cycles


def test_every_import_points_down() -> None:
    edges = all_edges()
    assert len(edges) > 100
    assert violations(edges) == []


def test_every_module_has_a_place() -> None:
    unknown = [name for name in app_modules() if place(name)[0] == "unknown"]
    assert unknown == []


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        (Edge("app.localities.services", "app.accounts.services"), "does not build on accounts"),
        (Edge("app.accounts.services", "app.localities.routes"), "may be used"),
        (Edge("app.errors", "app.localities.models"), "the kernel imports no feature"),
        (Edge("app.vietqr.payload", "app.errors"), "a pure core imports only itself"),
        (Edge("app.matching.search", "app.errors"), "a pure core imports only itself"),
        (Edge("app.matching.codes", "app.render"), "a pure core imports only itself"),
        (Edge("app.vietqr.text", "app.matching.text"), "a pure core imports only itself"),
        (Edge("app.codes.services", "app.features"), "never imports the assembly"),
    ],
)
def test_a_planted_wrong_import_is_caught(planted: Edge, expected: str) -> None:
    found = violations([*all_edges(), planted])
    assert any(expected in problem for problem in found), found


def test_a_planted_cycle_is_caught() -> None:
    graph = {**FEATURES, "localities": {"accounts"}}  # as if localities built on accounts
    planted = Edge("app.localities.services", "app.accounts.permissions")
    found = violations([*all_edges(), planted], graph)
    assert "cycle between features: accounts → localities → accounts" in found
