"""A new chat in the real window: configured before its first message, started from an
assistant with the keyboard (Ctrl+N, type, Enter), and its functions ticked from the shared
library (real SQLite file; the requests checked as a loopback server received them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from studio.session.chat import Assistant, ChatSettings, ToolSpec
from tests.fakes.raw_server import D, RawServer, content, finish, role, sse

WAIT_MS = 20_000
CTRL = Qt.KeyboardModifier.ControlModifier
WEATHER = ToolSpec(
    "get_weather", "Weather for a city", {"type": "object", "properties": {"city": {}}}
)


@pytest.fixture
def server(run: Callable[[Awaitable[Any]], Any]) -> Iterator[RawServer]:
    """A loopback relay that answers "ok" to every request and records them."""
    raw = run(RawServer().start())
    raw.script(sse(role(), content("ok"), finish(), D))
    yield raw
    run(raw.aclose())


def type_and_send(qtbot: QtBot, page: Any, text: str) -> None:
    """Type a message, press Enter and wait for the whole answer."""
    before = len(page.session.branch()) if page.session is not None else 0
    page.composer.setFocus()
    qtbot.keyClicks(page.composer, text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)

    def answered() -> bool:
        session = page.session
        if session is None or session.busy:
            return False
        branch = session.branch()
        return len(branch) >= before + 2 and branch[-1].status == "complete"

    qtbot.waitUntil(answered, timeout=WAIT_MS)


def save_assistants(studio: Any, *assistants: Assistant) -> list[Assistant]:
    saved = studio.manager.assistants.book.save(list(assistants))
    studio.manager.assistants.announce()
    return list(saved)


def test_a_new_chat_is_configured_before_its_first_message_and_sends_with_it(
    make_studio: Callable[..., Any], qtbot: QtBot, server: RawServer
) -> None:
    studio = make_studio(base_url=server.url)
    studio.manager.functions.add(WEATHER)
    page = studio.page
    assert page.session is None and page.draft is not None
    qtbot.mouseClick(page.header.panel_button, Qt.MouseButton.LeftButton)
    params, tools = page.params_panel, page.tools_panel
    assert params.scroll_area.isEnabled() and not params.unbound_hint.isVisible()
    assert tools.scroll_area.isEnabled()

    params.system_prompt_edit.setFocus()
    qtbot.keyClicks(params.system_prompt_edit, "Answer in French.")
    qtbot.mouseClick(params.rows["temperature"].toggle, Qt.MouseButton.LeftButton)
    spin = params.rows["temperature"].spin
    assert spin is not None
    spin.setValue(0.2)
    params.output_mode_combo.setCurrentIndex(1)  # JSON object
    page.drawer.setCurrentWidget(tools)
    qtbot.mouseClick(tools.builtin_checks["calculator"], Qt.MouseButton.LeftButton)
    item = tools.tool_list.item(0)
    assert item is not None and item.text().startswith("get_weather(")
    item.setCheckState(Qt.CheckState.Checked)
    assert studio.manager.conversations() == []  # nothing is stored before the first message

    type_and_send(qtbot, page, "Bonjour")
    body = server.requests[0].json()
    system = body["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("Answer in French.")
    assert body["temperature"] == 0.2
    assert body["response_format"] == {"type": "json_object"}
    assert [t["function"]["name"] for t in body["tools"]] == ["calculator", "get_weather"]
    record = studio.manager.get(page.session.conversation_id)
    assert record is not None and record.system_prompt == "Answer in French."
    assert record.params["temperature"] == 0.2
    assert page.params_panel.session is page.session  # the drawer follows the stored chat


def test_a_configured_new_chat_that_is_never_sent_leaves_nothing(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Any
) -> None:
    studio = make_studio()
    page = studio.page
    assert page.draft is not None
    page.draft.set_system_prompt("Never used")
    qtbot.keyClick(studio.window, Qt.Key.Key_N, CTRL)
    assert page.draft is not None and page.draft.settings.system_prompt == ""
    sidebar = studio.window.findChild(QListWidget, "conversationList")
    assert sidebar.count() == 0 and studio.manager.conversations() == []
    studio.window.close()
    again = make_studio(db_path=tmp_path / "studio.sqlite3")
    assert again.manager.conversations() == []


def test_ctrl_n_then_type_and_enter_starts_from_an_assistant(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    assert not page.assistant_picker.isVisible()  # no assistants: nothing in the way
    translator, _writer = save_assistants(
        studio,
        Assistant(
            None,
            "Translator",
            ChatSettings(model="demo-reasoner", system_prompt="Translate into English."),
        ),
        Assistant(None, "Writer", ChatSettings(model="", system_prompt="Be vivid.")),
    )
    assert page.assistant_picker.isVisible()

    qtbot.keyClick(studio.window, Qt.Key.Key_N, CTRL)
    picker = page.assistant_picker
    qtbot.waitUntil(picker.filter_edit.hasFocus, timeout=WAIT_MS)
    assert picker.visible_names() == ["No assistant", "Translator", "Writer"]
    qtbot.keyClicks(picker.filter_edit, "tra")
    assert picker.visible_names() == ["Translator"]
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(page.composer.hasFocus, timeout=WAIT_MS)
    assert page.draft is not None and page.draft.assistant == translator
    assert page.header.assistant_badge.isVisible()
    assert page.header.assistant_badge.text() == "Translator"
    assert page.header.model == "demo-reasoner"
    assert page.params_panel.system_prompt_edit.toPlainText() == "Translate into English."
    type_and_send(qtbot, page, "Bonjour")
    conversation = page.session.conversation_id
    record = studio.manager.get(conversation)
    assert record is not None and record.assistant == "Translator"
    assert record.system_prompt == "Translate into English." and record.model == "demo-reasoner"

    # Editing the assistant later never rewrites a chat started from it.
    changed = Assistant(translator.id, "Translator", ChatSettings(model="", system_prompt="New"))
    studio.manager.assistants.book.save([changed])
    record = studio.manager.get(conversation)
    assert record is not None and record.system_prompt == "Translate into English."

    # Esc in the picker: a plain chat.
    qtbot.keyClick(studio.window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(picker.filter_edit.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(page.composer.hasFocus, timeout=WAIT_MS)
    assert page.draft is not None and page.draft.assistant is None
    assert page.draft.settings.system_prompt == ""
    assert not page.header.assistant_badge.isVisible()

    # A message typed into the picker by habit is not lost.
    qtbot.keyClick(studio.window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(picker.filter_edit.hasFocus, timeout=WAIT_MS)
    qtbot.keyClicks(picker.filter_edit, "hello there")
    assert picker.visible_names() == []
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(page.composer.hasFocus, timeout=WAIT_MS)
    assert page.composer.toPlainText() == "hello there"

    # Reopened, the chat still names its assistant.
    page.open_conversation(conversation)
    assert page.header.assistant_badge.text() == "Translator"
    assert not page.assistant_picker.isVisible()


def test_the_function_library_is_shared_and_each_chat_ticks_its_own(
    make_studio: Callable[..., Any], qtbot: QtBot, server: RawServer
) -> None:
    studio = make_studio(base_url=server.url)
    page, tools = studio.page, studio.page.tools_panel
    qtbot.mouseClick(page.header.panel_button, Qt.MouseButton.LeftButton)
    page.drawer.setCurrentWidget(tools)
    qtbot.mouseClick(tools.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tools.name_edit, "get_weather")
    qtbot.mouseClick(tools.template_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tools.save_button, Qt.MouseButton.LeftButton)
    type_and_send(qtbot, page, "first")
    first = page.session.conversation_id

    qtbot.keyClick(studio.window, Qt.Key.Key_N, CTRL)
    item = tools.tool_list.item(0)
    assert item is not None and item.text().startswith("get_weather(")  # defined once
    assert item.checkState() == Qt.CheckState.Unchecked  # but ticked per chat
    type_and_send(qtbot, page, "second, no tools")
    assert "tools" not in server.requests[1].json()

    page.open_conversation(first)
    type_and_send(qtbot, page, "first again")
    assert [t["function"]["name"] for t in server.requests[2].json()["tools"]] == ["get_weather"]
