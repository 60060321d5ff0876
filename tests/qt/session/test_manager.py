"""The conversation list: order, rename, pin, delete with undo, search, export, recovery."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from studio.session.chat import ChatManager, ConversationSession
from studio.store.conversations import ConversationStore
from studio.store.messages import MessageStore
from tests.qt.signals import Recorder, expect

Run = Callable[[Awaitable[Any]], Any]


def _ask(run: Run, session: ConversationSession, text: str) -> int:
    async def scenario() -> int:
        finished = expect(session.answer_finished)
        session.send(text)
        answer_id, status = await finished
        assert status == "complete"
        return int(answer_id)

    return int(run(scenario()))


def test_list_order_rename_pin_and_delete_with_undo(run: Run, manager: ChatManager) -> None:
    changes = Recorder(changed=manager.conversations_changed, deleted=manager.conversation_deleted)
    first = manager.new_conversation("demo-chat")
    second = manager.new_conversation("demo-chat")
    _ask(run, manager.open(first), "Hello there")
    # The conversation that just got a message is on top.
    assert [c.id for c in manager.conversations()] == [first, second]
    manager.set_pinned(second, True)
    assert [c.id for c in manager.conversations()] == [second, first]
    manager.rename(first, "  My   chat ")
    renamed = manager.get(first)
    assert renamed is not None and renamed.title == "My chat"

    manager.delete(first)
    assert [c.id for c in manager.conversations()] == [second]
    assert changes.of("deleted") == [(first,)]
    manager.undo_delete(first)
    assert [c.id for c in manager.conversations()] == [second, first]
    assert manager.open(first).branch()[0].text == "Hello there"
    assert manager.open(first) is manager.open(first)
    assert len(changes.of("changed")) >= 6


def test_search_finds_chinese_substrings(run: Run, manager: ChatManager) -> None:
    conversation_id = manager.new_conversation("demo-chat")
    session = manager.open(conversation_id)
    _ask(run, session, "请介绍一下长城的历史")
    user, answer = session.branch()

    hits = manager.search("长城的")
    # The question, and the answer that quotes it.
    assert sorted((h.conversation_id, h.message_id, h.role) for h in hits) == [
        (conversation_id, user.id, "user"),
        (conversation_id, answer.id, "assistant"),
    ]
    assert all("[长城的]" in h.snippet for h in hits)
    # Words from the middle of the streamed answer are found too (indexed once complete).
    answer_hits = manager.search("离线演示")
    assert answer.id in [h.message_id for h in answer_hits]
    assert manager.search("不存在的词语") == []
    manager.delete(conversation_id)
    assert manager.search("长城的") == []


def test_export_markdown_and_json(run: Run, manager: ChatManager) -> None:
    conversation_id = manager.new_conversation("demo-chat")
    _ask(run, manager.open(conversation_id), "Export me")
    markdown = manager.export(conversation_id, "md")
    assert "## You\n\nExport me" in markdown and "## Assistant (demo-chat)" in markdown
    everything = json.loads(manager.export(None, "json"))
    (conversation,) = everything["conversations"]
    assert [m["role"] for m in conversation["messages"]] == ["user", "assistant"]
    assert conversation["title"] == "Export me"


def test_answers_left_streaming_by_a_crash_become_interrupted(
    run: Run,
    stores: tuple[ConversationStore, MessageStore],
    make_manager: Callable[..., ChatManager],
) -> None:
    conversations, messages = stores
    conversation_id = conversations.create("Before the crash", "demo-chat")
    user_id = messages.add(conversation_id, "user", "Write a poem")
    answer_id = messages.start_answer(conversation_id, "demo-chat", parent_id=user_id)
    messages.update_streaming(answer_id, "Roses are")

    manager = make_manager()
    assert manager.recovered_at_startup == 1
    recovered = messages.get(answer_id)
    assert recovered is not None and recovered.status == "interrupted"
    assert recovered.text == "Roses are"

    session = manager.open(conversation_id)
    assert session.branch()[-1].status == "interrupted"

    async def resume() -> str:
        finished = expect(session.answer_finished)
        assert session.continue_answer(answer_id)
        _id, status = await finished
        return str(status)

    assert run(resume()) == "complete"
    assert session.branch()[-1].text.startswith("Roses are")
    assert len(session.branch()) == 2


def test_settings_are_saved_with_the_conversation(
    stores: tuple[ConversationStore, MessageStore], make_manager: Callable[..., ChatManager]
) -> None:
    manager = make_manager()
    conversation_id = manager.new_conversation("demo-chat")
    session = manager.open(conversation_id)
    changed = Recorder(changed=session.settings_changed)
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    session.set_model("demo-reasoner")
    session.set_system_prompt("你是一个助手。")
    session.set_params({"temperature": 0.2, "seed": 42, "extra_body": {"enable_thinking": True}})
    session.set_output_mode("json_schema", schema, schema_name="thing")
    session.set_tools(["calculator"], [{"name": "lookup", "parameters": {"type": "object"}}])
    assert len(changed.of("changed")) == 5
    with pytest.raises(ValueError):
        session.set_params({"temperature": 9})
    with pytest.raises(ValueError):
        session.set_tools([], [{"name": "has space"}])
    expected = session.settings

    reopened = make_manager().open(conversation_id)  # as after a restart
    assert reopened is not session and reopened.settings == expected
    assert reopened.settings.model == "demo-reasoner"
    assert reopened.settings.params == {"temperature": 0.2, "seed": 42}
    assert reopened.settings.tools.user[0].name == "lookup"

    copied = manager.open(manager.new_conversation("gpt-4o", like=conversation_id)).settings
    assert copied.model == "gpt-4o" and copied.system_prompt == "你是一个助手。"
    assert copied.output == expected.output and copied.tools == expected.tools


def test_closing_the_manager_stops_and_saves_every_stream(
    run: Run, manager: ChatManager, stores: tuple[ConversationStore, MessageStore]
) -> None:
    messages = stores[1]
    sessions = [manager.open(manager.new_conversation("demo-chat")) for _ in range(2)]
    for session in sessions:
        session.set_params({"extra_body": {"demo_token_rate": 40}})

    async def scenario() -> list[int]:
        first_text = [expect(s.answer_delta, lambda _id, text, _r: bool(text)) for s in sessions]
        for number, session in enumerate(sessions):
            session.send(f"Question {number}")
        answers = [int(args[0]) for args in await asyncio.gather(*first_text)]
        await manager.aclose()  # what quitting does
        return answers

    answers = run(scenario())
    assert manager.streaming() == []
    for answer_id in answers:
        stored = messages.get(answer_id)
        assert stored is not None and stored.status == "interrupted" and stored.text
