"""ChatTurn without Qt, with the real ApiClient against a loopback relay that writes exact bytes.

These are the cases where the HTTP shape matters: what the relay sends (SSE chunks, a cut
connection, an error status with its own message) becomes a stored answer with a status.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.core.chat.conversation import ChatStores
from studio.core.chat.events import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    MessageAdded,
    Retrying,
    TitleSet,
)
from studio.core.chat.tools import ToolRegistry
from studio.core.chat.turn import ChatTurn
from tests.fakes.raw_server import (
    Close,
    D,
    RawServer,
    U,
    content,
    error_body,
    finish,
    json_response,
    role,
    sse,
)
from tests.unit.core.chat.conftest import ask, kinds, new_conversation, run_turn

QUESTION = "Why does the sky look blue at noon but red at sunset?\nPlease keep it short."


async def _no_wait(_seconds: float) -> None:
    """Retry waits skipped (the retry policy itself is tested in tests/unit/api)."""


@pytest.fixture
async def server() -> AsyncIterator[RawServer]:
    """The scriptable loopback relay."""
    async with RawServer() as srv:
        yield srv


@pytest.fixture
async def client(server: RawServer) -> AsyncIterator[ApiClient]:
    """The real client on ``server``."""
    api = ApiClient(
        ProviderConfig(base_url=server.url, api_key="sk-test-123456", proxy_mode="none"),
        sleep=_no_wait,
    )
    yield api
    await api.aclose()


async def test_a_streamed_answer_is_saved_complete_with_usage_and_titled(
    server: RawServer, client: ApiClient, stores: ChatStores, registry: ToolRegistry
) -> None:
    server.script(
        sse(
            role(),
            content("Rayleigh "),
            content("scattering."),
            finish("stop"),
            U('{"prompt_tokens":21,"completion_tokens":4,"total_tokens":25}'),
            D,
        )
    )
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: client, registry)

    begun = ask(conversation, QUESTION, turn)
    events = await run_turn(turn)

    answer_id = turn_answer_id(begun)
    assert begun == [MessageAdded(answer_id), AnswerStarted(answer_id, begun[1].buffer)]
    assert events == [
        AnswerDelta(answer_id, text="Rayleigh "),
        AnswerDelta(answer_id, text="scattering."),
        AnswerFinished(answer_id, "complete", usage=True),
        TitleSet("Why does the sky look blue at noon but…"),
    ]
    stored = stores.messages.get(answer_id)
    assert stored is not None
    assert (stored.status, stored.text, stored.finish_reason) == (
        "complete",
        "Rayleigh scattering.",
        "stop",
    )
    assert stored.usage is not None
    assert (stored.usage["prompt_tokens"], stored.usage["total_tokens"]) == (21, 25)
    record = stores.conversations.get(conversation.id)
    assert record is not None and record.title == "Why does the sky look blue at noon but…"
    # What went over the wire: the stored user message, streamed, usage asked for.
    (sent,) = server.requests
    body = sent.json()
    assert body["messages"] == [{"role": "user", "content": QUESTION}]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


async def test_a_cut_stream_is_interrupted_and_keeps_its_text(
    server: RawServer, client: ApiClient, stores: ChatStores, registry: ToolRegistry
) -> None:
    server.script(sse(role(), content("The sky is blue be"), Close()))
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: client, registry)

    answer_id = turn_answer_id(ask(conversation, QUESTION, turn))
    events = await run_turn(turn)

    assert kinds(events) == ["AnswerDelta", "AnswerFinished"]
    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    assert finished.status == "interrupted" and not finished.failed
    assert finished.message is not None and "cut off" in finished.message
    stored = stores.messages.get(answer_id)
    assert stored is not None
    assert (stored.status, stored.text, stored.finish_reason) == (
        "interrupted",
        "The sky is blue be",
        "incomplete",
    )
    assert stored.error == finished.message
    # Only a complete answer names the conversation.
    record = stores.conversations.get(conversation.id)
    assert record is not None and record.title == ""


@pytest.mark.parametrize(
    ("status", "server_says", "tries"),
    [
        (500, "upstream channel exploded", 3),  # retried before any output, then given up
        (401, "Invalid token (request id: 20250106abc)", 1),  # never retried
    ],
)
async def test_an_error_status_fails_the_answer_with_the_servers_message(
    server: RawServer,
    client: ApiClient,
    stores: ChatStores,
    registry: ToolRegistry,
    status: int,
    server_says: str,
    tries: int,
) -> None:
    server.script(json_response(error_body(server_says), status=status))
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: client, registry)

    answer_id = turn_answer_id(ask(conversation, "Hello", turn))
    events = await run_turn(turn)

    assert len(server.requests) == tries
    retries = [e.attempt for e in events if isinstance(e, Retrying)]
    assert retries == list(range(1, tries))
    assert kinds(events) == ["Retrying"] * (tries - 1) + ["AnswerFinished"]
    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    assert finished.status == "failed" and finished.failed
    server_words = server_says.split(" (request id")[0]
    assert finished.message is not None and server_words in finished.message
    assert f"HTTP {status}" in finished.details
    stored = stores.messages.get(answer_id)
    assert stored is not None
    assert (stored.status, stored.text, stored.error) == ("failed", "", finished.message)
    assert "sk-test-123456" not in finished.details


def turn_answer_id(begun: list[object]) -> int:
    """The answer id announced by the events of :meth:`ChatTurn.begin`."""
    started = [e for e in begun if isinstance(e, AnswerStarted)]
    assert len(started) == 1
    return started[0].message_id
