"""Each package's public surface is its ``__all__``, it is what ARCHITECTURE.md says, and
no other package reaches past it.

A package's public names are its own ``__all__`` plus those of its sub-packages that have
one (``studio.core.chat``, ``studio.session.images`` …). Another package may import those
names, from the package or from the module that defines them, and nothing else; tests may
reach anything.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDIO = ROOT / "studio"
PACKAGES = ("api", "media", "store", "config", "core", "session", "ui", "demo", "cli", "i18n")
SECTION = "## Public names"


def _all(module: ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    assert isinstance(names, list | tuple), f"{module.__name__} has no __all__"
    return list(names)


def public_names(package: str) -> set[str]:
    """``studio.<package>.__all__`` and the ``__all__`` of its sub-packages."""
    top = importlib.import_module(f"studio.{package}")
    names = set(_all(top))
    for info in pkgutil.walk_packages(top.__path__, f"studio.{package}."):
        if info.ispkg:
            names |= set(getattr(importlib.import_module(info.name), "__all__", ()))
    return names


def cross_package_imports(root: Path = STUDIO) -> list[tuple[str, str, str]]:
    """(importing file, target package, name) for every ``from studio.<other>… import name``
    in the package tree at ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        owner = parts[0] if len(parts) > 1 else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            pieces = node.module.split(".")
            if pieces[0] != "studio" or len(pieces) < 2 or pieces[1] == owner:
                continue
            if pieces[1] in PACKAGES:
                for alias in node.names:
                    found.append((str(path.relative_to(root)), pieces[1], alias.name))
    return found


def documented() -> dict[str, list[str]]:
    """The ``- `studio.x`: `a`, `b``` lines of ARCHITECTURE.md's public names section."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert SECTION in text, "ARCHITECTURE.md has no public names section"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    table: dict[str, list[str]] = {}
    for line in section.splitlines():
        match = re.match(r"- `studio\.(\w+)`: (.*)$", line.strip())
        if match:
            table[match.group(1)] = re.findall(r"`([^`]+)`", match.group(2))
    return table


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_exists(package: str) -> None:
    module = importlib.import_module(f"studio.{package}")
    missing = [name for name in _all(module) if not hasattr(module, name)]
    assert missing == []


def test_the_public_names_are_what_architecture_md_says() -> None:
    table = documented()
    assert set(table) == set(PACKAGES)
    for package in PACKAGES:
        names = _all(importlib.import_module(f"studio.{package}"))
        assert table[package] == sorted(names, key=str.lower), package


def private_imports(root: Path = STUDIO) -> list[str]:
    """Imports across packages of names no ``__all__`` lists."""
    public = {package: public_names(package) for package in PACKAGES}
    return [
        f"{where}: {name} from studio.{package}"
        for where, package, name in cross_package_imports(root)
        if name not in public[package]
    ]


def test_no_package_reaches_past_another_ones_public_names() -> None:
    assert private_imports() == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    """The check can fail: a widget importing a name the service layer keeps to itself."""
    widget = tmp_path / "ui" / "widget.py"
    widget.parent.mkdir()
    widget.write_text(
        "from studio.api.client import ApiClient\n"
        "from studio.api.http import HttpSession, _retry\n",
        encoding="utf-8",
    )
    assert private_imports(tmp_path) == [f"{Path('ui', 'widget.py')}: _retry from studio.api"]
