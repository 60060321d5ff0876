"""The layer rules of ARCHITECTURE.md, checked on every module's imports (with ast).

    ui → session → core → {api, media, store, config}

- nothing in api, media, store, config, core or demo imports PySide6 or qasync;
- api imports neither sqlite3 nor store, config, core, session or ui;
- config imports neither api, store nor anything above it (config and api are independent);
- core imports neither session, ui nor cli;
- ui imports neither api nor core directly;
- ui imports neither httpx nor sqlite3 nor store (widgets go through sessions);
- session does not import ui.
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
        for pkg in ("api", "media", "store", "config", "core", "demo")
    ),
    Rule(
        "api",
        ("sqlite3", "studio.store", "studio.config", "studio.core", "studio.session", "studio.ui"),
    ),
    Rule("config", ("studio.api", "studio.store", "studio.core", "studio.session", "studio.ui")),
    Rule("core", ("studio.session", "studio.ui", "studio.cli")),
    Rule("ui", ("httpx", "httpx_sse", "sqlite3", "studio.store", "studio.api", "studio.core")),
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
