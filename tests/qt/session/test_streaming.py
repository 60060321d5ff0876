"""Streaming answers into a conversation: batching, saving, Stop, cuts, failures, concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from studio.api import events as ev
from studio.api.client import ApiClient
from studio.demo.texts import extend_to_tokens, markdown_answer
from studio.session.chat import ChatManager, ToolRegistry
from studio.store.messages import MessageStore
from tests.fakes.fake_client import FakeClient, Hold, answer, incomplete_error, stream_error
from tests.fakes.raw_server import Hang, RawServer, content, role, sse
from tests.qt.signals import Recorder, expect

Run = Callable[[Awaitable[Any]], Any]


def test_send_streams_batches_and_saves_the_same_text(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    conversation_id = manager.new_conversation("demo-chat")
    session = manager.open(conversation_id)
    # Paced at 2,000 tokens a second: tokens arrive one by one, far faster than 30 Hz.
    session.set_params({"extra_body": {"demo_tokens": 600, "demo_token_rate": 2000}})
    seen = Recorder(
        added=session.message_added,
        started=session.answer_started,
        delta=session.answer_delta,
        busy=session.busy_changed,
        usage=session.usage_changed,
        title=session.title_changed,
    )

    async def scenario() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        user_id = session.send("Explain streaming, please.\nWith details.")
        assert user_id is not None and session.busy
        answer_id, status = await finished
        return answer_id, status

    answer_id, status = run(scenario())
    assert status == "complete"
    streamed = "".join(args[1] for args in seen.of("delta") if args[0] == answer_id)
    stored = messages.get(answer_id)
    assert stored is not None
    assert stored.status == "complete" and stored.finish_reason == "stop"
    prompt = "Explain streaming, please.\nWith details."
    assert stored.text == streamed == extend_to_tokens(markdown_answer(prompt), 600, (prompt, 0))
    assert stored.usage is not None and stored.usage["completion_tokens"] == 600
    # Batched: far fewer updates than tokens.
    assert 0 < len(seen.of("delta")) < stored.usage["completion_tokens"] / 4
    assert seen.of("busy") == [(True,), (False,)]
    assert seen.of("started") == [(answer_id,)]
    assert len(seen.of("added")) == 2 and seen.of("usage")
    assert session.usage_totals()["completion_tokens"] == 600
    # The first exchange names the conversation after the first user line.
    assert seen.of("title") == [("Explain streaming, please.",)]
    record = manager.get(conversation_id)
    assert record is not None and record.title == "Explain streaming, please."
    assert [m.role for m in session.branch()] == ["user", "assistant"]


def test_stop_keeps_the_partial_text_as_interrupted(
    run: Run, fake_manager: ChatManager, fake_client: FakeClient, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    session = fake_manager.open(fake_manager.new_conversation("gpt-4o"))
    # The answer stops half-way and waits there: Stop lands mid-answer, every time.
    hold = Hold()
    fake_client.script(
        [ev.TextDelta("Once upon "), ev.TextDelta("a time"), hold, *answer(", the end.")]
    )
    seen = Recorder(delta=session.answer_delta, busy=session.busy_changed)

    async def scenario() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        session.send("Tell me a long story")
        await hold.reached.wait()
        assert session.busy
        session.stop()
        answer_id, status = await finished
        return answer_id, status

    answer_id, status = run(scenario())
    assert status == "interrupted"
    stored = messages.get(answer_id)
    assert stored is not None and stored.status == "interrupted"
    assert stored.text == "Once upon a time"
    assert stored.error is None and stored.finish_reason is None
    assert session.live_text(answer_id)[0] == stored.text
    # What the window was shown adds up to what was saved; nothing after the Stop.
    assert "".join(args[1] for args in seen.of("delta")) == stored.text
    assert seen.of("busy") == [(True,), (False,)]
    assert not session.busy and session.task is None
    assert fake_client.calls[0].cancelled, "Stop cancelled the stream itself"


def test_a_cut_stream_is_interrupted_and_can_be_continued(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    session = manager.open(manager.new_conversation("demo-fault-cut"))
    recorder = Recorder(started=session.answer_started)

    async def cut() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        session.send("Write something long")
        answer_id, status = await finished
        return answer_id, status

    answer_id, status = run(cut())
    cut_record = messages.get(answer_id)
    assert status == "interrupted"
    assert cut_record is not None and cut_record.status == "interrupted"
    assert cut_record.text and cut_record.finish_reason == "incomplete"
    assert cut_record.error and "cut off" in cut_record.error

    session.set_model("demo-chat")

    async def resume() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        assert session.continue_answer(answer_id)
        done_id, done_status = await finished
        return done_id, done_status

    assert run(resume()) == (answer_id, "complete")
    resumed = messages.get(answer_id)
    assert resumed is not None and resumed.status == "complete"
    assert resumed.text.startswith(cut_record.text) and len(resumed.text) > len(cut_record.text)
    assert recorder.of("started") == [(answer_id,), (answer_id,)]
    assert [m.id for m in session.branch()][-1] == answer_id


def test_a_server_error_fails_with_its_message_and_retry_replaces_it(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    session = manager.open(manager.new_conversation("demo-fault-500"))
    recorder = Recorder(failed=session.answer_failed, retrying=session.retrying)

    async def fail() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        session.send("Hello")
        answer_id, status = await finished
        return answer_id, status

    failed_id, status = run(fail())
    assert status == "failed"
    stored = messages.get(failed_id)
    assert stored is not None and stored.status == "failed"
    assert stored.error is not None and "The demo relay failed on purpose" in stored.error
    ((_id, message, details),) = recorder.of("failed")
    assert _id == failed_id and message == stored.error and "HTTP 500" in details
    assert recorder.of("retrying"), "5xx before any output is retried"

    session.set_model("demo-chat")
    removed = Recorder(removed=session.message_removed)

    async def retry() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        new_id = session.retry(failed_id)
        assert new_id is not None and new_id != failed_id
        answer_id, answer_status = await finished
        return answer_id, answer_status

    new_id, new_status = run(retry())
    assert new_status == "complete"
    assert removed.of("removed") == [(failed_id,)]
    assert messages.get(failed_id) is None
    assert [m.role for m in session.branch()] == ["user", "assistant"]
    assert session.branch()[-1].id == new_id


def test_two_conversations_stream_at_the_same_time(run: Run, manager: ChatManager) -> None:
    first = manager.open(manager.new_conversation("demo-chat"))
    second = manager.open(manager.new_conversation("demo-reasoner"))
    for session in (first, second):
        session.set_params({"extra_body": {"demo_tokens": 300, "demo_token_rate": 600}})

    async def scenario() -> list[tuple[int, str]]:
        done = [expect(first.answer_finished), expect(second.answer_finished)]
        first.send("One")
        second.send("Two")
        assert first.busy and second.busy
        assert sorted(manager.streaming()) == sorted(
            [first.conversation_id, second.conversation_id]
        )
        results = await asyncio.gather(*done)
        return [(int(r[0]), str(r[1])) for r in results]

    results = run(scenario())
    assert [status for _id, status in results] == ["complete", "complete"]
    assert first.branch()[-1].text.startswith("> **You asked:** One")
    reasoned = second.branch()[-1]
    assert reasoned.text.startswith("> **You asked:** Two") and reasoned.reasoning
    assert manager.streaming() == []


def test_stop_closes_the_connection(
    run: Run, raw_server: RawServer, make_manager: Callable[..., ChatManager]
) -> None:
    raw_server.script(sse(role(), content("Partial "), Hang()))
    manager = make_manager(raw_server.url)
    session = manager.open(manager.new_conversation("gpt-4o"))

    async def scenario() -> tuple[int, str]:
        first = expect(session.answer_delta)
        finished = expect(session.answer_finished)
        session.send("Hello")
        await first
        session.stop()
        answer_id, status = await finished
        # The relay sees the client hang up: nothing more is streamed (or billed).
        await raw_server.requests[0].client_closed.wait()
        return answer_id, status

    answer_id, status = run(scenario())
    assert status == "interrupted"
    stored = session.message(answer_id)
    assert stored is not None and stored.text == "Partial " and stored.status == "interrupted"


def test_an_error_inside_the_stream_fails_but_keeps_the_text(
    run: Run, fake_manager: ChatManager, fake_client: FakeClient
) -> None:
    # finish_reason "error" is one such error (its bytes: tests/unit/api conformance tests).
    fake_client.script([ev.TextDelta("Half of it"), stream_error("finish_reason: error")])
    session = fake_manager.open(fake_manager.new_conversation("gpt-4o"))
    failures = Recorder(failed=session.answer_failed)

    async def scenario() -> tuple[int, str]:
        finished = expect(session.answer_finished)
        session.send("Hello")
        answer_id, status = await finished
        return answer_id, status

    answer_id, status = run(scenario())
    assert status == "failed"
    stored = session.message(answer_id)
    assert stored is not None and stored.text == "Half of it" and stored.status == "failed"
    assert stored.error == "The model stopped with an error: finish_reason: error"
    assert [args[1] for args in failures.of("failed")] == [stored.error]
    assert not session.busy


def test_a_missing_provider_fails_the_answer_instead_of_crashing(
    run: Run, stores: Any, registry: ToolRegistry
) -> None:
    conversations, messages = stores

    def no_provider() -> ApiClient:
        raise RuntimeError("no provider is configured")

    manager = ChatManager(conversations, messages, no_provider, registry)
    session = manager.open(manager.new_conversation("gpt-4o"))
    failures = Recorder(failed=session.answer_failed)

    async def scenario() -> str:
        finished = expect(session.answer_finished)
        session.send("Hello")
        _id, status = await finished
        return str(status)

    assert run(scenario()) == "failed"
    ((_id, message, details),) = failures.of("failed")
    assert "no provider is configured" in message and "Traceback" in details
    assert not session.busy


def test_stop_right_after_continue_keeps_the_cut_text(
    run: Run, fake_manager: ChatManager, fake_client: FakeClient, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    hold = Hold()
    fake_client.script([ev.TextDelta("Once upon"), incomplete_error()], [hold, *answer(" a time")])
    session = fake_manager.open(fake_manager.new_conversation("gpt-4o"))

    async def scenario() -> int:
        cut = expect(session.answer_finished)
        session.send("Tell me a story")
        answer_id, _status = await cut
        await session.wait()
        stopped = expect(session.answer_finished)
        assert session.continue_answer(answer_id)
        await hold.reached.wait()
        session.stop()
        await stopped
        return int(answer_id)

    answer_id = run(scenario())
    stored = messages.get(answer_id)
    assert stored is not None and stored.status == "interrupted"
    assert stored.text == "Once upon"
