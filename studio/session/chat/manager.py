"""The list of conversations and the open :class:`ConversationSession` objects.

:class:`ChatManager` is what the sidebar talks to: it lists, creates, renames, pins, deletes
(with undo), searches and exports conversations, and hands out one cached session per open
conversation, so that several conversations can stream at the same time. Constructing it
turns answers left ``streaming`` by a crash into ``interrupted``.

A new chat is a :class:`ChatDraft` (:meth:`ChatManager.draft`, from an assistant or not)
until its first message: its settings can be changed at once, and :meth:`ChatManager.start`
stores it with them when that message is sent. An unused new chat leaves nothing behind.
It also holds what every chat shares: the library of user functions and the assistants.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from studio.api.http import HttpSession
from studio.core.chat.assistants import AssistantBook
from studio.core.chat.options import ChatSettings
from studio.core.chat.tools import ToolRegistry
from studio.session.chat.assistants import AssistantsSession
from studio.session.chat.attachments import AttachmentService
from studio.session.chat.conversation import ClientFactory, ConversationSession
from studio.session.chat.functions import FunctionLibrarySession
from studio.session.chat.options import ChatDraft
from studio.store.assistants import AssistantStore
from studio.store.conversations import ConversationRecord, ConversationStore, SearchHit
from studio.store.database import StoreError
from studio.store.export import ExportFormat, export_all, export_conversation
from studio.store.functions import FunctionStore
from studio.store.images import ImageStore
from studio.store.messages import MessageStore

OUTSIDE_CHECK_MS = 4000
"""How often the history file is checked for another process's writes."""


class ChatManager(QObject):
    """Conversations as a whole, and a session per open conversation.

    Signals:
        conversations_changed(): the list changed (new, renamed, pinned, deleted, restored,
            a new message moved one to the top, or an automatic title was set).
        conversation_deleted(int): a conversation went to the trash; :meth:`undo_delete`
            brings it back.

    Another process may write to the same history (``studio chat``): after
    :meth:`watch_outside_changes`, or when :meth:`check_outside_changes` is called (the
    window does when it gets the focus back), its changes are announced the same way.
    """

    conversations_changed = Signal()
    conversation_deleted = Signal(int)

    def __init__(
        self,
        conversations: ConversationStore,
        messages: MessageStore,
        client_factory: ClientFactory,
        tools: ToolRegistry,
        *,
        clock: Callable[[], float] = time.monotonic,
        images: ImageStore | None = None,
        functions: FunctionStore | None = None,
        assistants: AssistantStore | None = None,
        recover_interrupted: bool = True,
        parent: QObject | None = None,
    ) -> None:
        """Use the stores; ``client_factory`` is called for every request, so a provider
        change takes effect on the next answer (the caller owns and closes the clients).
        The function library and the assistants live in the conversations' database unless
        other stores are given.

        With ``recover_interrupted`` (no other Studio process uses the history, see
        :mod:`studio.store.presence`) answers a crash left ``streaming`` become
        ``interrupted``."""
        super().__init__(parent)
        self._conversations = conversations
        self._messages = messages
        self._client_factory = client_factory
        self._tools = tools
        self._clock = clock
        self._images = images
        database = conversations.database
        function_store = functions if functions is not None else FunctionStore(database)
        self._library = FunctionLibrarySession(function_store, tools, self)
        book = AssistantBook(
            assistants if assistants is not None else AssistantStore(database),
            function_store,
            tools,
        )
        self._assistants = AssistantsSession(book, self._library, self)
        self._sessions: dict[int, ConversationSession] = {}
        self._attachments: AttachmentService | None = None
        self.recovered_at_startup = (
            messages.mark_interrupted_at_startup() if recover_interrupted else 0
        )
        """How many answers a crash had left 'streaming' (now 'interrupted')."""
        self._outside_version = conversations.data_version()
        self._outside_timer = QTimer(self)
        self._outside_timer.timeout.connect(self.check_outside_changes)

    def watch_outside_changes(self, interval_ms: int = OUTSIDE_CHECK_MS) -> None:
        """Look for conversations written by another process (``studio chat`` on the same
        data folder) every ``interval_ms``: one cheap read of the file's change counter."""
        self._outside_timer.start(interval_ms)

    def check_outside_changes(self) -> bool:
        """Announce :attr:`conversations_changed` when another process wrote to the history
        since the last look (this process's own writes do not count); True if it did."""
        try:
            version = self._conversations.data_version()
        except StoreError:
            return False  # closed (shutting down) or unreadable: try again next time
        if version == self._outside_version:
            return False
        self._outside_version = version
        self.conversations_changed.emit()
        return True

    @property
    def attachments(self) -> AttachmentService | None:
        """Image attachments (prepare, store, read back); None without an image store."""
        if self._attachments is None and self._images is not None:
            self._attachments = AttachmentService(self._images, self._language, self._http)
        return self._attachments

    def _language(self) -> str:
        try:
            return self._client_factory().language
        except Exception:  # no usable provider yet: messages in English
            return "en"

    def _http(self) -> HttpSession | None:
        try:
            return self._client_factory().http
        except Exception:  # no usable provider yet: image addresses on a short-lived client
            return None

    @property
    def tools(self) -> ToolRegistry:
        """The tool registry shared by every conversation."""
        return self._tools

    @property
    def functions(self) -> FunctionLibrarySession:
        """The library of user functions every chat enables from."""
        return self._library

    @property
    def assistants(self) -> AssistantsSession:
        """The saved assistants (presets a new chat starts from)."""
        return self._assistants

    # ---- the list ----------------------------------------------------------------------

    def conversations(self) -> list[ConversationRecord]:
        """Conversations not in the trash: pinned first, then the most recent first."""
        return self._conversations.list()

    def get(self, conversation_id: int) -> ConversationRecord | None:
        """One conversation's record (also when in the trash)."""
        return self._conversations.get(conversation_id)

    def latest(self) -> int | None:
        """The most recently updated conversation, to reopen at start-up."""
        return self._conversations.latest()

    def draft(self, model: str, assistant_id: int | None = None) -> ChatDraft:
        """A new chat's settings before its first message: the defaults with ``model``, or
        those of assistant ``assistant_id`` (``model`` when it names none; the defaults
        when it was deleted). Nothing is stored until :meth:`start`."""
        assistant = self._assistants.get(assistant_id) if assistant_id is not None else None
        settings = (
            assistant.chat_settings(model)
            if assistant is not None
            else ChatSettings(model=model.strip())
        )
        return ChatDraft(settings, self._tools, self._library, assistant=assistant, parent=self)

    def start(self, draft: ChatDraft) -> int:
        """Store a new chat with the settings of ``draft`` (and its assistant's name); its id."""
        assistant = draft.assistant
        settings = draft.settings
        conversation_id = self._conversations.create(
            "",
            settings.model,
            settings.system_prompt or None,
            settings.to_params(),
            assistant=assistant.name if assistant is not None else None,
        )
        self.conversations_changed.emit()
        return conversation_id

    def new_conversation(
        self,
        model: str,
        *,
        system_prompt: str = "",
        like: int | None = None,
    ) -> int:
        """Create an empty conversation with ``model``; return its id.

        With ``like`` the settings (system prompt, parameters, output mode, tools) are
        copied from that conversation.
        """
        settings = ChatSettings(model=model.strip(), system_prompt=system_prompt)
        source = self._conversations.get(like) if like is not None else None
        if source is not None:
            copied = ChatSettings.from_record(source)
            settings = ChatSettings(
                model=settings.model or copied.model,
                system_prompt=system_prompt or copied.system_prompt,
                params=copied.params,
                extra_body=copied.extra_body,
                output=copied.output,
                tools=copied.tools,
                image_policy=copied.image_policy,
            )
        conversation_id = self._conversations.create(
            "", settings.model, settings.system_prompt or None, settings.to_params()
        )
        self.conversations_changed.emit()
        return conversation_id

    def rename(self, conversation_id: int, title: str) -> None:
        """Give a conversation a title (an empty title lets the automatic one be set)."""
        self._conversations.rename(conversation_id, " ".join(title.split()))
        self.conversations_changed.emit()

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """Pin to the top of the list, or unpin."""
        self._conversations.set_pinned(conversation_id, pinned)
        self.conversations_changed.emit()

    def delete(self, conversation_id: int) -> None:
        """Move to the trash (a streaming answer is stopped and kept); undo with
        :meth:`undo_delete`."""
        session = self._sessions.get(conversation_id)
        if session is not None:
            session.stop()
        self._conversations.delete(conversation_id)
        self.conversation_deleted.emit(conversation_id)
        self.conversations_changed.emit()

    def undo_delete(self, conversation_id: int) -> None:
        """Take a conversation out of the trash."""
        self._conversations.restore(conversation_id)
        self.conversations_changed.emit()

    def purge(self, conversation_id: int) -> None:
        """Delete a conversation for good (no undo)."""
        session = self._sessions.pop(conversation_id, None)
        if session is not None:
            session.stop()
        self._conversations.purge(conversation_id)
        self.conversations_changed.emit()

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages containing every word of ``query`` (Chinese substrings too)."""
        return self._conversations.search(query, limit)

    def export(self, conversation_id: int | None, fmt: ExportFormat) -> str:
        """One conversation (or all, with None) as Markdown (``md``) or JSON (``json``)."""
        if conversation_id is None:
            return export_all(self._conversations, self._messages, fmt, images=self._images)
        return export_conversation(
            self._conversations, self._messages, conversation_id, fmt, images=self._images
        )

    # ---- sessions ----------------------------------------------------------------------

    def open(self, conversation_id: int) -> ConversationSession:
        """The session of a conversation (the same object while it stays open)."""
        session = self._sessions.get(conversation_id)
        if session is None:
            session = ConversationSession(
                conversation_id,
                self._conversations,
                self._messages,
                self._client_factory,
                self._tools,
                clock=self._clock,
                images=self._images,
                library=self._library,
                parent=self,
            )
            session.message_added.connect(self._on_session_changed)
            session.title_changed.connect(self._on_session_changed)
            self._sessions[conversation_id] = session
        return session

    def session(self, conversation_id: int) -> ConversationSession | None:
        """The session of a conversation if it is open."""
        return self._sessions.get(conversation_id)

    def close(self, conversation_id: int) -> bool:
        """Forget an idle session (False, and kept, while it streams)."""
        session = self._sessions.get(conversation_id)
        if session is None:
            return True
        if session.busy:
            return False
        del self._sessions[conversation_id]
        session.deleteLater()
        return True

    def streaming(self) -> list[int]:
        """The conversations streaming an answer right now."""
        return [cid for cid, s in self._sessions.items() if s.busy]

    def stop_all(self) -> None:
        """Stop every stream now (the text so far is saved at once)."""
        for session in self._sessions.values():
            session.stop()

    async def aclose(self) -> None:
        """Stop every stream and wait until each answer is saved (call before quitting)."""
        self.stop_all()
        await asyncio.gather(*(s.wait() for s in self._sessions.values()))

    def _on_session_changed(self, *_args: object) -> None:
        self.conversations_changed.emit()
