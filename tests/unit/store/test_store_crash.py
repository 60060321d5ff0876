"""Crash safety: a writer killed with SIGKILL mid-stream leaves a sound database and its text.

A child process streams an answer (committing every update) and reports each committed
length over a pipe; the test kills it at a seeded random report, then checks the file.
"""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from studio.store.database import Database
from studio.store.messages import MessageStore

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CHILD = HERE / "store_crash_child.py"


def _child_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("store_crash_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_and_kill(db_path: Path, seed: int, kill_after: int) -> tuple[int, int]:
    """Start the child, kill it after ``kill_after`` reports; return (message id, last length)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), str(seed)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline()
        assert first.startswith("started "), first + proc.communicate()[1]
        message_id = int(first.split()[1])
        last = 0
        for _ in range(kill_after):
            line = proc.stdout.readline()
            assert line, "child stopped early: " + proc.communicate()[1]
            last = int(line)
        proc.kill()  # SIGKILL on POSIX: no cleanup, no flush, no close
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
    return message_id, last


def test_killed_writer_loses_nothing_committed(tmp_path: Path) -> None:
    child = _child_module()
    db_path = tmp_path / "studio.sqlite3"
    rng = random.Random(20240501)
    for round_no in range(10):
        seed = 1000 + round_no
        message_id, reported = _run_and_kill(db_path, seed, rng.randint(1, 400))

        db = Database(db_path)  # opens after a crash, WAL left behind included
        try:
            assert db.query_one("PRAGMA integrity_check")[0] == "ok"  # type: ignore[index]
            store = MessageStore(db)
            saved = store.get(message_id)
            assert saved is not None and saved.status == "streaming"
            # Everything the child reported as saved is there, and nothing but its text.
            assert len(saved.text) >= reported
            assert child.expected_prefix(seed, len(saved.text)).startswith(saved.text)
            assert store.mark_interrupted_at_startup() == 1
            recovered = store.get(message_id)
            assert recovered is not None and recovered.status == "interrupted"
            assert recovered.text == saved.text
        finally:
            db.close()
