"""Typed events yielded by a chat stream.

A chat call yields a sequence of these small frozen dataclasses. A consumer renders
``TextDelta``/``ReasoningDelta``/``RefusalDelta`` as they arrive, may show
``ToolCallDelta`` fragments, and receives the assembled ``ToolCall`` objects, the final
``Usage`` and exactly one ``Finish`` (or an exception) at the end. Images the model puts in
its answer arrive as ``ImagesReceived`` (to be saved and shown, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "failed", "incomplete"]


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of answer text for candidate ``choice``."""

    text: str
    choice: int = 0


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    """A piece of the model's reasoning ("thinking"); never part of the answer."""

    text: str
    choice: int = 0


@dataclass(frozen=True, slots=True)
class RefusalDelta:
    """A piece of a refusal message."""

    text: str
    choice: int = 0


@dataclass(frozen=True, slots=True)
class ImagesReceived:
    """Images in the answer of candidate ``choice``, in order: ``delta.images`` /
    ``message.images`` entries and data-URL images taken out of the content.

    Each URL is a ``data:image/…;base64,…`` URL or an http(s) URL (which may expire soon):
    ``ApiClient.images.load_image(url)`` decodes or downloads it.
    """

    urls: tuple[str, ...]
    choice: int = 0


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    """A raw tool-call fragment, as it arrived (for live display only)."""

    index: int
    call_id: str | None
    name: str | None
    arguments: str
    choice: int = 0


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A fully assembled tool call.

    ``arguments`` is the concatenated JSON string (``"{}"`` when the model sent nothing);
    ``arguments_valid`` says whether it parses as a JSON object. ``extra`` keeps unknown keys
    (such as ``extra_content``) that must be echoed back on the next turn.
    """

    id: str
    name: str
    arguments: str
    arguments_valid: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    choice: int = 0

    def to_message_dict(self) -> dict[str, Any]:
        """The call as it goes back in an assistant message's ``tool_calls``."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }
        out.update(self.extra)
        return out


@dataclass(frozen=True, slots=True)
class Usage:
    """Token usage as the relay reported it (estimates on many relays)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0

    def to_dict(self) -> dict[str, int]:
        """A plain dict for storage and export."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "cached_tokens": self.cached_tokens,
            "reasoning_tokens": self.reasoning_tokens,
        }


@dataclass(frozen=True, slots=True)
class Finish:
    """The end of one candidate.

    ``reason`` is normalised: stop, length, tool_calls, content_filter, failed, incomplete.
    ``raw_reason`` is what the server sent (``None`` when it sent none).
    """

    reason: FinishReason
    raw_reason: str | None = None
    choice: int = 0


@dataclass(frozen=True, slots=True)
class Retrying:
    """The request failed before any output and will be tried again after ``delay`` s."""

    attempt: int
    delay: float
    reason: str


@dataclass(frozen=True, slots=True)
class KeepAlive:
    """The server is alive but has sent nothing yet (a ping or comment)."""


ChatEvent = (
    TextDelta
    | ReasoningDelta
    | RefusalDelta
    | ImagesReceived
    | ToolCallDelta
    | ToolCall
    | Usage
    | Finish
    | Retrying
    | KeepAlive
)
