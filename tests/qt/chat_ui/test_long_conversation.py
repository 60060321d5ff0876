"""A long conversation opens with its newest messages and fills in, then loads earlier ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from studio.store.conversations import ConversationStore
from studio.store.messages import MessageStore
from studio.ui.chat.transcript_view import FIRST_PAINT, PAGE_SIZE

WAIT_MS = 20_000


def test_long_conversation_pages_in(make_studio: Callable[..., Any], qtbot: QtBot) -> None:
    studio = make_studio()
    conversations = ConversationStore(studio.database)
    messages = MessageStore(studio.database)
    conversation = conversations.create("long", "demo-chat")
    parent = None
    for number in range(120):
        role = "user" if number % 2 == 0 else "assistant"
        parent = messages.add(conversation, role, f"message {number}", parent_id=parent)
    page = studio.page
    page.open_conversation(conversation)
    transcript = page.transcript
    assert len(transcript.views) == FIRST_PAINT
    assert transcript.views[-1].text == "message 119"
    qtbot.waitUntil(lambda: len(transcript.views) == PAGE_SIZE, timeout=WAIT_MS)
    assert transcript.views[0].text == f"message {120 - PAGE_SIZE}"
    assert transcript.load_more_button.isVisible()
    transcript.load_more_button.click()
    assert len(transcript.views) == 2 * PAGE_SIZE
    assert transcript.views[0].text == f"message {120 - 2 * PAGE_SIZE}"
