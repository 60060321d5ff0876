"""The parameters panel edits a real conversation: values, unset, extra body, persistence."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.core.chat.options import ChatSettings
from studio.core.chat.request import build_request
from studio.session.chat import ChatManager, ConversationSession, ToolRegistry
from studio.ui.chat.params_panel import ParamsPanel
from tests.fakes.raw_server import D, RawServer, content, finish, role, sse
from tests.qt.signals import expect

Run = Callable[[Awaitable[Any]], Any]


def stored(manager: ChatManager, session: ConversationSession) -> ChatSettings:
    """The settings as saved in the database (what the next start of Studio shows)."""
    record = manager.get(session.conversation_id)
    assert record is not None
    return ChatSettings.from_record(record)


def type_text(qtbot: QtBot, widget: Any, text: str) -> None:
    """Type ``text`` as keystrokes (Return for each new line)."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def switch_on(qtbot: QtBot, panel: ParamsPanel, name: str) -> None:
    toggle = panel.rows[name].toggle
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert toggle.isChecked()


def test_temperature_and_max_tokens_reach_the_session_and_the_database(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    params_panel.bind(session)
    assert params_panel.rows["temperature"].default_label.isVisible()
    assert session.settings.params == {}

    switch_on(qtbot, params_panel, "temperature")
    temperature = params_panel.rows["temperature"]
    assert temperature.spin is not None and temperature.slider is not None
    assert temperature.spin.isVisible() and temperature.slider.isVisible()
    temperature.spin.setValue(0.3)
    assert temperature.slider.value() == 30  # the slider follows the box
    qtbot.keyClick(temperature.spin, Qt.Key.Key_Return)  # Enter applies at once
    assert session.settings.params == {"temperature": 0.3}

    switch_on(qtbot, params_panel, "max_tokens")
    tokens = params_panel.rows["max_tokens"].spin
    assert tokens is not None
    tokens.lineEdit().selectAll()
    qtbot.keyClicks(tokens, "4096")
    qtbot.waitUntil(lambda: session.settings.params.get("max_tokens") == 4096)
    assert session.settings.params == {"temperature": 0.3, "max_tokens": 4096}
    assert stored(manager, session).params == {"temperature": 0.3, "max_tokens": 4096}
    assert "Saved" in params_panel.status.text()


def test_switching_a_parameter_off_leaves_it_to_the_model(
    qtbot: QtBot,
    params_panel: ParamsPanel,
    session: ConversationSession,
    registry: ToolRegistry,
) -> None:
    session.set_params({"temperature": 1.2, "top_p": 0.5})
    params_panel.bind(session)
    assert params_panel.rows["temperature"].toggle.isChecked()
    assert params_panel.rows["top_p"].value() == 0.5

    qtbot.mouseClick(params_panel.rows["top_p"].toggle, Qt.MouseButton.LeftButton)
    assert params_panel.rows["top_p"].default_label.isVisible()
    assert session.settings.params == {"temperature": 1.2}
    body = build_request(session.settings, registry, session.branch()).to_body()
    assert body["temperature"] == 1.2 and "top_p" not in body


def test_system_prompt_is_saved_after_a_pause_in_typing(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    params_panel.bind(session)
    changes: list[str] = []
    session.settings_changed.connect(lambda: changes.append(session.settings.system_prompt))
    qtbot.keyClicks(params_panel.system_prompt_edit, "Answer in Chinese.")
    qtbot.waitUntil(lambda: session.settings.system_prompt == "Answer in Chinese.")
    assert changes == ["Answer in Chinese."]  # one save for the whole phrase
    assert stored(manager, session).system_prompt == "Answer in Chinese."
    assert params_panel.status.text().endswith("Saved")


def test_invalid_extra_body_shows_the_error_and_never_reaches_the_session(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    session.set_params({"extra_body": {"enable_thinking": True}})
    params_panel.bind(session)
    edit = params_panel.extra_body_edit
    assert '"enable_thinking": true' in edit.toPlainText()

    edit.selectAll()
    type_text(qtbot, edit, '{\n"enable_thinking": tru\n}')
    hint = params_panel.extra_body.hint
    assert hint.isVisible()
    assert "line 2" in hint.text()
    assert edit.property("invalid") is True
    params_panel.apply_now()
    assert session.settings.extra_body == {"enable_thinking": True}
    assert params_panel.status.state == "error"
    assert "line 2" in params_panel.status.text()

    edit.selectAll()
    qtbot.keyClicks(edit, "[1, 2]")  # valid JSON, but not an object
    params_panel.apply_now()
    assert hint.isVisible() and session.settings.extra_body == {"enable_thinking": True}

    edit.selectAll()
    qtbot.keyClicks(edit, '{"enable_thinking": false}')
    params_panel.apply_now()
    assert not hint.isVisible()
    assert session.settings.extra_body == {"enable_thinking": False}
    assert params_panel.status.state == "ok"


def test_extra_body_arrives_in_the_request_the_relay_receives(
    qtbot: QtBot,
    run: Run,
    params_panel: ParamsPanel,
    session: ConversationSession,
    registry: ToolRegistry,
) -> None:
    params_panel.bind(session)
    params_panel.extra_body_edit.selectAll()
    # demo_tokens is the demo relay's own extra field: the answer has exactly that many tokens.
    qtbot.keyClicks(params_panel.extra_body_edit, '{"demo_tokens": 321}')
    params_panel.apply_now()
    assert session.settings.extra_body == {"demo_tokens": 321}
    body = build_request(session.settings, registry, session.branch()).to_body()
    assert body["demo_tokens"] == 321

    async def ask() -> str:
        finished = expect(session.answer_finished)
        session.send("Tell me about rivers")
        _answer_id, status = await finished
        return str(status)

    assert run(ask()) == "complete"
    answer = session.branch()[-1]
    assert answer.usage is not None
    assert answer.usage["completion_tokens"] == 321


def test_the_relay_receives_the_parameters_and_extra_body_exactly(
    qtbot: QtBot,
    run: Run,
    params_panel: ParamsPanel,
    raw_server: RawServer,
    make_manager: Callable[..., ChatManager],
) -> None:
    raw_server.script(sse(role(), content("ok"), finish(), D))
    manager = make_manager(raw_server.url)
    session = manager.open(manager.new_conversation("qwen-plus"))
    params_panel.bind(session)
    switch_on(qtbot, params_panel, "temperature")
    temperature = params_panel.rows["temperature"].spin
    assert temperature is not None
    temperature.setValue(0.25)
    type_text(qtbot, params_panel.extra_body_edit, '{"enable_thinking": true, "top_k": 20}')
    params_panel.apply_now()

    async def ask() -> None:
        finished = expect(session.answer_finished)
        session.send("Hello")
        await finished

    run(ask())
    body = raw_server.requests[0].json()
    assert body["temperature"] == 0.25
    assert body["enable_thinking"] is True and body["top_k"] == 20
    assert "top_p" not in body and "max_tokens" not in body


def test_max_tokens_cuts_the_relay_answer(
    qtbot: QtBot, run: Run, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    params_panel.bind(session)
    switch_on(qtbot, params_panel, "max_tokens")
    spin = params_panel.rows["max_tokens"].spin
    assert spin is not None
    spin.setValue(5)
    params_panel.apply_now()

    async def ask() -> None:
        finished = expect(session.answer_finished)
        session.send("Tell me about rivers")
        await finished

    run(ask())
    answer = session.branch()[-1]
    assert answer.finish_reason == "length"
    assert answer.usage is not None and answer.usage["completion_tokens"] == 5


def test_seed_accepts_big_numbers_and_rejects_an_empty_value(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    params_panel.bind(session)
    switch_on(qtbot, params_panel, "seed")
    seed = params_panel.rows["seed"].seed_edit
    assert seed is not None
    seed.selectAll()
    qtbot.keyClicks(seed, "9007199254740993")
    qtbot.keyClick(seed, Qt.Key.Key_Return)
    assert session.settings.params == {"seed": 9007199254740993}

    seed.selectAll()
    qtbot.keyClick(seed, Qt.Key.Key_Backspace)
    params_panel.apply_now()
    assert params_panel.rows["seed"].error_label.isVisible()
    assert params_panel.status.state == "error"
    assert session.settings.params == {"seed": 9007199254740993}


def test_reset_to_defaults_keeps_the_system_prompt(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    session.set_system_prompt("Be brief.")
    session.set_params({"temperature": 0.2, "seed": 7, "extra_body": {"x": 1}})
    session.set_output_mode("json_object")
    params_panel.bind(session)
    assert params_panel.output_mode_combo.currentData() == "json_object"

    qtbot.mouseClick(params_panel.reset_button, Qt.MouseButton.LeftButton)
    assert session.settings.params == {}
    assert session.settings.extra_body == {}
    assert session.settings.output.mode == "off"
    assert session.settings.system_prompt == "Be brief."
    assert stored(manager, session).params == {}
    assert not any(row.toggle.isChecked() for row in params_panel.rows.values())
    assert params_panel.extra_body_edit.toPlainText() == ""


def test_bind_none_disables_the_panel(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    assert not params_panel.scroll_area.isEnabled()
    assert params_panel.unbound_hint.isVisible()
    params_panel.bind(session)
    assert params_panel.scroll_area.isEnabled() and not params_panel.unbound_hint.isVisible()
    params_panel.bind(None)
    assert not params_panel.scroll_area.isEnabled()
    assert not params_panel.reset_button.isEnabled()
    assert params_panel.unbound_hint.isVisible()
    assert params_panel.system_prompt_edit.toPlainText() == ""


def test_switching_conversations_loads_each_ones_values(
    qtbot: QtBot,
    params_panel: ParamsPanel,
    new_session: Callable[..., ConversationSession],
) -> None:
    first, second = new_session(), new_session()
    first.set_system_prompt("First")
    first.set_params({"temperature": 0.4, "extra_body": {"a": 1}})
    second.set_system_prompt("Second")
    second.set_output_mode("json_object")

    params_panel.bind(first)
    assert params_panel.system_prompt_edit.toPlainText() == "First"
    assert params_panel.rows["temperature"].value() == 0.4
    assert '"a": 1' in params_panel.extra_body_edit.toPlainText()
    assert params_panel.output_mode_combo.currentData() == "off"

    # An edit still waiting for the pause goes to the conversation it was made in.
    prompt = params_panel.system_prompt_edit
    qtbot.keyClick(prompt, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(prompt, " edited")
    params_panel.bind(second)
    assert first.settings.system_prompt == "First edited"
    assert params_panel.system_prompt_edit.toPlainText() == "Second"
    assert params_panel.rows["temperature"].value() is None
    assert params_panel.extra_body_edit.toPlainText() == ""
    assert params_panel.output_mode_combo.currentData() == "json_object"
    assert second.settings.system_prompt == "Second"

    params_panel.bind(first)
    assert params_panel.system_prompt_edit.toPlainText() == "First edited"


def test_changes_made_elsewhere_show_without_losing_an_edit_in_progress(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    params_panel.bind(session)
    params_panel.extra_body_edit.selectAll()
    qtbot.keyClicks(params_panel.extra_body_edit, '{"half": ')
    params_panel.apply_now()
    session.set_model("demo-reasoner")  # e.g. the model picker
    assert params_panel.extra_body_edit.toPlainText() == '{"half": '
    session.set_params({"temperature": 1.5})  # e.g. another view of the same conversation
    assert params_panel.rows["temperature"].value() == 1.5
    assert params_panel.extra_body_edit.toPlainText() == '{"half": '


def test_focus_leaving_the_system_prompt_saves_it(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    params_panel.bind(session)
    params_panel.activateWindow()
    params_panel.system_prompt_edit.setFocus()
    qtbot.waitUntil(params_panel.system_prompt_edit.hasFocus)
    qtbot.keyClicks(params_panel.system_prompt_edit, "Hi")
    params_panel.output_mode_combo.setFocus()
    assert QApplication.focusWidget() is params_panel.output_mode_combo
    assert session.settings.system_prompt == "Hi"
    assert not params_panel.pending
