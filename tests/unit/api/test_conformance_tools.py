"""protocol.md conformance cases 27–38: streamed tool calls."""

from __future__ import annotations

import json

import pytest

from studio.api import events as ev
from tests.fakes.raw_server import C, D, content, dumps, finish, role, sse


def tc(fragment: dict, finish_reason: str | None = None, **delta_fields) -> bytes:
    """A chunk whose delta carries one tool-call fragment."""
    return C(
        dumps(
            {
                "index": 0,
                "delta": {**delta_fields, "tool_calls": [fragment]},
                "finish_reason": finish_reason,
            }
        )
    )


def args(index: int | None, text: str) -> dict:
    """An arguments-only fragment (``index`` None omits the key)."""
    frag: dict = {"function": {"arguments": text}}
    if index is not None:
        frag["index"] = index
    return frag


FRAGMENTS_27 = ['{"q"', ':"ca', 'ts","n', '":3', "}"]


def case_27_steps(final: str = "tool_calls", leading_text: bool = True) -> list[bytes]:
    """Case 27's bytes: optional text, the opening fragment, five argument fragments."""
    steps = [role()]
    if leading_text:
        steps.append(content("Let me check."))
    steps.append(
        tc(
            {
                "index": 0,
                "id": "call_A",
                "type": "function",
                "function": {"name": "search", "arguments": ""},
            }
        )
    )
    steps += [tc(args(0, f)) for f in FRAGMENTS_27]
    steps += [finish(final), D]
    return steps


@pytest.mark.parametrize("leading_text", [True, False], ids=["with-text", "no-text"])
async def test_case_27_single_call_five_fragments(chat, leading_text):
    """Case 27: one call ``call_A``/search with arguments {"q":"cats","n":3}."""
    out = await chat.run(sse(*case_27_steps(leading_text=leading_text)))
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    call = calls[0]
    assert (call.id, call.name) == ("call_A", "search")
    assert call.arguments == '{"q":"cats","n":3}'
    assert call.arguments_valid is True
    assert json.loads(call.arguments) == {"q": "cats", "n": 3}
    assert out.result.tool_calls == calls
    assert out.result.finish.reason == "tool_calls"
    assert out.result.text == ("Let me check." if leading_text else "")
    # fragments are visible live; the assembled call comes once, after them
    assert out.of(ev.ToolCallDelta), "no live tool-call fragments"
    last_fragment = max(i for i, e in enumerate(out.events) if isinstance(e, ev.ToolCallDelta))
    assert out.events.index(call) > last_fragment
    message = call.to_message_dict()
    assert message["id"] == "call_A"
    assert message["type"] == "function"
    assert message["function"] == {"name": "search", "arguments": '{"q":"cats","n":3}'}


async def test_case_28_two_parallel_calls_interleaved(chat):
    """Case 28: two calls whose fragments alternate → two valid calls, in index order."""
    out = await chat.run(
        sse(
            role(),
            tc(
                {
                    "index": 0,
                    "id": "call_A",
                    "type": "function",
                    "function": {"name": "a", "arguments": ""},
                }
            ),
            tc(
                {
                    "index": 1,
                    "id": "call_B",
                    "type": "function",
                    "function": {"name": "b", "arguments": ""},
                }
            ),
            tc(args(0, '{"x"')),
            tc(args(1, '{"y"')),
            tc(args(0, ":1")),
            tc(args(1, ':"two"')),
            tc(args(0, "}")),
            tc(args(1, "}")),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert [(c.id, c.name) for c in calls] == [("call_A", "a"), ("call_B", "b")]
    assert json.loads(calls[0].arguments) == {"x": 1}
    assert json.loads(calls[1].arguments) == {"y": "two"}
    assert all(c.arguments_valid for c in calls)
    assert out.result.finish.reason == "tool_calls"


async def test_case_29_sparse_non_zero_indexes(chat):
    """Case 29: calls at index 1 and 2 (index 0 never appears) → two calls, keyed by index."""
    out = await chat.run(
        sse(
            role(),
            C('{"index":0,"delta":{"reasoning_content":"hmm"},"finish_reason":null}'),
            content("Checking."),
            tc(
                {
                    "index": 1,
                    "id": "toolu_1",
                    "type": "function",
                    "function": {"name": "f", "arguments": ""},
                }
            ),
            tc(args(1, '{"a":')),
            tc(
                {
                    "index": 2,
                    "id": "toolu_2",
                    "type": "function",
                    "function": {"name": "g", "arguments": ""},
                }
            ),
            tc(args(1, "1}")),
            tc(args(2, '{"b":2}')),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert [(c.id, c.name) for c in calls] == [("toolu_1", "f"), ("toolu_2", "g")]
    assert json.loads(calls[0].arguments) == {"a": 1}
    assert json.loads(calls[1].arguments) == {"b": 2}
    assert out.result.text == "Checking."


async def test_case_30_missing_index(chat):
    """Case 30: no ``index``: a new non-empty id opens a new call."""
    out = await chat.run(
        sse(
            role(),
            tc(
                {
                    "id": "jm4o",
                    "type": "function",
                    "function": {"name": "f", "arguments": '{"x":1}'},
                }
            ),
            tc({"id": "k2p9", "type": "function", "function": {"name": "g", "arguments": "{}"}}),
            finish("stop"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert [(c.id, c.name) for c in calls] == [("jm4o", "f"), ("k2p9", "g")]
    assert json.loads(calls[0].arguments) == {"x": 1}
    assert json.loads(calls[1].arguments) == {}
    assert out.result.finish.reason == "tool_calls"


async def test_case_30_missing_index_fragments_append_to_last_call(chat):
    """Case 30: a fragment with no index and no id appends to the last open call."""
    out = await chat.run(
        sse(
            role(),
            tc({"id": "jm4o", "type": "function", "function": {"name": "f", "arguments": '{"x"'}}),
            tc({"function": {"arguments": ":1}"}}),
            tc({"id": "k2p9", "type": "function", "function": {"name": "g", "arguments": "{"}}),
            tc({"function": {"arguments": "}"}}),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert [(c.id, c.name, c.arguments) for c in calls] == [
        ("jm4o", "f", '{"x":1}'),
        ("k2p9", "g", "{}"),
    ]


async def test_case_31_full_id_repeated_in_every_fragment(chat):
    """Case 31: id (and name) repeated in each fragment → id set once, name not doubled."""
    pieces = ['{"q"', ':"cats"', "}"]
    frags = [
        tc(
            {
                "index": 0,
                "id": "call_A",
                "type": "function",
                "function": {"name": "search", "arguments": p},
            }
        )
        for p in pieces
    ]
    out = await chat.run(sse(role(), *frags, finish("tool_calls"), D))
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert calls[0].id == "call_A"
    assert calls[0].name == "search"
    assert json.loads(calls[0].arguments) == {"q": "cats"}


async def test_case_32_id_changes_mid_call(chat):
    """Case 32: the id changes in a later fragment → one call keyed by index, first id kept."""
    out = await chat.run(
        sse(
            role(),
            tc({"index": 0, "id": "call_1", "function": {"name": "f", "arguments": '{"a"'}}),
            tc({"index": 0, "id": "call_2", "function": {"arguments": ":1}"}}),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert (calls[0].id, calls[0].name, calls[0].arguments) == ("call_1", "f", '{"a":1}')


async def test_case_33_empty_ids_are_synthesized(chat):
    """Case 33: ``"id":""`` on two calls → unique synthesized ids call_local_0/1."""
    out = await chat.run(
        sse(
            role(),
            tc({"index": 0, "id": "", "function": {"name": "f", "arguments": "{}"}}),
            tc({"index": 1, "id": "", "function": {"name": "f", "arguments": '{"y":2}'}}),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert [c.id for c in calls] == ["call_local_0", "call_local_1"]
    assert [json.loads(c.arguments) for c in calls] == [{}, {"y": 2}]
    # the same id is what goes back to the relay with the tool results
    assert [c.to_message_dict()["id"] for c in calls] == ["call_local_0", "call_local_1"]


async def test_case_34_whole_call_with_finish_in_same_chunk(chat):
    """Case 34: call and finish in one chunk, empty arguments → "{}"."""
    out = await chat.run(
        sse(
            C(
                '{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_Z","type":"function",'
                '"function":{"name":"now","arguments":""}}]},"finish_reason":"tool_calls"}'
            ),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert (calls[0].id, calls[0].name) == ("call_Z", "now")
    assert calls[0].arguments == "{}"
    assert calls[0].arguments_valid is True
    assert calls[0].to_message_dict()["function"]["arguments"] == "{}"
    assert out.result.finish.reason == "tool_calls"


async def test_case_35_tool_call_with_finish_stop(chat):
    """Case 35: case 27 with finish "stop" is still a tool-call turn."""
    out = await chat.run(sse(*case_27_steps(final="stop")))
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1 and calls[0].id == "call_A"
    assert out.result.finish.reason == "tool_calls"
    assert out.result.finish.raw_reason == "stop"


async def test_case_36_arguments_not_valid_json(chat):
    """Case 36: arguments cut by finish "length" → marked invalid, finish length."""
    out = await chat.run(
        sse(
            role(),
            tc(
                {
                    "index": 0,
                    "id": "call_A",
                    "type": "function",
                    "function": {"name": "search", "arguments": ""},
                }
            ),
            tc(args(0, '{"q":')),
            tc(args(0, '"cats"')),
            finish("length"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert calls[0].arguments == '{"q":"cats"'
    assert calls[0].arguments_valid is False
    assert out.result.finish.reason == "length"


async def test_case_36_non_object_arguments_are_invalid(chat):
    """Case 36: arguments that parse but are not an object (``[1]``) are not runnable either."""
    out = await chat.run(
        sse(
            tc({"index": 0, "id": "call_A", "function": {"name": "f", "arguments": "[1]"}}),
            finish("tool_calls"),
            D,
        )
    )
    calls = out.tool_calls()
    assert len(calls) == 1
    assert calls[0].arguments_valid is False


EXTRA = {"google": {"thought_signature": "EjQKMgFyyNp8"}}


async def test_case_37_provider_extras_are_kept_and_sent_back(chat, raw_server):
    """Case 37: ``extra_content`` survives assembly and goes back unchanged next turn."""
    first = sse(
        role(),
        tc(
            {
                "index": 0,
                "id": "c1",
                "type": "function",
                "function": {"name": "f", "arguments": '{"a":1}'},
                "extra_content": EXTRA,
            }
        ),
        finish("tool_calls"),
        D,
    )
    out = await chat.run(first)
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert calls[0].extra == {"extra_content": EXTRA}
    sent_back = calls[0].to_message_dict()
    assert sent_back["extra_content"] == EXTRA
    assert sent_back["id"] == "c1"

    history = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": None, "tool_calls": [sent_back]},
        {"role": "tool", "tool_call_id": "c1", "content": "42"},
    ]
    second = await chat.run(sse(role(), content("Done"), finish("stop"), D), messages=history)
    assert second.error is None
    echoed = second.requests[0].json()["messages"][1]["tool_calls"][0]
    assert echoed["extra_content"] == EXTRA
    assert echoed["id"] == "c1"
    assert echoed["function"] == {"name": "f", "arguments": '{"a":1}'}


async def test_case_38_legacy_function_call(chat):
    """Case 38: deprecated ``function_call`` deltas assemble into one call; no crash."""
    out = await chat.run(
        sse(
            C(
                '{"index":0,"delta":{"role":"assistant","content":null,'
                '"function_call":{"name":"f","arguments":""}},"finish_reason":null}'
            ),
            C(
                '{"index":0,"delta":{"function_call":{"arguments":"{\\"a\\""}},"finish_reason":null}'
            ),
            C('{"index":0,"delta":{"function_call":{"arguments":":1}"}},"finish_reason":null}'),
            finish("function_call"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert calls[0].name == "f"
    assert json.loads(calls[0].arguments) == {"a": 1}
    assert calls[0].id  # a usable id for the follow-up tool message
    assert out.result.finish.reason == "tool_calls"
    assert out.result.text == ""


async def test_two_whole_calls_without_index_or_id_stay_two(chat):
    """Gemini's compatibility form: each call whole in its own chunk, ``"id": ""``, no index."""
    out = await chat.run(
        sse(
            role(),
            tc({"id": "", "type": "function", "function": {"name": "f", "arguments": '{"x":1}'}}),
            tc({"id": "", "type": "function", "function": {"name": "g", "arguments": '{"y":2}'}}),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert [(c.name, json.loads(c.arguments)) for c in calls] == [("f", {"x": 1}), ("g", {"y": 2})]


async def test_a_name_repeated_while_arguments_stream_stays_one_call(chat):
    """The same name in every fragment of one index-less call does not split it."""
    out = await chat.run(
        sse(
            role(),
            tc({"type": "function", "function": {"name": "f", "arguments": '{"x"'}}),
            tc({"type": "function", "function": {"name": "f", "arguments": ":1}"}}),
            finish("tool_calls"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    (call,) = out.tool_calls()
    assert (call.name, call.arguments) == ("f", '{"x":1}')
