"""The answer being received, and how it is written while it streams.

:class:`AnswerBuffer` folds stream events into the growing answer (the full text for saving,
the pieces not yet shown for the display). :class:`AnswerWriter` writes it to the history:
at least every :data:`SAVE_INTERVAL` seconds while it streams (one committed statement, no
search-index work), then once with its final status, so a crash or a kill loses at most that
much of an answer. One owner for both rules, used by the window and the command line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studio.api import events as ev
from studio.api.chat import ChatRequest
from studio.api.errors import ApiError, BadRequestError
from studio.store.messages import MessageRecord, MessageStore, Status

SAVE_INTERVAL = 0.25
"""Seconds between saves of a streaming answer, at most."""


@dataclass
class AnswerBuffer:
    """One answer being received: the full text so far and the pieces not yet shown.

    ``base_text``/``base_reasoning`` hold what the message already had when it is being
    continued; new text is appended after them.
    """

    message_id: int
    base_text: str = ""
    base_reasoning: str = ""
    base_usage: dict[str, int] | None = None
    refusal: str = ""
    images: list[str] = field(default_factory=list)
    tool_calls: list[ev.ToolCall] = field(default_factory=list)
    usage: ev.Usage | None = None
    finish: ev.Finish | None = None
    _text: list[str] = field(default_factory=list)
    _reasoning: list[str] = field(default_factory=list)
    _pending_text: list[str] = field(default_factory=list)
    _pending_reasoning: list[str] = field(default_factory=list)
    _joined: tuple[int, str] = (-1, "")
    dirty: bool = False

    @property
    def text(self) -> str:
        """The whole answer text so far (joined lazily: appending stays O(1))."""
        count, joined = self._joined
        if count != len(self._text):
            joined = self.base_text + "".join(self._text)
            self._joined = (len(self._text), joined)
        return joined

    @property
    def new_text(self) -> str:
        """Only the text received by this request (without ``base_text``)."""
        return "".join(self._text)

    @property
    def reasoning(self) -> str:
        """The whole reasoning so far."""
        return self.base_reasoning + "".join(self._reasoning)

    def apply(self, event: ev.ChatEvent) -> None:
        """Fold one stream event into the buffer (candidate 0 only)."""
        if getattr(event, "choice", 0) != 0:
            return
        if isinstance(event, ev.TextDelta):
            self._add(self._text, self._pending_text, event.text)
        elif isinstance(event, ev.RefusalDelta):
            self.refusal += event.text
            self._pending_text.append(event.text)
        elif isinstance(event, ev.ReasoningDelta):
            self._add(self._reasoning, self._pending_reasoning, event.text)
        elif isinstance(event, ev.ImagesReceived):
            self.images.extend(event.urls)  # saved by the turn when the answer ends
        elif isinstance(event, ev.ToolCall):
            self.tool_calls.append(event)
        elif isinstance(event, ev.Usage):
            self.usage = event
        elif isinstance(event, ev.Finish):
            self.finish = event

    def _add(self, full: list[str], pending: list[str], piece: str) -> None:
        if piece:
            full.append(piece)
            pending.append(piece)
            self.dirty = True

    def take_pending(self) -> tuple[str, str] | None:
        """The text and reasoning received since the last call, or None if nothing came."""
        if not self._pending_text and not self._pending_reasoning:
            return None
        text = "".join(self._pending_text)
        reasoning = "".join(self._pending_reasoning)
        self._pending_text.clear()
        self._pending_reasoning.clear()
        return text, reasoning

    def usage_dict(self) -> dict[str, int] | None:
        """The usage to store: this request's, added to what a continued answer had."""
        if self.usage is None:
            return self.base_usage
        current = self.usage.to_dict()
        if self.base_usage:
            return {k: current.get(k, 0) + int(self.base_usage.get(k, 0)) for k in current}
        return current

    def tool_call_dicts(self) -> list[dict[str, Any]]:
        """The calls as they go into the stored assistant message (``extra`` kept)."""
        return [call.to_message_dict() for call in self.tool_calls]


class AnswerWriter:
    """Saves one :class:`AnswerBuffer`: throttled while it streams, final at the end."""

    def __init__(
        self,
        messages: MessageStore,
        buffer: AnswerBuffer,
        *,
        clock: Callable[[], float] = time.monotonic,
        interval: float = SAVE_INTERVAL,
    ) -> None:
        self._messages = messages
        self.buffer = buffer
        self._clock = clock
        self._interval = interval
        self._last_save = clock()

    def save_if_due(self) -> None:
        """Save now if something new arrived and the last save is older than the interval."""
        if self.buffer.dirty and self._clock() - self._last_save >= self._interval:
            self.save()

    def save(self) -> None:
        """Write the text received so far now."""
        self.buffer.dirty = False
        self._last_save = self._clock()
        save_progress(self._messages, self.buffer)

    def finish(self, status: Status, error: str | None, old: MessageRecord | None) -> None:
        """Write the final state (``old``: the stored message before it)."""
        save_final(self._messages, self.buffer, status, error, old)


def save_progress(messages: MessageStore, buffer: AnswerBuffer) -> None:
    """Write the text received so far (one committed statement, no search-index work).

    A continued answer was reopened as ``streaming`` (:meth:`MessageStore.reopen`), so a crash
    leaves what a restart shows as ``interrupted``, like any other answer.
    """
    messages.update_streaming(buffer.message_id, buffer.text, buffer.reasoning or None)


def save_final(
    messages: MessageStore,
    buffer: AnswerBuffer,
    status: Status,
    error: str | None,
    old: MessageRecord | None,
) -> None:
    """Write the final state of an answer; ``old`` is the stored message before it."""
    finish_reason: str | None = buffer.finish.reason if buffer.finish else None
    if status == "interrupted" and finish_reason is None and error is not None:
        finish_reason = "incomplete"
    calls = buffer.tool_call_dicts() or (old.tool_calls if old is not None else None)
    refusal = buffer.refusal or (old.refusal if old is not None else None)
    messages.finish(
        buffer.message_id,
        status,
        text=buffer.text,
        reasoning=buffer.reasoning or None,
        refusal=refusal or None,
        finish_reason=finish_reason,
        usage=buffer.usage_dict(),
        tool_calls=calls or None,
        error=error if status != "complete" else None,
    )


def rejects_schema(request: ChatRequest, error: ApiError) -> bool:
    """True when ``error`` is the relay refusing the ``json_schema`` that ``request`` asked."""
    asked = request.response_format
    if not isinstance(error, BadRequestError) or not asked:
        return False
    if asked.get("type") != "json_schema":
        return False
    said = f"{error.server_message or ''} {error.message}".lower()
    return "response_format" in said or "json_schema" in said or "json schema" in said
