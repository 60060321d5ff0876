"""Exports: Markdown a person can read and JSON that keeps every field."""

from __future__ import annotations

import json
from pathlib import Path

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.export import export_all, export_conversation, redact_secrets
from studio.store.images import ImageStore
from studio.store.messages import MessageStore


def _sample(convs: ConversationStore, msgs: MessageStore) -> int:
    cid = convs.create("Weather chat", "gpt-4o", system_prompt="Answer in English.")
    user = msgs.add(cid, "user", "What's the weather in 北京?")
    call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "北京"}'},
    }
    asst = msgs.start_answer(cid, "gpt-4o", user)
    msgs.finish(
        asst,
        "complete",
        text="",
        reasoning="Need the weather tool.",
        finish_reason="tool_calls",
        tool_calls=[call],
        usage={"prompt_tokens": 20, "completion_tokens": 10, "total_tokens": 30},
    )
    tool = msgs.add(cid, "tool", '{"temp": 21}', tool_call_id="call_1", parent_id=asst)
    final = msgs.start_answer(cid, "gpt-4o", tool)
    msgs.finish(final, "complete", text="It is **21 °C** in Beijing.", finish_reason="stop")
    broken = msgs.start_answer(cid, "gpt-4o", final)
    msgs.finish(
        broken, "failed", text="", error="401 Unauthorized: Incorrect API key sk-abcdef123456"
    )
    return cid


def test_markdown_export_is_readable(convs: ConversationStore, msgs: MessageStore) -> None:
    cid = _sample(convs, msgs)
    md = export_conversation(convs, msgs, cid, "md")
    assert md.startswith("# Weather chat\n")
    assert "Answer in English." in md
    assert "## You\n\nWhat's the weather in 北京?" in md
    assert "## Assistant (gpt-4o)" in md
    assert "<details><summary>Reasoning</summary>\n\nNeed the weather tool.\n\n</details>" in md
    assert '"name": "get_weather"' in md
    assert "## Tool result (call_1)" in md
    assert "It is **21 °C** in Beijing." in md
    assert md.index("## You") < md.index("Need the weather") < md.index("21 °C")
    assert "failed" in md
    assert "sk-abcdef123456" not in md


def test_json_export_keeps_every_message_field(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = _sample(convs, msgs)
    data = json.loads(export_conversation(convs, msgs, cid, "json"))
    conv = data["conversation"]
    assert conv["title"] == "Weather chat"
    assert conv["system_prompt"] == "Answer in English."
    messages = conv["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant", "assistant"]
    for m in messages:
        for key in (
            "role",
            "text",
            "model",
            "status",
            "usage",
            "reasoning",
            "tool_calls",
            "created_at",
        ):
            assert key in m
    assert messages[1]["usage"] == {
        "prompt_tokens": 20,
        "completion_tokens": 10,
        "total_tokens": 30,
    }
    assert messages[1]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert messages[1]["reasoning"] == "Need the weather tool."
    assert messages[3]["text"] == "It is **21 °C** in Beijing."
    assert messages[3]["model"] == "gpt-4o"
    assert messages[4]["status"] == "failed"
    assert "sk-abcdef123456" not in json.dumps(data)


def test_export_all_skips_the_trash(convs: ConversationStore, msgs: MessageStore) -> None:
    keep = convs.create("Keep me", "m")
    msgs.add(keep, "user", "visible")
    gone = convs.create("Deleted", "m")
    msgs.add(gone, "user", "hidden")
    convs.delete(gone)

    data = json.loads(export_all(convs, msgs, "json"))
    assert [c["title"] for c in data["conversations"]] == ["Keep me"]
    md = export_all(convs, msgs, "md")
    assert "# Keep me" in md and "hidden" not in md
    everything = json.loads(export_all(convs, msgs, "json", include_deleted=True))
    assert {c["title"] for c in everything["conversations"]} == {"Keep me", "Deleted"}


def test_markdown_links_attached_images(
    tmp_path: Path, db: Database, convs: ConversationStore, msgs: MessageStore
) -> None:
    images = ImageStore(tmp_path / "images", db)
    digest = images.put(b"\x89PNG fake bytes", "png", "image/png", 1, 1)
    cid = convs.create("pic", "m")
    msgs.add(cid, "user", "look", attachments=[{"hash": digest, "name": "cat.png"}])
    md = export_conversation(convs, msgs, cid, "md", images=images)
    assert f"![cat.png]({images.path(digest).as_uri()})" in md


def test_redact_secrets() -> None:
    text = "key sk-live1234567890 and header Authorization: Bearer abcdef.ghijkl"
    cleaned = redact_secrets(text)
    assert "sk-live1234567890" not in cleaned and "abcdef.ghijkl" not in cleaned
    assert "Authorization" in cleaned


def _branched(convs: ConversationStore, msgs: MessageStore) -> tuple[int, dict[str, int]]:
    """A regenerated answer, then an edited question (a second branch); the branch shown is
    the older one, so "newest" and "shown" differ."""
    cid = convs.create("Colours", "demo-chat")
    ids: dict[str, int] = {}
    ids["q1"] = msgs.add(cid, "user", "Name a colour")
    ids["a1"] = msgs.start_answer(cid, "demo-chat", ids["q1"], output={"mode": "off"})
    msgs.finish(ids["a1"], "complete", text="Red, like a fire engine.")
    ids["a1b"] = msgs.start_answer(
        cid, "demo-chat", ids["q1"], output={"mode": "json_object", "schema": None}
    )
    msgs.finish(ids["a1b"], "complete", text='{"colour": "blue"}')
    ids["q2"] = msgs.add(cid, "user", "And another one?", parent_id=ids["a1b"])
    ids["a2"] = msgs.start_answer(cid, "demo-chat", ids["q2"])
    msgs.finish(ids["a2"], "complete", text="Green as grass.")
    ids["q2b"] = msgs.add(cid, "user", "Why blue?", parent_id=ids["a1b"])
    ids["a2b"] = msgs.start_answer(cid, "demo-chat", ids["q2b"])
    msgs.finish(ids["a2b"], "complete", text="Because of the sky.")
    convs.set_leaf(cid, ids["a2"])  # the user went back to the first branch
    return cid, ids


def test_markdown_export_shows_the_visible_branch_then_labelled_versions(
    db_path: Path, db: Database, convs: ConversationStore, msgs: MessageStore
) -> None:
    cid, _ = _branched(convs, msgs)
    db.close()
    reopened = Database(db_path)  # the file as it is on disk
    try:
        md = export_conversation(ConversationStore(reopened), MessageStore(reopened), cid, "md")
    finally:
        reopened.close()
    transcript, rule, others = md.partition("\n---\n")
    assert rule, md
    # The transcript is the branch shown, in order, one answer per question.
    order = ["Name a colour", '{"colour": "blue"}', "And another one?", "Green as grass."]
    positions = [transcript.index(text) for text in order]
    assert positions == sorted(positions)
    assert transcript.count("## Assistant") == 2
    assert "Red, like" not in transcript and "Why blue?" not in transcript
    assert "Because of the sky" not in transcript
    assert "*Version 2 of 2 of this answer; the other is under" in transcript
    assert "*Version 1 of 2 of this message;" in transcript
    assert "*Asked for JSON.*" in transcript
    # Everything else follows, each under a heading naming its turn.
    assert others.startswith("\n## Other versions and branches\n")
    regenerated = others.index("### Version 1 of 2 of the answer to your message “Name a colour”")
    assert others.index("Red, like a fire engine.") > regenerated
    branch = others.index(
        '### Branch: version 2 of 2 of your message after the answer “{"colour": "blue"}”'
    )
    assert branch > others.index("Red, like a fire engine.")
    assert others.index("#### You\n\nWhy blue?") > branch
    assert others.index("Because of the sky.") > others.index("Why blue?")


def test_markdown_export_without_versions_has_no_extra_section(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid = _sample(convs, msgs)
    md = export_conversation(convs, msgs, cid, "md")
    assert "Other versions" not in md and "Version " not in md


def test_json_export_keeps_the_whole_tree_and_the_branch_shown(
    convs: ConversationStore, msgs: MessageStore
) -> None:
    cid, ids = _branched(convs, msgs)
    conv = json.loads(export_conversation(convs, msgs, cid, "json"))["conversation"]
    assert conv["leaf_id"] == ids["a2"]
    parents = {m["id"]: m["parent_id"] for m in conv["messages"]}
    assert parents == {
        ids["q1"]: None,
        ids["a1"]: ids["q1"],
        ids["a1b"]: ids["q1"],
        ids["q2"]: ids["a1b"],
        ids["a2"]: ids["q2"],
        ids["q2b"]: ids["a1b"],
        ids["a2b"]: ids["q2b"],
    }
    outputs = {m["id"]: m["output"] for m in conv["messages"]}
    assert outputs[ids["a1b"]] == {"mode": "json_object", "schema": None}
    assert outputs[ids["q1"]] is None
