"""Dependencies point one way: no import cycle between modules of portal/, counting imports inside functions.

grimp (import-linter's graph) reads every import statement, at module level or inside a function, so an import
tucked into a function to dodge a cycle still counts here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import grimp

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    modules = sorted(graph.modules)
    edges = {m: sorted(set(graph.find_modules_directly_imported_by(m)) & set(modules)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # Tarjan's strongly connected components, iteratively
        nonlocal counter
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles_in_portal() -> None:
    graph = grimp.build_graph("portal", "portal_demo", cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]


def test_the_product_never_imports_the_demo_data() -> None:
    graph = grimp.build_graph("portal", "portal_demo", cache_dir=None)
    importers = {m for m in graph.find_modules_that_directly_import("portal_demo.commands") if m.startswith("portal.")}
    assert importers == {"portal.commands"}  # the console offers the demo commands; nothing else knows them
    for module in graph.modules:
        if module.startswith("portal.") and module != "portal.commands":
            assert not any(m.startswith("portal_demo") for m in graph.find_modules_directly_imported_by(module)), module


def _layers() -> list[set[str]]:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    (layered,) = [c for c in contracts if c["type"] == "layers"]
    return [{name.strip() for name in re.split(r"[:|]", layer)} for layer in layered["layers"]]


def test_every_top_level_module_is_in_a_layer() -> None:
    """A new package or module under portal/ must be placed in a layer, or the layers contract would not see it."""
    graph = grimp.build_graph("portal", "portal_demo", cache_dir=None)
    placed = set().union(*_layers())
    top_level = {".".join(m.split(".")[:2]) for m in graph.modules if m.startswith("portal.")} | {"portal_demo"}
    assert sorted(top_level - placed) == []


def test_platform_is_the_bottom_layer_and_wiring_the_top() -> None:
    layers = _layers()
    assert "portal.platform" in layers[-1] and "portal.db" in layers[-1]
    assert {"portal.cli", "portal.commands", "portal.jobs", "portal.models"} <= layers[0]
    assert {"portal.auth", "portal.safeguarding", "portal.chat"} <= layers[1]
