"""Turn chat-completion chunks (or a whole completion) into typed events.

Handles the chunk-layer quirks of protocol.md: no blind ``choices[0]``; usage from the last
non-null object; lenient finish reasons; tool calls keyed by index (missing, sparse, repeated
or changing ids); reasoning from ``reasoning_content``, ``reasoning`` or ``<think>`` shown
once; refusals; legacy ``function_call``; n > 1 candidates kept apart. Images in an answer
(``delta.images``, ``message.images``, ``image_url`` content parts, data-URL images in the
text) become :class:`~studio.api.events.ImagesReceived`; data URLs leave the text. A data
URL split over several stream chunks is not recognised (relays send an image whole).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from studio.api import events as ev
from studio.api.chat_images import part_urls, split_content_images
from studio.api.imagedata import is_data_url
from studio.api.think import ThinkSplitter

FINISH_MAP: dict[str, ev.FinishReason] = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "content_filter": "content_filter",
    "function_call": "tool_calls",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "end_turn": "stop",
    "stop_sequence": "stop",
    "refusal": "content_filter",
}
_CALL_KEYS = frozenset({"index", "id", "type", "function"})


@dataclass
class _CallBuilder:
    id: str = ""
    name: str = ""
    arguments: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Choice:
    think: ThinkSplitter
    calls: dict[int, _CallBuilder] = field(default_factory=dict)
    last_call: int | None = None
    raw_finish: str | None = None
    has_output: bool = False
    reasoning_started: bool = False


class StreamError(Exception):
    """Raised by the assembler for an in-stream error; the client turns it into an ApiError."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def error_message(obj: dict[str, Any]) -> tuple[str, str | None]:
    """Message precedence of case 40: error.message → error (string) → message → raw."""
    err = obj.get("error")
    code: str | None = None
    if isinstance(err, dict):
        msg = err.get("message") or err.get("msg")
        raw_code = err.get("code") or err.get("type")
        code = str(raw_code) if raw_code not in (None, "") else None
        if isinstance(msg, str) and msg.strip():
            return msg.strip(), code
        top = obj.get("message")
        if isinstance(top, str) and top.strip():
            return top.strip(), code
        return json.dumps(err, ensure_ascii=False)[:300], code
    if isinstance(err, str) and err.strip():
        return err.strip(), None
    msg = obj.get("message")
    if isinstance(msg, str) and msg.strip():
        return msg.strip(), None
    return json.dumps(obj, ensure_ascii=False)[:300], None


class ChunkAssembler:
    """Stateful converter for one answer. ``n`` is the number of candidates requested."""

    def __init__(self, *, n: int = 1, parse_think_tags: bool = True) -> None:
        self._n = max(1, n)
        self._think = parse_think_tags
        self._choices: dict[int, _Choice] = {}
        self._usage: ev.Usage | None = None
        self.saw_output = False

    def _choice(self, index: Any) -> tuple[int, _Choice]:
        idx = index if isinstance(index, int) and self._n > 1 else 0
        state = self._choices.get(idx)
        if state is None:
            state = _Choice(think=ThinkSplitter(self._think))
            self._choices[idx] = state
        return idx, state

    # ---- streaming ---------------------------------------------------------------------

    def feed_chunk(self, chunk: Any) -> list[ev.ChatEvent]:
        """Events for one parsed ``chat.completion.chunk`` (raises StreamError on an error)."""
        if not isinstance(chunk, dict):
            return []
        if chunk.get("error") not in (None, "", {}, False) or chunk.get("type") == "error":
            message, code = error_message(chunk)
            raise StreamError(message, code)
        out: list[ev.ChatEvent] = []
        self._take_usage(chunk.get("usage"))
        choices = chunk.get("choices")
        if not isinstance(choices, list):
            choices = []
        for raw in choices:
            if not isinstance(raw, dict):
                continue
            idx, state = self._choice(raw.get("index"))
            self._delta(idx, state, _dict(raw.get("delta")) or _dict(raw.get("message")), out)
            self._take_usage(raw.get("usage"))
            self._take_finish(state, raw.get("finish_reason"))
        return out

    def _delta(
        self, idx: int, state: _Choice, delta: dict[str, Any], out: list[ev.ChatEvent]
    ) -> None:
        # Old new-api writes the same text to both fields: prefer reasoning_content.
        reasoning = delta.get("reasoning_content")
        if not (isinstance(reasoning, str) and reasoning):
            reasoning = delta.get("reasoning")
        if isinstance(reasoning, str) and reasoning:
            self._emit_reasoning(idx, state, reasoning, out)
        urls = [u for u in part_urls(delta.get("images")) if isinstance(u, str)]
        content = delta.get("content")
        if isinstance(content, list):
            urls += [u for u in part_urls(content) if isinstance(u, str)]
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        if isinstance(content, str) and ("data:image/" in content or "![" in content):
            content, found = split_content_images(content)
            urls += [u for u in found if is_data_url(u)]  # http(s) images stay in the text
        if urls:
            state.has_output = self.saw_output = True
            out.append(ev.ImagesReceived(tuple(urls), idx))
        if isinstance(content, str) and content:
            answer, thought = state.think.feed(content)
            if thought:
                self._emit_reasoning(idx, state, thought, out)
            if answer:
                self._emit_text(idx, state, answer, out)
        refusal = delta.get("refusal")
        if isinstance(refusal, str) and refusal:
            state.has_output = self.saw_output = True
            out.append(ev.RefusalDelta(refusal, idx))
        calls = delta.get("tool_calls")
        if isinstance(calls, list):
            for fragment in calls:
                if isinstance(fragment, dict):
                    self._tool_fragment(idx, state, fragment, out)
        legacy = delta.get("function_call")
        if isinstance(legacy, dict):
            self._tool_fragment(idx, state, {"index": -1, "function": legacy}, out)

    def _emit_text(self, idx: int, state: _Choice, text: str, out: list[ev.ChatEvent]) -> None:
        state.has_output = self.saw_output = True
        out.append(ev.TextDelta(text, idx))

    def _emit_reasoning(self, idx: int, state: _Choice, text: str, out: list[ev.ChatEvent]) -> None:
        if not state.reasoning_started:
            text = text.lstrip()
            if not text:
                return
            state.reasoning_started = True
        state.has_output = self.saw_output = True
        out.append(ev.ReasoningDelta(text, idx))

    def _tool_fragment(
        self, idx: int, state: _Choice, frag: dict[str, Any], out: list[ev.ChatEvent]
    ) -> None:
        raw_index = frag.get("index")
        call_id = frag.get("id") if isinstance(frag.get("id"), str) else ""
        key: int
        if isinstance(raw_index, int) and not isinstance(raw_index, bool):
            key = raw_index
        else:
            known = {b.id: k for k, b in state.calls.items() if b.id}
            if call_id and call_id in known:
                key = known[call_id]
            elif call_id or state.last_call is None or _starts_another(state, frag):
                key = max(state.calls, default=-1) + 1
                key = max(key, 0)
            else:
                key = state.last_call
        builder = state.calls.setdefault(key, _CallBuilder())
        state.last_call = key
        if call_id and not builder.id:
            builder.id = call_id
        function = _dict(frag.get("function"))
        name = function.get("name")
        if isinstance(name, str) and name and not builder.name:
            builder.name = name
        args = function.get("arguments")
        piece = ""
        if isinstance(args, str):
            piece = args
        elif isinstance(args, dict):
            piece = json.dumps(args, ensure_ascii=False)
            builder.arguments = ""
        builder.arguments += piece
        for extra_key, value in frag.items():
            if extra_key not in _CALL_KEYS:
                builder.extra[extra_key] = value
        state.has_output = self.saw_output = True
        out.append(
            ev.ToolCallDelta(
                key, call_id or None, name if isinstance(name, str) else None, piece, idx
            )
        )

    def _take_usage(self, usage: Any) -> None:
        if isinstance(usage, dict):
            self._usage = parse_usage(usage)

    @staticmethod
    def _take_finish(state: _Choice, reason: Any) -> None:
        if isinstance(reason, str) and reason.strip():
            if reason.strip().lower() == "error":
                raise StreamError("finish_reason: error")
            state.raw_finish = reason.strip()

    # ---- non-streaming -----------------------------------------------------------------

    def feed_completion(self, body: dict[str, Any]) -> list[ev.ChatEvent]:
        """Events for a whole ``chat.completion`` object (non-stream answer)."""
        if body.get("error") not in (None, "", {}, False):
            message, code = error_message(body)
            raise StreamError(message, code)
        out: list[ev.ChatEvent] = []
        self._take_usage(body.get("usage"))
        choices = body.get("choices")
        for raw in choices if isinstance(choices, list) else []:
            if not isinstance(raw, dict):
                continue
            idx, state = self._choice(raw.get("index"))
            fixed = dict(_dict(raw.get("message")) or _dict(raw.get("delta")))
            calls = fixed.get("tool_calls")
            if isinstance(calls, list):
                fixed["tool_calls"] = [
                    dict(c, index=i) if isinstance(c, dict) else c for i, c in enumerate(calls)
                ]
            self._delta(idx, state, fixed, out)
            self._take_finish(state, raw.get("finish_reason"))
        return out

    # ---- end ---------------------------------------------------------------------------

    def finish(self) -> tuple[list[ev.ChatEvent], bool]:
        """Closing events, and whether every candidate received a finish reason."""
        out: list[ev.ChatEvent] = []
        complete = bool(self._choices)
        finishes: list[ev.Finish] = []
        for idx in sorted(self._choices):
            state = self._choices[idx]
            answer, thought = state.think.flush()
            if thought:
                self._emit_reasoning(idx, state, thought, out)
            if answer:
                self._emit_text(idx, state, answer, out)
            calls = self._assembled_calls(idx, state)
            out.extend(calls)
            if state.raw_finish is None:
                if state.has_output or idx == 0:
                    complete = False
                continue
            raw = state.raw_finish
            reason: ev.FinishReason = FINISH_MAP.get(raw.lower(), "stop")
            if calls and reason != "length":
                reason = "tool_calls"
            finishes.append(ev.Finish(reason, raw, idx))
        if self._usage is not None:
            out.append(self._usage)
        out.extend(finishes)
        return out, complete

    def has_reason(self, reason: ev.FinishReason) -> bool:
        """True when some candidate ended with ``reason`` (normalised)."""
        return any(
            s.raw_finish is not None and FINISH_MAP.get(s.raw_finish.lower(), "stop") == reason
            for s in self._choices.values()
        )

    @staticmethod
    def _assembled_calls(idx: int, state: _Choice) -> list[ev.ToolCall]:
        calls: list[ev.ToolCall] = []
        for position, key in enumerate(sorted(state.calls)):
            b = state.calls[key]
            args = b.arguments if b.arguments.strip() else "{}"
            try:
                valid = isinstance(json.loads(args), dict)
            except ValueError:
                valid = False
            calls.append(
                ev.ToolCall(
                    id=b.id or f"call_local_{position}",
                    name=b.name,
                    arguments=args,
                    arguments_valid=valid,
                    extra=dict(b.extra),
                    choice=idx,
                )
            )
        return calls


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_usage(raw: dict[str, Any]) -> ev.Usage:
    """Usage numbers from any of the shapes in protocol.md §4 (null details allowed)."""

    def num(value: Any) -> int:
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0

    prompt_details = raw.get("prompt_tokens_details")
    completion_details = raw.get("completion_tokens_details")
    cached = num(prompt_details.get("cached_tokens")) if isinstance(prompt_details, dict) else 0
    cached = cached or num(raw.get("prompt_cache_hit_tokens"))
    reasoning = (
        num(completion_details.get("reasoning_tokens"))
        if isinstance(completion_details, dict)
        else 0
    )
    prompt = num(raw.get("prompt_tokens")) or num(raw.get("input_tokens"))
    completion = num(raw.get("completion_tokens")) or num(raw.get("output_tokens"))
    total = num(raw.get("total_tokens")) or prompt + completion
    return ev.Usage(prompt, completion, total, cached, reasoning)


def _starts_another(state: _Choice, frag: dict[str, Any]) -> bool:
    """An index-less, id-less fragment that names a function while the last call is already
    complete (named, with whole JSON arguments) is a new call: Gemini's compatibility API
    sends each call whole in its own chunk with ``"id": ""`` and no ``index``."""
    name = _dict(frag.get("function")).get("name")
    last = state.calls.get(state.last_call) if state.last_call is not None else None
    if not isinstance(name, str) or not name or last is None or not last.name:
        return False
    try:
        json.loads(last.arguments)
    except ValueError:
        return False  # still being streamed: the name is only repeated
    return True
