"""The conversation list: order, rename, pin, delete with undo, search, export, recovery."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from studio.session.chat import ChatManager, ConversationSession, ToolRegistry
from studio.store.conversations import ConversationStore
from studio.store.messages import MessageStore
from tests.qt.session.conftest import Recorder, expect

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
    registry: ToolRegistry,
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
