"""One chat conversation held in memory: sends turns, streams answers, keeps the history.

:class:`ChatSession` owns one :class:`asyncio.Task` per answer and keeps its handle, so
:meth:`ChatSession.cancel` cancels it (which closes the HTTP connection). Deltas are
accumulated and flushed to the widgets by a timer about 30 times a second; a signal is never
emitted per token.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import AsyncIterator
from typing import Any, Literal, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from studio.api import events as ev
from studio.api.chat import ChatRequest
from studio.api.errors import ApiError

log = logging.getLogger(__name__)

AnswerStatus = Literal["complete", "interrupted", "failed"]
FLUSH_INTERVAL_MS = 33


class ChatBackend(Protocol):
    """What the session needs from :class:`studio.api.client.ApiClient`."""

    def chat(self, request: ChatRequest) -> AsyncIterator[ev.ChatEvent]:
        """Stream the events of one chat completion."""
        ...


class ChatSession(QObject):
    """A multi-turn conversation with one relay.

    Signals:
        message_sent(str): a user turn was added (not emitted by :meth:`retry`).
        answer_started(str): an answer from this model began streaming.
        text_appended(str): a batch of answer text arrived.
        reasoning_appended(str): a batch of reasoning ("thinking") arrived.
        usage_reported(int, int, int): prompt, completion and total tokens of the answer.
        retrying(int, float): attempt number and delay before the request is tried again.
        failed(str, str): a one-line message and copyable details.
        finished(str): the answer ended: ``complete``, ``interrupted`` or ``failed``.
        busy_changed(bool): an answer started (True) or ended (False).
        cleared(): the conversation was emptied.
    """

    message_sent = Signal(str)
    answer_started = Signal(str)
    text_appended = Signal(str)
    reasoning_appended = Signal(str)
    usage_reported = Signal(int, int, int)
    retrying = Signal(int, float)
    failed = Signal(str, str)
    finished = Signal(str)
    busy_changed = Signal(bool)
    cleared = Signal()

    def __init__(
        self,
        backend: ChatBackend,
        parent: QObject | None = None,
        *,
        flush_interval_ms: int = FLUSH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._history: list[dict[str, Any]] = []
        self._task: asyncio.Task[None] | None = None
        self._text_buffer: list[str] = []
        self._reasoning_buffer: list[str] = []
        self._answer = ""
        self._model = ""
        self._retry_pending = False
        self._turn = 0
        self._busy = False
        self._detached: set[asyncio.Task[None]] = set()
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(flush_interval_ms)
        self._flush_timer.timeout.connect(self._flush)

    # -- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while an answer is streaming."""
        return self._busy

    @property
    def history(self) -> list[dict[str, Any]]:
        """A copy of the messages sent with the next request."""
        return [dict(m) for m in self._history]

    @property
    def can_retry(self) -> bool:
        """True after a failed answer whose question can be asked again."""
        return self._retry_pending and not self.busy

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The task streaming the current (or last) answer."""
        return self._task

    # -- actions -------------------------------------------------------------------------

    def send(self, text: str, model: str) -> bool:
        """Ask ``text`` of ``model``; False (and nothing sent) when busy or empty."""
        text = text.strip()
        if self.busy or not text or not model.strip():
            return False
        if self._retry_pending:
            # The failed question got no answer; it is replaced by this one.
            self._drop_unanswered_question()
        self._history.append({"role": "user", "content": text})
        self.message_sent.emit(text)
        self._start(model.strip())
        return True

    def retry(self, model: str | None = None) -> bool:
        """Ask the last failed question again (optionally of another model)."""
        if not self.can_retry:
            return False
        self._start((model or self._model).strip() or self._model)
        return True

    def cancel(self) -> None:
        """Stop the current answer; the text received so far is kept."""
        if self._busy and self._task is not None and not self._task.done():
            self._task.cancel()

    def clear(self) -> None:
        """Stop any answer and forget the conversation."""
        was_busy = self._busy
        self._busy = False
        self._turn += 1  # whatever the old task still does is ignored from now on
        if self._task is not None and not self._task.done():
            self._detached.add(self._task)
            self._task.add_done_callback(self._detached.discard)
            self._task.cancel()
        self._task = None
        self._flush_timer.stop()
        self._text_buffer.clear()
        self._reasoning_buffer.clear()
        self._history.clear()
        self._retry_pending = False
        self.cleared.emit()
        if was_busy:
            self.busy_changed.emit(False)

    # -- the streaming task --------------------------------------------------------------

    def _start(self, model: str) -> None:
        self._model = model
        self._retry_pending = False
        self._answer = ""
        self._text_buffer.clear()
        self._reasoning_buffer.clear()
        self._turn += 1
        request = ChatRequest(model=model, messages=self.history, stream=True)
        self._task = asyncio.get_running_loop().create_task(self._stream(request, self._turn))
        self._busy = True
        self.answer_started.emit(model)
        self.busy_changed.emit(True)
        self._flush_timer.start()

    async def _stream(self, request: ChatRequest, turn: int) -> None:
        status: AnswerStatus = "complete"
        stream = self._backend.chat(request)
        try:
            async for event in stream:
                self._apply(event)
        except asyncio.CancelledError:
            if turn == self._turn:
                self._end("interrupted")
            raise
        except ApiError as error:
            status = "failed"
            if turn == self._turn:
                self._fail(error.message, error.copyable_details())
        except Exception as error:  # a bug, not a relay failure: show it and log it
            log.exception("chat stream failed")
            status = "failed"
            if turn == self._turn:
                message = QCoreApplication.translate(
                    "ChatSession", "Something went wrong while reading the answer: {error}"
                ).format(error=type(error).__name__)
                self._fail(message, "".join(traceback.format_exception(error)))
        finally:
            # Closing the iterator closes the HTTP response now, not at garbage collection.
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
        if turn == self._turn:
            self._end(status)

    def _apply(self, event: ev.ChatEvent) -> None:
        if isinstance(event, ev.TextDelta | ev.RefusalDelta) and event.choice == 0:
            self._text_buffer.append(event.text)
            self._answer += event.text
        elif isinstance(event, ev.ReasoningDelta) and event.choice == 0:
            self._reasoning_buffer.append(event.text)
        elif isinstance(event, ev.Usage):
            self.usage_reported.emit(
                event.prompt_tokens, event.completion_tokens, event.total_tokens
            )
        elif isinstance(event, ev.Retrying):
            self.retrying.emit(event.attempt, event.delay)

    def _fail(self, message: str, details: str) -> None:
        self._flush()
        self._retry_pending = True
        self.failed.emit(message, details)

    def _end(self, status: AnswerStatus) -> None:
        self._flush_timer.stop()
        self._flush()
        if status != "failed" and self._answer:
            self._history.append({"role": "assistant", "content": self._answer})
        elif status == "interrupted":
            # Stopped before any text: the question stays unanswered, drop it.
            self._drop_unanswered_question()
        self._busy = False
        self.finished.emit(status)
        self.busy_changed.emit(False)

    def _drop_unanswered_question(self) -> None:
        if self._history and self._history[-1].get("role") == "user":
            self._history.pop()
        self._retry_pending = False

    def _flush(self) -> None:
        if self._reasoning_buffer:
            chunk = "".join(self._reasoning_buffer)
            self._reasoning_buffer.clear()
            self.reasoning_appended.emit(chunk)
        if self._text_buffer:
            chunk = "".join(self._text_buffer)
            self._text_buffer.clear()
            self.text_appended.emit(chunk)
