"""The command line loads no Qt: ``studio chat`` and friends start without PySide6 (faster, and
usable on a machine without a display stack). Checked with ``python -X importtime``, which
lists every module a process imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

QT = ("PySide6", "shiboken6", "qasync")


def imported(code: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages a Python process running ``code`` imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *code],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    names: set[str] = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[-1].strip().split(".")[0])
    assert names, result.stderr
    return names


def test_importing_the_command_line_loads_no_qt() -> None:
    modules = "studio.cli, studio.cli.chat, studio.cli.image, studio.cli.export, studio.cli.models"
    names = imported(["-c", f"import {modules}, studio.cli.context"])
    assert "studio" in names
    assert not names.intersection(QT)


def test_a_command_run_loads_no_qt(tmp_path: Path) -> None:
    env = {**os.environ, "STUDIO_DATA_DIR": str(tmp_path / "data")}
    names = imported(["-m", "studio", "export", "--format", "json"], env)
    assert not names.intersection(QT)


def test_the_window_does_load_qt() -> None:
    """The check can fail: the window's module does bring Qt in."""
    assert "PySide6" in imported(["-c", "import studio.app"])
