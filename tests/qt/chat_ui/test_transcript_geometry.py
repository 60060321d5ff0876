"""The message column always fits the transcript's view, with the Parameters drawer open.

Seen by a new user: with the drawer open, switching a version drew the message cards wider
than the view, so bubbles, icons, the model name and Chinese text were cut on the right; and
opening the drawer made the window itself wider. Nothing in the transcript may be wider than
its viewport, and opening the drawer takes its room from the conversation, not the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.store.conversations import ConversationStore
from studio.store.messages import MessageStore

WAIT_MS = 20_000
LONG_MODEL = "deepseek-reasoner-0528-extended-preview-long-name"
CHINESE = "这是一个很长的中文回答，" * 30


def _settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _overflowing(transcript: Any) -> list[str]:
    """Widgets inside the transcript that reach past its viewport's right edge."""
    viewport = transcript.viewport()
    right = viewport.width()
    bad = []
    for widget in transcript.widget().findChildren(QWidget):
        if not widget.isVisibleTo(viewport) or widget.width() <= 0:
            continue
        edge = widget.mapTo(viewport, widget.rect().topRight()).x()
        if edge > right:
            bad.append(f"{type(widget).__name__}#{widget.objectName()} ends at {edge} > {right}")
    return bad


def _branched(studio: Any) -> tuple[int, int, int]:
    conversations = ConversationStore(studio.database)
    messages = MessageStore(studio.database)
    conversation = conversations.create("Geometry", LONG_MODEL)
    user = messages.add(conversation, "user", "Explain " + CHINESE)
    first = messages.add(conversation, "assistant", CHINESE, model=LONG_MODEL, parent_id=user)
    second = messages.add(
        conversation, "assistant", "A second version " + CHINESE, model=LONG_MODEL, parent_id=user
    )
    return conversation, first, second


def test_switching_a_version_with_the_drawer_open_fits_the_view(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    window = studio.window
    conversation, _first, second = _branched(studio)
    window.resize(1180, 800)
    page = studio.page
    page.open_conversation(conversation)
    page.header.panel_button.setChecked(True)
    _settle()
    assert page.drawer.isVisible()
    transcript = page.transcript
    assert _overflowing(transcript) == []
    page.transcript.version_requested.emit(second, 1)
    _settle()
    qtbot.waitUntil(lambda: transcript.views[-1].text == CHINESE, timeout=WAIT_MS)
    _settle()
    assert _overflowing(transcript) == []
    assert transcript.widget().width() <= transcript.viewport().width()


def test_opening_the_drawer_does_not_widen_the_window(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    window = studio.window
    conversation, _first, _second = _branched(studio)
    page = studio.page
    page.open_conversation(conversation)
    window.resize(1180, 800)
    _settle()
    before = window.width()
    page.header.panel_button.setChecked(True)
    _settle()
    assert window.width() == before
    page.header.panel_button.setChecked(False)
    _settle()
    assert window.width() == before
    assert window.windowState() == Qt.WindowState.WindowNoState
