"""The package's modules import each other without a cycle (issue 19).

The graph is built from the source with ``ast``: every module of ``extractor`` and the
imports it runs when it is loaded (module level, including those under ``if``/``try``;
imports inside functions and classes are left out, they run later).  ``from P import N``
is an edge to the package ``P`` (its ``__init__`` runs first) and, when ``N`` is a
submodule, to ``P.N`` as well; relative imports are resolved against the importing
module's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import extractor

ROOT = Path(extractor.__file__).resolve().parent
PACKAGE = "extractor"

KNOWN_CYCLES: list[list[str]] = []
"""Cycles in files this change could not touch, each as a sorted list of modules: a list
to shrink, never to grow (empty: the package has none)."""


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name → (file, is a package)."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(ROOT).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _module_level(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run when the module is loaded (not inside a def or class)."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        else:
            todo.extend(ast.iter_child_nodes(node))
    return found


def imports_of(name: str, mods: dict[str, tuple[Path, bool]]) -> set[str]:
    """The package's modules ``name`` imports when it is loaded."""
    path, is_package = mods[name]
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _module_level(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            targets = [source, *(f"{source}.{a.name}" for a in node.names)]
        out.update(t for t in targets if t in mods)
    out.discard(name)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, mods) for name in mods}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            nxt = next(edges, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return sorted(found)


def one_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A path through ``component`` back to its first module, to show in the message."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                todo.append(nxt)
    return component  # pragma: no cover - a component always closes


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert "extractor.scan.runner" in graph and "extractor.records" in graph
    assert "extractor.scan.pool" in graph["extractor.scan.runner"]
    # `from . import x` loads the package first, then the submodule
    assert {"extractor", "extractor.patterns"} <= graph["extractor.records.meta"]


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert one_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def test_no_import_cycle():
    graph = import_graph()
    found = cycles(graph)
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert not new, "import cycles: " + "; ".join(" → ".join(one_cycle(graph, c)) for c in new)
    gone = [c for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"cycles fixed, remove them from KNOWN_CYCLES: {gone}"


def test_no_module_imports_another_modules_private_name():
    """A name with a leading underscore is its module's own: another module that needs it
    gets a public name (a private import hides a dependency the module does not declare)."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                found += [
                    f"{path.relative_to(ROOT)}: {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert not found, found
