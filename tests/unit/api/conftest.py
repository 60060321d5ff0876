"""Fixtures for the service-layer conformance tests: a raw loopback server and a chat harness.

``raw_server`` is a :class:`tests.fakes.raw_server.RawServer` on a random loopback port.
``chat`` wraps it with an :class:`studio.api.client.ApiClient` and runs one chat request,
recording every event, the :class:`~studio.api.errors.ApiError` that ended it (if any), the
``ChatResult`` that ``collect_chat`` builds from the same events, and the retry delays (the
client's ``sleep`` is replaced by a recorder, so retries cost no time).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.fakes.raw_server import RawServer, RecordedRequest, Step

SECRET = "sk-test"
HANG_GUARD = 20.0  # a client that never finishes fails the test instead of blocking the run


@pytest.fixture
async def raw_server() -> AsyncIterator[RawServer]:
    """A started :class:`RawServer`; stopped (and every connection dropped) afterwards."""
    server = RawServer()
    await server.start()
    try:
        yield server
    finally:
        await server.aclose()


def check_error_hygiene(error: Exception) -> None:
    """What every error shown to a person must satisfy (ARCHITECTURE.md, protocol.md §2)."""
    message = getattr(error, "message", str(error))
    assert "\n" not in message, f"error message is not one line: {message!r}"
    assert message.strip(), "error message is empty"
    assert SECRET not in str(error), "the API key leaked into str(error)"
    details = error.copyable_details()  # type: ignore[attr-defined]
    assert SECRET not in details, "the API key leaked into copyable_details()"
    assert "<html" not in message.lower(), f"HTML dumped into the message: {message!r}"
    server_message = getattr(error, "server_message", None)
    if server_message:
        assert "request id:" not in server_message.lower(), server_message


@dataclass
class Outcome:
    """Everything one chat call produced."""

    events: list[Any]
    error: Exception | None
    result: Any
    requests: list[RecordedRequest]
    sleeps: list[float]

    def of(self, kind: type) -> list[Any]:
        """The events of one type, in order."""
        return [e for e in self.events if isinstance(e, kind)]

    def text(self, choice: int = 0) -> str:
        """The answer text as the TextDelta events spelled it."""
        from studio.api import events as ev

        return "".join(e.text for e in self.of(ev.TextDelta) if e.choice == choice)

    def reasoning(self, choice: int = 0) -> str:
        """The reasoning text as the ReasoningDelta events spelled it."""
        from studio.api import events as ev

        return "".join(e.text for e in self.of(ev.ReasoningDelta) if e.choice == choice)

    def refusal(self, choice: int = 0) -> str:
        """The refusal as the RefusalDelta events spelled it."""
        from studio.api import events as ev

        return "".join(e.text for e in self.of(ev.RefusalDelta) if e.choice == choice)

    def tool_calls(self, choice: int = 0) -> list[Any]:
        """The assembled ToolCall events of one candidate."""
        from studio.api import events as ev

        return [e for e in self.of(ev.ToolCall) if e.choice == choice]

    def finishes(self, choice: int | None = 0) -> list[Any]:
        """The Finish events (of one candidate, or all with ``choice=None``)."""
        from studio.api import events as ev

        return [e for e in self.of(ev.Finish) if choice is None or e.choice == choice]

    @property
    def finish(self) -> Any:
        """The one Finish event of candidate 0 (asserts there is at most one)."""
        found = self.finishes(0)
        assert len(found) <= 1, f"more than one Finish for choice 0: {found}"
        return found[0] if found else None

    @property
    def usage(self) -> Any:
        """The last Usage event, or None."""
        from studio.api import events as ev

        found = self.of(ev.Usage)
        return found[-1] if found else None

    def answer_events(self) -> list[Any]:
        """Events other than Retrying/KeepAlive (what a person would see in the bubble)."""
        from studio.api import events as ev

        return [e for e in self.events if not isinstance(e, ev.Retrying | ev.KeepAlive)]


@dataclass
class ChatHarness:
    """Runs chat requests from a real :class:`ApiClient` against the raw server."""

    server: RawServer
    sleeps: list[float] = field(default_factory=list)
    _clients: list[Any] = field(default_factory=list)

    async def fake_sleep(self, delay: float) -> None:
        """Stands in for ``asyncio.sleep`` in the client's retry loop: records, never waits."""
        self.sleeps.append(delay)
        await asyncio.sleep(0)

    def client(
        self,
        *,
        base_url: str | None = None,
        api_key: str = SECRET,
        language: str = "en",
        real_sleep: bool = False,
        **config: Any,
    ) -> Any:
        """A new ApiClient for the server (closed at teardown)."""
        from studio.api.client import ApiClient
        from studio.api.provider import ProviderConfig

        provider = ProviderConfig(base_url=base_url or self.server.url, api_key=api_key, **config)
        kwargs: dict[str, Any] = {"language": language}
        if not real_sleep:
            kwargs["sleep"] = self.fake_sleep
        made = ApiClient(provider, **kwargs)
        self._clients.append(made)
        return made

    def request(self, **fields: Any) -> Any:
        """A ChatRequest for model "m" with one user message, overridden by ``fields``."""
        from studio.api.chat import ChatRequest

        fields.setdefault("model", "m")
        fields.setdefault("messages", [{"role": "user", "content": "hi"}])
        return ChatRequest(**fields)

    async def run(self, *scripts: Sequence[Step], client: Any = None, **fields: Any) -> Outcome:
        """Script the server, send one chat request, and record what came back.

        ``scripts`` answer the first, second … request (the last one repeats). Only
        :class:`ApiError` is caught; anything else (a crash) fails the test.
        """
        from studio.api import errors as E
        from studio.api.chat import collect_chat

        if scripts:
            self.server.script(*scripts)
        client = client or self.client()
        request = self.request(**fields)
        events: list[Any] = []
        error: Exception | None = None
        self.sleeps.clear()
        first_request = len(self.server.requests)
        guard = asyncio.timeout(HANG_GUARD)
        try:
            async with guard:
                async for event in client.chat(request):
                    events.append(event)
        except E.ApiError as exc:
            error = exc
        except TimeoutError:
            if guard.expired():
                pytest.fail(f"the chat call did not finish within {HANG_GUARD} s (it hangs)")
            raise
        if error is not None:
            check_error_hygiene(error)

        async def replay() -> AsyncIterator[Any]:
            for event in events:
                yield event
            if error is not None:
                raise error

        result = await collect_chat(replay())
        return Outcome(
            events=events,
            error=error,
            result=result,
            requests=list(self.server.requests[first_request:]),
            sleeps=list(self.sleeps),
        )

    async def aclose(self) -> None:
        """Close every client made by this harness."""
        for made in self._clients:
            await made.aclose()


@pytest.fixture
async def chat(raw_server: RawServer) -> AsyncIterator[ChatHarness]:
    """A :class:`ChatHarness` bound to ``raw_server``."""
    harness = ChatHarness(raw_server)
    try:
        yield harness
    finally:
        await harness.aclose()
