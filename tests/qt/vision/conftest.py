"""Fixtures for the vision tests: a window whose chat has an image store, and test pictures.

``make_vision_studio`` builds the window as app.py does (``build_studio`` on a real SQLite
file in ``tmp_path``), talking to the demo relay or to any base URL (the
recording loopback server of ``tests/fakes/raw_server.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.session.chat import ChatManager
from studio.session.relay_info import RelayInfo
from studio.session.studio import Studio, build_studio
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.ui.chat.message_view import MessageView
from studio.ui.main_window import MainWindow
from tests.fakes.raw_server import D, RawServer, Step, content, finish, role, sse

WAIT_MS = 20_000
MODELS = ("demo-vision", "demo-chat")


@dataclass
class VisionStudio:
    """A window, its chat manager and where its data lives."""

    window: MainWindow
    services: Studio

    @property
    def page(self) -> Any:
        """The chat page."""
        return self.window.chat_page

    @property
    def manager(self) -> ChatManager:
        """The chat manager."""
        return self.services.chats

    @property
    def client(self) -> ApiClient:
        """The API client in use."""
        return self.services.client

    @property
    def database(self) -> Database:
        """The history database."""
        return self.services.database

    @property
    def images(self) -> ImageStore:
        """The image store the chat's attachments live in."""
        return self.services.images


@pytest.fixture
def make_vision_studio(
    qtbot: QtBot,
    relay: DemoRelay,
    run: Callable[[Awaitable[Any]], Any],
    tmp_path: Path,
) -> Iterator[Callable[..., VisionStudio]]:
    """Build a window with images enabled; everything is closed after the test."""
    built: list[VisionStudio] = []

    def build(
        base_url: str | None = None,
        *,
        language: str = "en",
        db_name: str = "studio.sqlite3",
        settings_name: str = "window.ini",
        show: bool = True,
    ) -> VisionStudio:
        url = base_url or relay.base_url
        config = ProviderConfig(base_url=url, name="Demo relay")
        connection = RelayInfo(
            provider_name="Demo relay",
            endpoint=config.api_root,
            is_demo=True,
            default_model=MODELS[0],
            fallback_models=MODELS,
        )
        services = build_studio(
            Database(tmp_path / db_name),
            tmp_path / "images",
            ApiClient(config, language=language),
            connection,
        )
        settings = QSettings(str(tmp_path / settings_name), QSettings.Format.IniFormat)
        window = MainWindow(services, settings)
        qtbot.addWidget(window)
        if show:
            with qtbot.waitActive(window, timeout=WAIT_MS):
                window.resize(1200, 820)
                window.show()
                window.activateWindow()
        studio = VisionStudio(window, services)
        built.append(studio)
        return studio

    yield build
    for studio in built:
        run(studio.services.aclose())
        studio.database.close()


def photo(
    path: Path,
    size: tuple[int, int],
    colour: tuple[int, int, int] = (200, 30, 30),
    *,
    orientation: int = 1,
    fmt: str = "JPEG",
) -> Path:
    """A real picture file: two colour halves (a JPEG unless ``fmt`` says otherwise)."""
    image = Image.new("RGB", size, colour)
    image.paste((20, 20, 200), (size[0] // 2, 0, size[0], size[1]))
    kwargs: dict[str, Any] = {}
    if orientation != 1:
        exif = Image.Exif()
        exif[0x0112] = orientation
        kwargs["exif"] = exif.tobytes()
    image.save(path, fmt, **kwargs)
    return path


def file_mime(*paths: Path) -> QMimeData:
    """Mime data as a file manager offers it when files are dragged or copied."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(
    target: QWidget,
    mime: QMimeData,
    where: QPointF | None = None,
    action: Qt.DropAction = Qt.DropAction.CopyAction,
) -> QDropEvent:
    """Drag ``mime`` over ``target`` and drop it (in the middle unless ``where``).

    Qt delivers a drop to the widget that accepted the drag's enter event, as in a real
    drag. Returns the drop event (``isAccepted()`` says whether the target took it).
    """
    if where is None:
        where = QPointF(target.width() / 2, target.height() / 2)
    buttons = Qt.MouseButton.LeftButton
    no_keys = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(where.toPoint(), action, mime, buttons, no_keys))
    event = QDropEvent(where, action, mime, buttons, no_keys)
    QApplication.sendEvent(target, event)
    return event


def wait_ready(qtbot: QtBot, page: Any, count: int) -> None:
    """Wait until the composer holds ``count`` images, all prepared and shown."""

    def ready() -> bool:
        draft = page.attachments
        tiles = page.attachment_strip.tiles
        return (
            len(draft) == count
            and not draft.busy
            and len(tiles) == count
            and all(not t.spinner.isVisible() for t in tiles)
        )

    qtbot.waitUntil(ready, timeout=WAIT_MS)


def user_views(page: Any) -> list[MessageView]:
    """The user message cards of the transcript."""
    return [v for v in page.transcript.views if v.record.role == "user"]


def wait_answer(qtbot: QtBot, page: Any, count: int = 1) -> MessageView:
    """Wait until the ``count``-th answer of the branch is complete; return its card."""

    def answers() -> list[Any]:
        session = page.session
        branch = session.branch() if session is not None else []
        return [r for r in branch if r.role == "assistant"]

    def done() -> bool:
        found = answers()
        return (
            len(found) >= count
            and not page.session.busy
            and found[count - 1].status == "complete"
            and page.transcript.view(found[count - 1].id) is not None
        )

    qtbot.waitUntil(done, timeout=WAIT_MS)
    view = page.transcript.view(answers()[count - 1].id)
    assert view is not None
    return view


def ok_answer(text: str = "Seen.") -> list[Step]:
    """A streamed chat answer as the recording server sends it."""
    return sse(role(), content(text), finish("stop"), D)


@pytest.fixture
def recorder(run: Callable[[Awaitable[Any]], Any]) -> Iterator[RawServer]:
    """The recording loopback relay; every request gets a short streamed answer."""
    server = run(RawServer().start())
    server.script(ok_answer())
    yield server
    run(server.aclose())


def image_parts(body: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """For each user message of a request body: its image_url parts."""
    out: list[list[dict[str, Any]]] = []
    for message in body["messages"]:
        if message["role"] != "user":
            continue
        content = message["content"]
        parts = content if isinstance(content, list) else []
        out.append([p for p in parts if p.get("type") == "image_url"])
    return out


def texts(message: dict[str, Any]) -> Sequence[str]:
    """The text of a message (all text parts)."""
    content = message["content"]
    if isinstance(content, str):
        return [content]
    return [p["text"] for p in content if p.get("type") == "text"]
