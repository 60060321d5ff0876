"""Basics of the chat window: focus, keys, the model list, the status bar, reasoning, and
several conversations streaming at once (real demo relay)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from studio.demo.server import DemoRelay
from tests.qt.chat_ui.test_chat_page import WAIT_MS, last_answer, send, wait_answer


def test_composer_has_keyboard_focus_at_start_up(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    composer = studio.window.findChild(QPlainTextEdit, "composer")
    qtbot.waitUntil(composer.hasFocus, timeout=WAIT_MS)
    assert QApplication.focusWidget() is composer


def test_shift_enter_starts_a_new_line_instead_of_sending(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_studio().page
    qtbot.keyClicks(page.composer, "line one")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.composer, "line two")
    assert page.composer.toPlainText() == "line one\nline two"
    assert page.session is None  # nothing was sent


def test_a_second_question_continues_the_same_conversation(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_studio().page
    send(qtbot, page, "First question")
    wait_answer(qtbot, page)
    conversation = page.session.conversation_id
    send(qtbot, page, "Second question")
    qtbot.waitUntil(lambda: len(page.transcript.views) == 4, timeout=WAIT_MS)
    wait_answer(qtbot, page)
    assert page.session.conversation_id == conversation
    assert [v.record.role for v in page.transcript.views] == [
        "user",
        "assistant",
        "user",
        "assistant",
    ]


def test_model_picker_is_filled_from_the_relays_model_list(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    with qtbot.waitSignal(studio.models.loaded, timeout=WAIT_MS):
        studio.models.refresh()
    picker = studio.window.findChild(QComboBox, "modelPicker")
    listed = {picker.itemText(i) for i in range(picker.count())}
    served = httpx.get(f"{studio.relay_url}/models", timeout=10).json()["data"]
    assert {item["id"] for item in served} <= listed
    assert picker.currentText() == "demo-chat"


def test_model_picker_keeps_fallback_names_when_the_list_fails(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio(base_url="http://127.0.0.1:9/v1")  # nothing listens on port 9
    with qtbot.waitSignal(studio.models.failed, timeout=WAIT_MS):
        studio.models.refresh()
    picker = studio.window.findChild(QComboBox, "modelPicker")
    assert [picker.itemText(i) for i in range(picker.count())] == ["demo-chat", "demo-reasoner"]
    assert "model list" in studio.window.notice_label.text()


def test_status_bar_shows_the_endpoint_and_the_chats_usage(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    window = studio.window
    assert window.endpoint_label.text() == f"Demo relay · {studio.relay_url}"
    assert window.demo_label.isVisible()
    send(qtbot, studio.page, "Count my tokens")
    view = wait_answer(qtbot, studio.page)
    usage = view.record.usage or {}
    assert usage.get("total_tokens", 0) > 0
    qtbot.waitUntil(lambda: "tokens" in window.usage_label.text(), timeout=WAIT_MS)
    assert f"{usage['total_tokens']:,} tokens" in window.usage_label.text()


def test_reasoning_shows_in_the_thinking_box_and_not_in_the_answer(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_studio().page
    send(qtbot, page, "Plan a trip", model="demo-reasoner")
    view = wait_answer(qtbot, page)
    assert view.thinking.isVisible()
    reasoning = view.thinking.reasoning.strip()
    assert reasoning and reasoning not in view.body.markdown()
    assert not view.thinking.toggle.isChecked()
    qtbot.mouseClick(view.thinking.toggle, Qt.MouseButton.LeftButton)
    assert view.thinking.text.isVisible()


def test_two_conversations_stream_at_the_same_time(
    make_studio: Callable[..., Any], qtbot: QtBot, slow_relay: DemoRelay
) -> None:
    studio = make_studio(slow_relay)
    page = studio.page
    send(qtbot, page, "the first long answer")
    qtbot.waitUntil(lambda: last_answer(page) is not None, timeout=WAIT_MS)
    first = page.session
    page.new_chat()
    send(qtbot, page, "the second long answer")
    qtbot.waitUntil(lambda: page.session is not None and page.session.busy, timeout=WAIT_MS)
    second = page.session
    assert first is not second and first.busy and second.busy
    assert sorted(studio.manager.streaming()) == sorted(
        [first.conversation_id, second.conversation_id]
    )
    first.stop()
    second.stop()
    qtbot.waitUntil(lambda: not first.busy and not second.busy, timeout=WAIT_MS)


def test_each_answer_shows_its_tokens_and_cost_when_a_price_is_set(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    from studio.session.settings_editor import ModelPrice

    studio = make_studio()
    page = studio.page
    page.set_price_lookup(lambda model: ModelPrice(2.0, 8.0) if model == "demo-chat" else None)
    send(qtbot, page, "What does this cost?")
    view = wait_answer(qtbot, page)
    usage = view.record.usage or {}
    expected = (usage["prompt_tokens"] * 2.0 + usage["completion_tokens"] * 8.0) / 1_000_000
    assert view.usage_label.text() == f"{usage['total_tokens']:,} tokens · ≈ {expected:.4f}"
    qtbot.waitUntil(lambda: "≈" in studio.window.usage_label.text(), timeout=WAIT_MS)
    assert f"{expected:.4f}" in studio.window.usage_label.text()
    # The model's name and the usage sit side by side, the name in full.
    role, tokens = view.role_label.geometry(), view.usage_label.geometry()
    assert role.right() < tokens.left()
    assert role.width() >= view.role_label.sizeHint().width()


def test_the_empty_state_shows_its_whole_invitation(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QLabel

    for language in ("en", "zh_CN"):
        studio = make_studio(language=language)
        text = studio.window.findChild(QLabel, "emptyStateText")
        assert text is not None and text.isVisible()
        assert "Esc" in text.text()
        # Word-wrapped, and as tall as its lines need: nothing is cut off.
        assert text.height() >= text.heightForWidth(text.width())
        assert text.heightForWidth(text.width()) > text.fontMetrics().height()
