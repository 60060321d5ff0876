"""The fake client is a structural match of the real one, and plays its script faithfully.

Every public name of :class:`studio.api.client.ApiClient` (methods, properties and the
attributes ``__init__`` sets; a superset of what studio/core and studio/session use) must exist
on :class:`tests.fakes.fake_client.FakeClient` with the same kind (async generator, coroutine,
property …), the same parameters and the same resolved type hints. Adding a public method to
the real client fails this test until the fake has it too.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import typing
from pathlib import Path
from typing import Any

import pytest

from studio.api import events as ev
from studio.api.chat import ChatRequest
from studio.api.client import ApiClient
from studio.api.errors import AuthenticationError, IncompleteAnswerError, ServerError
from studio.api.images import ImageResult, ImagesClient
from studio.api.models import ModelInfo
from studio.api.provider import ProviderConfig
from tests.fakes.fake_client import (
    FakeClient,
    Hold,
    ScriptExhausted,
    answer,
    incomplete_error,
    status_error,
    tool_answer,
    tool_call,
)
from tests.fakes.raw_server import error_body

STUDIO = Path(__file__).resolve().parents[4] / "studio"
_MISSING = object()
_DUNDERS = ("__aenter__", "__aexit__")


def _kind(value: Any) -> str:
    if isinstance(value, property):
        return "property"
    if isinstance(value, staticmethod | classmethod):
        return type(value).__name__
    if inspect.isasyncgenfunction(value):
        return "async generator"
    if inspect.iscoroutinefunction(value):
        return "coroutine"
    if callable(value):
        return "method"
    return "attribute"


def _hints(function: Any, owner: type) -> dict[str, Any]:
    names = {"ImagesClient": ImagesClient, "ImageResult": ImageResult}
    hints = typing.get_type_hints(function, localns=names)
    # ``-> ApiClient`` on the real one is ``-> FakeClient`` on the fake: both mean "self".
    selves = set(owner.__mro__) - {object}
    return {k: ("Self" if v in selves else v) for k, v in hints.items()}


def _params(function: Any) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def mismatches(real: type, fake: type, instance_names: set[str]) -> list[str]:
    """Every way ``fake`` differs from the public surface of ``real`` (empty: none)."""
    names = {n for n in dir(real) if not n.startswith("_")} | set(_DUNDERS) | instance_names
    problems: list[str] = []
    for name in sorted(names):
        if name in instance_names:
            continue  # checked on instances (see the test)
        mine = inspect.getattr_static(real, name)
        theirs = inspect.getattr_static(fake, name, _MISSING)
        if theirs is _MISSING:
            problems.append(f"{name}: missing")
            continue
        if _kind(mine) != _kind(theirs):
            problems.append(f"{name}: {_kind(theirs)}, not {_kind(mine)}")
            continue
        if isinstance(mine, property):
            mine, theirs = mine.fget, theirs.fget
        if not callable(mine):
            continue
        if _params(mine) != _params(theirs):
            problems.append(f"{name}: parameters {_params(theirs)} != {_params(mine)}")
        elif _hints(mine, real) != _hints(theirs, fake):
            problems.append(f"{name}: types {_hints(theirs, fake)} != {_hints(mine, real)}")
    return problems


async def _real_instance_attributes() -> dict[str, Any]:
    real = ApiClient(ProviderConfig(base_url="http://127.0.0.1:9/v1"))
    try:
        return {k: v for k, v in vars(real).items() if not k.startswith("_")}
    finally:
        await real.aclose()


async def test_the_fake_has_the_public_surface_of_the_real_client() -> None:
    attributes = await _real_instance_attributes()
    assert set(attributes) == {"config", "language"}, "update this test's idea of the client"

    assert mismatches(ApiClient, FakeClient, set(attributes)) == []

    fake = FakeClient()
    for name, value in attributes.items():
        assert isinstance(getattr(fake, name), type(value)), name
    assert isinstance(fake.http, type(ApiClient(ProviderConfig("http://x/v1")).http))
    assert isinstance(fake.images, ImagesClient)
    await fake.aclose()
    assert fake.closed


def test_the_check_notices_a_drifted_fake() -> None:
    """The comparison can fail: a missing method, a renamed parameter, a wrong kind."""

    class Drifted(FakeClient):
        list_models = None

        async def chat(self, req: ChatRequest) -> typing.AsyncIterator[ev.ChatEvent]:
            yield ev.TextDelta("x")

        async def aclose(self, *, force: bool = False) -> None:
            return None

        endpoint = "not a property"

    problems = mismatches(ApiClient, Drifted, {"config", "language"})
    assert [p.split(":")[0] for p in problems] == ["aclose", "chat", "endpoint", "list_models"]


def _client_attributes_used(package: Path) -> set[str]:
    """Attribute names read off ``client``/``_client``/``client_factory()`` in ``package``."""
    used: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            if isinstance(owner, ast.Call):
                owner = owner.func
            if isinstance(owner, ast.Attribute):
                owner_name = owner.attr
            elif isinstance(owner, ast.Name):
                owner_name = owner.id
            else:
                continue
            if owner_name in {"client", "_client", "client_factory", "_client_factory"}:
                used.add(node.attr)
    return used


def test_what_core_and_session_use_of_the_client_is_checked() -> None:
    """The names studio/core and studio/session read off a client are all part of the
    compared surface (so "the fake has what the workflows use" follows from the test above)."""
    used = _client_attributes_used(STUDIO / "core") | _client_attributes_used(STUDIO / "session")
    assert {"chat", "language", "images"} <= used, used  # the scan finds real uses
    surface = {n for n in dir(ApiClient) if not n.startswith("_")} | {"config", "language"}
    assert used - surface == set()


# ---- the script ----------------------------------------------------------------------------


def _request(text: str = "Hi") -> ChatRequest:
    return ChatRequest(model="m", messages=[{"role": "user", "content": text}])


async def test_each_call_plays_the_next_answer_and_records_the_request() -> None:
    call = tool_call("calculator", '{"expression": "1+1"}')
    fake = FakeClient(answer("Hel", "lo", usage=ev.Usage(1, 2, 3)), tool_answer(call))

    first = [e async for e in fake.chat(_request("one"))]
    second = [e async for e in fake.chat(_request("two"))]

    assert first == [
        ev.TextDelta("Hel"),
        ev.TextDelta("lo"),
        ev.Usage(1, 2, 3),
        ev.Finish("stop", "stop"),
    ]
    assert second == [call, ev.Finish("tool_calls", "tool_calls")]
    assert [r.messages[0]["content"] for r in fake.requests] == ["one", "two"]
    assert all(c.closed and not c.cancelled for c in fake.calls)
    with pytest.raises(ScriptExhausted):
        [e async for e in fake.chat(_request())]


async def test_an_error_is_raised_after_the_events_before_it() -> None:
    fake = FakeClient([ev.TextDelta("Half"), incomplete_error()])
    seen: list[ev.ChatEvent] = []
    with pytest.raises(IncompleteAnswerError, match="cut off"):
        async for event in fake.chat(_request()):
            seen.append(event)
    assert seen == [ev.TextDelta("Half")]


async def test_a_hold_keeps_the_stream_open_until_released_or_cancelled() -> None:
    hold, gate = Hold(), asyncio.Event()
    fake = FakeClient([ev.TextDelta("a"), hold, ev.TextDelta("b")], [gate, ev.TextDelta("c")])
    seen: list[ev.ChatEvent] = []

    async def consume() -> None:
        async for event in fake.chat(_request()):
            seen.append(event)

    task = asyncio.ensure_future(consume())
    await hold.reached.wait()
    assert seen == [ev.TextDelta("a")] and not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert fake.calls[0].cancelled and fake.calls[0].closed and seen == [ev.TextDelta("a")]

    # A bare asyncio.Event is waited on the same way (here one the test already set).
    gate.set()
    await consume()
    assert seen[-1] == ev.TextDelta("c") and fake.calls[1].closed


def test_errors_are_built_as_the_real_client_builds_them() -> None:
    auth = status_error(401, error_body("Invalid token"))
    assert isinstance(auth, AuthenticationError) and auth.status == 401
    assert auth.server_message == "Invalid token"
    server = status_error(503, error_body("overloaded"), language="zh")
    assert isinstance(server, ServerError) and "overloaded" in server.message
    assert server.message != status_error(503, error_body("overloaded")).message


async def test_models_are_scripted_too() -> None:
    fake = FakeClient(models=[ModelInfo("gpt-4o"), ModelInfo("o3")])
    assert [m.id for m in await fake.list_models()] == ["gpt-4o", "o3"]
    fake.models = status_error(401, error_body("Invalid token"))
    with pytest.raises(AuthenticationError):
        await fake.list_models()
    assert fake.model_requests == 2
