"""What a chat turn reports while it runs: small frozen records, in the order they happen.

The window's session turns them into Qt signals; the command line prints them. Problems are
carried as the error object itself (an :class:`~studio.api.errors.ApiError` or a
:class:`~studio.media.limits.RequestTooLarge`, each able to say itself in a language) plus the
sentence already stored with the answer; nothing here is translated by Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.api import events as ev
from studio.core.chat.answer import AnswerBuffer
from studio.store.messages import Status


@dataclass(frozen=True)
class MessageAdded:
    """A message was saved and put in the tree (user, answer placeholder or tool result)."""

    message_id: int


@dataclass(frozen=True)
class AnswerStarted:
    """An answer (new or continued) began; ``buffer`` collects its text."""

    message_id: int
    buffer: AnswerBuffer = field(compare=False)


@dataclass(frozen=True)
class AnswerDelta:
    """Text or reasoning arrived for candidate 0 (one per stream event; the window batches)."""

    message_id: int
    text: str = ""
    reasoning: str = ""


@dataclass(frozen=True)
class ToolCallReceived:
    """The model asked for a tool call (candidate 0)."""

    message_id: int
    call: ev.ToolCall


@dataclass(frozen=True)
class Retrying:
    """The request failed before any output and is tried again after ``delay`` seconds."""

    attempt: int
    delay: float


@dataclass(frozen=True)
class ImagesLeftOut:
    """``count`` earlier images stayed out of the request to keep it under ``limit`` bytes."""

    count: int
    limit: int


@dataclass(frozen=True)
class AnswerFinished:
    """An answer ended and is saved with ``status``.

    ``message`` is the one-line sentence stored with a failed or interrupted answer;
    ``details`` the copyable text; ``error`` the problem itself (None when complete);
    ``usage`` whether the answer reported token usage; ``failed`` whether the request failed
    (a failed continuation leaves the answer ``interrupted``: it is still cut);
    ``finish_reason`` the relay's word for why it stopped (``length``: the token limit).
    """

    message_id: int
    status: Status
    message: str | None = None
    details: str = ""
    error: BaseException | None = field(default=None, compare=False)
    usage: bool = False
    failed: bool = False
    finish_reason: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SchemaRejected:
    """The relay refused ``json_schema`` for this failed answer (a json_object retry helps)."""

    message_id: int


@dataclass(frozen=True)
class JsonChecked:
    """A structured answer was checked: ``ok`` and pretty JSON, or the problem."""

    message_id: int
    ok: bool
    detail: str


@dataclass(frozen=True)
class TitleSet:
    """The conversation got its automatic title."""

    title: str


@dataclass(frozen=True)
class ToolCallsWaiting:
    """Calls of user-defined tools wait for results (dicts: assistant_id, id, name, arguments)."""

    assistant_id: int
    calls: list[dict[str, Any]]


@dataclass(frozen=True)
class ToolRoundsCapped:
    """Automatic tool rounds stopped after the turn's limit."""

    assistant_id: int


TurnEvent = (
    MessageAdded
    | AnswerStarted
    | AnswerDelta
    | ToolCallReceived
    | Retrying
    | ImagesLeftOut
    | AnswerFinished
    | SchemaRejected
    | JsonChecked
    | TitleSet
    | ToolCallsWaiting
    | ToolRoundsCapped
)
"""Every event a :class:`~studio.core.chat.turn.ChatTurn` yields."""
