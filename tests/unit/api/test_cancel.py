"""Cancelling a chat closes the connection at once (ARCHITECTURE.md, "The async service layer").

The Stop button cancels the task that iterates ``client.chat``; the relay must see the socket
close (so it stops generating and billing), and the task must end with CancelledError.
"""

from __future__ import annotations

import asyncio

import pytest

from studio.api import events as ev
from tests.fakes.raw_server import Gate, canonical, content, json_response, role, sse

GUARD = 10.0  # fail instead of hanging forever if the client never lets go


async def _consume(client, request, events: list, first_text: asyncio.Event) -> None:
    async for event in client.chat(request):
        events.append(event)
        if isinstance(event, ev.TextDelta) and event.text:
            first_text.set()


async def test_cancel_after_first_token_closes_the_connection(chat, raw_server):
    """One chunk, then the server blocks; cancelling closes the socket without opening the gate."""
    gate = Gate()
    raw_server.script(sse(role(), content("Hi"), gate, content(" there"), *canonical()[2:]))
    client = chat.client()
    events: list = []
    first_text = asyncio.Event()
    task = asyncio.create_task(_consume(client, chat.request(), events, first_text))
    await asyncio.wait_for(first_text.wait(), GUARD)

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    await asyncio.wait_for(raw_server.requests[0].client_closed.wait(), GUARD)
    assert not gate.opened.is_set()
    assert [e.text for e in events if isinstance(e, ev.TextDelta) and e.text] == ["Hi"]
    assert not any(isinstance(e, ev.Finish) for e in events)
    assert len(raw_server.requests) == 1


async def test_cancel_while_waiting_for_headers(chat, raw_server):
    """Cancelling before the relay answered at all also closes the connection."""
    gate = Gate()
    raw_server.script([gate, *sse(*canonical())])
    client = chat.client()
    task = asyncio.create_task(_consume(client, chat.request(), [], asyncio.Event()))
    await asyncio.wait_for(gate.reached.wait(), GUARD)

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.wait_for(raw_server.requests[0].client_closed.wait(), GUARD)
    assert not gate.opened.is_set()


async def test_cancel_during_retry_wait_sends_nothing_more(chat, raw_server):
    """Cancelling during a Retry-After wait stops there: no second request is sent."""
    rate = {"error": {"message": "slow down", "type": "rate_limit", "code": "rate_limit"}}
    raw_server.script(json_response(rate, 429, headers={"Retry-After": "30"}), sse(*canonical()))
    client = chat.client(real_sleep=True)
    retrying = asyncio.Event()

    async def consume() -> None:
        async for event in client.chat(chat.request()):
            if isinstance(event, ev.Retrying):
                retrying.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(retrying.wait(), GUARD)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(raw_server.requests) == 1


async def test_client_still_works_after_a_cancel(chat, raw_server):
    """A cancelled stream does not poison the connection pool: the next chat succeeds."""
    gate = Gate()
    raw_server.script(sse(role(), content("Hi"), gate, *canonical()[2:]), sse(*canonical()))
    client = chat.client()
    first_text = asyncio.Event()
    task = asyncio.create_task(_consume(client, chat.request(), [], first_text))
    await asyncio.wait_for(first_text.wait(), GUARD)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    out = await chat.run(client=client)
    assert out.error is None, repr(out.error)
    assert out.text() == "Hello"
    assert len(raw_server.requests) == 2
    assert not gate.opened.is_set()
