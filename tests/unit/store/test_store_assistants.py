"""Assistants and the library of user functions in a real SQLite file, and the v6 upgrade that
moves each old conversation's own functions into the library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from studio.core.chat.functions import offered_settings
from studio.core.chat.options import ChatSettings
from studio.store.assistants import AssistantRecord, AssistantStore
from studio.store.conversations import ConversationStore
from studio.store.database import ConstraintError, Database
from studio.store.functions import FunctionStore
from studio.store.schema import MIGRATIONS

WEATHER = {
    "name": "get_weather",
    "description": "Weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
}
OTHER_WEATHER = {
    "name": "get_weather",
    "description": "Weather by coordinates",
    "parameters": {"type": "object", "properties": {"lat": {"type": "number"}}},
}
LOOKUP = {"name": "lookup", "description": "", "parameters": {"type": "object"}}


def old_conversation(db: Database, title: str, updated: float, tools: dict[str, Any]) -> int:
    """A conversation as Studio before v6 stored it (its functions inside params_json)."""
    params = {"temperature": 0.5, "tools": tools, "image_policy": "last"}
    cursor = db.execute(
        "INSERT INTO conversations (title, model, params_json, created_at, updated_at) "
        "VALUES (?, 'gpt-4o', ?, ?, ?)",
        (title, json.dumps(params), updated, updated),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def test_an_old_history_keeps_every_chats_functions_in_the_library(db_path: Path) -> None:
    with Database(db_path, migrations=MIGRATIONS[:5]) as old:
        first = old_conversation(old, "first", 1.0, {"builtins": ["calculator"], "user": [WEATHER]})
        second = old_conversation(old, "second", 2.0, {"builtins": [], "user": [WEATHER, LOOKUP]})
        # Older than both: its get_weather differs, so it keeps its own definition.
        third = old_conversation(old, "third", 0.5, {"user": [OTHER_WEATHER]})
        plain = old_conversation(old, "plain", 3.0, {"builtins": ["get_current_time"]})
        before = {cid: _settings(old, cid) for cid in (first, second, third, plain)}

    with Database(db_path) as db:
        assert db.schema_version == len(MIGRATIONS) >= 6
        assert db.backup_path is not None and db.backup_path.is_file()
        functions = FunctionStore(db)
        library = {f.name: f for f in functions.list()}
        assert set(library) == {"get_weather", "lookup"}
        assert library["get_weather"].description == "Weather for a city"
        conversations = ConversationStore(db)
        for cid in (first, second, third, plain):
            record = conversations.get(cid)
            assert record is not None
            settings = ChatSettings.from_record(record)
            # What each chat offers the model is exactly what it offered before the upgrade.
            offered = offered_settings(settings, functions).tools
            assert offered.builtins == before[cid].tools.builtins
            assert sorted(offered.user, key=repr) == sorted(before[cid].tools.user, key=repr)
            assert settings.params == {"temperature": 0.5}
        second_tools = ChatSettings.from_record(conversations.get(second)).tools  # type: ignore[arg-type]
        assert second_tools.user == ()  # both moved into the library, enabled by id
        assert set(second_tools.functions) == {library["get_weather"].id, library["lookup"].id}
        third_tools = ChatSettings.from_record(conversations.get(third)).tools  # type: ignore[arg-type]
        assert [s.description for s in third_tools.user] == ["Weather by coordinates"]
        assert third_tools.functions == ()


def _settings(db: Database, conversation_id: int) -> ChatSettings:
    """A conversation's settings read from a file of the old schema."""
    row = db.query_one(
        "SELECT model, system_prompt, params_json FROM conversations WHERE id = ?",
        (conversation_id,),
    )
    assert row is not None
    return ChatSettings.from_parts(
        row["model"], row["system_prompt"] or "", json.loads(row["params_json"])
    )


def test_a_failed_upgrade_leaves_the_old_file_as_it_was(db_path: Path) -> None:
    with Database(db_path, migrations=MIGRATIONS[:5]) as old:
        old_conversation(old, "kept", 1.0, {"user": [WEATHER]})
        old.execute("CREATE TABLE user_functions (x)")  # v7 cannot create its table

    with pytest.raises(Exception, match="v6 to v7"):
        Database(db_path)
    raw = sqlite3.connect(str(db_path))
    try:
        # v6 (the answers' output column) went in; the failed v7 step changed nothing.
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 6
        (params,) = raw.execute("SELECT params_json FROM conversations").fetchone()
    finally:
        raw.close()
    assert json.loads(params)["tools"]["user"] == [WEATHER]


def test_function_names_are_unique_and_a_deleted_id_is_never_reused(db: Database) -> None:
    store = FunctionStore(db)
    first = store.create("get_weather", "", {"type": "object"})
    with pytest.raises(ConstraintError):
        store.create("get_weather", "again", {"type": "object"})
    record = store.get(first)
    assert record is not None
    store.delete(first)
    second = store.create("lookup", "", {"type": "object"})
    assert second != first  # a chat that enabled the deleted one never offers this one
    store.restore(record)
    restored = store.get(first)
    assert restored is not None and restored.name == "get_weather"
    assert [f.name for f in store.list()] == ["get_weather", "lookup"]


def test_assistants_are_unique_by_name_whatever_the_letter_case(db: Database) -> None:
    store = AssistantStore(db)
    store.create("Translator", "gpt-4o", "Translate.", {"temperature": 0.3})
    with pytest.raises(ConstraintError):
        store.create("translator", "", "", {})
    found = store.by_name("TRANSLATOR")
    assert found is not None and found.params == {"temperature": 0.3}


def test_save_all_swaps_names_and_is_all_or_nothing(db: Database) -> None:
    store = AssistantStore(db)
    a = store.create("A", "", "first", {})
    b = store.create("B", "", "second", {})

    def record(assistant_id: int, name: str, prompt: str) -> AssistantRecord:
        return AssistantRecord(assistant_id, name, "", prompt, {}, 0.0, 0.0)

    store.save_all(updated=[record(a, "B", "first"), record(b, "A", "second")])
    assert {r.name: r.system_prompt for r in store.list()} == {"A": "second", "B": "first"}

    with pytest.raises(ConstraintError):
        store.save_all(deleted=[a], created=[record(0, "C", ""), record(0, "c", "")])
    assert [r.name for r in store.list()] == ["A", "B"]  # the deletion was rolled back too
