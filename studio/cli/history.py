"""Saving a CLI chat turn to the history database as it streams."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.api.chat import ChatResult
from studio.config.paths import DataPaths
from studio.media.prepare import PreparedImage
from studio.session.chat.attachments import reference
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.store.messages import MessageStore, Status


@dataclass(frozen=True)
class HistoryImage:
    """An image of the turn: a prepared image (``name``; ``source_url`` when it was fetched
    from an address), or an address sent as is (``url``)."""

    prepared: PreparedImage | None
    name: str
    url: str = ""
    source_url: str = ""
    detail: str = "auto"

    def reference(self, store: ImageStore) -> dict[str, Any]:
        """The message reference, the same shape the chat window stores."""
        if self.prepared is None:
            return {
                "hash": "",
                "name": self.name,
                "url": self.url,
                "source_url": self.url,
                "detail": self.detail,
            }
        prepared = self.prepared
        image_hash = store.put(
            prepared.data, prepared.ext, prepared.mime, prepared.width, prepared.height
        )
        ref = reference(prepared, image_hash, self.name)
        if self.source_url:
            ref["source_url"] = self.source_url
        return ref


@dataclass
class TurnRecorder:
    """Writes the user message at once and the answer while it streams."""

    db: Database
    messages: MessageStore
    answer_id: int
    model: str
    error: str | None = None

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        model: str,
        system: str | None,
        prompt: str,
        images: list[HistoryImage],
    ) -> TurnRecorder:
        """Create the conversation, save the user message (its images go to the image
        store, referenced by hash, as the window references them) and start the answer."""
        db = Database(paths.database)
        conversations = ConversationStore(db)
        messages = MessageStore(db)
        store = ImageStore(paths.images, db)
        refs = [image.reference(store) for image in images]
        title = " ".join(prompt.split())[:60] or "Chat"
        conversation = conversations.create(title, model, system_prompt=system)
        user_id = messages.add(conversation, "user", prompt, model=model, attachments=refs or None)
        answer_id = messages.start_answer(conversation, model, parent_id=user_id)
        return cls(db, messages, answer_id, model)

    def progress(self, result: ChatResult) -> None:
        """Save the text so far (called at least every half second while streaming)."""
        self.messages.update_streaming(self.answer_id, result.text, result.reasoning)

    def finish(self, result: ChatResult, status: Status) -> None:
        """Save the final answer with its status, usage and tool calls, and close."""
        try:
            finish = result.finish
            self.messages.finish(
                self.answer_id,
                status,
                text=result.text,
                reasoning=result.reasoning,
                refusal=result.refusal or None,
                finish_reason=finish.reason if finish else None,
                usage=result.usage.to_dict() if result.usage else None,
                tool_calls=[c.to_message_dict() for c in result.tool_calls] or None,
                error=self.error,
            )
        finally:
            self.db.close()
