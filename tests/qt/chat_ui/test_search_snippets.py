"""Search results in the sidebar read as plain text: no Markdown marks, nothing rendered as
HTML (a snippet that looks like HTML stays its characters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from studio.ui.chat.conversation_delegate import split_lines
from tests.qt.chat_ui.test_chat_page import send, wait_answer


def test_search_snippets_are_plain_readable_text(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    send(
        qtbot,
        page,
        "Please explain <b>tags</b> and **zebra** `code` in [a link](https://x.example)",
    )
    wait_answer(qtbot, page)
    sidebar = page.sidebar
    sidebar.search_box.setText("zebra")
    sidebar.search_box.returnPressed.emit()
    conversations = studio.window.findChild(QListWidget, "conversationList")
    qtbot.waitUntil(lambda: conversations.count() == 2)  # the question and the answer
    snippets = [split_lines(conversations.item(row).text())[1] for row in range(2)]
    assert "Please explain <b>tags</b> and [zebra] code in a link" in snippets
    for snippet in snippets:  # the demo's answer quotes the question, then its Markdown
        assert not [mark for mark in ("**", "`", "](", "## ") if mark in snippet], snippet
    for row in range(2):
        tooltip = conversations.item(row).toolTip()
        assert "<b>tags</b>" not in tooltip and "&lt;b&gt;tags&lt;/b&gt;" in tooltip
