"""Turn a :class:`~studio.demo.chat.ChatPlan` into OpenAI wire format: SSE chunks or one body.

Streams follow the canonical chunk order (protocol.md §1.1): a role chunk, reasoning and content
deltas one token per chunk, tool calls as a header fragment plus several argument fragments, a
finish chunk per choice, an optional usage chunk (``choices: []``) and ``data: [DONE]``. With
``n > 1`` the choices are interleaved. A :class:`Pacer` spaces the tokens at the relay's pace.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from typing import Any

from studio.demo.chat import ChatPlan, ChoicePlan
from studio.demo.errors import DemoConnectionCut
from studio.demo.pace import Pace
from studio.demo.tokens import count_tokens, split_tokens

FINGERPRINT = "fp_studio_demo"
_BATCH_BYTES = 16 * 1024
_ARGUMENT_PIECE = 6
_PAUSE_AFTER = (".", "!", "?", ":", "\n", "。", "！", "？", "：")


class Pacer:
    """Spaces tokens by a :class:`~studio.demo.pace.Pace` from the first one (no drift).

    The jitter comes from a generator seeded by the request, so one request is always paced
    the same way. An unpaced pace never waits.
    """

    def __init__(self, pace: Pace, seed: int = 0) -> None:
        self._pace = pace
        self._random = random.Random(seed)
        self._start: float | None = None
        self._due = self._pace.think

    @property
    def unpaced(self) -> bool:
        """Whether tokens go out as fast as possible."""
        return self._pace.unpaced

    def _interval(self, text: str) -> float:
        pace = self._pace
        spread = pace.jitter * (2.0 * self._random.random() - 1.0)
        interval = max(0.0, (1.0 + spread) / pace.rate)
        if pace.pause and text.rstrip(" ").endswith(_PAUSE_AFTER):
            interval += pace.pause * self._random.random()
        return interval

    async def wait(self, tokens: int, text: str = "") -> None:
        """Wait until the next ``tokens`` tokens (ending with ``text``) are due."""
        if self.unpaced or tokens <= 0:
            return
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        delay = self._start + self._due - loop.time()
        for _ in range(tokens - 1):
            self._due += self._interval("")
        self._due += self._interval(text)
        if delay > 0.0005:
            await asyncio.sleep(delay)


def _choice(index: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish}


def choice_events(plan: ChoicePlan, index: int) -> list[tuple[dict[str, Any], int]]:
    """The ``(choice object, token cost)`` sequence for one candidate."""
    events: list[tuple[dict[str, Any], int]] = [
        (_choice(index, {"role": "assistant", "content": ""}), 0)
    ]
    for token in split_tokens(plan.reasoning):
        events.append((_choice(index, {"reasoning_content": token}), 1))
    for token in split_tokens(plan.content or ""):
        events.append((_choice(index, {"content": token}), 1))
    for position, call in enumerate(plan.tool_calls):
        header = {
            "index": position,
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": ""},
        }
        events.append((_choice(index, {"tool_calls": [header]}), 1))
        args = call.arguments
        for start in range(0, len(args), _ARGUMENT_PIECE):
            piece = {
                "index": position,
                "function": {"arguments": args[start : start + _ARGUMENT_PIECE]},
            }
            events.append((_choice(index, {"tool_calls": [piece]}), 1))
    events.append((_choice(index, {}, plan.finish_reason), 0))
    return events


def interleave(
    sequences: list[list[tuple[dict[str, Any], int]]],
) -> list[tuple[dict[str, Any], int]]:
    """Round-robin merge, so ``n`` candidates stream side by side."""
    merged: list[tuple[dict[str, Any], int]] = []
    longest = max((len(s) for s in sequences), default=0)
    for step in range(longest):
        merged.extend(s[step] for s in sequences if step < len(s))
    return merged


def usage(plan: ChatPlan) -> dict[str, Any]:
    """The ``usage`` object in demo tokens (reasoning counted separately too)."""
    reasoning = sum(count_tokens(c.reasoning) for c in plan.choices)
    completion = reasoning
    for choice in plan.choices:
        completion += count_tokens(choice.content or "")
        completion += sum(
            1 + -(-len(call.arguments) // _ARGUMENT_PIECE) for call in choice.tool_calls
        )
    return {
        "prompt_tokens": plan.prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": plan.prompt_tokens + completion,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": reasoning},
    }


def _delta_text(choice: dict[str, Any]) -> str:
    delta = choice.get("delta") or {}
    return str(delta.get("content") or delta.get("reasoning_content") or "")


def _sse(payload: dict[str, Any]) -> bytes:
    return (
        b"data: "
        + json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        + b"\n\n"
    )


async def stream_chat(
    plan: ChatPlan,
    *,
    completion_id: str,
    created: int,
    pace: Pace,
    include_usage: bool,
    cut_after: int | None = None,
    seed: int = 0,
) -> AsyncIterator[bytes]:
    """The SSE body for ``plan`` written at ``pace`` (its jitter seeded by ``seed``); with
    ``cut_after`` the connection drops after that many tokens."""
    envelope = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": plan.model,
        "system_fingerprint": FINGERPRINT,
    }
    pacer = Pacer(pace, seed)
    events = interleave([choice_events(c, i) for i, c in enumerate(plan.choices)])
    pending: list[bytes] = []
    pending_size = 0
    sent_tokens = 0
    for choice, cost in events:
        if cut_after is not None and sent_tokens >= cut_after:
            if pending:
                yield b"".join(pending)
            raise DemoConnectionCut("demo-fault-cut drops the connection on purpose")
        await pacer.wait(cost, _delta_text(choice))
        sent_tokens += cost
        data = _sse({**envelope, "choices": [choice]})
        if not pacer.unpaced:
            yield data
            continue
        pending.append(data)
        pending_size += len(data)
        if pending_size >= _BATCH_BYTES:
            yield b"".join(pending)
            pending, pending_size = [], 0
            await asyncio.sleep(0)
    if include_usage:
        pending.append(_sse({**envelope, "choices": [], "usage": usage(plan)}))
    pending.append(b"data: [DONE]\n\n")
    yield b"".join(pending)


def completion_body(plan: ChatPlan, *, completion_id: str, created: int) -> dict[str, Any]:
    """The non-streaming ``chat.completion`` object for ``plan``."""
    choices = []
    for index, choice in enumerate(plan.choices):
        message: dict[str, Any] = {"role": "assistant", "content": choice.content, "refusal": None}
        if choice.reasoning:
            message["reasoning_content"] = choice.reasoning
        if choice.tool_calls:
            message["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                }
                for call in choice.tool_calls
            ]
        choices.append(
            {
                "index": index,
                "message": message,
                "logprobs": None,
                "finish_reason": choice.finish_reason,
            }
        )
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": plan.model,
        "system_fingerprint": FINGERPRINT,
        "choices": choices,
        "usage": usage(plan),
    }
