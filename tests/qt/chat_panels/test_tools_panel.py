"""The tools panel: built-in tools, the library of user functions ticked per chat, validation,
and the model calling."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from studio.core.chat.functions import offered_settings
from studio.core.chat.options import ChatSettings
from studio.core.chat.request import build_request
from studio.session.chat import ChatManager, ConversationSession, ToolRegistry, ToolSpec
from studio.ui.chat.tools_panel import TEMPLATE, ToolsPanel
from tests.qt.signals import expect

Run = Callable[[Awaitable[Any]], Any]
CLICK = Qt.MouseButton.LeftButton


def add_function(qtbot: QtBot, panel: ToolsPanel, name: str, description: str) -> bool:
    """Add a function the way the user does: Add, type, template, Save."""
    qtbot.mouseClick(panel.add_button, CLICK)
    assert panel.editor.isVisible()
    qtbot.keyClicks(panel.name_edit, name)
    qtbot.keyClicks(panel.description_edit, description)
    qtbot.mouseClick(panel.template_button, CLICK)
    qtbot.mouseClick(panel.save_button, CLICK)
    return not panel.editor.isVisible()


def list_texts(panel: ToolsPanel) -> list[str]:
    items = (panel.tool_list.item(row) for row in range(panel.tool_list.count()))
    return [item.text().split("\n")[0] for item in items if item is not None]


def ticked(panel: ToolsPanel) -> list[str]:
    items = (panel.tool_list.item(row) for row in range(panel.tool_list.count()))
    return [
        item.text().split("(")[0]
        for item in items
        if item is not None and item.checkState() == Qt.CheckState.Checked
    ]


def offered(manager: ChatManager, session: ConversationSession) -> list[str]:
    """The user functions the next request of ``session`` sends, by name."""
    settings = offered_settings(session.settings, manager.functions.store)
    return [spec.name for spec in settings.tools.user]


def library_names(manager: ChatManager) -> list[str]:
    return [f.spec.name for f in manager.functions.functions()]


def test_calculator_and_a_user_function_reach_the_session_and_the_request(
    qtbot: QtBot,
    tools_panel: ToolsPanel,
    session: ConversationSession,
    manager: ChatManager,
    registry: ToolRegistry,
) -> None:
    tools_panel.bind(session)
    assert set(tools_panel.builtin_checks) == {"get_current_time", "calculator"}
    assert tools_panel.empty_label.isVisible() and not tools_panel.tool_list.isVisible()

    qtbot.mouseClick(tools_panel.builtin_checks["calculator"], CLICK)
    assert session.settings.tools.builtins == ("calculator",)

    assert add_function(qtbot, tools_panel, "get_weather", "The weather in a city")
    (function,) = manager.functions.functions()
    assert function.spec == ToolSpec("get_weather", "The weather in a city", TEMPLATE)
    assert session.settings.tools.functions == (function.id,)  # a new function is ticked
    assert session.settings.tools.user == ()
    assert list_texts(tools_panel) == ["get_weather(location)"]
    assert ticked(tools_panel) == ["get_weather"]
    assert "Saved get_weather" in tools_panel.status.text()

    record = manager.get(session.conversation_id)
    assert record is not None
    assert ChatSettings.from_record(record).tools == session.settings.tools
    request = offered_settings(session.settings, manager.functions.store)
    body = build_request(request, registry, session.branch()).to_body()
    names = [tool["function"]["name"] for tool in body["tools"]]
    assert names == ["calculator", "get_weather"] and body["tool_choice"] == "auto"


def test_the_model_calls_the_users_function_and_waits_for_the_result(
    qtbot: QtBot, run: Run, tools_panel: ToolsPanel, session: ConversationSession
) -> None:
    tools_panel.bind(session)
    explanation = tools_panel.findChild(QLabel, "userToolsExplanation")
    assert explanation is not None and explanation.isVisible()
    assert explanation.text() == (
        "Defined once for all your chats: tick the ones this chat may call. When the model "
        "calls one, Studio asks you for the result."
    )
    assert add_function(qtbot, tools_panel, "get_weather", "Current weather for a city")

    async def ask() -> list[dict[str, Any]]:
        requested = expect(session.tool_calls_requested)
        session.send("What's the weather in Paris?")
        _assistant_id, calls = await requested
        return list(calls)

    calls = run(ask())
    assert [call["name"] for call in calls] == ["get_weather"]
    assert json.loads(calls[0]["arguments"]) == {"location": "Paris"}


def test_an_invalid_name_is_shown_and_nothing_is_saved(
    qtbot: QtBot, tools_panel: ToolsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    tools_panel.bind(session)
    assert not add_function(qtbot, tools_panel, "get weather", "Spaces are not allowed")
    assert tools_panel.name_hint.isVisible()
    assert "get weather" in tools_panel.name_hint.text()
    assert tools_panel.name_edit.property("invalid") is True
    assert library_names(manager) == []

    tools_panel.name_edit.clear()
    qtbot.mouseClick(tools_panel.save_button, CLICK)
    assert tools_panel.name_hint.isVisible() and library_names(manager) == []

    qtbot.keyClicks(tools_panel.name_edit, "get_weather")
    assert not tools_panel.name_hint.isVisible()
    qtbot.keyClick(tools_panel.name_edit, Qt.Key.Key_Return)  # Enter saves
    assert library_names(manager) == ["get_weather"]
    assert offered(manager, session) == ["get_weather"]


def test_a_taken_name_is_refused_in_words_under_the_editor(
    qtbot: QtBot, tools_panel: ToolsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    tools_panel.bind(session)
    assert add_function(qtbot, tools_panel, "get_weather", "One")
    assert not add_function(qtbot, tools_panel, "get_weather", "Two")
    assert tools_panel.errors_label.isVisible()
    assert tools_panel.errors_label.text() == (
        "• Your functions already have one called get_weather; choose another name."
    )

    tools_panel.name_edit.selectAll()
    qtbot.keyClicks(tools_panel.name_edit, "calculator")
    qtbot.mouseClick(tools_panel.save_button, CLICK)
    assert tools_panel.errors_label.text() == (
        "• calculator is the name of a built-in tool; choose another name."
    )
    assert library_names(manager) == ["get_weather"]


def test_parameters_must_be_an_object_schema(
    qtbot: QtBot, tools_panel: ToolsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    tools_panel.bind(session)
    qtbot.mouseClick(tools_panel.add_button, CLICK)
    qtbot.keyClicks(tools_panel.name_edit, "lookup")
    edit = tools_panel.parameters.edit
    edit.selectAll()
    qtbot.keyClicks(edit, '{"type": "string"}')
    assert '"type": "object"' in tools_panel.parameters.hint.text()
    edit.selectAll()
    qtbot.keyClicks(edit, '{"type": "object", "properties": {"q": {"type": "text"}}}')
    assert "Not a valid JSON Schema" in tools_panel.parameters.hint.text()
    edit.selectAll()
    qtbot.keyClicks(edit, '{"type": "object",')
    assert "line 1" in tools_panel.parameters.hint.text()
    qtbot.mouseClick(tools_panel.save_button, CLICK)
    assert tools_panel.editor.isVisible() and library_names(manager) == []

    qtbot.mouseClick(tools_panel.template_button, CLICK)
    assert json.loads(edit.toPlainText()) == TEMPLATE
    assert not tools_panel.parameters.hint.isVisible()
    qtbot.mouseClick(tools_panel.save_button, CLICK)
    assert library_names(manager) == ["lookup"]


def test_edit_duplicate_delete_and_undo(
    qtbot: QtBot,
    tools_panel: ToolsPanel,
    new_session: Callable[..., ConversationSession],
    manager: ChatManager,
) -> None:
    session, other = new_session(), new_session()
    tools_panel.bind(session)
    assert add_function(qtbot, tools_panel, "get_weather", "Weather")
    assert add_function(qtbot, tools_panel, "get_time", "Time")
    assert list_texts(tools_panel) == ["get_time(location)", "get_weather(location)"]
    weather = manager.functions.functions()[1]
    other.set_tools([], [], [weather.id])

    tools_panel.tool_list.setCurrentRow(1)
    qtbot.mouseClick(tools_panel.edit_button, CLICK)
    assert tools_panel.name_edit.text() == "get_weather"
    tools_panel.description_edit.selectAll()
    qtbot.keyClicks(tools_panel.description_edit, "Weather now")
    qtbot.mouseClick(tools_panel.save_button, CLICK)
    library = {f.spec.name: f.spec.description for f in manager.functions.functions()}
    assert library == {"get_time": "Time", "get_weather": "Weather now"}
    # A library function is one definition: the other chat sends the new description too.
    request = offered_settings(other.settings, manager.functions.store)
    assert [s.description for s in request.tools.user] == ["Weather now"]

    tools_panel.tool_list.setCurrentRow(1)
    qtbot.mouseClick(tools_panel.duplicate_button, CLICK)
    assert library_names(manager) == ["get_time", "get_weather", "get_weather_copy"]
    assert list_texts(tools_panel)[2] == "get_weather_copy(location)"
    assert tools_panel.tool_list.currentRow() == 2
    assert offered(manager, session) == ["get_weather", "get_time", "get_weather_copy"]

    tools_panel.tool_list.setCurrentRow(1)
    qtbot.mouseClick(tools_panel.remove_button, CLICK)  # deleted for every chat
    assert library_names(manager) == ["get_time", "get_weather_copy"]
    assert offered(manager, other) == []
    assert tools_panel.undo_button.isVisible()
    qtbot.mouseClick(tools_panel.undo_button, CLICK)
    assert library_names(manager) == ["get_time", "get_weather", "get_weather_copy"]
    assert offered(manager, other) == ["get_weather"]  # the same id: every chat has it back
    assert not tools_panel.undo_button.isVisible()

    tools_panel.tool_list.setCurrentRow(2)
    tools_panel.tool_list.setFocus()
    qtbot.keyClick(tools_panel.tool_list, Qt.Key.Key_Delete)
    assert library_names(manager) == ["get_time", "get_weather"]


def test_cancel_leaves_the_function_as_it_was(
    qtbot: QtBot, tools_panel: ToolsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    tools_panel.bind(session)
    assert add_function(qtbot, tools_panel, "get_weather", "Weather")
    tools_panel.tool_list.setCurrentRow(0)
    qtbot.mouseClick(tools_panel.edit_button, CLICK)
    tools_panel.name_edit.selectAll()
    qtbot.keyClicks(tools_panel.name_edit, "renamed")
    qtbot.mouseClick(tools_panel.cancel_button, CLICK)
    assert not tools_panel.editor.isVisible()
    assert library_names(manager) == ["get_weather"]


def test_the_library_is_shared_and_each_chat_ticks_its_own(
    qtbot: QtBot,
    tools_panel: ToolsPanel,
    new_session: Callable[..., ConversationSession],
    manager: ChatManager,
) -> None:
    first, second = new_session(), new_session()
    tools_panel.bind(first)
    assert add_function(qtbot, tools_panel, "get_weather", "Weather")
    assert add_function(qtbot, tools_panel, "lookup", "Find")
    assert ticked(tools_panel) == ["get_weather", "lookup"]

    tools_panel.bind(second)  # defined once: the second chat lists them, none ticked
    assert list_texts(tools_panel) == ["get_weather(location)", "lookup(location)"]
    assert ticked(tools_panel) == [] and offered(manager, second) == []
    tools_panel.tool_list.setFocus()
    tools_panel.tool_list.setCurrentRow(1)
    qtbot.keyClick(tools_panel.tool_list, Qt.Key.Key_Space)  # Space ticks
    assert ticked(tools_panel) == ["lookup"]
    assert offered(manager, second) == ["lookup"]
    assert offered(manager, first) == ["get_weather", "lookup"]

    tools_panel.bind(first)
    item = tools_panel.tool_list.item(0)
    assert item is not None
    item.setCheckState(Qt.CheckState.Unchecked)  # a click on the box
    assert offered(manager, first) == ["lookup"]
    assert offered(manager, second) == ["lookup"]
    record = manager.get(first.conversation_id)
    assert record is not None and record.params["tools"]["functions"] == [
        manager.functions.functions()[1].id
    ]


def test_a_function_of_this_chat_only_is_listed_and_moves_into_the_library(
    qtbot: QtBot, tools_panel: ToolsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    session.set_tools([], [ToolSpec("lookup", "Find", TEMPLATE)])  # as `studio chat --tools`
    tools_panel.bind(session)
    assert list_texts(tools_panel) == ["lookup(location) · this chat only"]
    assert ticked(tools_panel) == ["lookup"] and library_names(manager) == []

    tools_panel.open_editor(0)
    qtbot.mouseClick(tools_panel.save_button, CLICK)
    assert library_names(manager) == ["lookup"]
    assert session.settings.tools.user == ()
    assert session.settings.tools.functions == (manager.functions.functions()[0].id,)
    assert list_texts(tools_panel) == ["lookup(location)"] and ticked(tools_panel) == ["lookup"]


def test_bind_none_disables_and_switching_loads_each_conversations_tools(
    qtbot: QtBot,
    tools_panel: ToolsPanel,
    new_session: Callable[..., ConversationSession],
) -> None:
    assert not tools_panel.scroll_area.isEnabled() and tools_panel.unbound_hint.isVisible()
    first, second = new_session(), new_session()
    first.set_tools(["get_current_time"], [ToolSpec("lookup", "Find", TEMPLATE)])
    second.set_tools(["calculator"])

    tools_panel.bind(first)
    assert tools_panel.scroll_area.isEnabled() and not tools_panel.unbound_hint.isVisible()
    assert tools_panel.builtin_checks["get_current_time"].isChecked()
    assert not tools_panel.builtin_checks["calculator"].isChecked()
    assert list_texts(tools_panel) == ["lookup(location) · this chat only"]
    qtbot.mouseClick(tools_panel.add_button, CLICK)  # an unsaved edit is dropped on switching

    tools_panel.bind(second)
    assert not tools_panel.editor.isVisible()
    assert tools_panel.builtin_checks["calculator"].isChecked()
    assert not tools_panel.builtin_checks["get_current_time"].isChecked()
    assert list_texts(tools_panel) == [] and tools_panel.empty_label.isVisible()
    assert first.settings.tools.user == (ToolSpec("lookup", "Find", TEMPLATE),)

    tools_panel.bind(None)
    assert not tools_panel.scroll_area.isEnabled()
    assert not any(check.isChecked() for check in tools_panel.builtin_checks.values())
    assert second.settings.tools.builtins == ("calculator",)


def test_changes_made_elsewhere_show_at_once(
    tools_panel: ToolsPanel, session: ConversationSession, manager: ChatManager
) -> None:
    tools_panel.bind(session)
    session.set_tools(["calculator"])
    assert tools_panel.builtin_checks["calculator"].isChecked()
    added = manager.functions.add(ToolSpec("lookup", "", TEMPLATE))  # another chat's panel
    assert list_texts(tools_panel) == ["lookup(location)"] and ticked(tools_panel) == []
    session.set_tools(["calculator"], [], [added.id])
    assert ticked(tools_panel) == ["lookup"]
