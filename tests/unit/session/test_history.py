"""Building requests from a conversation: the message tree, the history, the request body."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core.chat.options import (
    ChatSettings,
    OutputSettings,
    ToolSettings,
    checked_output,
    checked_params,
    checked_tools,
)
from studio.core.chat.request import build_request, output_check
from studio.core.chat.request_messages import CONTINUE_PROMPT, build_messages, continue_messages
from studio.core.chat.structured import JSON_OBJECT_HINT, schema_from_fields
from studio.core.chat.titles import make_title
from studio.core.chat.toolrounds import pending_calls
from studio.core.chat.tools import ToolRegistry, ToolSpec
from studio.core.chat.tree import MessageTree
from studio.store.conversations import ConversationRecord
from studio.store.messages import MessageRecord

GEMINI_EXTRA = {"extra_content": {"google": {"thought_signature": "EjQK"}}}


def msg(id: int, parent: int | None, role: str, text: str = "", **fields: Any) -> MessageRecord:
    """A stored message as the store returns it."""
    values: dict[str, Any] = {
        "id": id,
        "conversation_id": 1,
        "parent_id": parent,
        "role": role,
        "text": text,
        "reasoning": None,
        "refusal": None,
        "model": "m" if role == "assistant" else None,
        "status": "complete",
        "finish_reason": None,
        "error": None,
        "usage": None,
        "tool_calls": None,
        "tool_call_id": None,
        "attachments": [],
        "created_at": float(id),
        "updated_at": float(id),
    }
    values.update(fields)
    return MessageRecord(**values)


def call(call_id: str, name: str, arguments: str = "{}", **extra: Any) -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": arguments},
        **extra,
    }


# ---- the tree ----------------------------------------------------------------------------


def tree_with_versions() -> MessageTree:
    # 1 user → 2 answer (v1), 3 answer (v2) → 4 user → 5 answer; 6 edited user 1 → 7 answer
    return MessageTree(
        [
            msg(1, None, "user", "hi"),
            msg(2, 1, "assistant", "v1"),
            msg(3, 1, "assistant", "v2"),
            msg(4, 3, "user", "more"),
            msg(5, 4, "assistant", "more answer"),
            msg(6, None, "user", "hi (edited)"),
            msg(7, 6, "assistant", "edited answer"),
        ]
    )


def test_the_visible_branch_follows_the_newest_child_by_default() -> None:
    tree = tree_with_versions()
    assert [m.id for m in tree.visible_branch({})] == [6, 7]
    assert [m.id for m in tree.visible_branch({None: 1})] == [1, 3, 4, 5]
    assert [m.id for m in tree.visible_branch({None: 1, 1: 2})] == [1, 2]
    assert [m.id for m in tree.siblings(2)] == [2, 3]
    assert [m.id for m in tree.siblings(6)] == [1, 6]
    assert [m.id for m in tree.path_to(5)] == [1, 3, 4, 5]
    # A selection that no longer exists falls back to the newest.
    assert [m.id for m in tree.visible_branch({None: 99})] == [6, 7]


def test_tree_updates_and_removal() -> None:
    tree = tree_with_versions()
    tree.put(msg(2, 1, "assistant", "v1 finished"))
    updated = tree.get(2)
    assert updated is not None and updated.text == "v1 finished"
    assert [m.id for m in tree.siblings(2)] == [2, 3]
    tree.remove(3)
    assert [m.id for m in tree.siblings(2)] == [2]
    orphan = tree.get(4)
    assert orphan is not None and orphan.parent_id is None
    assert 3 not in tree and len(tree) == 6


# ---- the history -------------------------------------------------------------------------


def test_history_skips_reasoning_and_keeps_tool_call_extras() -> None:
    branch = [
        msg(1, None, "user", "What's the weather?"),
        msg(
            2,
            1,
            "assistant",
            "",
            reasoning="I should call the tool",
            tool_calls=[call("c1", "get_weather", '{"city":"Paris"}', **GEMINI_EXTRA)],
            finish_reason="tool_calls",
        ),
        msg(3, 2, "tool", '{"temp": 18}', tool_call_id="c1"),
        msg(4, 3, "assistant", "It is 18 degrees.", reasoning="Easy."),
        msg(5, 4, "user", "Thanks"),
    ]
    assert build_messages(branch, "Be brief.") == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What's the weather?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                    "extra_content": {"google": {"thought_signature": "EjQK"}},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": '{"temp": 18}'},
        {"role": "assistant", "content": "It is 18 degrees."},
        {"role": "user", "content": "Thanks"},
    ]


def test_unanswered_calls_failed_answers_and_orphan_results_are_left_out() -> None:
    branch = [
        msg(1, None, "user", "Weather and time?"),
        msg(2, 1, "assistant", "Let me check.", tool_calls=[call("a", "w"), call("b", "t")]),
        msg(3, 2, "tool", "sunny", tool_call_id="a"),
        msg(4, 3, "tool", "stray", tool_call_id="zzz"),
        msg(5, 4, "user", "never mind"),
        msg(6, 5, "assistant", "", status="failed", error="HTTP 500"),
        msg(7, 6, "user", "hello?"),
        msg(8, 7, "assistant", "Partial ans", status="interrupted"),
        msg(9, 8, "user", "go on"),
    ]
    messages = build_messages(branch)
    assert messages[1] == {
        "role": "assistant",
        "content": "Let me check.",
        "tool_calls": [call("a", "w")],
    }
    assert [m["role"] for m in messages] == [
        "user",
        "assistant",
        "tool",
        "user",
        "user",
        "assistant",
        "user",
    ]
    assert messages[5] == {"role": "assistant", "content": "Partial ans"}
    assert all("reasoning" not in m for m in messages)


def test_continue_asks_for_the_rest_after_the_cut_answer() -> None:
    branch = [
        msg(1, None, "user", "Long text"),
        msg(2, 1, "assistant", "Once upon", status="interrupted"),
    ]
    messages = continue_messages(branch)
    assert messages[-2] == {"role": "assistant", "content": "Once upon"}
    assert messages[-1] == {"role": "user", "content": CONTINUE_PROMPT}


def test_pending_calls_are_the_unanswered_calls_of_the_last_round() -> None:
    branch = [
        msg(1, None, "user", "q"),
        msg(2, 1, "assistant", "", tool_calls=[call("a", "w"), call("b", "t", '{"z":1}')]),
        msg(3, 2, "tool", "r", tool_call_id="a"),
    ]
    (pending,) = pending_calls(branch)
    assert (pending.assistant_id, pending.id, pending.name, pending.arguments) == (
        2,
        "b",
        "t",
        '{"z":1}',
    )
    assert pending_calls([*branch, msg(4, 3, "tool", "r", tool_call_id="b")]) == []
    assert pending_calls([*branch, msg(4, 3, "user", "new question")]) == []


# ---- the request -------------------------------------------------------------------------


def test_request_carries_params_tools_and_extra_body() -> None:
    registry = ToolRegistry()
    settings = ChatSettings(
        model="gpt-4o",
        system_prompt="Sys",
        params={"temperature": 0.3, "max_tokens": 100, "seed": 7},
        extra_body={"enable_thinking": True},
        tools=ToolSettings(("calculator",), (ToolSpec("lookup"),)),
    )
    body = build_request(settings, registry, [msg(1, None, "user", "hi")]).to_body()
    assert body["model"] == "gpt-4o" and body["stream"] is True
    assert (body["temperature"], body["max_tokens"], body["seed"]) == (0.3, 100, 7)
    assert "top_p" not in body and "response_format" not in body
    assert body["enable_thinking"] is True
    assert [t["function"]["name"] for t in body["tools"]] == ["calculator", "lookup"]
    assert body["tool_choice"] == "auto"
    assert body["messages"] == [
        {"role": "system", "content": "Sys"},
        {"role": "user", "content": "hi"},
    ]


def test_json_object_mode_makes_sure_the_prompt_mentions_json() -> None:
    settings = ChatSettings(model="deepseek-chat", output=OutputSettings("json_object"))
    body = build_request(settings, ToolRegistry(), [msg(1, None, "user", "TV")]).to_body()
    assert body["response_format"] == {"type": "json_object"}
    assert body["messages"][0] == {"role": "system", "content": JSON_OBJECT_HINT}
    mentioned = build_request(settings, ToolRegistry(), [msg(1, None, "user", "TV as JSON")])
    assert mentioned.to_body()["messages"][0]["role"] == "user"
    check = output_check(settings)
    assert check is not None and check.schema is None


def test_json_schema_mode_and_its_fallback() -> None:
    schema = schema_from_fields([("a", "string", True, "")])
    settings = ChatSettings(model="m", output=OutputSettings("json_schema", schema, "my result!"))
    body = build_request(settings, ToolRegistry(), [msg(1, None, "user", "x")]).to_body()
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "my_result_", "schema": schema, "strict": True},
    }
    fallback = ChatSettings(
        model="m",
        system_prompt="Base.",
        output=OutputSettings("json_schema", schema, schema_in_prompt=True),
    )
    body = build_request(fallback, ToolRegistry(), [msg(1, None, "user", "x")]).to_body()
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]["content"]
    assert system.startswith("Base.\n\n") and '"additionalProperties": false' in system
    check = output_check(fallback)
    assert check is not None and check.schema == schema
    assert output_check(ChatSettings(model="m")) is None


# ---- settings and titles -----------------------------------------------------------------


def test_settings_round_trip_through_the_conversation_record() -> None:
    settings = ChatSettings(
        model="gpt-4o",
        system_prompt="S",
        params={"temperature": 1.0, "seed": 3},
        extra_body={"x": 1},
        output=OutputSettings("json_schema", {"type": "object"}, "r", True),
        tools=ToolSettings(("calculator",), (ToolSpec("f", "d", {"type": "object"}),)),
    )
    record = ConversationRecord(1, "", "gpt-4o", "S", settings.to_params(), False, 0, 0, None)
    assert ChatSettings.from_record(record) == settings
    junk = ConversationRecord(
        1, "", "m", None, {"temperature": "hot", "output": 3, "tools": "x"}, False, 0, 0, None
    )
    assert ChatSettings.from_record(junk) == ChatSettings(model="m")


def test_settings_validation() -> None:
    params, extra = checked_params({"temperature": 1, "seed": 4.0, "top_p": None}, {})
    assert params == {"temperature": 1.0, "seed": 4} and extra == {}
    assert checked_params({"extra_body": {"a": 1}}, {"b": 2}) == ({}, {"a": 1})
    for bad in ({"temperature": 3}, {"max_tokens": 0}, {"seed": 1.5}, {"nope": 1}, {"top_p": "x"}):
        with pytest.raises(ValueError):
            checked_params(bad, {})
    with pytest.raises(ValueError, match="JSON object"):
        checked_params({"extra_body": [1]}, {})
    with pytest.raises(ValueError, match="needs a schema"):
        checked_output("json_schema", None, "r", OutputSettings())
    with pytest.raises(ValueError, match="not valid"):
        checked_output("json_schema", {"type": 12}, "r", OutputSettings())
    with pytest.raises(ValueError, match="Unknown output mode"):
        checked_output("xml", None, "r", OutputSettings())
    with pytest.raises(ValueError, match="no built-in"):
        checked_tools(["shell"], [], ToolRegistry())
    with pytest.raises(ValueError, match="64"):
        checked_tools([], [{"name": "bad name"}], ToolRegistry())


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Hello there", "Hello there"),
        ("\n\n  First   line  \nsecond", "First line"),
        (
            "Please explain how streaming answers are saved to disk in detail",
            "Please explain how streaming answers are…",
        ),
        ("请" * 50, "请" * 40 + "…"),
    ],
)
def test_titles_come_from_the_first_line(text: str, title: str) -> None:
    assert make_title(text) == title
