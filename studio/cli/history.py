"""Saving a CLI chat turn to the history database as it streams."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from studio.api.chat import ChatResult
from studio.config.paths import DataPaths
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.store.messages import MessageStore, Status


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
        images: list[tuple[bytes, str, str]],
    ) -> TurnRecorder:
        """Create the conversation, save the user message (its images go to the image
        store, referenced by hash) and start the answer."""
        db = Database(paths.database)
        conversations = ConversationStore(db)
        messages = MessageStore(db)
        store = ImageStore(paths.images, db)
        refs: list[dict[str, Any]] = []
        for data, mime, ext in images:
            width, height = _size(data)
            image_hash = store.put(data, ext, mime, width, height)
            refs.append({"hash": image_hash, "mime": mime, "width": width, "height": height})
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


def _size(data: bytes) -> tuple[int, int]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # the relay may still read what Pillow cannot (e.g. HEIC without plugin)
        return 0, 0
