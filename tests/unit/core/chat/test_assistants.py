"""Assistants and the function library by the core's rules (no Qt, a real SQLite file)."""

from __future__ import annotations

import pytest

from studio.core.chat.assistants import Assistant, AssistantBook, AssistantError
from studio.core.chat.functions import FunctionLibrary, FunctionNameTaken, offered_settings
from studio.core.chat.options import ChatSettings, OutputSettings, ToolSettings
from studio.core.chat.tools import ToolRegistry, ToolSpec, ToolSpecError
from studio.store.assistants import AssistantStore
from studio.store.database import Database
from studio.store.functions import FunctionStore

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}}


@pytest.fixture
def library(db: Database) -> FunctionLibrary:
    return FunctionLibrary(FunctionStore(db), ToolRegistry())


@pytest.fixture
def book(db: Database) -> AssistantBook:
    return AssistantBook(AssistantStore(db), FunctionStore(db), ToolRegistry())


def assistant(name: str, **settings: object) -> Assistant:
    return Assistant(None, name, ChatSettings(model="", **settings))  # type: ignore[arg-type]


def test_a_preset_is_saved_and_read_back_with_every_setting(
    book: AssistantBook, library: FunctionLibrary
) -> None:
    weather = library.add(ToolSpec("get_weather", "Weather", SCHEMA))
    settings = ChatSettings(
        model="gpt-4o",
        system_prompt="Translate into English.",
        params={"temperature": 0.3, "max_tokens": 400},
        extra_body={"top_k": 20},
        output=OutputSettings("json_object"),
        tools=ToolSettings(("calculator",), functions=(weather.id,)),
        image_policy="none",
    )
    (saved,) = book.save([Assistant(None, "  Translator  ", settings)])
    assert saved.id is not None and saved.name == "Translator"
    (read,) = book.assistants()
    assert read == saved and read.settings == settings
    assert book.by_name("translator") == saved


def test_a_chat_copies_the_preset_and_its_model_falls_back_to_the_chats(
    book: AssistantBook,
) -> None:
    (saved,) = book.save([assistant("Writer", system_prompt="Be brief.")])
    copied = saved.chat_settings("demo-chat")
    assert copied.model == "demo-chat" and copied.system_prompt == "Be brief."
    with_model = Assistant(saved.id, saved.name, ChatSettings(model="gpt-4o"))
    assert with_model.chat_settings("demo-chat").model == "gpt-4o"


def test_every_problem_is_listed_and_nothing_is_saved(book: AssistantBook) -> None:
    book.save([assistant("Translator")])
    bad = [
        assistant("   "),
        assistant("TRANSLATOR"),  # taken, letter case aside
        assistant("Hot", params={"temperature": 5}),
        assistant("Tools", tools=ToolSettings(("no_such_tool",))),
        assistant("Schema", output=OutputSettings("json_schema", None)),
        assistant("x" * 61),
    ]
    with pytest.raises(AssistantError) as caught:
        book.save(bad)
    codes = [(p.code, p.name) for p in caught.value.problems]
    assert codes == [
        ("name_empty", ""),
        ("name_taken", "TRANSLATOR"),
        ("settings", "Hot"),
        ("settings", "Tools"),
        ("settings", "Schema"),
        ("name_long", "x" * 61),
    ]
    details = {p.name: p.details for p in caught.value.problems}
    assert details["Hot"] == ("temperature must be from 0 to 2.",)
    assert [a.name for a in book.assistants()] == ["Translator"]


def test_renaming_one_and_taking_its_old_name_in_the_same_save(book: AssistantBook) -> None:
    first, second = book.save([assistant("A"), assistant("B")])
    book.save(
        [Assistant(first.id, "B", first.settings), Assistant(second.id, "A", second.settings)]
    )
    by_name = {a.name: a.id for a in book.assistants()}
    assert by_name == {"A": second.id, "B": first.id}


def test_a_deleted_function_is_dropped_from_a_preset_when_read(
    book: AssistantBook, library: FunctionLibrary
) -> None:
    kept = library.add(ToolSpec("kept", "", SCHEMA))
    gone = library.add(ToolSpec("gone", "", SCHEMA))
    book.save([assistant("Tools", tools=ToolSettings(functions=(kept.id, gone.id)))])
    library.remove(gone.id)
    (read,) = book.assistants()
    assert read.settings.tools.functions == (kept.id,)


def test_library_rules(library: FunctionLibrary, db: Database) -> None:
    with pytest.raises(FunctionNameTaken) as builtin:
        library.add(ToolSpec("calculator", "", SCHEMA))
    assert builtin.value.builtin
    first = library.add(ToolSpec("lookup", "", SCHEMA))
    with pytest.raises(FunctionNameTaken):
        library.add(ToolSpec("lookup", "again", SCHEMA))
    with pytest.raises(ToolSpecError):
        library.add(ToolSpec("bad name", "", SCHEMA))
    library.update(first.id, ToolSpec("lookup", "now described", SCHEMA))  # its own name
    tools = ToolSettings(functions=(first.id, 999))
    (offered,) = offered_settings(
        ChatSettings(model="m", tools=tools), FunctionStore(db)
    ).tools.user
    assert offered.description == "now described"  # a deleted id (999) is left out
