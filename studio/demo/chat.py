"""What the demo chat model answers: turns a ``/chat/completions`` body into a :class:`ChatPlan`.

The plan is pure data (reasoning, content, tool calls, finish reason per choice); the endpoint
then streams it or returns it whole. The kind of answer depends on the request, in this order:
a tool call to make (weather/time prompt with tools offered), structured JSON
(``response_format``), tool results to word, images to describe, and otherwise the rich
markdown sample (a long one for ``demo-long-try-stop``). Model names decide whether reasoning
is shown and how, and ``demo-cutoff-try-continue`` stops at a max-tokens cut of its own.

A request that continues a cut answer (:mod:`studio.demo.continuation`) is answered with the
rest of the same answer: no thinking, no tool calls, still subject to the token limits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from studio.demo.catalog import CUTOFF_MODEL, CUTOFF_TOKENS, LONG_MODEL
from studio.demo.content import text_of
from studio.demo.continuation import find_continuation
from studio.demo.errors import RequestError
from studio.demo.long_answer import long_answer
from studio.demo.schema_fill import fill_schema, object_from_prompt
from studio.demo.texts import extend_to_tokens, markdown_answer, reasoning_text
from studio.demo.tokens import count_tokens, has_cjk, truncate_tokens
from studio.demo.tools import ToolCall, answer_from_tool_results, plan_tool_calls
from studio.demo.vision import describe_images, image_parts, load_part, vision_tokens

ReasoningStyle = Literal["none", "field", "think"]
MAX_CHOICES = 16
MODEL_CUTS = {CUTOFF_MODEL: CUTOFF_TOKENS}
"""Models that stop at a token limit of their own (``finish_reason: "length"``)."""


@dataclass(frozen=True)
class ChoicePlan:
    """One candidate answer: visible reasoning, text (``None`` with only tool calls), calls."""

    reasoning: str
    content: str | None
    tool_calls: tuple[ToolCall, ...]
    finish_reason: str


@dataclass(frozen=True)
class ChatPlan:
    """Everything the endpoint needs to answer a chat request."""

    model: str
    choices: tuple[ChoicePlan, ...]
    prompt_tokens: int
    reasoning_style: ReasoningStyle


def reasoning_style(model: str) -> ReasoningStyle:
    """``think`` (tags in content), ``field`` (``reasoning_content``) or ``none`` for ``model``."""
    name = model.lower()
    if "think" in name:
        return "think"
    if any(word in name for word in ("reason", "r1", "o1")):
        return "field"
    return "none"


def _int_field(body: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RequestError(f"'{name}' must be an integer from {low} to {high}.", param=name)
    return value


def _messages(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError("'messages' must be a non-empty array.", param="messages")
    for i, message in enumerate(messages):
        if not isinstance(message, Mapping) or not isinstance(message.get("role"), str):
            raise RequestError(f"messages[{i}] must be an object with a 'role'.", param="messages")
    return messages


def _tool_results(messages: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """``(tool name, content)`` for the tool messages at the end of the conversation."""
    names: dict[str, str] = {}
    for message in messages:
        for call in message.get("tool_calls") or []:
            if isinstance(call, Mapping) and isinstance(call.get("function"), Mapping):
                names[str(call.get("id", ""))] = str(call["function"].get("name", ""))
    results: list[tuple[str, str]] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        name = names.get(str(message.get("tool_call_id", "")), str(message.get("name", "")))
        results.append((name, text_of(message.get("content"))))
    return list(reversed(results))


def _prior_tool_calls(messages: Sequence[Mapping[str, Any]]) -> int:
    return sum(len(m.get("tool_calls") or []) for m in messages if m.get("role") == "assistant")


def _json_content(response_format: Any, prompt: str, context: str) -> str | None:
    if not isinstance(response_format, Mapping):
        return None
    kind = response_format.get("type")
    if kind == "json_schema":
        spec = response_format.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, Mapping) else None
        if isinstance(schema, Mapping):
            value = fill_schema(schema, hint=prompt)
            return json.dumps(value, ensure_ascii=False, indent=2)
        return json.dumps(object_from_prompt(context), ensure_ascii=False, indent=2)
    if kind == "json_object":
        return json.dumps(object_from_prompt(context), ensure_ascii=False, indent=2)
    return None


def _prompt_tokens(messages: Sequence[Mapping[str, Any]]) -> int:
    total = 3
    for message in messages:
        total += 4 + count_tokens(text_of(message.get("content")))
        total += sum(
            vision_tokens(512, 512, part.detail) for part in image_parts(message.get("content"))
        )
    return total


def _draft(text: str, candidate: int, candidates: int, zh: bool) -> str:
    if candidates <= 1:
        return text
    label = (
        f"_第 {candidate + 1} 稿，共 {candidates} 稿。_"
        if zh
        else f"_Draft {candidate + 1} of {candidates}._"
    )
    return f"{label}\n\n{text}"


def _limit(model: str, max_tokens: int | None) -> int | None:
    """The answer's token limit: ``max_tokens`` and the cut of ``demo-cutoff-try-continue``."""
    limits = [limit for limit in (max_tokens, MODEL_CUTS.get(model)) if limit is not None]
    return min(limits) if limits else None


async def plan_chat(body: Mapping[str, Any]) -> ChatPlan:
    """Decide the answer to a chat completion request; raises :class:`RequestError`."""
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        raise RequestError("You must provide a model parameter.", param="model")
    messages = _messages(body)
    n = _int_field(body, "n", 1, MAX_CHOICES) or 1
    demo_tokens = _int_field(body, "demo_tokens", 0, 10_000_000)
    max_tokens = _int_field(body, "max_completion_tokens", 1, 10_000_000)
    if max_tokens is None:
        max_tokens = _int_field(body, "max_tokens", 1, 10_000_000)
    limit = _limit(model, max_tokens)
    style = reasoning_style(model)
    # Going on with a cut answer: answer what came before it again, and send only the rest.
    continuation = find_continuation(messages)
    history = continuation.context if continuation is not None else messages

    user_messages = [m for m in history if m.get("role") == "user"]
    last_user = user_messages[-1] if user_messages else history[-1] if history else {}
    prompt = text_of(last_user.get("content"))
    zh = has_cjk(prompt)
    context = "\n".join(
        text_of(m.get("content")) for m in history if m.get("role") in ("system", "developer")
    )
    context = f"{context}\n{prompt}"

    tool_results = _tool_results(history)
    calls: list[ToolCall] = []
    if not tool_results and history and history[-1].get("role") == "user":
        tools = body.get("tools")
        calls = plan_tool_calls(
            tools if isinstance(tools, list) else [],
            body.get("tool_choice"),
            prompt,
            _prior_tool_calls(history) + 1,
        )
    json_content = _json_content(body.get("response_format"), prompt, context)
    parts = image_parts(last_user.get("content"))

    kind: str
    if calls:
        kind, base = "tool_call", ""
        names = ", ".join(f"`{c.name}`" for c in calls)
        plan_en = f"I can answer this with {names}; I will call it with arguments from the prompt."
        plan_zh = f"我可以用 {names} 来回答，先根据问题构造参数并调用它。"
    elif json_content is not None:
        kind, base = "json", json_content
        plan_en = "I must reply with one JSON object and nothing else."
        plan_zh = "我必须只回复一个 JSON 对象。"
    elif tool_results:
        kind, base = "tool_result", answer_from_tool_results(tool_results, prompt)
        plan_en = "The tool has answered; I will word its result."
        plan_zh = "工具已经返回结果，我来整理成回答。"
    elif parts:
        loaded = [await load_part(part) for part in parts]
        kind, base = "vision", describe_images(loaded, prompt, zh)
        plan_en = f"I have {len(parts)} image(s) to look at; I will measure each one."
        plan_zh = f"需要查看 {len(parts)} 张图片，我会逐一测量。"
    else:
        kind, base = "markdown", ""
        plan_en = "A short overview, a list, a table and code in Python and JavaScript will help."
        plan_zh = "先写概览，再给出列表、表格以及 Python 和 JavaScript 代码。"

    choices: list[ChoicePlan] = []
    for candidate in range(n):
        reasoning = reasoning_text(prompt, plan_en, plan_zh) if style != "none" else ""
        content: str | None
        if kind == "tool_call":
            content = None
        elif kind == "markdown":
            if model == LONG_MODEL:
                content = long_answer(prompt, candidate=candidate, candidates=n)
            else:
                content = markdown_answer(prompt, candidate=candidate, candidates=n)
            if demo_tokens:
                content = extend_to_tokens(content, demo_tokens, (prompt, candidate))
        elif kind == "json":
            content = base
        else:
            content = _draft(base, candidate, n, zh)
        choice_calls = tuple(calls)
        if continuation is not None:
            # No second thinking and no new calls: only the rest of the same text.
            content, reasoning, choice_calls = continuation.rest_of(content), "", ()
        finish = "tool_calls" if choice_calls else "stop"
        if content is not None and limit is not None and count_tokens(content) > limit:
            content = truncate_tokens(content, limit)
            finish = "length"
        if style == "think" and reasoning:
            content = f"<think>\n{reasoning}\n</think>\n\n{content or ''}"
            reasoning = ""
        choices.append(ChoicePlan(reasoning, content, choice_calls, finish))
    return ChatPlan(model, tuple(choices), _prompt_tokens(messages), style)
