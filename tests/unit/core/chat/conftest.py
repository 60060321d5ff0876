"""Fixtures for the chat workflow tests (no Qt): a real SQLite history under ``tmp_path``, the
stores a conversation lives in, the tool registry with a fixed clock, and helpers to run a
:class:`~studio.core.chat.turn.ChatTurn` the way the window and the command line do."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.events import TurnEvent
from studio.core.chat.options import ChatSettings
from studio.core.chat.tools import ToolRegistry
from studio.core.chat.turn import ChatTurn
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.store.messages import MessageStore

FIXED_NOW = datetime(2025, 1, 6, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def stores(db: Database, tmp_path: Path) -> ChatStores:
    """Conversations, messages and attached images on ``db``."""
    return ChatStores(ConversationStore(db), MessageStore(db), ImageStore(tmp_path / "images", db))


@pytest.fixture
def registry() -> ToolRegistry:
    """The built-in tools, with a fixed clock."""
    return ToolRegistry(now=lambda: FIXED_NOW)


def new_conversation(stores: ChatStores, settings: ChatSettings | None = None) -> Conversation:
    """A new, untitled conversation (as the window's "New chat" and ``studio chat`` make)."""
    return Conversation.create(stores, settings or ChatSettings("gpt-4o"))


def ask(conversation: Conversation, text: str, turn: ChatTurn) -> list[TurnEvent]:
    """Save a user message at the end of the visible branch and begin ``turn`` under it."""
    user = conversation.add_message("user", text, parent_id=conversation.tail_id())
    return turn.begin(user.id)


async def run_turn(turn: ChatTurn) -> list[TurnEvent]:
    """Every event :meth:`ChatTurn.run` yields, in order."""
    return [event async for event in turn.run()]


async def run_cancelled(turn: ChatTurn, reached: asyncio.Event) -> list[TurnEvent]:
    """Run ``turn`` in a task, cancel it once ``reached`` is set (as Stop does), and return
    what it yielded followed by what :meth:`ChatTurn.interrupt` hands out afterwards."""
    seen: list[TurnEvent] = []

    async def consume() -> None:
        async for event in turn.run():
            seen.append(event)

    task = asyncio.ensure_future(consume())
    waiter = asyncio.ensure_future(reached.wait())
    done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    assert waiter in done, "the turn ended before the stream reached the hold"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return [*seen, *turn.interrupt()]


def kinds(events: list[TurnEvent]) -> list[str]:
    """The class names of ``events``."""
    return [type(event).__name__ for event in events]
