"""The image store cleanup at start-up: scheduled on the qasync loop, run in a worker thread,
stopped at exit; and the real app running it against a seeded data folder."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PIL import Image
from pytestqt.qtbot import QtBot

from studio.store.cleanup import StartupCleanup
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.store.messages import MessageStore
from tests.qt.app_process import run_app_until

LONG_AGO = 3 * 3600.0


def png(red: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (red, 80, 160)).save(out, "PNG")
    return out.getvalue()


def seed(data_dir: Path) -> tuple[Path, Path]:
    """A data folder with an image sent three hours ago and one attached then removed.

    Returns the files of (the sent image, the unused one).
    """
    then = time.time() - LONG_AGO
    with Database(data_dir / "studio.sqlite3") as db:
        images = ImageStore(data_dir / "images", db, clock=lambda: then)
        sent = images.put(png(10), "png", "image/png", 32, 24)
        unused = images.put(png(20), "png", "image/png", 32, 24)
        conversation = ConversationStore(db).create("Photos", "demo-chat")
        MessageStore(db).add(conversation, "user", "Look", attachments=[{"hash": sent}])
        return images.path(sent), images.path(unused)


class ThreadRecordingClock:
    """The real time, noting which threads asked for it (the collection reads it)."""

    def __init__(self) -> None:
        self.threads: set[threading.Thread] = set()

    def __call__(self) -> float:
        self.threads.add(threading.current_thread())
        return time.time()


def test_the_cleanup_runs_after_its_delay_in_a_worker_thread(
    tmp_path: Path, run: Callable[[Awaitable[Any]], Any]
) -> None:
    sent, unused = seed(tmp_path)
    clock = ThreadRecordingClock()
    cleanup = StartupCleanup(
        tmp_path / "studio.sqlite3", tmp_path / "images", delay=0.01, clock=clock
    )

    async def scenario() -> Any:
        task = cleanup.start()
        assert cleanup.start() is task  # scheduled once
        assert not task.done()  # start() returns at once; the work comes later
        return await task

    report = run(scenario())

    assert report is not None and (report.images, report.files) == (1, 1)
    assert sent.exists() and not unused.exists()
    assert clock.threads and threading.main_thread() not in clock.threads
    run(cleanup.aclose())


def test_closing_before_the_delay_runs_nothing(
    tmp_path: Path, run: Callable[[Awaitable[Any]], Any]
) -> None:
    _sent, unused = seed(tmp_path)
    cleanup = StartupCleanup(tmp_path / "studio.sqlite3", tmp_path / "images", delay=3600)

    async def scenario() -> None:
        cleanup.start()
        await cleanup.aclose()

    run(scenario())

    assert cleanup.task is not None and cleanup.task.cancelled()
    assert unused.exists()


def test_the_app_removes_unused_images_after_start_up(tmp_path: Path, qtbot: QtBot) -> None:
    sent, unused = seed(tmp_path)
    result = run_app_until(qtbot, tmp_path, "image cleanup:")
    assert result.returncode == 0, result.output
    assert "image cleanup: 1 unused images" in result.log
    assert sent.exists() and not unused.exists()
    assert "ERROR" not in result.log and "Traceback" not in result.output
