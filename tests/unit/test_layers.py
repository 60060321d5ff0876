"""The layer rules of ARCHITECTURE.md, as import-linter contracts in ``pyproject.toml``.

    main → {app, cli} → {ui, i18n} → session → core → {store, demo} → {api, media, config}

plus: no Qt below session nor in the command line; the command line never reaches the
window's sessions; widgets go through session objects; httpx only in api, sqlite3 only in
store, Pillow only in media; api and store independent. ``lint-imports`` checks them here,
and a copy of the package with one deliberate back-edge shows that each kind of contract
can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_IDS = {
    "layers",
    "no-qt-below-session",
    "cli-runs-core",
    "ui-through-session",
    "httpx-in-api",
    "sqlite-in-store",
    "pillow-in-media",
    "api-store-independent",
}


def lint_imports(package_root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` with the project's contracts on the ``studio`` in ``package_root``."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    code = (
        "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "--config",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache),
        ],
        cwd=package_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_contract_is_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert {c["id"] for c in contracts} == CONTRACT_IDS


def test_the_import_contracts_hold(tmp_path: Path) -> None:
    result = lint_imports(ROOT, tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACT_IDS)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("studio/core/__init__.py", "import studio.session.chat", "Layers"),
        ("studio/store/__init__.py", "import studio.api.client", "know nothing of each other"),
        ("studio/cli/common.py", "import PySide6.QtCore", "No Qt below session"),
        ("studio/core/relay.py", "import sqlite3", "sqlite3 only in store"),
        ("studio/ui/theme.py", "import studio.store.database", "Widgets reach work through"),
    ],
)
def test_a_back_edge_breaks_a_contract(tmp_path: Path, module: str, line: str, contract: str):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "studio", copy / "studio", ignore=shutil.ignore_patterns("*.pyc"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(copy, tmp_path / "cache")
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
