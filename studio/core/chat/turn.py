"""A chat turn: one user action's answer, and the automatic tool rounds after it.

:class:`ChatTurn` is the one workflow the window and the command line share. :meth:`begin`
saves the answer placeholder at once (or reopens a cut answer to continue it); :meth:`run`
builds the request (stored images read and encoded in a worker thread, earlier ones over
the provider's budget left out), streams it, saves the text at least every quarter second
and finally with its status (complete, interrupted or failed), then runs the built-in tools
the model asked for and streams again, checks structured output and titles the
conversation. It yields :mod:`~studio.core.chat.events` as it goes.

Cancelling the task running :meth:`run` saves what arrived as ``interrupted``; nothing is
yielded then (a yield would swallow the cancellation): :meth:`interrupt` hands the caller
the events of that ending.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import traceback
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field

from studio.api import events as ev
from studio.api import phrases
from studio.api.chat import ChatRequest
from studio.api.client import ApiClient
from studio.api.errors import ApiError, IncompleteAnswerError
from studio.core.chat import toolrounds
from studio.core.chat.answer import AnswerBuffer, AnswerWriter, rejects_schema
from studio.core.chat.answer_images import save_answer_images
from studio.core.chat.conversation import Conversation
from studio.core.chat.events import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    ImagesLeftOut,
    JsonChecked,
    MessageAdded,
    Retrying,
    SchemaRejected,
    TitleSet,
    ToolCallReceived,
    ToolCallsWaiting,
    ToolRoundsCapped,
    TurnEvent,
)
from studio.core.chat.judging import judge_answer, requested_output
from studio.core.chat.options import ChatSettings, ToolSettings
from studio.core.chat.request import build_request
from studio.core.chat.request_images import load_request_images
from studio.core.chat.tools import ToolRegistry
from studio.media.limits import RequestTooLarge
from studio.store.messages import MessageRecord, Status

log = logging.getLogger(__name__)

ClientFactory = Callable[[], ApiClient]
MAX_AUTO_ROUNDS = 8


def unexpected_error(error: BaseException) -> str:
    """The sentence for a bug (not a relay failure), in English; the window translates it."""
    return f"Something went wrong while reading the answer: {type(error).__name__}: {error}"


@dataclass
class _Answer:
    """The answer being streamed: its buffer and writer, and what its request is built
    from. ``announce``: tell the user about images left out (the first request of a user's
    action, not the automatic tool rounds after it)."""

    writer: AnswerWriter
    settings: ChatSettings
    branch: list[MessageRecord]
    continuing: bool = False
    resumed: bool = False
    announce: bool = False
    finished: bool = False
    status: Status = "interrupted"
    unsent: list[TurnEvent] = field(default_factory=list)

    @property
    def buffer(self) -> AnswerBuffer:
        return self.writer.buffer


class ChatTurn:
    """One action's answer (and its tool rounds) in ``conversation``.

    ``client_factory`` is called for each request, so a provider change takes effect on the
    next one. ``stream`` False asks for the whole answer at once. ``unexpected`` words a bug.
    """

    def __init__(
        self,
        conversation: Conversation,
        client_factory: ClientFactory,
        tools: ToolRegistry,
        *,
        stream: bool = True,
        max_auto_rounds: int = MAX_AUTO_ROUNDS,
        clock: Callable[[], float] = time.monotonic,
        unexpected: Callable[[BaseException], str] = unexpected_error,
    ) -> None:
        self._conversation = conversation
        self._client_factory = client_factory
        self._tools = tools
        self._stream_mode = stream
        self._max_auto_rounds = max_auto_rounds
        self._clock = clock
        self._unexpected = unexpected
        self._auto_rounds = 0
        self._current: _Answer | None = None
        self._waiting: ToolCallsWaiting | None = None

    @property
    def answer_id(self) -> int | None:
        """The answer being streamed, if any."""
        return self._current.buffer.message_id if self._current is not None else None

    @property
    def buffer(self) -> AnswerBuffer | None:
        """The buffer of the answer being streamed, if any."""
        return self._current.buffer if self._current is not None else None

    def language(self) -> str:
        """The language of the provider's messages (English while no provider is usable)."""
        try:
            return self._client_factory().language
        except Exception:
            return "en"

    # ---- driving ----------------------------------------------------------------------------

    def begin(
        self, parent_id: int | None, *, resume: MessageRecord | None = None
    ) -> list[TurnEvent]:
        """Save the answer placeholder under ``parent_id`` (or take ``resume``, a cut answer
        already reopened with ``MessageStore.reopen``); the events of that, at once."""
        return self._prepare(parent_id, resume, announce=True)

    async def run(self) -> AsyncGenerator[TurnEvent, None]:
        """Stream the answer begun, then any automatic tool rounds; events as they happen."""
        current = self._current
        while current is not None:
            # Closed in this task when the consumer stops early (a closed pipe, say), so the
            # HTTP stream below is closed in order, not by the loop at exit.
            async with contextlib.aclosing(self._stream(current)) as events:
                async for event in events:
                    yield event
            after, current = self._after(current)
            for event in after:
                yield event
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            yield waiting

    def interrupt(self) -> list[TurnEvent]:
        """After a cancellation: the answer is saved as interrupted (now, if :meth:`run`
        never started); the events of that ending, not yielded by :meth:`run`."""
        answer = self._current
        if answer is None:
            return []
        if not answer.finished:
            self._finish(answer, "interrupted")
        events, answer.unsent = answer.unsent, []
        if self._current is answer:
            self._current = None
        return events

    def save_if_due(self) -> None:
        """Save the streaming text if the last save is older than the save interval."""
        if self._current is not None and not self._current.finished:
            self._current.writer.save_if_due()

    def save_now(self) -> None:
        """Save the streaming text now (before stopping)."""
        if self._current is not None and not self._current.finished:
            self._current.writer.save()

    # ---- one answer -------------------------------------------------------------------------

    def _prepare(
        self, parent_id: int | None, resume: MessageRecord | None = None, *, announce: bool = False
    ) -> list[TurnEvent]:
        conversation = self._conversation
        settings = conversation.offered_settings()
        events: list[TurnEvent] = []
        if resume is not None:
            branch = conversation.path_to(resume.id)
            # With nothing received yet there is nothing to continue: just answer again.
            continuing = bool(resume.text)
            # The rest of an answer is asked for as its start was: it is judged by that.
            output = requested_output(resume)
            if output is not None:
                settings = dataclasses.replace(settings, output=output)
            buffer = AnswerBuffer(
                resume.id,
                base_text=resume.text,
                base_reasoning=resume.reasoning or "",
                base_usage=resume.usage,
            )
            conversation.select(resume.id)
        else:
            branch = conversation.path_to(parent_id)
            continuing = False
            record = conversation.start_answer(parent_id)
            events.append(MessageAdded(record.id))
            buffer = AnswerBuffer(record.id)
        writer = AnswerWriter(conversation.stores.messages, buffer, clock=self._clock)
        self._current = _Answer(
            writer,
            settings,
            branch,
            continuing=continuing,
            resumed=resume is not None,
            announce=announce,
        )
        conversation.stream_into(buffer)
        events.append(AnswerStarted(buffer.message_id, buffer))
        return events

    async def _build(self, answer: _Answer) -> tuple[ChatRequest, ImagesLeftOut | None]:
        settings, branch = answer.settings, answer.branch
        images, limit = await load_request_images(
            self._conversation.images, branch, settings.image_policy, settings.model
        )
        left_out = None
        if images.left_out and answer.announce:
            left_out = ImagesLeftOut(len(images.left_out), limit)
        request = build_request(
            settings,
            self._tools,
            branch,
            continuing=answer.continuing,
            images=images,
            stream=self._stream_mode,
        )
        return request, left_out

    async def _stream(self, answer: _Answer) -> AsyncGenerator[TurnEvent, None]:
        buffer = answer.buffer
        message_id = buffer.message_id
        try:
            request, left_out = await self._build(answer)
        except asyncio.CancelledError:
            self._finish(answer, "interrupted")
            raise
        except RequestTooLarge as error:
            message = error.message(self.language())
            yield self._finish(answer, "failed", message, message, error)
            return
        except Exception as error:  # a bug: show it and log it
            log.exception("could not build the chat request")
            yield self._fail_bug(answer, error)
            return
        if left_out is not None:
            yield left_out
        try:
            client = self._client_factory()
            stream = client.chat(request)
        except Exception as error:  # no usable provider: a bug or a settings problem
            log.exception("could not start a chat request")
            yield self._fail_bug(answer, error)
            return
        failure: AnswerFinished | None = None
        schema_rejected = False
        try:
            async for event in _closing(stream):
                if isinstance(event, ev.Retrying):
                    yield Retrying(event.attempt, event.delay)
                    continue
                buffer.apply(event)
                answer.writer.save_if_due()
                if getattr(event, "choice", 0) != 0:
                    continue
                if isinstance(event, ev.TextDelta | ev.RefusalDelta):
                    yield AnswerDelta(message_id, text=event.text)
                elif isinstance(event, ev.ReasoningDelta):
                    yield AnswerDelta(message_id, reasoning=event.text)
                elif isinstance(event, ev.ToolCall):
                    yield ToolCallReceived(message_id, event)
        except asyncio.CancelledError:
            self._finish(answer, "interrupted")
            raise
        except IncompleteAnswerError as error:
            failure = self._finish(answer, "interrupted", error.message, error=error)
        except ApiError as error:
            failure = self._finish(answer, "failed", error.message, error.copyable_details(), error)
            schema_rejected = rejects_schema(request, error)
        except Exception as error:  # a bug, not a relay failure: show it and log it
            log.exception("chat stream failed")
            failure = self._fail_bug(answer, error)
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                try:
                    await aclose()
                except Exception:
                    log.debug("closing the chat stream failed", exc_info=True)
        if buffer.images:
            await self._keep_images(answer, client)
        if failure is not None:
            yield failure
            if schema_rejected:
                yield SchemaRejected(message_id)
            return
        if buffer.finish is not None and buffer.finish.reason == "failed":
            # finish_reason "error" (protocol.md case 18): failed, with the server's word.
            server = buffer.finish.raw_reason or "error"
            message = phrases.text("stream_error", client.language, server=server)
            yield self._finish(answer, "failed", message, message)
            return
        yield self._finish(answer, "complete")

    async def _keep_images(self, answer: _Answer, client: ApiClient) -> None:
        """Store the images that arrived in the answer (also when it then failed)."""
        buffer = answer.buffer
        urls, buffer.images = list(buffer.images), []
        try:
            await save_answer_images(
                client.images,
                self._conversation.images,
                self._conversation.stores.messages,
                buffer.message_id,
                urls,
            )
        except asyncio.CancelledError:
            raise
        except Exception:  # a store failure must not lose the answer's text
            log.exception("could not keep the images of answer %s", buffer.message_id)

    def _fail_bug(self, answer: _Answer, error: Exception) -> AnswerFinished:
        details = "".join(traceback.format_exception(error))
        return self._finish(answer, "failed", self._unexpected(error), details, error)

    def _finish(
        self,
        answer: _Answer,
        status: Status,
        message: str | None = None,
        details: str = "",
        error: BaseException | None = None,
    ) -> AnswerFinished:
        """Write the final state of ``answer`` once; the event announcing it."""
        buffer = answer.buffer
        failed = status == "failed"
        if answer.finished:
            return AnswerFinished(buffer.message_id, answer.status)
        answer.finished = True
        if answer.resumed and failed:
            status = "interrupted"  # the continuation failed; the answer is still cut
        conversation = self._conversation
        answer.writer.finish(status, message, conversation.get(buffer.message_id))
        if conversation.streaming is buffer:
            conversation.stream_into(None)
        conversation.reload(buffer.message_id)
        answer.status = status
        event = AnswerFinished(
            buffer.message_id,
            status,
            message,
            (details or message or "") if failed else details,
            error,
            usage=buffer.usage is not None,
            failed=failed,
            finish_reason=buffer.finish.reason if buffer.finish else None,
        )
        if status == "interrupted" and error is None:
            answer.unsent.append(event)  # (a cancellation: handed out by interrupt())
        return event

    # ---- after an answer --------------------------------------------------------------------

    def _after(self, answer: _Answer) -> tuple[list[TurnEvent], _Answer | None]:
        """After an answer ended: a tool round, or the JSON check and the title."""
        if self._current is answer:
            self._current = None
        if answer.status != "complete":
            return [], None
        conversation = self._conversation
        record = conversation.get(answer.buffer.message_id)
        if record is None:
            return [], None
        if record.tool_calls and record.finish_reason != "length":
            return self._tool_round(record, answer.settings.tools)
        events: list[TurnEvent] = []
        verdict = judge_answer(record)
        if verdict is not None:
            events.append(JsonChecked(record.id, verdict.ok, verdict.detail))
        title = conversation.auto_title()
        if title is not None:
            events.append(TitleSet(title))
        return events, None

    def _tool_round(
        self, assistant: MessageRecord, offered: ToolSettings
    ) -> tuple[list[TurnEvent], _Answer | None]:
        """Answer the built-in calls of ``assistant``; the user's wait (``offered``: the
        tools its request offered, library functions resolved)."""
        conversation = self._conversation
        events: list[TurnEvent] = []
        tail = assistant.id
        waiting: list[toolrounds.PendingCall] = []
        for call in assistant.tool_calls or []:
            call_id, name, arguments = toolrounds.call_parts(call)
            result = toolrounds.automatic_result(name, arguments, offered, self._tools)
            if result is None:
                waiting.append(toolrounds.PendingCall(assistant.id, call_id, name, arguments))
            else:
                record = conversation.add_message(
                    "tool", result, parent_id=tail, tool_call_id=call_id
                )
                events.append(MessageAdded(record.id))
                tail = record.id
        if waiting:
            self._waiting = ToolCallsWaiting(assistant.id, [c.to_dict() for c in waiting])
            return events, None
        if self._auto_rounds >= self._max_auto_rounds:
            events.append(ToolRoundsCapped(assistant.id))
            return events, None
        self._auto_rounds += 1
        events.extend(self._prepare(tail))
        return events, self._current


async def _closing(stream: AsyncIterator[ev.ChatEvent]) -> AsyncIterator[ev.ChatEvent]:
    """``stream``'s events; the stream is closed when this is (early stop or an error)."""
    try:
        async for event in stream:
            yield event
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()
