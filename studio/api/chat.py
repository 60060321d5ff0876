"""Chat requests and their collected results.

:class:`ChatRequest` builds the ``/v1/chat/completions`` body; :func:`collect_chat` drains an
event stream into a :class:`ChatResult` (keeping partial text when the stream fails).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from studio.api import events as ev
from studio.api.errors import ApiError

Detail = Literal["low", "high", "auto"]


@dataclass(frozen=True)
class ChatRequest:
    """One chat completion request. Fields left as None are not sent."""

    model: str
    messages: Sequence[Mapping[str, Any]]
    stream: bool = True
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    stop: str | Sequence[str] | None = None
    n: int | None = None
    include_usage: bool = True
    response_format: Mapping[str, Any] | None = None
    tools: Sequence[Mapping[str, Any]] | None = None
    tool_choice: str | Mapping[str, Any] | None = None
    user: str | None = None
    extra_body: Mapping[str, Any] = field(default_factory=dict)
    parse_think_tags: bool = True

    def to_body(self) -> dict[str, Any]:
        """The JSON body; ``extra_body`` is merged last so relay-specific fields win."""
        body: dict[str, Any] = {"model": self.model, "messages": [dict(m) for m in self.messages]}
        if self.stream:
            body["stream"] = True
            if self.include_usage:
                body["stream_options"] = {"include_usage": True}
        optional: dict[str, Any] = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "presence_penalty": self.presence_penalty,
            "frequency_penalty": self.frequency_penalty,
            "seed": self.seed,
            "stop": list(self.stop) if isinstance(self.stop, list | tuple) else self.stop,
            "n": self.n,
            "response_format": dict(self.response_format) if self.response_format else None,
            "tools": [dict(t) for t in self.tools] if self.tools else None,
            "tool_choice": self.tool_choice if self.tools else None,
            "user": self.user,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        body.update(dict(self.extra_body))
        return body


def text_part(text: str) -> dict[str, Any]:
    """A text content part."""
    return {"type": "text", "text": text}


def image_part(url: str, detail: Detail | None = None) -> dict[str, Any]:
    """An ``image_url`` content part (an http(s) URL or a ``data:`` URL)."""
    image: dict[str, Any] = {"url": url}
    if detail:
        image["detail"] = detail
    return {"type": "image_url", "image_url": image}


def user_message(text: str, images: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A user message; plain string content when there are no images."""
    if not images:
        return {"role": "user", "content": text}
    parts = [text_part(text)] if text else []
    return {"role": "user", "content": parts + list(images)}


def json_schema_format(
    schema: Mapping[str, Any], name: str = "response", strict: bool = True
) -> dict[str, Any]:
    """A ``response_format`` asking for JSON valid against ``schema``."""
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": dict(schema), "strict": strict},
    }


@dataclass
class ChoiceResult:
    """Everything one candidate produced."""

    text: str = ""
    reasoning: str = ""
    refusal: str = ""
    images: list[str] = field(default_factory=list)
    tool_calls: list[ev.ToolCall] = field(default_factory=list)
    finish: ev.Finish | None = None


@dataclass
class ChatResult:
    """A drained chat stream. ``error`` is set (and partial text kept) when it failed."""

    choices: dict[int, ChoiceResult] = field(default_factory=dict)
    usage: ev.Usage | None = None
    error: ApiError | None = None
    retries: list[ev.Retrying] = field(default_factory=list)

    def choice(self, index: int = 0) -> ChoiceResult:
        """Candidate ``index`` (created empty when absent)."""
        return self.choices.setdefault(index, ChoiceResult())

    @property
    def text(self) -> str:
        """The answer text of candidate 0."""
        return self.choice(0).text

    @property
    def reasoning(self) -> str:
        """The reasoning of candidate 0."""
        return self.choice(0).reasoning

    @property
    def refusal(self) -> str:
        """The refusal of candidate 0."""
        return self.choice(0).refusal

    @property
    def tool_calls(self) -> list[ev.ToolCall]:
        """The assembled tool calls of candidate 0."""
        return self.choice(0).tool_calls

    @property
    def finish(self) -> ev.Finish | None:
        """The finish of candidate 0 (None when it never finished)."""
        return self.choice(0).finish

    def apply(self, event: ev.ChatEvent) -> None:
        """Fold one event into the result."""
        if isinstance(event, ev.TextDelta):
            self.choice(event.choice).text += event.text
        elif isinstance(event, ev.ReasoningDelta):
            self.choice(event.choice).reasoning += event.text
        elif isinstance(event, ev.RefusalDelta):
            self.choice(event.choice).refusal += event.text
        elif isinstance(event, ev.ImagesReceived):
            self.choice(event.choice).images.extend(event.urls)
        elif isinstance(event, ev.ToolCall):
            self.choice(event.choice).tool_calls.append(event)
        elif isinstance(event, ev.Finish):
            self.choice(event.choice).finish = event
        elif isinstance(event, ev.Usage):
            self.usage = event
        elif isinstance(event, ev.Retrying):
            self.retries.append(event)


async def collect_chat(events: AsyncIterable[ev.ChatEvent]) -> ChatResult:
    """Drain ``events``; an :class:`ApiError` is stored in ``result.error``, not raised."""
    result = ChatResult()
    try:
        async for event in events:
            result.apply(event)
    except ApiError as error:
        result.error = error
    return result
