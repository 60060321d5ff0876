"""Fixtures for the chat-session tests: a real database file, the demo relay, a ChatManager.

Tests about what the session does with an answer (not how it travels over HTTP) use
``fake_client`` and ``fake_manager``: a scripted :class:`~tests.fakes.fake_client.FakeClient`.

The ``run`` fixture (tests/qt/conftest.py) runs a coroutine on the qasync loop; inside it,
:func:`expect` turns the next emission of a signal into an awaitable future.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.session.chat import ChatManager, ToolRegistry
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore
from tests.fakes.fake_client import FakeClient
from tests.fakes.raw_server import RawServer

FIXED_NOW = datetime(2025, 1, 6, 12, 0, 0, tzinfo=UTC)  # a Monday


async def _no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.fixture
def stores(db: Database) -> tuple[ConversationStore, MessageStore]:
    """The conversation and message stores on ``db``."""
    return ConversationStore(db), MessageStore(db)


@pytest.fixture
def make_client(run: Callable[[Awaitable[Any]], Any]) -> Iterator[Callable[[str], ApiClient]]:
    """Clients for a base URL (retry waits skipped); closed after the test."""
    clients: list[ApiClient] = []

    def build(base_url: str) -> ApiClient:
        client = ApiClient(ProviderConfig(base_url=base_url, name="test"), sleep=_no_wait)
        clients.append(client)
        return client

    yield build
    for client in clients:
        run(client.aclose())


@pytest.fixture
def raw_server(run: Callable[[Awaitable[Any]], Any]) -> Iterator[RawServer]:
    """A scriptable loopback relay (tests/fakes/raw_server.py)."""
    server = run(RawServer().start())
    yield server
    run(server.aclose())


@pytest.fixture
def registry() -> ToolRegistry:
    """The tool registry with a fixed clock."""
    return ToolRegistry(now=lambda: FIXED_NOW)


@pytest.fixture
def make_manager(
    stores: tuple[ConversationStore, MessageStore],
    make_client: Callable[[str], ApiClient],
    registry: ToolRegistry,
    relay: DemoRelay,
) -> Callable[..., ChatManager]:
    """A ChatManager on the test database talking to ``base_url`` (the demo relay by default)."""

    def build(base_url: str | None = None) -> ChatManager:
        client = make_client(base_url or relay.base_url)
        conversations, messages = stores
        return ChatManager(conversations, messages, lambda: client, registry)

    return build


@pytest.fixture
def manager(make_manager: Callable[..., ChatManager]) -> ChatManager:
    """A ChatManager talking to the demo relay."""
    return make_manager()


@pytest.fixture
def fake_client(run: Callable[[Awaitable[Any]], Any]) -> Iterator[FakeClient]:
    """A scripted fake API client (tests/fakes/fake_client.py); closed after the test."""
    client = FakeClient()
    yield client
    run(client.aclose())


@pytest.fixture
def fake_manager(
    stores: tuple[ConversationStore, MessageStore], fake_client: FakeClient, registry: ToolRegistry
) -> ChatManager:
    """A ChatManager on the test database whose answers come from ``fake_client``."""
    conversations, messages = stores
    return ChatManager(conversations, messages, lambda: fake_client, registry)
