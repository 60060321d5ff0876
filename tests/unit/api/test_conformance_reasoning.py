"""protocol.md conformance cases 23–26: reasoning and refusals."""

from __future__ import annotations

import pytest

from studio.api import events as ev
from tests.fakes.raw_server import C, D, content, delta, finish, sse


@pytest.mark.parametrize("key", ["reasoning_content", "reasoning"])
async def test_case_23_reasoning_stream(chat, key):
    """Case 23: reasoning deltas go to the thinking pane, "Answer" to the answer."""
    out = await chat.run(
        sse(
            C(
                f'{{"index":0,"delta":{{"role":"assistant","content":null,"{key}":""}},'
                '"finish_reason":null}'
            ),
            delta({key: "Let me ", "content": None}),
            delta({key: "think ", "content": None}),
            delta({key: "it over.", "content": None}),
            delta({"content": "Answer", key: None}),
            finish("stop"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    assert out.reasoning() == "Let me think it over."
    assert out.result.reasoning == "Let me think it over."
    assert out.text() == "Answer"
    assert out.result.text == "Answer"
    assert "Let me" not in out.result.text
    assert out.result.finish.reason == "stop"
    # the reasoning arrives as it streams, before the answer
    kinds = [
        type(e) for e in out.events if isinstance(e, ev.ReasoningDelta | ev.TextDelta) and e.text
    ]
    assert kinds.index(ev.TextDelta) > kinds.index(ev.ReasoningDelta)


@pytest.mark.parametrize(
    "chunks",
    [
        [{"reasoning_content": "abc", "reasoning": "abc"}],
        [
            {"reasoning_content": "a", "reasoning": "a"},
            {"reasoning_content": "bc", "reasoning": "bc"},
        ],
    ],
    ids=["one-chunk", "two-chunks"],
)
async def test_case_24_duplicate_reasoning_fields(chat, chunks):
    """Case 24: reasoning_content and reasoning with the same text → "abc" shown once."""
    out = await chat.run(
        sse(*(delta(c) for c in chunks), delta({"content": "Done"}), finish("stop"), D)
    )
    assert out.error is None, repr(out.error)
    assert out.result.reasoning == "abc"
    assert out.reasoning() == "abc"
    assert out.result.text == "Done"


THINK_PARTS = ["<thi", "nk>\n", "plan…", "\n</think>\n", "Final"]


async def test_case_25_think_tags_split_across_chunks(chat):
    """Case 25: ``<think>`` split over chunks → thinking "plan…", answer "Final"."""
    out = await chat.run(sse(*(content(p) for p in THINK_PARTS), finish("stop"), D))
    assert out.error is None, repr(out.error)
    assert out.result.reasoning.strip() == "plan…"
    assert out.result.text.strip() == "Final"
    assert out.text() == out.result.text
    streamed = out.text()
    assert "<" not in streamed and "think>" not in streamed, streamed
    assert "<" not in out.reasoning() and "think" not in out.reasoning()
    assert out.result.finish.reason == "stop"


async def test_case_25_think_tags_off(chat):
    """Case 25: with tag parsing off the content is passed through untouched."""
    out = await chat.run(
        sse(*(content(p) for p in THINK_PARTS), finish("stop"), D), parse_think_tags=False
    )
    assert out.error is None
    assert out.result.text == "".join(THINK_PARTS)
    assert out.result.reasoning == ""


async def test_case_25_angle_bracket_text_is_not_swallowed(chat):
    """Case 25: text that merely starts like a tag ("<th" then "e end>") stays in the answer."""
    out = await chat.run(sse(content("a <th"), content("e end>"), finish("stop"), D))
    assert out.error is None
    assert out.result.text == "a <the end>"
    assert out.result.reasoning == ""


async def test_case_25_newline_only_reasoning_opens_no_pane(chat):
    """Case 25: a reasoning delta that is only "\\n" (Claude signature) shows no thinking."""
    out = await chat.run(
        sse(
            delta({"role": "assistant", "content": ""}),
            delta({"reasoning_content": "\n"}),
            content("Hello"),
            delta({"reasoning_content": "\n"}),
            finish("stop"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    assert out.result.text == "Hello"
    assert out.result.reasoning.strip() == ""
    assert out.of(ev.ReasoningDelta) == [], "an empty thinking pane would open"


async def test_case_25_signature_newline_after_real_reasoning(chat):
    """Case 25: after real reasoning, the "\\n" signature delta does not add a new pane."""
    out = await chat.run(
        sse(
            delta({"reasoning_content": "Think"}),
            delta({"reasoning_content": "\n"}),
            content("Hello"),
            finish("stop"),
            D,
        )
    )
    assert out.error is None
    assert out.result.reasoning.strip() == "Think"
    first = next(e for e in out.of(ev.ReasoningDelta))
    assert first.text.strip(), "the first reasoning delta must not be whitespace only"
    assert out.result.text == "Hello"


async def test_case_26_refusal(chat):
    """Case 26: refusal deltas are a refusal (distinct from text), the answer finishes."""
    out = await chat.run(
        sse(
            C('{"index":0,"delta":{"role":"assistant","refusal":""},"finish_reason":null}'),
            C('{"index":0,"delta":{"refusal":"I can\'t help with that."},"finish_reason":null}'),
            finish("stop"),
            D,
        )
    )
    assert out.error is None, repr(out.error)
    assert out.refusal() == "I can't help with that."
    assert out.result.refusal == "I can't help with that."
    assert out.result.text == ""
    assert out.of(ev.TextDelta) == [] or out.text() == ""
    assert out.result.finish.reason == "stop"
