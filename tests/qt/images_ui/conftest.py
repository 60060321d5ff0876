"""Fixtures for the Images page tests: a real gallery database, a real session talking to the
demo relay (``relay`` from tests/qt/conftest.py) and the page itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from pytestqt.qtbot import QtBot

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.session.images import ImageJob, ImageStudioSession
from studio.session.relay_info import RelayInfo
from studio.session.studio import build_studio
from studio.store.database import Database
from studio.ui.images import ImagesPage

WAIT_MS = 15_000
FINISHED = ("done", "failed", "cancelled")


class Clock:
    """A clock the test moves by hand (the session's jobs and the cards read the same one)."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Studio:
    """One Images page on a session over a database file."""

    page: ImagesPage
    session: ImageStudioSession
    clock: Clock
    data_dir: Path
    close: Callable[[], None]


@pytest.fixture
def clock() -> Clock:
    """The clock of the session and the page."""
    return Clock()


@pytest.fixture
def make_studio(
    qtbot: QtBot,
    relay: DemoRelay,
    tmp_path: Path,
    clock: Clock,
    run: Callable[[Awaitable[Any]], Any],
) -> Iterator[Callable[..., Studio]]:
    """Build a page on a real session; ``data_dir`` picks the data folder (restart tests),
    ``base_url`` another relay than the demo (a loopback server).

    ``Studio.close()`` stops the jobs and closes the page, the client and the database (it
    runs again, harmlessly, at teardown).
    """
    closers: list[Callable[[], None]] = []

    def build(data_dir: Path | None = None, *, base_url: str | None = None) -> Studio:
        root = data_dir or tmp_path / "data"
        config = ProviderConfig(base_url=base_url or relay.base_url, name="Demo relay")
        services = build_studio(
            Database(root / "studio.sqlite3"),
            root / "images",
            ApiClient(config),
            RelayInfo("Demo relay", config.api_root, True, "demo-chat", ("demo-chat",)),
            clock=clock,
        )
        session = services.image_studio
        page = ImagesPage(session, clock=clock)
        qtbot.addWidget(page)
        page.resize(1180, 760)
        page.show()
        qtbot.waitExposed(page)
        closed: list[bool] = []

        def close() -> None:
            if closed:
                return
            closed.append(True)
            session.cancel_all()
            page.shutdown()
            page.close()
            run(services.aclose())
            services.database.close()

        closers.append(close)
        return Studio(page, session, clock, root, close)

    yield build
    for close in closers:
        close()


def wait_finished(qtbot: QtBot, *jobs: ImageJob) -> None:
    """Wait until every job ended (done, failed or cancelled)."""
    qtbot.waitUntil(lambda: all(job.state in FINISHED for job in jobs), timeout=WAIT_MS)


def thumbnails_loaded(page: ImagesPage) -> bool:
    """True when every loaded gallery picture shows its thumbnail (headers have none)."""
    model = page.gallery.model
    return model.item_count > 0 and all(
        isinstance(model.data(model.index(row), Qt.ItemDataRole.DecorationRole), QPixmap)
        for row in range(model.rowCount())
        if model.item(row) is not None
    )
