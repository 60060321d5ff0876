"""protocol.md conformance cases 13–22: chunk payload variants."""

from __future__ import annotations

import json

import pytest

from studio.api import errors as E
from studio.api import events as ev
from tests.fakes.raw_server import (
    C,
    D,
    U,
    canonical,
    completion,
    content,
    delta,
    finish,
    json_response,
    role,
    sse,
)


def assert_complete(out, text: str = "Hello") -> None:
    """The answer is ``text``, finished with stop, and no error."""
    assert out.error is None, f"unexpected error: {out.error!r}"
    assert out.text() == text
    assert out.result.text == text
    assert out.result.finish is not None and out.result.finish.reason == "stop"


async def test_case_13_azure_prompt_filter_chunk(chat):
    """Case 13: a first chunk with empty choices and prompt_filter_results is skipped."""
    azure = (
        b'data: {"id":"","object":"","created":0,"model":"","choices":[],'
        b'"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}\n\n'
    )
    out = await chat.run(sse(azure, *canonical()))
    assert_complete(out)
    assert out.usage is None  # the filter chunk is not a usage chunk


USAGE_14 = (
    '{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,'
    '"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":0}}'
)


async def test_case_14_include_usage_tail(chat):
    """Case 14: the usage-only chunk after the finish gives 12/5/17, cached 8."""
    out = await chat.run(sse(*canonical()[:-1], U(USAGE_14), D))
    assert_complete(out)
    expected = ev.Usage(
        prompt_tokens=12, completion_tokens=5, total_tokens=17, cached_tokens=8, reasoning_tokens=0
    )
    assert out.usage == expected
    assert out.result.usage == expected
    assert out.requests[0].json()["stream_options"] == {"include_usage": True}


def _with_usage(choice: str, usage: str) -> bytes:
    return C(choice).replace(b"]}\n\n", f'],"usage":{usage}}}\n\n'.encode(), 1)


def _u(p: int, c: int) -> str:
    return f'{{"prompt_tokens":{p},"completion_tokens":{c},"total_tokens":{p + c}}}'


HEL = '{"index":0,"delta":{"content":"Hel"},"finish_reason":null}'
LO = '{"index":0,"delta":{"content":"lo"},"finish_reason":null}'
STOP = '{"index":0,"delta":{},"finish_reason":"stop"}'


@pytest.mark.parametrize(
    ("steps", "include_usage"),
    [
        # (a) "usage":null on every chunk, numbers only in the last
        (
            [
                _with_usage(HEL, "null"),
                _with_usage(LO, "null"),
                _with_usage(STOP, "null"),
                U(_u(10, 2)),
                D,
            ],
            True,
        ),
        # (b) usage inside the finish chunk with non-empty choices (llama.cpp)
        ([content("Hel"), content("lo"), _with_usage(STOP, _u(10, 2)), D], True),
        # (c) cumulative usage on every chunk (continuous_usage_stats): the last one wins
        (
            [
                _with_usage(HEL, _u(10, 1)),
                _with_usage(LO, _u(10, 2)),
                _with_usage(STOP, _u(10, 2)),
                D,
            ],
            True,
        ),
        # (d) usage sent although it was not requested
        ([content("Hel"), content("lo"), finish("stop"), U(_u(10, 2)), D], False),
    ],
    ids=["a-null-then-last", "b-in-finish-chunk", "c-cumulative", "d-unrequested"],
)
async def test_case_15_usage_in_other_places(chat, steps, include_usage):
    """Case 15: final usage = the last non-null usage object; never summed."""
    out = await chat.run(sse(*steps), include_usage=include_usage)
    assert_complete(out)
    assert out.result.usage is not None
    assert (
        out.result.usage.prompt_tokens,
        out.result.usage.completion_tokens,
        out.result.usage.total_tokens,
    ) == (10, 2, 12)
    body = out.requests[0].json()
    if include_usage:
        assert body["stream_options"] == {"include_usage": True}
    else:
        assert (body.get("stream_options") or {}).get("include_usage") is not True


async def test_case_16_null_and_empty_deltas(chat):
    """Case 16: null content, empty deltas and role-only deltas render nothing, never "None"."""
    out = await chat.run(
        sse(
            role(),
            C('{"index":0,"delta":{"content":null},"finish_reason":null}'),
            C('{"index":0,"delta":{},"finish_reason":null}'),
            *[C('{"index":0,"delta":{"role":"assistant"},"finish_reason":null}')] * 3,
            content("ok"),
            C('{"index":0,"delta":{"content":null},"finish_reason":null}'),
            finish("stop"),
            D,
        )
    )
    assert_complete(out, "ok")
    assert all("None" not in e.text for e in out.of(ev.TextDelta))
    assert set(out.result.choices) == {0}  # no extra bubbles / candidates
    assert out.of(ev.ReasoningDelta) == [] and out.of(ev.RefusalDelta) == []


async def test_case_16_empty_string_deltas(chat):
    """Case 16 (variant): ``content:""`` deltas between real text add nothing visible."""
    out = await chat.run(
        sse(
            role(),
            delta({"content": ""}),
            content("Hel"),
            delta({"content": ""}),
            content("lo"),
            finish("stop"),
            D,
        )
    )
    assert_complete(out)


async def test_case_17_role_on_every_chunk(chat):
    """Case 17: role repeated in every delta → one message, text concatenated."""
    tok = C('{"index":0,"delta":{"role":"assistant","content":"tok"},"finish_reason":null}')
    out = await chat.run(sse(tok, tok, tok, finish("stop"), D))
    assert_complete(out, "toktoktok")
    assert set(out.result.choices) == {0}
    assert len(out.finishes(None)) == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("end_turn", "stop"),
        ("SAFETY", "stop"),
        ("eos", "stop"),
        ("stop_sequence", "stop"),
    ],
)
async def test_case_18_non_standard_finish_reason(chat, raw, expected):
    """Case 18: odd finish_reason values are mapped, the raw value kept; never a crash."""
    out = await chat.run(sse(role(), content("Hi"), finish(raw), D))
    assert out.error is None, repr(out.error)
    assert out.text() == "Hi"
    assert out.finish is not None
    assert out.finish.reason == expected
    assert out.finish.raw_reason == raw
    assert out.result.finish == out.finish


async def test_case_18_finish_reason_error_fails(chat):
    """Case 18: finish_reason "error" marks the answer failed (StreamError), text kept."""
    out = await chat.run(sse(role(), content("Hi"), finish("error"), D))
    assert isinstance(out.error, E.StreamError), repr(out.error)
    assert out.text() == "Hi"
    assert out.result.text == "Hi"
    assert not any(f.reason == "stop" for f in out.finishes(None))
    assert len(out.requests) == 1


async def test_case_18_empty_finish_reason_is_null(chat):
    """Case 18: finish_reason "" counts as no finish: the answer is not complete."""
    out = await chat.run(sse(role(), content("Hi"), finish(""), D))
    assert out.text() == "Hi"
    assert isinstance(out.error, E.IncompleteAnswerError), repr(out.error)
    assert not any(f.reason == "stop" for f in out.finishes(None))


async def test_case_18_empty_then_real_finish(chat):
    """Case 18: a "" finish followed by a real "stop" is just a stop."""
    out = await chat.run(sse(role(), content("Hi"), finish(""), finish("stop"), D))
    assert_complete(out, "Hi")


async def test_case_19a_length(chat):
    """Case 19a: finish "length" keeps the text and reports length (offer Continue)."""
    out = await chat.run(sse(role(), content("Once upon"), finish("length"), D))
    assert out.error is None
    assert out.result.text == "Once upon"
    assert out.finish.reason == "length"
    assert out.finish.raw_reason == "length"


async def test_case_19b_content_filter(chat):
    """Case 19b: content_filter keeps "Sure, here", reports the filter, and is not retried."""
    out = await chat.run(
        sse(
            C('{"index":0,"delta":{"content":"Sure, here"},"finish_reason":null}'),
            C('{"index":0,"delta":{},"finish_reason":"content_filter"}'),
            D,
        )
    )
    assert out.result.text == "Sure, here"
    assert out.result.finish is not None
    assert out.result.finish.reason == "content_filter"
    assert len(out.requests) == 1
    assert out.of(ev.Retrying) == []


async def test_case_20_two_finish_chunks(chat):
    """Case 20: tool_calls finish, then a synthesized stop: still a tool-call turn."""
    out = await chat.run(
        sse(
            C(
                '{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"index":0,'
                '"id":"call_9f","type":"function","function":{"name":"get_weather",'
                '"arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}'
            ),
            C('{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}'),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    calls = out.tool_calls()
    assert len(calls) == 1
    assert (calls[0].id, calls[0].name) == ("call_9f", "get_weather")
    assert json.loads(calls[0].arguments) == {"city": "Paris"}
    assert len(out.finishes(0)) == 1
    assert out.finish.reason == "tool_calls"
    assert out.result.finish.reason == "tool_calls"
    assert out.result.tool_calls == calls


async def test_case_21_n2_stream(chat):
    """Case 21: n=2 with alternating indexes → two separate, non-interleaved candidates."""
    out = await chat.run(
        sse(
            role(0),
            role(1),
            content("Hel", 0),
            content("Wor", 1),
            content("lo", 0),
            content("ld", 1),
            finish("stop", 0),
            finish("length", 1),
            U(_u(5, 8)),
            D,
        ),
        n=2,
    )
    assert out.error is None, repr(out.error)
    assert out.requests[0].json()["n"] == 2
    assert out.text(0) == "Hello" and out.text(1) == "World"
    assert out.result.choices[0].text == "Hello"
    assert out.result.choices[1].text == "World"
    assert out.result.choices[0].finish.reason == "stop"
    assert out.result.choices[1].finish.reason == "length"
    assert out.result.usage.total_tokens == 13


async def test_case_21_n2_non_stream(chat):
    """Case 21: non-stream ``choices:[{index 0},{index 1}]`` → two candidates."""
    body = completion(
        choices=[
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello"},
                "finish_reason": "stop",
            },
            {
                "index": 1,
                "message": {"role": "assistant", "content": "World"},
                "finish_reason": "stop",
            },
        ],
        usage={"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
    )
    out = await chat.run(json_response(body), n=2, stream=False)
    assert out.error is None, repr(out.error)
    assert out.result.choices[0].text == "Hello"
    assert out.result.choices[1].text == "World"
    assert out.result.choices[0].finish.reason == "stop"
    assert out.result.choices[1].finish.reason == "stop"


async def test_case_22_choice_index_not_zero_with_n1(chat):
    """Case 22: n=1 but chunks carry ``index:1`` → merged into the single answer (choice 0)."""
    out = await chat.run(sse(role(1), content("Hel", 1), content("lo", 1), finish("stop", 1), D))
    assert_complete(out)
    assert set(out.result.choices) == {0}
    assert all(e.choice == 0 for e in out.of(ev.TextDelta))


async def test_case_22_mixed_indexes_with_n1(chat):
    """Case 22: with n=1 a stream that mixes index 0 and 1 still forms one answer."""
    out = await chat.run(sse(role(0), content("Hel", 0), content("lo", 1), finish("stop", 1), D))
    assert_complete(out)
    assert set(out.result.choices) == {0}
