"""Chats that another process writes (``studio chat`` on the same data folder) appear in the
open window's sidebar, on a slow check of the file's change counter or when the window gets
the focus back, and the selection and the scroll position stay where they were."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore
from studio.ui.chat.conversation_list import ROLE_CONVERSATION
from tests.qt.chat_ui.test_chat_page import send, wait_answer

REPO = Path(__file__).resolve().parents[3]
WRITE = """
import sys
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore
from studio.ui.chat.conversation_list import ROLE_CONVERSATION
db = Database(sys.argv[1])
chat = ConversationStore(db).create(sys.argv[2], "demo-chat")
MessageStore(db).add(chat, "user", "written by another process")
db.close()
"""


def write_elsewhere(path: Path, title: str) -> None:
    """A conversation written by another process, as ``studio chat`` does."""
    subprocess.run(
        [sys.executable, "-c", WRITE, str(path), title], cwd=REPO, check=True, timeout=60
    )


def titles(conversations: QListWidget) -> list[str]:
    return [conversations.item(row).text().split("\n")[0] for row in range(conversations.count())]


def test_the_sidebar_notices_chats_written_by_another_process(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "studio.sqlite3"
    seed = Database(path)
    store, messages = ConversationStore(seed), MessageStore(seed)
    for number in range(40):
        messages.add(store.create(f"Old chat {number}", "demo-chat"), "user", "hello")
    seed.close()
    studio = make_studio(db_path=path)
    studio.window.resize(1200, 600)
    page = studio.page
    send(qtbot, page, "the one I am reading")
    wait_answer(qtbot, page)
    conversations = studio.window.findChild(QListWidget, "conversationList")
    current = page.session.conversation_id
    bar = conversations.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    count = conversations.count()

    # On the slow timer.
    write_elsewhere(path, "From the CLI")
    studio.manager.watch_outside_changes(50)
    qtbot.waitUntil(lambda: "From the CLI" in titles(conversations))
    assert conversations.count() == count + 1
    assert conversations.currentItem().data(ROLE_CONVERSATION) == current
    assert bar.value() == scrolled

    # When the window gets the focus back (no need to wait for the timer).
    studio.manager.watch_outside_changes(3_600_000)
    write_elsewhere(path, "Another from the CLI")
    assert "Another from the CLI" not in titles(conversations)
    studio.window.activateWindow()
    qtbot.waitUntil(studio.window.isActiveWindow)
    QApplication.sendEvent(studio.window, QEvent(QEvent.Type.ActivationChange))
    assert "Another from the CLI" in titles(conversations)
    assert conversations.currentItem().data(ROLE_CONVERSATION) == current
    assert bar.value() == scrolled

    # Its own writes do not count as outside changes.
    assert not studio.manager.check_outside_changes()
