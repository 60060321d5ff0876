"""The streaming engine under :class:`~studio.session.chat.conversation.ConversationSession`.

:class:`ChatEngine` owns a conversation's message tree, the :class:`asyncio.Task` streaming
the current answer (and the automatic tool rounds after it) and the pump that batches deltas
and saves the text while it streams. Every message is saved when it is created; an answer is
finished with a status: complete, interrupted or failed. The public actions (send,
regenerate, versions, settings …) are in the subclass.

A request is built when its task runs: the image store's database is read on the GUI thread,
then the attached images are read from disk and base64-encoded in a worker thread
(:func:`~studio.session.chat.history.load_images`), and the request is assembled from the
result. Earlier images over the provider's request budget are left out, oldest first.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from studio.api import events as ev
from studio.api import messages as api_messages
from studio.api.chat import ChatRequest
from studio.api.client import ApiClient
from studio.api.errors import ApiError, IncompleteAnswerError
from studio.media.limits import RequestTooLarge
from studio.session.chat import toolrounds
from studio.session.chat.request import OutputCheck, build_request, output_check
from studio.session.chat.request_images import left_out_text, load_request_images, request_limit
from studio.session.chat.settings import ChatSettings
from studio.session.chat.streaming import (
    AnswerBuffer,
    StreamPump,
    rejects_schema,
    save_final,
    save_progress,
)
from studio.session.chat.structured import check_json
from studio.session.chat.titles import make_title
from studio.session.chat.tools import ToolRegistry
from studio.session.chat.tree import MessageTree
from studio.store.conversations import ConversationStore
from studio.store.database import StoreError
from studio.store.images import ImageStore
from studio.store.messages import MessageRecord, MessageStore, Status

log = logging.getLogger(__name__)

ClientFactory = Callable[[], ApiClient]
MAX_AUTO_ROUNDS = 8


@dataclass
class _Answer:
    """The answer being streamed: its buffer, what its request is built from, and how to
    check it. ``announce``: tell the user about images left out (the first request of a
    user's action, not the automatic tool rounds after it)."""

    buffer: AnswerBuffer
    settings: ChatSettings
    branch: list[MessageRecord]
    check: OutputCheck | None
    continuing: bool = False
    resumed: bool = False
    announce: bool = False
    finished: bool = False


class ChatEngine(QObject):
    """The state and streaming machinery of one conversation (signals: see the subclass)."""

    message_added = Signal(int)
    message_removed = Signal(int)
    answer_started = Signal(int)
    answer_delta = Signal(int, str, str)
    answer_finished = Signal(int, str)
    answer_failed = Signal(int, str, str)
    branch_changed = Signal()
    tool_calls_requested = Signal(int, list)
    tool_rounds_capped = Signal(int)
    json_checked = Signal(int, bool, str)
    schema_fallback_offered = Signal(int)
    usage_changed = Signal()
    busy_changed = Signal(bool)
    retrying = Signal(int, float)
    settings_changed = Signal()
    title_changed = Signal(str)
    images_left_out = Signal(int, str)
    send_refused = Signal(str)

    def __init__(
        self,
        conversation_id: int,
        conversations: ConversationStore,
        messages: MessageStore,
        client_factory: ClientFactory,
        tools: ToolRegistry,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_auto_rounds: int = MAX_AUTO_ROUNDS,
        images: ImageStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Load conversation ``conversation_id`` (``KeyError`` if it does not exist).

        ``images`` holds the attached images sent with user messages (without it they are
        sent as text notes only).
        """
        super().__init__(parent)
        record = conversations.get(conversation_id)
        if record is None:
            raise KeyError(conversation_id)
        self._id = conversation_id
        self._conversations = conversations
        self._messages = messages
        self._client_factory = client_factory
        self._tools = tools
        self._images = images
        self._max_auto_rounds = max_auto_rounds
        self._settings = ChatSettings.from_record(record)
        self._tree = MessageTree(messages.list(conversation_id))
        self._selection: dict[int | None, int] = {}
        if record.leaf_id is not None and record.leaf_id in self._tree:
            # Show the versions and branches picked last time.
            for message in self._tree.path_to(record.leaf_id):
                self._selection[message.parent_id] = message.id
        self._task: asyncio.Task[None] | None = None
        self._current: _Answer | None = None
        self._busy = False
        self._auto_rounds = 0
        self._requested: tuple[int, list[dict[str, Any]]] | None = None
        self._pump = StreamPump(self._on_pump_flush, self._on_pump_save, clock=clock, parent=self)

    # ---- state -------------------------------------------------------------------------

    @property
    def conversation_id(self) -> int:
        """The conversation's id."""
        return self._id

    @property
    def settings(self) -> ChatSettings:
        """The settings the next request will use."""
        return self._settings

    @property
    def busy(self) -> bool:
        """True while an answer (or an automatic tool round) is streaming."""
        return self._busy

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The running streaming task, if any."""
        return self._task

    @property
    def streaming_id(self) -> int | None:
        """The id of the answer being streamed, if any."""
        return self._current.buffer.message_id if self._current is not None else None

    def stop(self) -> None:
        """Stop streaming; the text received so far is saved, marked interrupted."""
        if self._task is not None and not self._task.done():
            self._pump.save()
            self._task.cancel()

    async def wait(self) -> None:
        """Wait until the current streaming task (if any) has ended."""
        task = self._task
        if task is not None:
            await asyncio.wait({task})

    async def aclose(self) -> None:
        """Stop streaming and wait for the answer to be saved."""
        self.stop()
        await self.wait()

    def _update(self, **changes: Any) -> None:
        self._settings = dataclasses.replace(self._settings, **changes)
        self._conversations.update_settings(
            self._id,
            model=self._settings.model if "model" in changes else None,
            system_prompt=self._settings.system_prompt if "system_prompt" in changes else None,
            params=self._settings.to_params(),
        )
        self.settings_changed.emit()

    # ---- tree helpers ------------------------------------------------------------------

    def _tail_id(self) -> int | None:
        branch = self._tree.visible_branch(self._selection)
        return branch[-1].id if branch else None

    def _adopt(self, message_id: int) -> MessageRecord:
        """Load a newly saved message into the tree, select it and announce it."""
        record = self._reload(message_id)
        self._selection[record.parent_id] = record.id
        self._remember_branch()
        self.message_added.emit(record.id)
        return record

    def _remember_branch(self) -> None:
        """Store the end of the visible branch, to show the same one when reopened."""
        try:
            self._conversations.set_leaf(self._id, self._tail_id())
        except (StoreError, sqlite3.Error):
            log.warning("could not remember the branch of conversation %s", self._id)

    def _reload(self, message_id: int) -> MessageRecord:
        record = self._messages.get(message_id)
        if record is None:
            raise KeyError(message_id)
        self._tree.put(record)
        return record

    def _live(self, record: MessageRecord) -> MessageRecord:
        current = self._current
        if current is None or current.buffer.message_id != record.id:
            return record
        buffer = current.buffer
        return dataclasses.replace(
            record, text=buffer.text, reasoning=buffer.reasoning or None, status="streaming"
        )

    def _add_tool_message(self, parent_id: int | None, call_id: str, content: str) -> int:
        tool_id = self._messages.add(
            self._id, "tool", content, parent_id=parent_id, tool_call_id=call_id
        )
        self._adopt(tool_id)
        return tool_id

    # ---- images -------------------------------------------------------------------------

    def _language(self) -> str:
        try:
            return self._client_factory().language
        except Exception:  # no usable provider yet: messages in English
            return "en"

    def _request_limit(self, model: str) -> int:
        """Image bytes one request may carry (see :func:`request_images.request_limit`)."""
        return request_limit(model)

    async def _build(self, answer: _Answer) -> ChatRequest:
        """The request of ``answer``; stored images are read and encoded in a worker thread.

        ``RequestTooLarge`` when the images of the message being answered alone are over
        the limit.
        """
        settings, branch = answer.settings, answer.branch
        images, limit = await load_request_images(
            self._images, branch, settings.image_policy, settings.model
        )
        if images.left_out and answer.announce:
            count = len(images.left_out)
            self.images_left_out.emit(count, left_out_text(count, limit))
        return build_request(
            settings, self._tools, branch, continuing=answer.continuing, images=images
        )

    # ---- streaming ---------------------------------------------------------------------

    def _begin(self, parent_id: int | None, *, resume: MessageRecord | None = None) -> int:
        answer = self._prepare(parent_id, resume, announce=True)
        self._set_busy(True)
        task = asyncio.get_running_loop().create_task(self._run_turn(answer))
        task.add_done_callback(self._on_task_done)
        self._task = task
        return answer.buffer.message_id

    def _prepare(
        self, parent_id: int | None, resume: MessageRecord | None = None, *, announce: bool = False
    ) -> _Answer:
        """Save the answer placeholder (or reopen a cut answer) and start pumping it.

        The branch and settings are taken now; the request is built from them when the task
        runs (:meth:`_build`).
        """
        settings = self._settings
        if resume is not None:
            branch = self._tree.path_to(resume.id)
            # With nothing received yet there is nothing to continue: just answer again.
            continuing = bool(resume.text)  # (reopened by continue_answer)
            buffer = AnswerBuffer(
                resume.id,
                base_text=resume.text,
                base_reasoning=resume.reasoning or "",
                base_usage=resume.usage,
            )
        else:
            branch = self._tree.path_to(parent_id) if parent_id is not None else []
            continuing = False
            answer_id = self._messages.start_answer(self._id, settings.model, parent_id=parent_id)
            self._adopt(answer_id)
            buffer = AnswerBuffer(answer_id)
        answer = _Answer(
            buffer,
            settings,
            branch,
            output_check(settings),
            continuing=continuing,
            resumed=resume is not None,
            announce=announce,
        )
        self._current = answer
        self._pump.start(buffer)
        self.answer_started.emit(buffer.message_id)
        return answer

    async def _run_turn(self, answer: _Answer) -> None:
        current: _Answer | None = answer
        while current is not None:
            status = await self._stream(current)
            current = self._after(current, status)

    async def _stream(self, answer: _Answer) -> Status:
        buffer = answer.buffer
        try:
            request = await self._build(answer)
        except asyncio.CancelledError:
            self._finish(answer, "interrupted")
            raise
        except RequestTooLarge as error:
            message = error.message(self._language())
            return self._finish(answer, "failed", message, message)
        except Exception as error:  # a bug: show it and log it
            log.exception("could not build the chat request")
            return self._fail_bug(answer, error)
        try:
            client = self._client_factory()
            stream = client.chat(request)
        except Exception as error:  # no usable provider: a bug or a settings problem
            log.exception("could not start a chat request")
            return self._fail_bug(answer, error)
        try:
            async for event in stream:
                if isinstance(event, ev.Retrying):
                    self.retrying.emit(event.attempt, event.delay)
                    continue
                buffer.apply(event)
                self._pump.poke()
        except asyncio.CancelledError:
            self._finish(answer, "interrupted")
            raise
        except IncompleteAnswerError as error:
            return self._finish(answer, "interrupted", error.message)
        except ApiError as error:
            self._finish(answer, "failed", error.message, error.copyable_details())
            if rejects_schema(request, error):
                self.schema_fallback_offered.emit(buffer.message_id)
            return "failed"
        except Exception as error:  # a bug, not a relay failure: show it and log it
            log.exception("chat stream failed")
            return self._fail_bug(answer, error)
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                try:
                    await aclose()
                except Exception:
                    log.debug("closing the chat stream failed", exc_info=True)
        if buffer.finish is not None and buffer.finish.reason == "failed":
            # finish_reason "error" (protocol.md case 18): failed, with the server's word.
            server = buffer.finish.raw_reason or "error"
            message = api_messages.text("stream_error", client.language, server=server)
            return self._finish(answer, "failed", message, message)
        return self._finish(answer, "complete")

    def _fail_bug(self, answer: _Answer, error: Exception) -> Status:
        message = QCoreApplication.translate(
            "ChatSession", "Something went wrong while reading the answer: {error}"
        ).format(error=f"{type(error).__name__}: {error}")
        return self._finish(answer, "failed", message, "".join(traceback.format_exception(error)))

    def _finish(
        self, answer: _Answer, status: Status, message: str | None = None, details: str = ""
    ) -> Status:
        """Write the final state of ``answer`` once, and announce it."""
        if answer.finished:
            return status
        answer.finished = True
        failed = status == "failed"
        if answer.resumed and failed:
            status = "interrupted"  # the continuation failed; the answer is still cut
        self._pump.stop()
        buffer = answer.buffer
        save_final(self._messages, buffer, status, message, self._tree.get(buffer.message_id))
        if self._current is answer:
            self._current = None
        self._reload(buffer.message_id)
        if failed:
            self.answer_failed.emit(buffer.message_id, message or "", details or message or "")
        self.answer_finished.emit(buffer.message_id, status)
        if buffer.usage is not None:
            self.usage_changed.emit()
        return status

    def _after(self, answer: _Answer, status: Status) -> _Answer | None:
        """After an answer ended: run a tool round, or check JSON and set the title."""
        if status != "complete":
            return None
        record = self._tree.get(answer.buffer.message_id)
        if record is None:
            return None
        if record.tool_calls and record.finish_reason != "length":
            return self._tool_round(record)
        if answer.check is not None and not record.refusal:
            ok, detail = check_json(record.text, answer.check.schema)
            self.json_checked.emit(record.id, ok, detail)
        self._auto_title()
        return None

    def _tool_round(self, assistant: MessageRecord) -> _Answer | None:
        tail = assistant.id
        waiting: list[toolrounds.PendingCall] = []
        for call in assistant.tool_calls or []:
            call_id, name, arguments = toolrounds.call_parts(call)
            result = toolrounds.automatic_result(name, arguments, self._settings.tools, self._tools)
            if result is None:
                waiting.append(toolrounds.PendingCall(assistant.id, call_id, name, arguments))
            else:
                tail = self._add_tool_message(tail, call_id, result)
        if waiting:
            # Announced when the task has ended, so the session is idle and ready for results.
            self._requested = (assistant.id, [c.to_dict() for c in waiting])
            return None
        if self._auto_rounds >= self._max_auto_rounds:
            self.tool_rounds_capped.emit(assistant.id)
            return None
        self._auto_rounds += 1
        return self._prepare(tail)

    def _auto_title(self) -> None:
        record = self._conversations.get(self._id)
        if record is None or record.title.strip():
            return
        first = next(
            (
                m
                for m in self._tree.visible_branch(self._selection)
                if m.role == "user" and m.text.strip()
            ),
            None,
        )
        if first is None:
            return
        title = make_title(first.text)
        self._conversations.rename(self._id, title)
        self.title_changed.emit(title)

    def _on_pump_flush(self, buffer: AnswerBuffer, text: str, reasoning: str) -> None:
        self.answer_delta.emit(buffer.message_id, text, reasoning)

    def _on_pump_save(self, buffer: AnswerBuffer) -> None:
        save_progress(self._messages, buffer)

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        if self._current is not None:  # cancelled before it could start
            self._finish(self._current, "interrupted")
        if self._task is task:
            self._task = None
        self._set_busy(False)
        requested, self._requested = self._requested, None
        if requested is not None:
            self.tool_calls_requested.emit(*requested)
        if not task.cancelled() and task.exception() is not None:
            task.get_loop().call_exception_handler(
                {
                    "message": "conversation streaming task failed",
                    "exception": task.exception(),
                    "task": task,
                }
            )

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
