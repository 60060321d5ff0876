"""No module of ``studio`` imports itself through others (import cycles make the import order
matter and hide which layer owns what). The graph is import-linter's own (grimp)."""

from __future__ import annotations

import grimp


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph``: its strongly connected parts of two or more modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm (the graph is a few hundred modules)
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            part = [stack.pop()]
            while part[-1] != node:
                part.append(stack.pop())
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def studio_graph() -> dict[str, set[str]]:
    """Module → the studio modules it imports. A package's ``__init__`` re-exporting its own
    modules is not a cycle with them (it is how a package shows its public names)."""
    graph = grimp.build_graph("studio")
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        targets = set(graph.find_modules_directly_imported_by(module))
        if graph.find_children(module):  # a package: its own modules are its content
            targets = {t for t in targets if not t.startswith(module + ".")}
        edges[module] = {t for t in targets if not module.startswith(t + ".")}
    return edges


def test_no_module_imports_itself_through_others() -> None:
    assert cycles(studio_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
