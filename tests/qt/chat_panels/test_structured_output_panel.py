"""Structured output in the parameters panel: mode, the field builder and the raw schema."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from studio.core.chat.request import build_request
from studio.session.chat import ChatManager, ConversationSession, ToolRegistry, schema_from_fields
from studio.ui.chat.params_panel import ParamsPanel
from studio.ui.chat.schema_editor import NAME, REQUIRED, TYPE, SchemaEditor
from tests.fakes.raw_server import (
    D,
    RawServer,
    content,
    error_body,
    finish,
    json_response,
    role,
    sse,
)
from tests.qt.signals import expect

Run = Callable[[Awaitable[Any]], Any]


def choose_mode(panel: ParamsPanel, mode: str) -> None:
    combo = panel.output_mode_combo
    combo.setCurrentIndex(combo.findData(mode))


def fill_row(editor: SchemaEditor, row: int, name: str, kind: str, required: bool) -> None:
    """Edit one row of the field list the way the user does: name cell, type, check box."""
    item = editor.table.item(row, NAME)
    assert item is not None
    item.setText(name)
    combo = editor.table.cellWidget(row, TYPE)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(kind))
    check = editor.table.item(row, REQUIRED)
    assert check is not None
    check.setCheckState(Qt.CheckState.Checked if required else Qt.CheckState.Unchecked)


def test_json_object_mode_is_applied_at_once(
    params_panel: ParamsPanel, session: ConversationSession, registry: ToolRegistry
) -> None:
    params_panel.bind(session)
    assert not params_panel.schema_editor.isVisible()
    choose_mode(params_panel, "json_object")
    assert session.settings.output.mode == "json_object"
    assert not params_panel.schema_editor.isVisible()
    body = build_request(session.settings, registry, session.branch()).to_body()
    assert body["response_format"] == {"type": "json_object"}


def test_schema_built_from_fields_reaches_the_session(
    qtbot: QtBot,
    run: Run,
    params_panel: ParamsPanel,
    session: ConversationSession,
    registry: ToolRegistry,
) -> None:
    params_panel.bind(session)
    choose_mode(params_panel, "json_schema")
    editor = params_panel.schema_editor
    assert editor.isVisible()
    # Nothing to send yet: the session keeps its mode and the panel says why.
    assert session.settings.output.mode == "off"
    assert params_panel.status.state == "error"

    for _ in range(3):
        qtbot.mouseClick(editor.add_field_button, Qt.MouseButton.LeftButton)
    assert editor.table.rowCount() == 3
    fill_row(editor, 0, "product_name", "string", True)
    fill_row(editor, 1, "price", "number", True)
    fill_row(editor, 2, "in_stock", "boolean", False)
    editor.name_edit.setFocus()
    qtbot.keyClicks(editor.name_edit, "product")
    params_panel.apply_now()

    output = session.settings.output
    assert output.mode == "json_schema"
    assert output.schema is not None
    assert list(output.schema["properties"]) == ["product_name", "price", "in_stock"]
    assert output.schema["properties"]["price"] == {"type": "number"}
    assert output.schema["required"] == ["product_name", "price"]
    assert output.schema_name == "product"
    # The JSON tab shows the same schema.
    assert json.loads(editor.raw.text()) == output.schema
    body = build_request(session.settings, registry, session.branch()).to_body()
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "product"

    async def ask() -> tuple[bool, str]:
        checked = expect(session.json_checked)
        session.send("75-inch Xiaomi TV for 3999 yuan")
        _answer_id, ok, detail = await checked
        await session.wait()
        return bool(ok), str(detail)

    ok, detail = run(ask())
    assert ok, detail
    assert set(json.loads(detail)) <= {"product_name", "price", "in_stock"}
    assert {"product_name", "price"} <= set(json.loads(detail))


def test_field_list_problems_are_flagged_and_not_applied(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    schema = schema_from_fields([("city", "string", True, "")])
    session.set_output_mode("json_schema", schema)
    params_panel.bind(session)
    editor = params_panel.schema_editor
    assert editor.fields() == [("city", "string", True, "")]

    qtbot.mouseClick(editor.add_field_button, Qt.MouseButton.LeftButton)
    assert editor.fields()[1][0] == "field_2"  # a new row gets a name, so it is valid at once
    assert session.settings.output.schema is not None
    assert list(session.settings.output.schema["properties"]) == ["city", "field_2"]
    fill_row(editor, 1, "city", "string", False)
    assert editor.fields_hint.isVisible()
    assert "city" in editor.fields_hint.text() and "twice" in editor.fields_hint.text()
    params_panel.apply_now()
    assert list(session.settings.output.schema["properties"]) == ["city", "field_2"]
    assert params_panel.status.state == "error"

    editor.table.selectRow(1)
    qtbot.mouseClick(editor.remove_field_button, Qt.MouseButton.LeftButton)
    assert editor.table.rowCount() == 1 and not editor.fields_hint.isVisible()
    assert session.settings.output.schema == schema


def test_invalid_raw_schema_is_flagged_and_never_reaches_the_session(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    schema = schema_from_fields([("city", "string", True, "")])
    session.set_output_mode("json_schema", schema)
    params_panel.bind(session)
    editor = params_panel.schema_editor
    editor.tabs.setCurrentIndex(1)
    raw = editor.raw.edit
    raw.selectAll()
    qtbot.keyClicks(raw, '{"type": "objekt"}')
    assert editor.raw.hint.isVisible()
    assert "Not a valid JSON Schema" in editor.raw.hint.text()
    assert "$.type" in editor.raw.hint.text()
    params_panel.apply_now()
    assert session.settings.output.schema == schema
    assert params_panel.status.state == "error"

    raw.selectAll()
    qtbot.keyClicks(raw, '{"type": "object",')
    assert "line 1" in editor.raw.hint.text()
    params_panel.apply_now()
    assert session.settings.output.schema == schema


def test_a_raw_schema_the_field_list_cannot_show_is_kept_as_written(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    params_panel.bind(session)
    choose_mode(params_panel, "json_schema")
    editor = params_panel.schema_editor
    editor.tabs.setCurrentIndex(1)
    nested = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "integer"}, "minItems": 1}},
        "required": ["tags"],
    }
    editor.raw.edit.selectAll()
    qtbot.keyClicks(editor.raw.edit, json.dumps(nested))
    params_panel.apply_now()
    assert session.settings.output.mode == "json_schema"
    assert session.settings.output.schema == nested
    assert not editor.notice.isHidden()

    # Editing a flat schema as JSON refills the field list.
    editor.raw.edit.selectAll()
    flat = schema_from_fields([("title", "string", True, "The title")])
    qtbot.keyClicks(editor.raw.edit, json.dumps(flat))
    assert editor.fields() == [("title", "string", True, "The title")]
    assert editor.notice.isHidden()


def test_a_stored_schema_opens_in_the_matching_tab(
    params_panel: ParamsPanel, new_session: Callable[..., ConversationSession]
) -> None:
    built, written = new_session(), new_session()
    built.set_output_mode(
        "json_schema", schema_from_fields([("a", "integer", False, "")]), schema_name="pair"
    )
    written.set_output_mode("json_schema", {"type": "object", "minProperties": 1})
    params_panel.bind(built)
    editor = params_panel.schema_editor
    assert editor.tabs.currentIndex() == 0
    assert editor.fields() == [("a", "integer", False, "")]
    assert editor.name_edit.text() == "pair"
    params_panel.bind(written)
    assert editor.tabs.currentIndex() == 1
    assert json.loads(editor.raw.text()) == {"type": "object", "minProperties": 1}
    assert editor.name_edit.text() == ""


def test_a_broken_schema_does_not_follow_the_user_to_another_conversation(
    qtbot: QtBot, params_panel: ParamsPanel, new_session: Callable[..., ConversationSession]
) -> None:
    first, second = new_session(), new_session()
    first.set_output_mode("json_schema", schema_from_fields([("a", "string", True, "")]))
    params_panel.bind(first)
    editor = params_panel.schema_editor
    editor.tabs.setCurrentIndex(1)
    editor.raw.edit.selectAll()
    qtbot.keyClicks(editor.raw.edit, '{"type": ')
    params_panel.bind(second)
    assert editor.raw.text() == "" and editor.fields() == []
    assert not editor.raw.hint.isVisible()
    params_panel.bind(first)
    assert json.loads(editor.raw.text()) == first.settings.output.schema


def test_a_bad_schema_name_is_flagged(
    qtbot: QtBot, params_panel: ParamsPanel, session: ConversationSession
) -> None:
    schema = schema_from_fields([("city", "string", True, "")])
    session.set_output_mode("json_schema", schema, schema_name="place")
    params_panel.bind(session)
    editor = params_panel.schema_editor
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "my place")
    assert editor.name_hint.isVisible()
    params_panel.apply_now()
    assert session.settings.output.schema_name == "place"
    assert params_panel.status.state == "error"


def test_the_json_object_fallback_shows_when_the_relay_refuses_json_schema(
    run: Run,
    params_panel: ParamsPanel,
    raw_server: RawServer,
    make_manager: Callable[..., ChatManager],
) -> None:
    refused = error_body("This response_format type is unavailable now")
    answer = '{"a": "yes"}'
    raw_server.script(json_response(refused, status=400), sse(role(), content(answer), finish(), D))
    manager = make_manager(raw_server.url)
    session = manager.open(manager.new_conversation("deepseek-chat"))
    session.set_output_mode("json_schema", schema_from_fields([("a", "string", True, "")]))
    params_panel.bind(session)
    assert not params_panel.fallback_hint.isVisible()

    async def refuse_then_fall_back() -> None:
        offered = expect(session.schema_fallback_offered)
        session.send("Say yes")
        (failed_id,) = await offered
        await session.wait()
        checked = expect(session.json_checked)
        session.use_schema_fallback(int(failed_id))
        await checked
        await session.wait()

    run(refuse_then_fall_back())
    assert session.settings.output.schema_in_prompt
    assert params_panel.fallback_hint.isVisible()
    assert raw_server.requests[1].json()["response_format"] == {"type": "json_object"}
