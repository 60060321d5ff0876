"""The main window against the real demo relay: sending, streaming, stopping, errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QTextBrowser, QToolButton
from pytestqt.qtbot import QtBot

from studio.demo.server import DemoRelay

WAIT_MS = 15_000


def answer_of(base_url: str, messages: list[dict[str, Any]], model: str = "demo-chat") -> str:
    """What the relay answers without streaming (the demo relay is deterministic)."""
    response = httpx.post(
        f"{base_url}/chat/completions",
        json={"model": model, "messages": messages, "stream": False},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["choices"][0]["message"]["content"])


def visible_lines(markdown: str) -> list[str]:
    """The non-empty lines a reader sees when ``markdown`` is rendered."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    return [line.strip() for line in document.toPlainText().splitlines() if line.strip()]


def type_and_send(qtbot: QtBot, composer: QPlainTextEdit, text: str) -> None:
    qtbot.keyClicks(composer, text)
    qtbot.keyClick(composer, Qt.Key.Key_Return)


def test_composer_has_keyboard_focus_at_start_up(make_studio: Callable[..., Any], qtbot: QtBot):
    studio = make_studio()
    composer = studio.window.findChild(QPlainTextEdit, "composer")
    qtbot.waitUntil(composer.hasFocus, timeout=WAIT_MS)
    assert QApplication.focusWidget() is composer


def test_enter_sends_and_the_answer_streams_into_the_transcript(
    make_studio: Callable[..., Any], qtbot: QtBot
):
    studio = make_studio()
    window = studio.window
    composer = window.findChild(QPlainTextEdit, "composer")
    transcript = window.findChild(QTextBrowser, "transcript")
    window.findChild(QComboBox, "modelPicker").setCurrentText("demo-chat")

    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS) as finished:
        type_and_send(qtbot, composer, "How do I stream a chat answer?")

    assert finished.args == ["complete"]
    expected = answer_of(
        studio.relay_url, [{"role": "user", "content": "How do I stream a chat answer?"}]
    )
    assert transcript.answer_text == expected
    shown = transcript.toPlainText()
    assert "How do I stream a chat answer?" in shown
    for line in visible_lines(expected):
        assert line in shown
    assert composer.toPlainText() == ""
    assert window.findChild(QToolButton, "sendButton").isVisible()
    assert not window.findChild(QToolButton, "stopButton").isVisible()


def test_second_question_carries_the_conversation(make_studio: Callable[..., Any], qtbot: QtBot):
    studio = make_studio()
    composer = studio.window.findChild(QPlainTextEdit, "composer")
    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "First question")
    first_answer = studio.window.findChild(QTextBrowser, "transcript").answer_text
    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "Second question")

    assert [m["role"] for m in studio.chat.history] == ["user", "assistant", "user", "assistant"]
    assert studio.chat.history[1]["content"] == first_answer
    shown = studio.window.findChild(QTextBrowser, "transcript").toPlainText()
    assert shown.index("First question") < shown.index("Second question")


def test_shift_enter_starts_a_new_line_instead_of_sending(
    make_studio: Callable[..., Any], qtbot: QtBot
):
    studio = make_studio()
    composer = studio.window.findChild(QPlainTextEdit, "composer")
    qtbot.keyClicks(composer, "line one")
    qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer, "line two")

    assert composer.toPlainText() == "line one\nline two"
    assert not studio.chat.busy
    assert studio.chat.history == []


def test_stop_keeps_the_partial_answer(
    make_studio: Callable[..., Any], slow_relay: DemoRelay, qtbot: QtBot
):
    studio = make_studio(slow_relay)
    window = studio.window
    composer = window.findChild(QPlainTextEdit, "composer")
    stop = window.findChild(QToolButton, "stopButton")
    with qtbot.waitSignal(studio.chat.text_appended, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "Tell me a long story")
    assert stop.isVisible()

    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)

    assert finished.args == ["interrupted"]
    transcript = window.findChild(QTextBrowser, "transcript")
    partial = transcript.answer_text
    full = answer_of(studio.relay_url, [{"role": "user", "content": "Tell me a long story"}])
    assert partial and full.startswith(partial) and len(partial) < len(full)
    assert "Stopped" in transcript.toPlainText()
    assert studio.chat.history[-1] == {"role": "assistant", "content": partial}
    assert window.findChild(QToolButton, "sendButton").isVisible()
    assert not stop.isVisible()


def test_escape_stops_the_answer(
    make_studio: Callable[..., Any], slow_relay: DemoRelay, qtbot: QtBot
):
    studio = make_studio(slow_relay)
    composer = studio.window.findChild(QPlainTextEdit, "composer")
    with qtbot.waitSignal(studio.chat.text_appended, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "Another long story")
    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(composer, Qt.Key.Key_Escape)
    assert finished.args == ["interrupted"]


def test_http_error_shows_the_servers_message_with_copy_and_retry(
    make_studio: Callable[..., Any], qtbot: QtBot
):
    studio = make_studio()
    window = studio.window
    picker = window.findChild(QComboBox, "modelPicker")
    picker.setCurrentText("demo-fault-500")
    composer = window.findChild(QPlainTextEdit, "composer")
    banner = window.chat_page.banner
    assert not banner.isVisible()

    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS) as finished:
        type_and_send(qtbot, composer, "Hello")

    assert finished.args == ["failed"]
    assert banner.isVisible()
    assert "The demo relay failed on purpose." in banner.message
    assert "\n" not in banner.message
    retry = window.findChild(QToolButton, "retryButton")
    assert retry.isVisible()
    qtbot.mouseClick(window.findChild(QToolButton, "copyDetailsButton"), Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "500" in copied and "demo_fault" in copied

    # Retry with a working model answers the same question; the failed answer is replaced.
    picker.setCurrentText("demo-chat")
    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert finished.args == ["complete"]
    assert not banner.isVisible()
    assert studio.chat.history[0] == {"role": "user", "content": "Hello"}
    assert [m["role"] for m in studio.chat.history] == ["user", "assistant"]
    assert "No answer." not in window.findChild(QTextBrowser, "transcript").toPlainText()


def test_model_picker_is_filled_from_the_relays_model_list(
    make_studio: Callable[..., Any], qtbot: QtBot
):
    studio = make_studio()
    with qtbot.waitSignal(studio.models.loaded, timeout=WAIT_MS):
        studio.models.refresh()
    picker = studio.window.findChild(QComboBox, "modelPicker")
    listed = [picker.itemText(i) for i in range(picker.count())]
    served = httpx.get(f"{studio.relay_url}/models", timeout=10).json()["data"]
    assert listed == [item["id"] for item in served]
    assert picker.currentText() == "demo-chat"


def test_model_picker_keeps_fallback_names_when_the_list_fails(
    make_studio: Callable[..., Any], qtbot: QtBot
):
    # Nothing listens on port 9 of this machine: the request fails to connect.
    studio = make_studio(base_url="http://127.0.0.1:9/v1")
    with qtbot.waitSignal(studio.models.failed, timeout=WAIT_MS):
        studio.models.refresh()
    picker = studio.window.findChild(QComboBox, "modelPicker")
    assert [picker.itemText(i) for i in range(picker.count())] == ["demo-chat", "demo-reasoner"]
    assert "model list" in studio.window.notice_label.text()


def test_status_bar_shows_relay_endpoint_and_usage(make_studio: Callable[..., Any], qtbot: QtBot):
    studio = make_studio()
    window = studio.window
    endpoint = window.endpoint_label.text()
    assert endpoint == f"Demo relay · {studio.relay_url}"
    assert window.demo_label.isVisible()
    assert "demo relay" in window.demo_label.text()
    composer = window.findChild(QPlainTextEdit, "composer")
    with qtbot.waitSignal(studio.chat.usage_reported, timeout=WAIT_MS) as usage:
        type_and_send(qtbot, composer, "Count my tokens")
    qtbot.waitUntil(lambda: not studio.chat.busy, timeout=WAIT_MS)
    prompt, completion, total = usage.args
    assert total == prompt + completion > 0
    assert f"{total:,} tokens" in window.usage_label.text()


def test_reasoning_appears_in_the_thinking_panel_and_folds_when_the_answer_starts(
    make_studio: Callable[..., Any], qtbot: QtBot
):
    studio = make_studio()
    window = studio.window
    window.findChild(QComboBox, "modelPicker").setCurrentText("demo-reasoner")
    composer = window.findChild(QPlainTextEdit, "composer")
    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "Plan a trip")
    panel = window.chat_page.thinking
    assert panel.isVisible()
    assert panel.reasoning.strip()
    assert panel.reasoning not in window.findChild(QTextBrowser, "transcript").toPlainText()
    assert not panel.expanded
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.expanded and panel.text.isVisible()


def test_new_chat_clears_the_conversation(make_studio: Callable[..., Any], qtbot: QtBot):
    studio = make_studio()
    window = studio.window
    composer = window.findChild(QPlainTextEdit, "composer")
    with qtbot.waitSignal(studio.chat.finished, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "Remember this")
    with qtbot.waitSignal(studio.chat.cleared, timeout=WAIT_MS):
        qtbot.keyClick(composer, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert studio.chat.history == []
    assert window.findChild(QTextBrowser, "transcript").toPlainText().strip() == ""
    assert window.chat_page.stack.currentWidget() is window.chat_page.empty_state
    assert composer.hasFocus()


def test_new_chat_while_answering_stops_and_forgets(
    make_studio: Callable[..., Any], slow_relay: DemoRelay, qtbot: QtBot
):
    studio = make_studio(slow_relay)
    window = studio.window
    composer = window.findChild(QPlainTextEdit, "composer")
    with qtbot.waitSignal(studio.chat.text_appended, timeout=WAIT_MS):
        type_and_send(qtbot, composer, "A long one")
    task = studio.chat.task
    qtbot.mouseClick(window.findChild(QToolButton, "newChatButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert studio.chat.history == []
    assert not studio.chat.busy
    assert window.findChild(QTextBrowser, "transcript").toPlainText().strip() == ""
    assert window.findChild(QToolButton, "sendButton").isVisible()
