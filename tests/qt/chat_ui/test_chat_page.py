"""The chat window over real conversations: streaming, stop, versions, branches, search,
tools, JSON output, delete with undo and reopening after a restart (real demo relay,
real SQLite file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from studio.demo.server import DemoRelay
from studio.ui.chat.conversation_list import ROLE_MESSAGE
from studio.ui.chat.message_parts import JsonCard, ToolCallCard
from studio.ui.chat.message_view import MessageView

WAIT_MS = 20_000


def answer_of(base_url: str, prompt: str, model: str = "demo-chat") -> str:
    """What the deterministic demo relay answers to ``prompt`` (non-streaming)."""
    response = httpx.post(
        f"{base_url}/chat/completions",
        json={"model": model, "messages": [{"role": "user", "content": prompt}]},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["choices"][0]["message"]["content"])


def send(qtbot: QtBot, page: Any, text: str, model: str = "demo-chat") -> None:
    page.model_picker.setCurrentText(model)
    page.composer.setFocus()
    if text.isascii():
        qtbot.keyClicks(page.composer, text)
    else:  # QTest can only type ASCII; an input method would insert the text like this
        page.composer.insertPlainText(text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)


def last_answer(page: Any) -> MessageView | None:
    views = [v for v in page.transcript.views if v.record.role == "assistant"]
    return views[-1] if views else None


def wait_answer(qtbot: QtBot, page: Any, status: str = "complete") -> MessageView:
    def done() -> bool:
        view = last_answer(page)
        return (
            view is not None
            and page.session is not None
            and not page.session.busy
            and view.record.status == status
        )

    qtbot.waitUntil(done, timeout=WAIT_MS)
    view = last_answer(page)
    assert view is not None
    return view


def test_send_streams_the_answer_and_lists_the_conversation(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    send(qtbot, page, "How do I stream a chat answer?")
    view = wait_answer(qtbot, page)
    assert view.body.markdown() == answer_of(studio.relay_url, "How do I stream a chat answer?")
    user = page.transcript.views[0]
    assert user.record.role == "user" and user.user_text.text() == "How do I stream a chat answer?"
    assert page.composer.toPlainText() == ""
    conversations = studio.window.findChild(QListWidget, "conversationList")
    assert conversations.count() == 1
    assert "How do I stream" in conversations.item(0).text()


def test_stop_keeps_what_arrived_and_offers_continue(
    make_studio: Callable[..., Any], qtbot: QtBot, slow_relay: DemoRelay
) -> None:
    studio = make_studio(slow_relay)
    page = studio.page
    send(qtbot, page, "Tell me everything")
    qtbot.waitUntil(
        lambda: last_answer(page) is not None and len(last_answer(page).body.markdown()) > 20,
        timeout=WAIT_MS,
    )
    qtbot.keyClick(page.composer, Qt.Key.Key_Escape)
    view = wait_answer(qtbot, page, "interrupted")
    full = answer_of(studio.relay_url, "Tell me everything")
    shown = view.body.markdown()
    assert shown and full.startswith(shown) and shown != full
    assert view.notice.isVisible()
    assert "continueButton" in {b.objectName() for b in view.notice.buttons.values()}


def test_regenerate_keeps_the_old_answer_as_a_version(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_studio().page
    send(qtbot, page, "Versions please")
    first = wait_answer(qtbot, page)
    first_id = first.message_id
    first.findChild(QToolButton, "regenerateButton").click()
    qtbot.waitUntil(lambda: last_answer(page).message_id != first_id, timeout=WAIT_MS)
    second = wait_answer(qtbot, page)
    assert second.version_label.text() == "2/2"
    second.findChild(QToolButton, "prevVersionButton").click()
    qtbot.waitUntil(lambda: last_answer(page).message_id == first_id, timeout=WAIT_MS)
    assert last_answer(page).version_label.text() == "1/2"


def test_editing_a_message_starts_a_branch_and_keeps_the_old_one(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    send(qtbot, page, "first question")
    wait_answer(qtbot, page)
    user = page.transcript.views[0]
    user.findChild(QToolButton, "editMessageButton").click()
    editor = user.findChild(QPlainTextEdit, "editMessageEdit")
    editor.setPlainText("second question")
    user.findChild(QPushButton, "sendEditButton").click()
    qtbot.waitUntil(
        lambda: page.transcript.views[0].user_text.text() == "second question", timeout=WAIT_MS
    )
    answer = wait_answer(qtbot, page)
    assert answer.body.markdown() == answer_of(studio.relay_url, "second question")
    branch_user = page.transcript.views[0]
    assert branch_user.version_label.text() == "2/2"
    branch_user.findChild(QToolButton, "prevVersionButton").click()
    qtbot.waitUntil(
        lambda: page.transcript.views[0].user_text.text() == "first question", timeout=WAIT_MS
    )
    assert last_answer(page).body.markdown() == answer_of(studio.relay_url, "first question")


def test_search_finds_a_chinese_substring_and_jumps_to_the_message(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    send(qtbot, page, "请介绍一下长城的历史")
    wait_answer(qtbot, page)
    target = page.session.conversation_id
    page.new_chat()
    assert page.session is None
    search = studio.window.findChild(QLineEdit, "searchBox")
    qtbot.keyClick(studio.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    search.insert("长城的历")
    conversations = studio.window.findChild(QListWidget, "conversationList")
    qtbot.waitUntil(
        lambda: conversations.count() >= 1 and conversations.item(0).data(ROLE_MESSAGE) is not None,
        timeout=WAIT_MS,
    )
    hit = conversations.item(0)
    assert "长城的历" in hit.text()
    conversations.itemClicked.emit(hit)
    assert page.session is not None and page.session.conversation_id == target
    highlighted = [v for v in page.transcript.views if v.property("highlight")]
    assert highlighted and "长城" in highlighted[0].text


def test_a_user_function_round_trip(make_studio: Callable[..., Any], qtbot: QtBot) -> None:
    page = make_studio().page
    send(qtbot, page, "hello")
    wait_answer(qtbot, page)
    page.session.set_tools(
        [],
        [
            {
                "name": "get_weather",
                "description": "Weather for a city",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            }
        ],
    )
    send(qtbot, page, "What's the weather in Paris?")

    def pending_card() -> ToolCallCard | None:
        view = last_answer(page)
        cards = view.findChildren(ToolCallCard) if view is not None else []
        waiting = [c for c in cards if c.result_edit is not None]
        return waiting[0] if waiting else None

    qtbot.waitUntil(lambda: pending_card() is not None, timeout=WAIT_MS)
    card = pending_card()
    assert card is not None and card.result_edit is not None
    card.result_edit.setPlainText('{"temperature": 23, "sky": "sunny"}')
    card.findChild(QToolButton, "submitToolResultButton").click()
    qtbot.waitUntil(
        lambda: (
            last_answer(page) is not None
            and not last_answer(page).record.tool_calls
            and last_answer(page).record.status == "complete"
            and not page.session.busy
        ),
        timeout=WAIT_MS,
    )
    assert "23" in last_answer(page).body.markdown()
    roles = [v.record.role for v in page.transcript.views]
    assert roles[-3:] == ["assistant", "tool", "assistant"]


def test_json_mode_shows_the_checked_json(make_studio: Callable[..., Any], qtbot: QtBot) -> None:
    page = make_studio().page
    send(qtbot, page, "hello")
    wait_answer(qtbot, page)
    page.session.set_output_mode("json_object")
    send(qtbot, page, "Describe a 75-inch TV as JSON with product_name and price")
    view = wait_answer(qtbot, page)
    qtbot.waitUntil(lambda: bool(view.findChildren(JsonCard)), timeout=WAIT_MS)
    card = view.findChildren(JsonCard)[0]
    assert card.property("valid") is True


def test_a_server_error_shows_on_the_answer_with_retry(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_studio().page
    send(qtbot, page, "break please", model="demo-fault-500")
    view = wait_answer(qtbot, page, "failed")
    assert "The demo relay failed on purpose" in view.notice.label.text()
    assert "retryButton" in {b.objectName() for b in view.notice.buttons.values()}
    assert page.composer.toPlainText() == ""  # the question itself is saved in the chat
    assert page.transcript.views[0].user_text.text() == "break please"


def test_delete_with_undo(make_studio: Callable[..., Any], qtbot: QtBot) -> None:
    studio = make_studio()
    page = studio.page
    send(qtbot, page, "keep me")
    wait_answer(qtbot, page)
    conversation = page.session.conversation_id
    studio.manager.delete(conversation)
    conversations = studio.window.findChild(QListWidget, "conversationList")
    assert conversations.count() == 0
    assert page.session is None
    undo = studio.page.findChild(QToolButton, "undoDeleteButton")
    assert undo.isVisible()
    undo.click()
    assert conversations.count() == 1
    assert page.session is not None and page.session.conversation_id == conversation


def test_conversations_come_back_after_a_restart(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Any
) -> None:
    first = make_studio()
    send(qtbot, first.page, "remember this")
    wait_answer(qtbot, first.page)
    first.window.close()
    second = make_studio(db_path=tmp_path / "studio.sqlite3")
    page = second.page
    assert page.session is not None
    assert [v.record.role for v in page.transcript.views] == ["user", "assistant"]
    assert page.transcript.views[0].user_text.text() == "remember this"


def test_ctrl_n_starts_a_new_chat_with_the_composer_focused(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    send(qtbot, page, "one")
    wait_answer(qtbot, page)
    qtbot.keyClick(studio.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.session is None
    assert page.stack.currentWidget() is page.empty_state
    qtbot.waitUntil(page.composer.hasFocus, timeout=WAIT_MS)
