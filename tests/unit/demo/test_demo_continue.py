"""Continuing a cut answer on the demo relay: the rest of the SAME text, never a new answer and
never an echo of the instruction (loopback HTTP, the real relay)."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core.chat.request_messages import CONTINUE_PROMPT
from studio.demo.catalog import CUTOFF_MODEL, CUTOFF_TOKENS, LONG_MODEL
from studio.demo.continuation import NOTE_EN, NOTE_ZH, asks_to_continue
from studio.demo.long_answer import long_answer
from studio.demo.texts import markdown_answer
from studio.demo.tokens import count_tokens, split_tokens

INSTRUCTION_START = "Continue exactly"


def _asked(prompt: str, partial: str, *, prefill: bool = False) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": prompt},
        {"role": "assistant", "content": partial},
    ]
    if not prefill:
        messages.append({"role": "user", "content": CONTINUE_PROMPT})
    return messages


@pytest.mark.parametrize(
    ("model", "prompt", "full"),
    [
        ("demo-chat", "Tell me everything", markdown_answer("Tell me everything")),
        ("demo-chat", "请介绍一下长城的历史", markdown_answer("请介绍一下长城的历史")),
        (LONG_MODEL, "Explain moving averages", long_answer("Explain moving averages")),
        ("demo-reasoner", "Plan a trip", markdown_answer("Plan a trip")),
        ("demo-think", "Plan a trip", markdown_answer("Plan a trip")),
    ],
)
def test_continue_streams_the_rest_of_the_same_answer(
    stream_chat: Any, model: str, prompt: str, full: str
) -> None:
    tokens = split_tokens(full)
    # Cut mid-paragraph, inside a table or code block, and one token before the end.
    for cut in (7, len(tokens) // 3, len(tokens) // 2 + 5, len(tokens) - 1):
        partial = "".join(tokens[:cut])
        result = stream_chat({"model": model, "messages": _asked(prompt, partial)})
        rest = result.text()
        assert partial + rest == full, f"seam at token {cut}: {rest[:60]!r}"
        assert INSTRUCTION_START not in rest and result.finishes() == {0: "stop"}
        # No second round of thinking is glued onto the answer's reasoning.
        assert result.text(key="reasoning_content") == ""


def test_an_assistant_prefill_is_continued_the_same_way(stream_chat: Any) -> None:
    full = markdown_answer("Prefill please")
    partial = full[:200]
    result = stream_chat(
        {"model": "demo-chat", "messages": _asked("Prefill please", partial, prefill=True)}
    )
    assert partial + result.text() == full


def test_continue_after_each_max_tokens_cut_rebuilds_the_whole_answer(stream_chat: Any) -> None:
    prompt = "A long one"
    full = markdown_answer(prompt)
    messages: list[dict[str, Any]] = [{"role": "user", "content": prompt}]
    text = ""
    for _round in range(10):
        asked = messages if not text else [*messages, {"role": "assistant", "content": text}]
        if text:
            asked.append({"role": "user", "content": CONTINUE_PROMPT})
        result = stream_chat({"model": CUTOFF_MODEL, "messages": asked})
        piece = result.text()
        assert count_tokens(piece) <= CUTOFF_TOKENS
        text += piece
        if result.finishes() == {0: "stop"}:
            break
        assert result.finishes() == {0: "length"}
    assert text == full


def test_text_the_demo_did_not_write_gets_a_note_not_a_new_answer(stream_chat: Any) -> None:
    english = stream_chat({"model": "demo-chat", "messages": _asked("Write a poem", "Roses are")})
    assert english.text() == f"\n\n{NOTE_EN}"
    chinese = stream_chat({"model": "demo-chat", "messages": _asked("写一首诗", "玫瑰是")})
    assert chinese.text() == f"\n\n{NOTE_ZH}"
    for result in (english, chinese):
        assert INSTRUCTION_START not in result.text() and "You asked" not in result.text()


def test_only_a_request_to_go_on_is_a_continuation(stream_chat: Any) -> None:
    assert asks_to_continue(CONTINUE_PROMPT)
    assert asks_to_continue("continue from where you stopped")
    assert asks_to_continue("请从中断处继续")
    assert not asks_to_continue("Continue the story about dragons")
    # An ordinary follow-up after a cut answer gets its own answer.
    full = markdown_answer("first")
    messages = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": full[:100]},
        {"role": "user", "content": "And now something else"},
    ]
    result = stream_chat({"model": "demo-chat", "messages": messages})
    assert result.text() == markdown_answer("And now something else")
