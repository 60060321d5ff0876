"""Conversations: CRUD, pinned-first order, trash with undo, and full-text search."""

from __future__ import annotations

import pytest

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore


def test_create_get_rename_and_settings(convs: ConversationStore) -> None:
    cid = convs.create(
        "First chat", "gpt-4o", system_prompt="Be brief.", params={"temperature": 0.2}
    )
    record = convs.get(cid)
    assert record is not None
    assert (record.title, record.model, record.system_prompt) == (
        "First chat",
        "gpt-4o",
        "Be brief.",
    )
    assert record.params == {"temperature": 0.2}
    assert not record.pinned and not record.is_deleted

    convs.rename(cid, "重命名")
    convs.update_settings(cid, model="gpt-4o-mini", params={"temperature": 1.0, "max_tokens": 50})
    changed = convs.get(cid)
    assert changed is not None
    assert changed.title == "重命名"
    assert changed.model == "gpt-4o-mini"
    assert changed.system_prompt == "Be brief."
    assert changed.params == {"temperature": 1.0, "max_tokens": 50}
    assert changed.updated_at > record.updated_at
    assert convs.get(9999) is None


def test_list_puts_pinned_first_then_most_recent(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    a = convs.create("a", "m")
    b = convs.create("b", "m")
    c = convs.create("c", "m")
    assert [r.id for r in convs.list()] == [c, b, a]

    msgs.add(a, "user", "new activity moves a up")
    assert [r.id for r in convs.list()] == [a, c, b]
    assert convs.latest() == a

    convs.set_pinned(b, True)
    assert [r.id for r in convs.list()] == [b, a, c]
    assert convs.get(b).pinned  # type: ignore[union-attr]
    convs.set_pinned(b, False)
    assert [r.id for r in convs.list()] == [a, c, b]


def test_soft_delete_restore_and_purge(
    db: Database, convs: ConversationStore, msgs: MessageStore
) -> None:
    keep = convs.create("keep", "m")
    gone = convs.create("gone", "m")
    msgs.add(gone, "user", "message in a deleted chat")

    convs.delete(gone)
    assert [r.id for r in convs.list()] == [keep]
    assert [r.id for r in convs.deleted()] == [gone]
    assert {r.id for r in convs.list(include_deleted=True)} == {keep, gone}
    assert convs.latest() == keep
    assert len(msgs.list(gone)) == 1  # still there, undo is possible

    convs.restore(gone)  # undo
    assert {r.id for r in convs.list()} == {keep, gone}
    assert convs.get(gone).deleted_at is None  # type: ignore[union-attr]

    convs.delete(gone)
    convs.purge(gone)
    assert convs.get(gone) is None
    assert msgs.list(gone) == []
    assert convs.search("deleted chat") == []
    # The search index lost the purged messages too (checked against the table).
    msgs.add(keep, "user", "still searchable")
    db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
    assert [h.conversation_id for h in convs.search("searchable")] == [keep]


def test_purge_deleted_empties_the_trash(convs: ConversationStore) -> None:
    a = convs.create("a", "m")
    b = convs.create("b", "m")
    convs.create("c", "m")
    convs.delete(a)
    convs.delete(b)
    assert convs.purge_deleted() == 2
    assert [r.title for r in convs.list(include_deleted=True)] == ["c"]


def test_latest_is_none_without_conversations(convs: ConversationStore) -> None:
    assert convs.latest() is None


def test_search_finds_chinese_substring_and_english(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    zh = convs.create("中文", "m")
    en = convs.create("English", "m")
    zh_msg = msgs.add(zh, "user", "我想说：你好世界！今天天气不错。")
    en_msg = msgs.add(en, "assistant", "The Quick brown fox jumps over the lazy dog.")
    msgs.add(en, "user", "nothing relevant here")

    hits = convs.search("好世界")
    assert [(h.conversation_id, h.message_id) for h in hits] == [(zh, zh_msg)]
    assert "[好世界]" in hits[0].snippet
    assert hits[0].title == "中文"

    hits = convs.search("quick BROWN")  # case-insensitive, every word must match
    assert [(h.conversation_id, h.message_id) for h in hits] == [(en, en_msg)]
    assert "[Quick]" in hits[0].snippet
    assert convs.search("quick zebra") == []
    assert convs.search("") == []


def test_short_chinese_query_uses_the_fallback(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "m")
    hit = msgs.add(cid, "user", "今天天气很好")
    msgs.add(cid, "assistant", "是的")
    results = convs.search("天气")
    assert [h.message_id for h in results] == [hit]
    assert "[天气]" in results[0].snippet
    assert [h.message_id for h in convs.search("好")] == [hit]
    # LIKE wildcards in the query are taken literally.
    assert convs.search("%") == []
    assert convs.search("_") == []


def test_search_follows_edits_deletes_trash_and_streaming(
    db: Database, convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = convs.create("t", "m")
    answer = msgs.start_answer(cid, "m")
    msgs.update_streaming(answer, "partial zebra stripes", None)
    # Answers being written are not in the index yet (the 3+ character path).
    assert convs.search("zebra") == []
    msgs.finish(answer, "complete", text="final giraffe answer")
    assert [h.message_id for h in convs.search("giraffe")] == [answer]
    assert convs.search("zebra") == []  # the old text left the index

    convs.delete(cid)
    assert convs.search("giraffe") == []
    convs.restore(cid)
    assert [h.message_id for h in convs.search("giraffe")] == [answer]

    msgs.delete(answer)
    assert convs.search("giraffe") == []
    # The index is consistent with the table after all those changes.
    db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")


def test_search_limit(convs: ConversationStore, msgs: MessageStore) -> None:
    cid = convs.create("t", "m")
    for i in range(10):
        msgs.add(cid, "user", f"repeated needle number {i}")
    assert len(convs.search("needle", limit=3)) == 3
    assert len(convs.search("ne", limit=4)) == 4


@pytest.mark.parametrize("query", ['"quoted"', "a AND b", "NEAR(x y)", "col:umn"])
def test_search_treats_fts_syntax_as_text(
    convs: ConversationStore, msgs: MessageStore, query: str
) -> None:
    cid = convs.create("t", "m")
    mid = msgs.add(cid, "user", f"literal {query} text")
    assert mid in [h.message_id for h in convs.search(query)]
