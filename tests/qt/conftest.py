"""Fixtures for the Qt tests: the qasync loop, the real demo relay, clients and windows.

The asyncio loop is a qasync loop created "already running": pytest-qt spins the Qt event
loop (``qtbot.waitSignal`` and friends), and because the asyncio loop *is* the Qt loop, the
sessions' asyncio tasks run while the test waits for a signal.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.i18n import install_translators, remove_translators
from studio.session.chat import ChatManager
from studio.session.event_loop import (
    async_generator_hooks,
    close_async_generators,
    create_event_loop,
)
from studio.session.models import ModelListSession
from studio.session.relay_info import RelayInfo
from studio.session.studio import Studio as Services
from studio.session.studio import build_studio
from studio.store.database import Database
from studio.ui.main_window import MainWindow
from studio.ui.theme import apply_theme

T = TypeVar("T")
WAIT_MS = 15_000
DEMO_FALLBACK = ("demo-chat", "demo-reasoner")


@pytest.fixture(autouse=True)
def qt_event_loop(
    qapp: QApplication,
    qtbot: QtBot,
    loop_error_log: list[dict[str, Any]],
    describe_loop_errors_fn: Callable[[list[dict[str, Any]]], str],
) -> Iterator[asyncio.AbstractEventLoop]:
    """A running qasync loop for the test; records unhandled loop exceptions."""
    loop = create_event_loop(qapp, already_running=True)
    errors = loop_error_log
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    with async_generator_hooks(loop) as live:
        yield loop
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        closing = loop.create_task(close_async_generators(live))
        qtbot.waitUntil(lambda: closing.done() and all(t.done() for t in pending), timeout=WAIT_MS)
    loop._QEventLoop__is_running = False  # qasync: "already running" loops are ours to stop
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)
    del loop
    # Collect here, on the GUI thread: a collection triggered later by the relay's thread
    # would destroy this test's QObjects there ("Timers cannot be stopped from another
    # thread").
    gc.collect()
    if errors:
        pytest.fail(describe_loop_errors_fn(errors), pytrace=False)


@pytest.fixture
def run(qtbot: QtBot, qt_event_loop: asyncio.AbstractEventLoop) -> Callable[[Awaitable[T]], T]:
    """Run a coroutine on the test's loop and return its result (Qt events keep flowing)."""

    def runner(awaitable: Awaitable[T]) -> T:
        task = asyncio.ensure_future(awaitable, loop=qt_event_loop)
        qtbot.waitUntil(task.done, timeout=WAIT_MS)
        return task.result()

    return runner


@pytest.fixture(scope="session")
def relay() -> Iterator[DemoRelay]:
    """The demo relay at full speed."""
    with DemoRelay(token_rate=0) as server:
        yield server


@pytest.fixture(scope="session")
def slow_relay() -> Iterator[DemoRelay]:
    """The demo relay writing 40 tokens a second, so that Stop lands mid-answer."""
    with DemoRelay(token_rate=40) as server:
        yield server


@pytest.fixture(autouse=True)
def theme(qapp: QApplication) -> None:
    """The real style sheet, as the app uses it."""
    apply_theme(qapp)


@pytest.fixture
def window_settings(tmp_path: Path) -> QSettings:
    """Window settings in a temporary ini file (never the user's)."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@dataclass
class Studio:
    """One window over the object graph :func:`build_studio` makes, as the app has it."""

    window: MainWindow
    services: Services
    relay_url: str

    @property
    def page(self) -> Any:
        """The chat page."""
        return self.window.chat_page

    @property
    def manager(self) -> ChatManager:
        """The chat manager."""
        return self.services.chats

    @property
    def models(self) -> ModelListSession:
        """The model list session."""
        return self.services.models

    @property
    def client(self) -> ApiClient:
        """The API client in use."""
        return self.services.client

    @property
    def database(self) -> Database:
        """The history database."""
        return self.services.database


@pytest.fixture
def make_studio(
    qtbot: QtBot,
    relay: DemoRelay,
    window_settings: QSettings,
    run: Callable[[Awaitable[Any]], Any],
    tmp_path: Path,
) -> Iterator[Callable[..., Studio]]:
    """Build (and show) a window talking to a demo relay; everything is closed afterwards.

    History lives in ``tmp_path/studio.sqlite3`` unless ``db_path`` is given (reopen it to
    simulate a restart).
    """
    built: list[Services] = []

    def build(
        server: DemoRelay | None = None,
        *,
        base_url: str | None = None,
        language: str = "en",
        settings: QSettings | None = None,
        show: bool = True,
        db_path: Path | None = None,
    ) -> Studio:
        url = base_url or (server or relay).base_url
        config = ProviderConfig(base_url=url, name="Demo relay")
        connection = RelayInfo(
            provider_name="Demo relay",
            endpoint=config.api_root,
            is_demo=True,
            default_model="demo-chat",
            fallback_models=DEMO_FALLBACK,
        )
        services = build_studio(
            Database(db_path or tmp_path / "studio.sqlite3"),
            tmp_path / "images",
            ApiClient(config, language=language),
            connection,
        )
        built.append(services)
        window = MainWindow(services, settings or window_settings)
        qtbot.addWidget(window)
        if show:
            with qtbot.waitActive(window, timeout=WAIT_MS):
                window.show()
                window.activateWindow()
        return Studio(window, services, url)

    yield build
    for services in built:
        run(services.aclose())
        services.database.close()


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The Simplified Chinese catalogues installed for the test."""
    translators = install_translators(qapp, "zh_CN")
    assert translators, "studio_zh_CN.qm did not load"
    yield
    remove_translators(qapp, translators)
