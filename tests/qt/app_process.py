"""Run the real app (``run_gui(demo=True)``) in a child process until its log says something."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class AppRun:
    """How a run ended: exit status, console output and what it added to the log file."""

    returncode: int
    output: str
    log: str


def run_app_until(qtbot: QtBot, data_dir: Path, logged: str, timeout_ms: int = 30_000) -> AppRun:
    """Start the app on the demo relay with ``data_dir``, wait until ``logged`` is in its log,
    then press Ctrl+C (SIGINT closes the window as Ctrl+Q would) and wait for it to quit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env.update(STUDIO_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    log = data_dir / "logs" / "studio.log"
    before = log.stat().st_size if log.exists() else 0  # an earlier run's lines do not count

    def new_lines() -> str:
        with open(log, "rb") as handle:
            handle.seek(before)
            return handle.read().decode("utf-8", "replace")

    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from studio.app import run_gui; sys.exit(run_gui(demo=True))",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        qtbot.waitUntil(lambda: log.exists() and logged in new_lines(), timeout=timeout_ms)
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=30)[0].decode(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return AppRun(process.returncode, output, new_lines())
