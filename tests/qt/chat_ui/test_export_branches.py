"""Export of a chat whose answer was regenerated and whose question was edited, in the real
window: Markdown shows the version the user picked, and the others labelled after it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from tests.qt.chat_ui.test_chat_page import last_answer, send, wait_answer

WAIT_MS = 20_000


def test_markdown_export_follows_the_versions_picked(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    send(qtbot, page, "first question")
    first = wait_answer(qtbot, page)
    first_id, first_text = first.message_id, first.body.markdown()
    first.findChild(QToolButton, "regenerateButton").click()
    qtbot.waitUntil(lambda: last_answer(page).message_id != first_id, timeout=WAIT_MS)
    second = wait_answer(qtbot, page)
    second_id = second.message_id
    second.findChild(QToolButton, "prevVersionButton").click()  # back to the first answer
    qtbot.waitUntil(lambda: last_answer(page).message_id == first_id, timeout=WAIT_MS)
    # Then the question is edited: a second branch, left in place, and the first picked again.
    user = page.transcript.views[0]
    user.findChild(QToolButton, "editMessageButton").click()
    user.findChild(QPlainTextEdit, "editMessageEdit").setPlainText("second question")
    user.findChild(QPushButton, "sendEditButton").click()
    qtbot.waitUntil(
        lambda: page.transcript.views[0].user_text.text() == "second question", timeout=WAIT_MS
    )
    wait_answer(qtbot, page)
    page.transcript.views[0].findChild(QToolButton, "prevVersionButton").click()
    qtbot.waitUntil(lambda: last_answer(page).message_id == first_id, timeout=WAIT_MS)

    conversation_id = page.session.conversation_id
    markdown = studio.manager.export(conversation_id, "md")
    transcript, _, others = markdown.partition("\n## Other versions and branches\n")
    assert others, markdown
    assert transcript.count("## You") == 1 and transcript.count("## Assistant") == 1
    assert "first question" in transcript and first_text in transcript
    assert "second question" not in transcript
    assert "*Version 1 of 2 of this answer;" in transcript
    assert "*Version 1 of 2 of this message;" in transcript
    assert "### Version 2 of 2 of the answer to your message “first question”" in others
    assert "### Branch: version 2 of 2 of the first message" in others
    assert others.index("#### You\n\nsecond question") > others.index("### Branch: version 2")

    data = json.loads(studio.manager.export(conversation_id, "json"))["conversation"]
    assert data["leaf_id"] == first_id
    by_id = {m["id"]: m for m in data["messages"]}
    assert len(by_id) == 5
    assert by_id[second_id]["parent_id"] == by_id[first_id]["parent_id"]
