"""Fixtures for the Edit page's side panels: real pictures (PNG bytes and files) drawn here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from studio.ui.edit.panel_mime import png_bytes

WAIT_MS = 15_000


def picture(width: int, height: int, hue: int = 200) -> QImage:
    """A picture with a gradient-free two-tone pattern (distinct per hue)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor.fromHsv(hue % 360, 160, 220))
    painter = QPainter(image)
    painter.fillRect(width // 4, height // 4, width // 2, height // 2, QColor(255, 255, 255))
    painter.end()
    return image


def png(width: int = 64, height: int = 48, hue: int = 200) -> bytes:
    """A real PNG file's bytes."""
    return png_bytes(picture(width, height, hue))


@pytest.fixture
def png_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write a real PNG under ``tmp_path`` and return its path."""

    def write(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(png(40, 30, len(name) * 37))
        return path

    return write


def drop(target: QWidget, mime: QMimeData, x: int, y: int) -> QDropEvent:
    """Deliver a drag enter, move and drop of ``mime`` at (x, y) in ``target``'s coordinates."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    point = QPointF(x, y)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(point.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(target, move)
    event = QDropEvent(point, actions, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    return event


def file_mime(*paths: Path) -> QMimeData:
    """Mime data naming local files, as a file manager drags them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


@pytest.fixture
def clean_clipboard() -> Iterator[None]:
    """The clipboard emptied after the test."""
    yield
    QApplication.clipboard().clear()
