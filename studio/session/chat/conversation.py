"""One conversation as the window sees it: a QObject over the core's conversation and turns.

:class:`ConversationSession` owns the :class:`asyncio.Task` of the running
:class:`~studio.core.chat.turn.ChatTurn`, iterates it and turns its events into signals; the
display updates are batched by a :class:`~studio.session.chat.streaming.StreamPump` (about 30
a second, never per token). The state (tree, branch, settings) is the core's
:class:`~studio.core.chat.conversation.Conversation`; the rules of a turn are the core's, the
same the command line runs. What the user reads is put into words here (Qt translations).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from studio.core.chat import events as ce
from studio.core.chat import toolrounds
from studio.core.chat.answer import AnswerBuffer
from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.options import ChatSettings
from studio.core.chat.tools import ToolRegistry
from studio.core.chat.turn import MAX_AUTO_ROUNDS, ChatTurn, ClientFactory
from studio.media.limits import MB
from studio.session.chat.functions import FunctionLibrarySession
from studio.session.chat.options import ChatOptions
from studio.session.chat.streaming import StreamPump
from studio.store.conversations import ConversationStore
from studio.store.images import ImageStore
from studio.store.messages import MessageRecord, MessageStore

__all__ = ["ClientFactory", "ConversationSession"]


def left_out_text(count: int, limit: int) -> str:
    """One sentence telling the user ``count`` earlier images stayed out of the request."""
    megabytes = f"{limit / MB:.1f}".removesuffix(".0")
    if count == 1:
        text = QCoreApplication.translate(
            "ConversationSession",
            "1 earlier image was left out to keep the request under the {limit} MB limit.",
        )
    else:
        text = QCoreApplication.translate(
            "ConversationSession",
            "{count} earlier images were left out to keep the request under the {limit} MB limit.",
        )
    return text.format(count=count, limit=megabytes)


def unexpected_text(error: BaseException) -> str:
    """The translated sentence for a bug met while answering."""
    return QCoreApplication.translate(
        "ChatSession", "Something went wrong while reading the answer: {error}"
    ).format(error=f"{type(error).__name__}: {error}")


class ConversationSession(ChatOptions):
    """A conversation's messages (all branches) and the streaming of its answers.

    Its settings are edited through :class:`ChatOptions`' methods (and stored at once).

    Signals:
        message_added(int): a message was saved (user, answer placeholder or tool result).
        message_removed(int): a failed answer was replaced by :meth:`retry`.
        answer_started(int): an answer (new or continued) began streaming.
        answer_delta(int, str, str): newly arrived answer text (refusal text included) and
            reasoning, about 30 times a second; never per token.
        answer_finished(int, str): an answer ended: complete, interrupted or failed.
        answer_failed(int, str, str): a failed answer's one-line message and copyable details
            (emitted just before ``answer_finished(id, "failed")``).
        branch_changed(): the visible branch changed (a version was picked or added).
        tool_calls_requested(int, list): calls of user-defined tools of this assistant message
            wait for :meth:`submit_tool_result` (dicts: assistant_id, id, name, arguments).
        tool_rounds_capped(int): automatic tool rounds stopped after ``max_auto_rounds``.
        json_checked(int, bool, str): a structured answer was checked: pretty JSON or error.
        schema_fallback_offered(int): the relay refused json_schema for this failed answer;
            :meth:`use_schema_fallback` retries with json_object and the schema in the prompt.
        usage_changed(): token usage was recorded (see :meth:`usage_totals`).
        busy_changed(bool): streaming started (True) or ended (False).
        retrying(int, float): the request failed before any output; attempt number, delay.
        settings_changed(): model, system prompt, parameters, output mode, tools or the image
            policy changed (:class:`ChatOptions`).
        title_changed(str): the conversation got its automatic title.
        images_left_out(int, str): that many earlier images were left out of the request
            just sent to keep it under the size limit (notes stand in for them), and the
            sentence telling the user; once per send, regenerate, retry …
        send_refused(str): :meth:`send` or :meth:`edit_and_resend` saved nothing because the
            message's own images are over the request limit; one sentence saying what to do.
    """

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
        library: FunctionLibrarySession | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Load conversation ``conversation_id`` (``KeyError`` if it does not exist).

        ``images`` holds the attached images sent with user messages (without it they are
        sent as text notes only); ``library`` the user functions a chat enables by id.
        """
        super().__init__(tools, library, parent)
        functions = library.store if library is not None else None
        self._conversation = Conversation(
            conversation_id, ChatStores(conversations, messages, images, functions)
        )
        self._client_factory = client_factory
        self._clock = clock
        self._max_auto_rounds = max_auto_rounds
        self._turn: ChatTurn | None = None
        self._task: asyncio.Task[None] | None = None
        self._busy = False
        self._waiting: ce.ToolCallsWaiting | None = None
        self._pump = StreamPump(self._on_pump_flush, self._on_pump_tick, parent=self)

    # ---- state -------------------------------------------------------------------------

    @property
    def conversation_id(self) -> int:
        """The conversation's id."""
        return self._conversation.id

    @property
    def settings(self) -> ChatSettings:
        """The settings the next request will use."""
        return self._conversation.settings

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
        return self._turn.answer_id if self._turn is not None else None

    def message(self, message_id: int) -> MessageRecord | None:
        """A message of this conversation (with the live text while it streams)."""
        return self._conversation.message(message_id)

    def branch(self) -> list[MessageRecord]:
        """The visible branch, root first (the streaming answer with its text so far)."""
        return self._conversation.branch()

    def live_text(self, message_id: int) -> tuple[str, str]:
        """The full text and reasoning of a message so far (streaming or not)."""
        record = self.message(message_id)
        return ("", "") if record is None else (record.text, record.reasoning or "")

    def versions(self, message_id: int) -> tuple[int, int]:
        """``(index, count)`` of ``message_id`` among its versions; index starts at 1."""
        return self._conversation.versions(message_id)

    def select_version(self, message_id: int, index: int) -> None:
        """Show version ``index`` (1-based) of the turn ``message_id`` belongs to."""
        self._conversation.select_version(message_id, index)
        self.branch_changed.emit()

    def pending_tool_calls(self) -> list[dict[str, Any]]:
        """Calls at the end of the branch still waiting for a result (see the signal)."""
        if self._busy:
            return []
        return [c.to_dict() for c in self._conversation.pending_tool_calls()]

    def usage_totals(self) -> dict[str, int]:
        """Tokens used by every answer of the conversation (all versions), and ``answers``."""
        return self._conversation.usage_totals()

    # ---- streaming ---------------------------------------------------------------------

    def stop(self) -> None:
        """Stop streaming; the text received so far is saved, marked interrupted."""
        if self._task is not None and not self._task.done():
            if self._turn is not None:
                self._turn.save_now()
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

    def _begin(self, parent_id: int | None, *, resume: MessageRecord | None = None) -> int:
        turn = ChatTurn(
            self._conversation,
            self._client_factory,
            self._tools,
            max_auto_rounds=self._max_auto_rounds,
            clock=self._clock,
            unexpected=unexpected_text,
        )
        self._turn = turn
        for event in turn.begin(parent_id, resume=resume):
            self._dispatch(event)
        answer_id = turn.answer_id
        assert answer_id is not None
        self._set_busy(True)
        task = asyncio.get_running_loop().create_task(self._run(turn))
        task.add_done_callback(self._on_task_done)
        self._task = task
        return answer_id

    async def _run(self, turn: ChatTurn) -> None:
        try:
            async for event in turn.run():
                self._dispatch(event)
        except asyncio.CancelledError:
            for event in turn.interrupt():
                self._dispatch(event)
            raise

    def _dispatch(self, event: ce.TurnEvent) -> None:
        """Turn one event of the core's turn into the signals the window listens to."""
        if isinstance(event, ce.AnswerDelta | ce.ToolCallReceived):
            return  # per token: the pump shows the buffer's new text in batches
        if isinstance(event, ce.MessageAdded):
            self.message_added.emit(event.message_id)
        elif isinstance(event, ce.AnswerStarted):
            self._pump.start(event.buffer)
            self.answer_started.emit(event.message_id)
        elif isinstance(event, ce.AnswerFinished):
            self._pump.stop()
            if event.failed:
                self.answer_failed.emit(event.message_id, event.message or "", event.details)
            self.answer_finished.emit(event.message_id, event.status)
            if event.usage:
                self.usage_changed.emit()
        elif isinstance(event, ce.Retrying):
            self.retrying.emit(event.attempt, event.delay)
        elif isinstance(event, ce.ImagesLeftOut):
            self.images_left_out.emit(event.count, left_out_text(event.count, event.limit))
        elif isinstance(event, ce.SchemaRejected):
            self.schema_fallback_offered.emit(event.message_id)
        elif isinstance(event, ce.JsonChecked):
            self.json_checked.emit(event.message_id, event.ok, event.detail)
        elif isinstance(event, ce.TitleSet):
            self.title_changed.emit(event.title)
        elif isinstance(event, ce.ToolRoundsCapped):
            self.tool_rounds_capped.emit(event.assistant_id)
        elif isinstance(event, ce.ToolCallsWaiting):
            # Announced when the task has ended, so the session is idle and ready for results.
            self._waiting = event

    def _on_pump_flush(self, buffer: AnswerBuffer, text: str, reasoning: str) -> None:
        self.answer_delta.emit(buffer.message_id, text, reasoning)

    def _on_pump_tick(self) -> None:
        if self._turn is not None:
            self._turn.save_if_due()  # a stalled stream's last text is saved too

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        turn = self._turn
        if turn is not None:
            for event in turn.interrupt():  # cancelled before it could start
                self._dispatch(event)
        if self._task is task:
            self._task = None
        self._set_busy(False)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.tool_calls_requested.emit(waiting.assistant_id, waiting.calls)
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

    # ---- actions -----------------------------------------------------------------------

    def send(self, text: str, attachments: Sequence[Mapping[str, Any]] | None = None) -> int | None:
        """Add a user message at the end of the visible branch and stream the answer.

        Returns the user message's id; None (nothing sent) while busy, when empty, or when
        the images alone are over the request limit (``send_refused`` says so).
        """
        text = text.lstrip("\r\n").rstrip()
        if self._busy or (not text and not attachments):
            return None
        if self._refuse_oversized(attachments):
            return None
        conversation = self._conversation
        record = conversation.add_message(
            "user", text, parent_id=conversation.tail_id(), attachments=attachments
        )
        self.message_added.emit(record.id)
        self._begin(record.id)
        return record.id

    def regenerate(self, assistant_id: int) -> int | None:
        """Stream a new version of an answer (kept beside the old ones); the new answer's id."""
        record = self._conversation.get(assistant_id)
        if self._busy or record is None or record.role != "assistant":
            return None
        answer_id = self._begin(record.parent_id)
        self.branch_changed.emit()
        return answer_id

    def edit_and_resend(self, user_id: int, new_text: str) -> int | None:
        """Start a new branch from an edited copy of a user message; the new message's id."""
        record = self._conversation.get(user_id)
        text = new_text.lstrip("\r\n").rstrip()
        if self._busy or record is None or record.role != "user" or not text:
            return None
        if self._refuse_oversized(record.attachments):
            return None
        added = self._conversation.add_message(
            "user", text, parent_id=record.parent_id, attachments=record.attachments
        )
        self.message_added.emit(added.id)
        self.branch_changed.emit()
        self._begin(added.id)
        return added.id

    def continue_answer(self, assistant_id: int) -> bool:
        """Ask the model to go on with a cut answer; the text is appended to the same message.

        Only for the last message of its branch that was interrupted or cut by max_tokens.
        """
        conversation = self._conversation
        record = conversation.get(assistant_id)
        if self._busy or record is None or record.role != "assistant":
            return False
        if conversation.tree.children(assistant_id):
            return False
        if record.status != "interrupted" and record.finish_reason != "length":
            return False
        if not conversation.stores.messages.reopen(assistant_id):
            # Gone, or already streaming (another window is continuing it): show what is stored.
            with contextlib.suppress(KeyError):
                conversation.reload(assistant_id)
            self.branch_changed.emit()
            return False
        self._begin(record.parent_id, resume=record)
        return True

    def retry(self, assistant_id: int) -> int | None:
        """Ask again: a failed answer is replaced, any other gets a new version (regenerate)."""
        conversation = self._conversation
        record = conversation.get(assistant_id)
        if self._busy or record is None or record.role != "assistant":
            return None
        if record.status != "failed" or conversation.tree.children(assistant_id):
            return self.regenerate(assistant_id)
        answer_id = self._begin(record.parent_id)
        # Deleted after the new answer exists, so SQLite never reuses the failed one's id.
        conversation.remove(assistant_id)
        self.message_removed.emit(assistant_id)
        self.branch_changed.emit()
        return answer_id

    def regenerate_from(self, parent_id: int | None) -> int | None:
        """Stream a new answer to ``parent_id`` (a user or tool message); the answer's id."""
        if self._busy:
            return None
        answer_id = self._begin(parent_id)
        self.branch_changed.emit()
        return answer_id

    def use_schema_fallback(self, assistant_id: int) -> int | None:
        """Switch to json_object with the schema in the system prompt, and ask again."""
        output = self.settings.output
        if output.mode != "json_schema" or output.schema is None:
            return None
        self._update(output=dataclasses.replace(output, schema_in_prompt=True))
        return self.retry(assistant_id)

    def submit_tool_result(self, call_id: str, content: str) -> bool:
        """Give the result of a user-defined tool call; True when ``content`` is valid JSON.

        Any text is accepted. When it was the last call of the round waiting for a result,
        the conversation continues with a new answer. ``KeyError`` if no such call waits.
        """
        conversation = self._conversation
        pending = conversation.pending_tool_calls() if not self._busy else []
        if not any(call.id == call_id for call in pending):
            raise KeyError(call_id)
        record = conversation.add_message(
            "tool", content, parent_id=conversation.tail_id(), tool_call_id=call_id
        )
        self.message_added.emit(record.id)
        if len(pending) == 1:
            self._begin(record.id)
        return toolrounds.is_json(content)

    def _refuse_oversized(self, attachments: Sequence[Mapping[str, Any]] | None) -> bool:
        """True when the images of a new message alone are over the request limit.

        ``send_refused`` then says so in one sentence; the caller saves nothing.
        """
        problem = self._conversation.oversized(attachments)
        if problem is None:
            return False
        self.send_refused.emit(problem.message(self._language()))
        return True

    def _language(self) -> str:
        try:
            return self._client_factory().language
        except Exception:  # no usable provider yet: messages in English
            return "en"

    # ---- settings ----------------------------------------------------------------------

    def _update(self, **changes: Any) -> None:
        self._conversation.update(**changes)
        self.settings_changed.emit()
