"""Messages: typed records, streaming writes, finishing, crash recovery at startup."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore


def test_messages_come_back_typed_and_in_order(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "gpt-4o")
    sys_id = msgs.add(cid, "system", "You are helpful.")
    user_id = msgs.add(
        cid,
        "user",
        "What is in this picture?",
        parent_id=sys_id,
        attachments=[{"hash": "ab" * 32, "mime": "image/png", "name": "cat.png"}],
    )
    call = {"id": "call_A", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    asst_id = msgs.add(
        cid,
        "assistant",
        "",
        model="gpt-4o",
        parent_id=user_id,
        tool_calls=[call],
        reasoning="think first",
    )
    tool_id = msgs.add(cid, "tool", '{"ok": true}', tool_call_id="call_A", parent_id=asst_id)

    records = msgs.list(cid)
    assert [r.id for r in records] == [sys_id, user_id, asst_id, tool_id]
    assert [r.role for r in records] == ["system", "user", "assistant", "tool"]
    assert records[1].attachments == [{"hash": "ab" * 32, "mime": "image/png", "name": "cat.png"}]
    assert records[1].parent_id == sys_id
    assert records[2].tool_calls == [call]
    assert records[2].reasoning == "think first"
    assert records[2].model == "gpt-4o"
    assert records[3].tool_call_id == "call_A"
    assert all(r.status == "complete" for r in records)
    assert records[0].attachments == [] and records[0].tool_calls is None


def test_streaming_updates_then_finish(
    db: Database, convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "m")
    user = msgs.add(cid, "user", "hi")
    answer = msgs.start_answer(cid, "gpt-4o-mini", user)
    started = msgs.get(answer)
    assert started is not None
    assert (started.status, started.text, started.role, started.parent_id) == (
        "streaming",
        "",
        "assistant",
        user,
    )

    assert msgs.update_streaming(answer, "Hel", "thinking")
    # Visible to another connection at once: each update is committed.
    other = Database(db.path)
    try:
        mid = MessageStore(other).get(answer)
        assert mid is not None and (mid.text, mid.reasoning) == ("Hel", "thinking")
    finally:
        other.close()
    assert msgs.update_streaming(answer, "Hello, wor", "thinking more")

    usage = {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}
    msgs.finish(
        answer,
        "complete",
        text="Hello, world",
        reasoning="thinking more",
        finish_reason="stop",
        usage=usage,
    )
    done = msgs.get(answer)
    assert done is not None
    assert (done.status, done.text, done.finish_reason, done.usage) == (
        "complete",
        "Hello, world",
        "stop",
        usage,
    )
    # A late update after finishing must not overwrite the final text.
    assert not msgs.update_streaming(answer, "Hello, wor", None)
    assert msgs.get(answer).text == "Hello, world"  # type: ignore[union-attr]


def test_failed_answer_keeps_error_and_partial_text(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "m")
    answer = msgs.start_answer(cid, "m")
    msgs.update_streaming(answer, "partial", None)
    msgs.finish(answer, "failed", text="partial", error="Connection lost")
    rec = msgs.get(answer)
    assert rec is not None
    assert (rec.status, rec.text, rec.error) == ("failed", "partial", "Connection lost")
    with pytest.raises(ValueError):
        msgs.finish(answer, "streaming", text="x")


def test_mark_interrupted_at_startup(convs: ConversationStore, msgs: MessageStore) -> None:
    cid = convs.create("t", "m")
    done = msgs.add(cid, "user", "q")
    left1 = msgs.start_answer(cid, "m", done)
    left2 = msgs.start_answer(cid, "m", done)
    msgs.update_streaming(left1, "half an ans", None)

    assert msgs.mark_interrupted_at_startup() == 2
    statuses = {m.id: m.status for m in msgs.list(cid)}
    assert statuses == {done: "complete", left1: "interrupted", left2: "interrupted"}
    assert msgs.get(left1).text == "half an ans"  # type: ignore[union-attr]
    assert msgs.mark_interrupted_at_startup() == 0
    # The kept text of an interrupted answer is searchable.
    assert [h.message_id for h in convs.search("half")] == [left1]


def test_a_reopened_answer_is_indexed_once_when_it_finishes(
    db: Database, convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "m")
    question = msgs.add(cid, "user", "q")
    answer = msgs.start_answer(cid, "m", question)
    msgs.finish(answer, "interrupted", text="the first half")
    assert [h.message_id for h in convs.search("first half")] == [answer]

    assert msgs.reopen(answer) and not msgs.reopen(answer)
    assert msgs.get(answer).status == "streaming"  # type: ignore[union-attr]
    assert msgs.update_streaming(answer, "the first half and the second")
    # While it streams it is not in the index (nothing is re-indexed at every save) …
    assert convs.search("second") == []
    msgs.finish(answer, "complete", text="the first half and the second half")
    # … and once finished it is there exactly once, with the whole text.
    assert [h.message_id for h in convs.search("second half")] == [answer]
    assert [h.message_id for h in convs.search("first half")] == [answer]
    rows = db.query("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'half'")
    assert [int(r[0]) for r in rows] == [answer]


def test_a_crash_while_continuing_leaves_the_answer_interrupted_and_searchable(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "m")
    answer = msgs.start_answer(cid, "m", msgs.add(cid, "user", "q"))
    msgs.finish(answer, "interrupted", text="cut here")
    msgs.reopen(answer)
    msgs.update_streaming(answer, "cut here then more")
    assert msgs.mark_interrupted_at_startup() == 1  # the next start, after a crash
    record = msgs.get(answer)
    assert record is not None and (record.status, record.text) == (
        "interrupted",
        "cut here then more",
    )
    assert [h.message_id for h in convs.search("then more")] == [answer]


def test_adding_a_message_moves_the_conversation_up(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    old = convs.create("old", "m")
    new = convs.create("new", "m")
    assert convs.latest() == new
    msgs.add(old, "user", "bump")
    assert convs.latest() == old


def test_invalid_input_is_rejected(convs: ConversationStore, msgs: MessageStore) -> None:
    cid = convs.create("t", "m")
    with pytest.raises(ValueError, match="role"):
        msgs.add(cid, "robot", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="base64"):
        msgs.add(
            cid, "user", "x", attachments=[{"hash": "ab" * 32, "url": "data:image/png;base64,AAA"}]
        )
    with pytest.raises(ValueError, match="hash"):
        msgs.add(cid, "user", "x", attachments=[{"mime": "image/png"}])
    with pytest.raises(Exception, match="FOREIGN KEY"):
        msgs.add(424242, "user", "orphan")
    assert msgs.list(cid) == []


def test_an_answer_keeps_the_output_settings_it_was_asked_with(
    db_path: Path, convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("c", "m")
    question = msgs.add(cid, "user", "q")
    output = {"mode": "json_schema", "schema": {"type": "object"}, "schema_name": "thing"}
    answer = msgs.start_answer(cid, "m", question, output=output)
    msgs.finish(answer, "complete", text="{}")
    with Database(db_path) as again:
        stored = MessageStore(again).get(answer)
        plain = MessageStore(again).get(question)
    assert stored is not None and stored.output == output
    assert plain is not None and plain.output is None
