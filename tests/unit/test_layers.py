"""The layer rules of ARCHITECTURE.md, checked on every module's imports (with ast).

    ui → session → {api, media, store, config}

- nothing in api, media, store, config or demo imports PySide6 or qasync;
- api imports neither sqlite3 nor store, session or ui;
- ui imports neither httpx nor sqlite3 nor store (widgets go through sessions);
- session does not import ui;
- no module imports itself through others (no import cycles in ``studio``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

STUDIO = Path(__file__).resolve().parents[2] / "studio"


@dataclass(frozen=True)
class Rule:
    """Modules of ``package`` must not import any of ``forbidden`` (prefix match)."""

    package: str
    forbidden: tuple[str, ...]


RULES = (
    *(
        Rule(pkg, ("PySide6", "shiboken6", "qasync"))
        for pkg in ("api", "media", "store", "config", "demo")
    ),
    Rule("api", ("sqlite3", "studio.store", "studio.session", "studio.ui")),
    Rule("ui", ("httpx", "httpx_sse", "sqlite3", "studio.store")),
    Rule("session", ("studio.ui",)),
)


def imported_modules(source: str, module: str) -> set[str]:
    """Every module ``source`` imports (relative imports resolved against ``module``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def violations(source: str, module: str, rule: Rule) -> list[str]:
    """The imports of ``source`` that ``rule`` forbids."""
    return sorted(
        name
        for name in imported_modules(source, module)
        for banned in rule.forbidden
        if name == banned or name.startswith(banned + ".")
    )


def modules_of(package: str) -> list[tuple[str, Path]]:
    root = STUDIO / package
    return [
        (".".join(("studio", *path.relative_to(STUDIO).with_suffix("").parts)), path)
        for path in sorted(root.rglob("*.py"))
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.package}-not-{r.forbidden[0]}")
def test_layer_rule_holds(rule: Rule):
    modules = modules_of(rule.package)
    assert modules, f"studio/{rule.package} has no modules: the rule checks nothing"
    broken = {
        module: found
        for module, path in modules
        if (found := violations(path.read_text(encoding="utf-8"), module, rule))
    }
    assert broken == {}


def test_the_check_detects_a_violation():
    widget = "import httpx\nfrom studio.store import history\n"
    assert violations(widget, "studio.ui.chat.view", RULES[-2]) == [
        "httpx",
        "studio.store",
        "studio.store.history",
    ]
    service = "from PySide6.QtCore import QObject\n"
    assert violations(service, "studio.api.client", RULES[0]) == [
        "PySide6.QtCore",
        "PySide6.QtCore.QObject",
    ]
    relative = "from ..ui import main_window\n"
    assert violations(relative, "studio.session.chat", RULES[-1]) == [
        "studio.ui",
        "studio.ui.main_window",
    ]


def test_the_check_allows_the_permitted_direction():
    session = "from PySide6.QtCore import QObject\nfrom studio.api.client import ApiClient\n"
    assert violations(session, "studio.session.chat", RULES[-1]) == []


def module_names() -> dict[str, Path]:
    """Every module of ``studio`` (a package by its own name, not ``….__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted(STUDIO.rglob("*.py")):
        parts = path.relative_to(STUDIO.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the studio modules it imports (anywhere in it, TYPE_CHECKING blocks too).

    ``from package import module`` is an edge to the module, not to the package, so the usual
    ``from studio.session.chat import toolrounds`` is no cycle through ``__init__``.
    """
    modules = module_names()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        own = f"{name}.__init__" if path.name == "__init__.py" else name
        found = imported_modules(path.read_text(encoding="utf-8"), own)
        targets = {m for m in found if m in modules}
        targets -= {m.rsplit(".", 1)[0] for m in targets if m.rsplit(".", 1)[0] in targets}
        graph[name] = targets - {name}
    return graph


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


def test_no_module_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
