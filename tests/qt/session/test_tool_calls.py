"""Function calling rounds against the demo relay: user tools, built-ins, parallel calls, cap."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from studio.api.client import ApiClient
from studio.demo.server import DemoRelay
from studio.session.chat import ChatManager, ConversationSession, ToolRegistry, ToolSpec
from studio.store.messages import MessageStore
from tests.fakes.raw_server import D, RawServer, content, delta, finish, role, sse
from tests.qt.signals import Recorder, expect

Run = Callable[[Awaitable[Any]], Any]

WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["city"],
    },
)


def test_a_user_tool_waits_for_the_result_then_the_answer_uses_it(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_tools([], [WEATHER])
    seen = Recorder(finished=session.answer_finished, busy=session.busy_changed)

    async def ask() -> tuple[int, list[dict[str, Any]]]:
        requested = expect(session.tool_calls_requested)
        session.send("What's the weather in Paris today?")
        assistant_id, calls = await requested
        return assistant_id, calls

    assistant_id, calls = run(ask())
    assert [c["name"] for c in calls] == ["get_weather"]
    assert json.loads(calls[0]["arguments"])["city"] == "Paris"
    assert not session.busy and session.pending_tool_calls() == calls
    stored_call = messages.get(assistant_id)
    assert stored_call is not None and stored_call.finish_reason == "tool_calls"
    assert stored_call.tool_calls is not None
    assert stored_call.tool_calls[0]["id"] == calls[0]["id"]
    assert stored_call.tool_calls[0]["function"]["name"] == "get_weather"

    result = json.dumps({"temperature": 18, "condition": "light rain"})

    async def answer() -> int:
        finished = expect(session.answer_finished, lambda _id, _s: _id != assistant_id)
        assert session.submit_tool_result(calls[0]["id"], result) is True
        final_id, status = await finished
        assert status == "complete"
        return int(final_id)

    final_id = run(answer())
    branch = session.branch()
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    tool = branch[2]
    assert tool.tool_call_id == calls[0]["id"] and tool.text == result
    final = branch[3]
    assert final.id == final_id and "light rain" in final.text and "18" in final.text
    assert session.pending_tool_calls() == []
    assert [args[1] for args in seen.of("finished")] == ["complete", "complete"]


def test_plain_text_results_are_accepted_but_reported_as_not_json(
    run: Run, manager: ChatManager
) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_tools([], [WEATHER])

    async def scenario() -> tuple[bool, str]:
        requested = expect(session.tool_calls_requested)
        session.send("weather in Tokyo?")
        _assistant, calls = await requested
        finished = expect(session.answer_finished)
        valid = session.submit_tool_result(calls[0]["id"], "sunny and 25 degrees")
        _id, status = await finished
        return valid, str(status)

    valid, status = run(scenario())
    assert valid is False and status == "complete"
    assert "sunny and 25 degrees" in session.branch()[-1].text


def test_the_time_built_in_runs_by_itself(run: Run, manager: ChatManager) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_tools(["get_current_time"])
    requested = Recorder(requested=session.tool_calls_requested, busy=session.busy_changed)

    async def scenario() -> list[tuple[int, str]]:
        finals: list[tuple[int, str]] = []
        done = expect(
            session.answer_finished, lambda *args: finals.append(args) or len(finals) == 2
        )
        session.send("What time is it in Tokyo?")
        await done
        return finals

    finals = run(scenario())
    assert [status for _id, status in finals] == ["complete", "complete"]
    assert requested.of("requested") == []
    assert requested.of("busy") == [(True,), (False,)], "one busy period for the whole loop"
    branch = session.branch()
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    result = json.loads(branch[2].text)
    assert result["datetime"] == "2025-01-06T21:00:00+09:00"
    assert result["weekday"] == "Monday" and result["timezone"] == "Asia/Tokyo"
    assert "2025-01-06T21:00:00+09:00" in branch[3].text


def test_parallel_calls_mix_a_built_in_and_a_user_tool(run: Run, manager: ChatManager) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_tools(["get_current_time"], [WEATHER])

    async def scenario() -> str:
        requested = expect(session.tool_calls_requested)
        session.send("What's the weather in Berlin, and what time is it there?")
        assistant_id, calls = await requested
        assert [c["name"] for c in calls] == ["get_weather"]
        stored = session.message(assistant_id)
        assert stored is not None and stored.tool_calls is not None
        assert [c["function"]["name"] for c in stored.tool_calls] == [
            "get_weather",
            "get_current_time",
        ]
        # The built-in already answered; only the user's call is pending.
        assert [m.role for m in session.branch()][-2:] == ["assistant", "tool"]
        finished = expect(session.answer_finished)
        session.submit_tool_result(calls[0]["id"], '{"condition": "windy"}')
        _id, status = await finished
        assert status == "complete"
        return session.branch()[-1].text

    text = run(scenario())
    assert "windy" in text and "2025-01-06T13:00:00+01:00" in text
    roles = [m.role for m in session.branch()]
    assert roles == ["user", "assistant", "tool", "tool", "assistant"]


def test_automatic_rounds_are_capped(
    run: Run,
    stores: Any,
    registry: ToolRegistry,
    make_client: Callable[[str], ApiClient],
    relay: DemoRelay,
) -> None:
    conversations, messages = stores
    client = make_client(relay.base_url)
    manager = ChatManager(conversations, messages, lambda: client, registry)
    conversation_id = manager.new_conversation("demo-chat")
    session = ConversationSession(
        conversation_id, conversations, messages, lambda: client, registry, max_auto_rounds=0
    )
    session.set_tools(["calculator", "get_current_time"])

    async def scenario() -> int:
        capped = expect(session.tool_rounds_capped)
        session.send("What time is it?")
        (assistant_id,) = await capped
        return int(assistant_id)

    assistant_id = run(scenario())
    run(session.wait())
    assert not session.busy
    roles = [m.role for m in session.branch()]
    assert roles == ["user", "assistant", "tool"], "no automatic answer after the cap"
    assert session.branch()[1].id == assistant_id


def test_the_next_request_echoes_call_extras_and_ids_but_never_reasoning(
    run: Run, raw_server: RawServer, make_manager: Callable[..., ChatManager]
) -> None:
    signature = {"google": {"thought_signature": "EjQKMgE"}}
    first_call = {
        "index": 0,
        "id": "",  # Gemini compat: empty ids (protocol.md case 33)
        "type": "function",
        "function": {"name": "calculator", "arguments": ""},
        "extra_content": signature,  # must go back unchanged (case 37)
    }
    raw_server.script(
        sse(
            role(),
            delta({"reasoning_content": "I will use the calculator."}),
            delta({"tool_calls": [first_call]}),
            delta({"tool_calls": [{"index": 0, "function": {"arguments": '{"expression"'}}]}),
            delta({"tool_calls": [{"index": 0, "function": {"arguments": ': "6*7"}'}}]}),
            delta(
                {
                    "tool_calls": [
                        {
                            "index": 1,
                            "id": "",
                            "type": "function",
                            "function": {"name": "calculator", "arguments": '{"expression": "1+'},
                        }
                    ]
                }
            ),
            finish("tool_calls"),
            D,
        ),
        sse(role(), content("6 × 7 = 42."), finish(), D),
    )
    manager = make_manager(raw_server.url)
    session = manager.open(manager.new_conversation("gemini-2.5-flash"))
    session.set_tools(["calculator"])

    async def scenario() -> None:
        finals: list[tuple[int, str]] = []
        done = expect(session.answer_finished, lambda *a: finals.append(a) or len(finals) == 2)
        session.send("What is 6*7?")
        await done

    run(scenario())
    assert session.branch()[-1].text == "6 × 7 = 42."
    sent = raw_server.requests[1].json()["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool", "tool"]
    assert sent[1] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_local_0",
                "type": "function",
                "function": {"name": "calculator", "arguments": '{"expression": "6*7"}'},
                "extra_content": signature,
            },
            {
                "id": "call_local_1",
                "type": "function",
                "function": {"name": "calculator", "arguments": '{"expression": "1+'},
            },
        ],
    }
    assert sent[2] == {
        "role": "tool",
        "tool_call_id": "call_local_0",
        "content": '{"expression": "6*7", "result": 42}',
    }
    # Truncated arguments were not run; the model is told so (case 36).
    assert sent[3]["tool_call_id"] == "call_local_1"
    assert "not a complete JSON object" in json.loads(sent[3]["content"])["error"]
    assert "I will use the calculator" not in json.dumps(sent)
    stored = session.branch()[1]
    assert stored.reasoning == "I will use the calculator."
