"""Studio processes mark the data folder while they run; a crashed one's mark is stale."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.store.presence import FOLDER, Presence, others_present

ROOT = Path(__file__).resolve().parents[3]


def test_a_live_mark_is_seen_and_gone_when_closed(tmp_path: Path) -> None:
    assert not others_present(tmp_path)
    with Presence(tmp_path, "chat") as chat:
        assert chat.marked and chat.path.exists()
        app = Presence(tmp_path, "app")
        assert others_present(tmp_path, app)  # the app sees the chat running
        assert others_present(tmp_path, chat)  # and the chat the app
        app.close()
        assert not others_present(tmp_path, chat)
    assert not chat.path.exists()
    assert not others_present(tmp_path)
    assert list((tmp_path / FOLDER).iterdir()) == []


@pytest.fixture
def child(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding a mark until it is killed."""
    code = (
        "import sys; from pathlib import Path; from studio.store.presence import Presence; "
        "p = Presence(Path(sys.argv[1]), 'image'); print(p.marked, flush=True); sys.stdin.read()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "True"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def test_a_killed_process_leaves_a_stale_mark_that_is_cleared(
    tmp_path: Path, child: subprocess.Popen[str]
) -> None:
    [mark] = (tmp_path / FOLDER).glob("*.lock")
    assert others_present(tmp_path)  # alive: its lock is held
    assert mark.exists()
    child.kill()  # no clean-up of its own: the OS drops the lock
    child.wait()
    assert not others_present(tmp_path)
    assert not mark.exists()  # the stale mark was removed


def test_an_unwritable_folder_runs_unmarked(tmp_path: Path) -> None:
    (tmp_path / FOLDER).write_text("not a folder")
    presence = Presence(tmp_path, "app")
    assert not presence.marked
    presence.close()
    assert not others_present(tmp_path)
