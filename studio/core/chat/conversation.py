"""One conversation's state: its message tree, the branch shown, and its settings.

:class:`Conversation` is what a chat turn (:mod:`studio.core.chat.turn`) works on and what the
window's session and the command line both read: every message is saved in the store when it
is added and put in the tree at once; the versions and branch picked are remembered with the
conversation; settings changes are stored. It knows nothing of Qt or of the network.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.core.chat import toolrounds
from studio.core.chat.answer import AnswerBuffer
from studio.core.chat.functions import offered_settings
from studio.core.chat.options import ChatSettings
from studio.core.chat.request_images import request_limit
from studio.core.chat.request_messages import stored_hash
from studio.core.chat.titles import make_title
from studio.core.chat.tree import MessageTree
from studio.media.limits import RequestTooLarge, images_to_leave_out
from studio.store.conversations import ConversationStore
from studio.store.database import StoreError
from studio.store.functions import FunctionStore
from studio.store.images import ImageStore
from studio.store.messages import MessageRecord, MessageStore, Role

log = logging.getLogger(__name__)

USAGE_KEYS = (
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "cached_tokens",
    "reasoning_tokens",
)


@dataclass(frozen=True)
class ChatStores:
    """The stores a conversation lives in (``images`` holds attached images; without it they
    are sent as text notes only; ``functions`` is the library of user functions a chat
    enables by id, without it only a chat's own functions are offered)."""

    conversations: ConversationStore
    messages: MessageStore
    images: ImageStore | None = None
    functions: FunctionStore | None = None


class Conversation:
    """A conversation's messages (all branches), the visible branch and the settings."""

    def __init__(self, conversation_id: int, stores: ChatStores) -> None:
        """Load conversation ``conversation_id`` (``KeyError`` if it does not exist)."""
        record = stores.conversations.get(conversation_id)
        if record is None:
            raise KeyError(conversation_id)
        self.id = conversation_id
        self.stores = stores
        self._settings = ChatSettings.from_record(record)
        self.tree = MessageTree(stores.messages.list(conversation_id))
        self._selection: dict[int | None, int] = {}
        self._streaming: AnswerBuffer | None = None
        if record.leaf_id is not None and record.leaf_id in self.tree:
            # Show the versions and branches picked last time.
            for message in self.tree.path_to(record.leaf_id):
                self._selection[message.parent_id] = message.id

    @classmethod
    def create(
        cls, stores: ChatStores, settings: ChatSettings, *, assistant: str | None = None
    ) -> Conversation:
        """A new, untitled conversation with ``settings`` (it is titled after its first
        complete answer, by :meth:`auto_title`, in the window and the command line alike);
        ``assistant`` names the assistant they were copied from."""
        conversation_id = stores.conversations.create(
            "",
            settings.model,
            settings.system_prompt or None,
            settings.to_params(),
            assistant=assistant,
        )
        return cls(conversation_id, stores)

    # ---- reading ----------------------------------------------------------------------------

    @property
    def settings(self) -> ChatSettings:
        """The settings the next request will use."""
        return self._settings

    def offered_settings(self) -> ChatSettings:
        """The settings with the enabled library functions resolved into definitions: what
        the next request sends (a function deleted from the library is left out)."""
        return offered_settings(self._settings, self.stores.functions)

    @property
    def images(self) -> ImageStore | None:
        """The store of attached images, if any."""
        return self.stores.images

    def get(self, message_id: int) -> MessageRecord | None:
        """The stored message (without the live text of a streaming answer)."""
        return self.tree.get(message_id)

    def message(self, message_id: int) -> MessageRecord | None:
        """A message (with the live text while it streams)."""
        record = self.tree.get(message_id)
        return None if record is None else self._live(record)

    def branch(self) -> list[MessageRecord]:
        """The visible branch, root first (the streaming answer with its text so far)."""
        return [self._live(r) for r in self.tree.visible_branch(self._selection)]

    def tail_id(self) -> int | None:
        """The last message of the visible branch."""
        branch = self.tree.visible_branch(self._selection)
        return branch[-1].id if branch else None

    def path_to(self, message_id: int | None) -> list[MessageRecord]:
        """The messages from the root to ``message_id`` (empty for None)."""
        return self.tree.path_to(message_id) if message_id is not None else []

    def versions(self, message_id: int) -> tuple[int, int]:
        """``(index, count)`` of ``message_id`` among its versions; index starts at 1."""
        siblings = [r.id for r in self.tree.siblings(message_id)]
        return siblings.index(message_id) + 1, len(siblings)

    def pending_tool_calls(self) -> list[toolrounds.PendingCall]:
        """Calls at the end of the branch still waiting for a result."""
        return toolrounds.pending_calls(self.branch())

    def usage_totals(self) -> dict[str, int]:
        """Tokens used by every answer of the conversation (all versions), and ``answers``."""
        totals = dict.fromkeys(USAGE_KEYS, 0)
        totals["answers"] = 0
        for record in self.tree.records():
            if record.usage:
                totals["answers"] += 1
                for key in USAGE_KEYS:
                    value = record.usage.get(key)
                    if isinstance(value, int):
                        totals[key] += value
        return totals

    # ---- changing ---------------------------------------------------------------------------

    def add_message(
        self,
        role: Role,
        text: str,
        *,
        parent_id: int | None,
        attachments: Sequence[Mapping[str, Any]] | None = None,
        tool_call_id: str | None = None,
        model: str | None = None,
    ) -> MessageRecord:
        """Save a message under ``parent_id``, show it, and return it."""
        message_id = self.stores.messages.add(
            self.id,
            role,
            text,
            parent_id=parent_id,
            attachments=attachments,
            tool_call_id=tool_call_id,
            model=model,
        )
        return self.adopt(message_id)

    def start_answer(self, parent_id: int | None) -> MessageRecord:
        """Save an empty ``streaming`` answer under ``parent_id`` and show it; the output
        settings it is requested with are stored with it (it is judged by them)."""
        answer_id = self.stores.messages.start_answer(
            self.id,
            self._settings.model,
            parent_id=parent_id,
            output=self._settings.output.to_dict(),
        )
        return self.adopt(answer_id)

    def adopt(self, message_id: int) -> MessageRecord:
        """Load a newly saved message into the tree, select it and remember the branch."""
        record = self.reload(message_id)
        self._selection[record.parent_id] = record.id
        self.remember_branch()
        return record

    def reload(self, message_id: int) -> MessageRecord:
        """Read a message again from the store (``KeyError`` when it is gone)."""
        record = self.stores.messages.get(message_id)
        if record is None:
            raise KeyError(message_id)
        self.tree.put(record)
        return record

    def remove(self, message_id: int) -> None:
        """Delete a message from the store and the tree."""
        self.stores.messages.delete(message_id)
        self.tree.remove(message_id)

    def select(self, message_id: int) -> None:
        """Show ``message_id`` among its versions."""
        record = self.tree.get(message_id)
        if record is not None:
            self._selection[record.parent_id] = record.id

    def select_version(self, message_id: int, index: int) -> None:
        """Show version ``index`` (1-based) of the turn ``message_id`` belongs to."""
        siblings = self.tree.siblings(message_id)
        if not 1 <= index <= len(siblings):
            raise IndexError(f"version {index} of {len(siblings)}")
        chosen = siblings[index - 1]
        self._selection[chosen.parent_id] = chosen.id
        self.remember_branch()

    def remember_branch(self) -> None:
        """Store the end of the visible branch, to show the same one when reopened."""
        try:
            self.stores.conversations.set_leaf(self.id, self.tail_id())
        except StoreError:
            log.warning("could not remember the branch of conversation %s", self.id)

    def update(self, **changes: Any) -> None:
        """Change and store settings (names of :class:`ChatSettings` fields)."""
        self._settings = dataclasses.replace(self._settings, **changes)
        self.stores.conversations.update_settings(
            self.id,
            model=self._settings.model if "model" in changes else None,
            system_prompt=self._settings.system_prompt if "system_prompt" in changes else None,
            params=self._settings.to_params(),
        )

    def auto_title(self) -> str | None:
        """Give an untitled conversation the title of its first user message; the title, or
        None when it had one (or has no text to take one from)."""
        record = self.stores.conversations.get(self.id)
        if record is None or record.title.strip():
            return None
        first = next(
            (
                m
                for m in self.tree.visible_branch(self._selection)
                if m.role == "user" and m.text.strip()
            ),
            None,
        )
        if first is None:
            return None
        title = make_title(first.text)
        self.stores.conversations.rename(self.id, title)
        return title

    def oversized(self, attachments: Sequence[Mapping[str, Any]] | None) -> RequestTooLarge | None:
        """The problem when the images of a new message alone are over the request limit."""
        images = self.stores.images
        if not attachments or images is None:
            return None
        sizes: list[int] = []
        for ref in attachments:
            image_hash = stored_hash(ref)
            try:
                info = images.info(image_hash) if image_hash is not None else None
            except ValueError:  # not a hash: sent as a note, like a missing file
                info = None
            if info is not None:
                sizes.append(info.bytes)
        try:
            images_to_leave_out(sizes, 0, request_limit(self._settings.model))
        except RequestTooLarge as error:
            return error
        return None

    # ---- the streaming answer ---------------------------------------------------------------

    def stream_into(self, buffer: AnswerBuffer | None) -> None:
        """Show ``buffer``'s live text for its message (None: no answer streams)."""
        self._streaming = buffer

    @property
    def streaming(self) -> AnswerBuffer | None:
        """The buffer of the answer streaming now, if any."""
        return self._streaming

    def _live(self, record: MessageRecord) -> MessageRecord:
        buffer = self._streaming
        if buffer is None or buffer.message_id != record.id:
            return record
        return dataclasses.replace(
            record, text=buffer.text, reasoning=buffer.reasoning or None, status="streaming"
        )
