"""ChatSession and ModelListSession against the real demo relay, without widgets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pytestqt.qtbot import QtBot

from studio.api import events as ev
from studio.api.chat import ChatRequest
from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.session.models import ModelListSession
from studio.session.quick_chat import ChatSession

WAIT_MS = 15_000


class ManyTokens:
    """A backend that yields 2,000 one-character deltas as fast as it can."""

    async def chat(self, request: ChatRequest) -> AsyncIterator[ev.ChatEvent]:
        for _ in range(2000):
            yield ev.TextDelta("x")
        yield ev.Finish("stop")


class Broken:
    """A backend with a bug: it raises something that is not an ApiError."""

    async def chat(self, request: ChatRequest) -> AsyncIterator[ev.ChatEvent]:
        yield ev.TextDelta("partial ")
        raise KeyError("choices")


def test_deltas_reach_the_widgets_in_batches_not_per_token(qtbot: QtBot):
    session = ChatSession(ManyTokens())
    batches: list[str] = []
    session.text_appended.connect(batches.append)
    with qtbot.waitSignal(session.finished, timeout=WAIT_MS) as finished:
        assert session.send("go", "any-model")
    assert finished.args == ["complete"]
    assert "".join(batches) == "x" * 2000
    assert len(batches) < 100


def test_a_bug_in_the_stream_ends_the_answer_as_failed_with_details(qtbot: QtBot):
    session = ChatSession(Broken())
    failures: list[tuple[str, str]] = []
    session.failed.connect(lambda message, details: failures.append((message, details)))
    with qtbot.waitSignal(session.finished, timeout=WAIT_MS) as finished:
        session.send("go", "any-model")
    assert finished.args == ["failed"]
    ((message, details),) = failures
    assert "KeyError" in message
    assert "Traceback" in details
    assert session.can_retry


def test_busy_session_refuses_a_second_send(relay: DemoRelay, qtbot: QtBot, run: Any):
    client = ApiClient(ProviderConfig(base_url=relay.base_url))
    session = ChatSession(client)
    busy: list[bool] = []
    session.busy_changed.connect(busy.append)
    with qtbot.waitSignal(session.finished, timeout=WAIT_MS):
        assert session.send("one", "demo-chat")
        assert not session.send("two", "demo-chat")
    assert busy == [True, False]
    assert [m["content"] for m in session.history if m["role"] == "user"] == ["one"]
    run(client.aclose())


def test_empty_text_or_model_sends_nothing():
    session = ChatSession(ManyTokens())
    assert not session.send("   ", "demo-chat")
    assert not session.send("hello", " ")
    assert session.history == []


def test_model_list_session_reports_failure_in_one_line(qtbot: QtBot, run: Any):
    client = ApiClient(ProviderConfig(base_url="http://127.0.0.1:9/v1"))
    models = ModelListSession(client)
    with qtbot.waitSignal(models.failed, timeout=WAIT_MS) as failed:
        models.refresh()
    (message,) = failed.args
    assert message and "\n" not in message
    assert not models.busy
    run(client.aclose())


def _roles(history: list[dict[str, Any]]) -> list[str]:
    return [m["role"] for m in history]
