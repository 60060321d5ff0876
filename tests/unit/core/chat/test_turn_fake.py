"""ChatTurn without Qt, with the scripted fake client: what a turn does with an answer.

The answers are lists of real ``studio.api.events`` (and real errors, built as the real client
builds them); a :class:`~tests.fakes.fake_client.Hold` keeps a stream open at a known point,
so cancellation and the save-while-streaming rule are tested without sleeps or timing.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from studio.api import events as ev
from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.events import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    JsonChecked,
    MessageAdded,
    Retrying,
    SchemaRejected,
    TitleSet,
    ToolCallReceived,
    ToolCallsWaiting,
    ToolRoundsCapped,
)
from studio.core.chat.options import ChatSettings, OutputSettings, ToolSettings
from studio.core.chat.request_messages import CONTINUE_PROMPT
from studio.core.chat.structured import schema_from_fields
from studio.core.chat.tools import ToolRegistry, ToolSpec
from studio.core.chat.turn import ChatTurn
from studio.store.messages import MessageRecord
from tests.fakes.fake_client import (
    FakeClient,
    Hold,
    answer,
    incomplete_error,
    status_error,
    stream_error,
    tool_answer,
    tool_call,
)
from tests.fakes.raw_server import error_body
from tests.unit.core.chat.conftest import ask, kinds, new_conversation, run_cancelled, run_turn

USAGE = ev.Usage(prompt_tokens=10, completion_tokens=3, total_tokens=13)
CALCULATOR = ChatSettings("gpt-4o", tools=ToolSettings(builtins=("calculator",)))
WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
PRODUCT = schema_from_fields([("name", "string", True, ""), ("price", "number", True, "")])


# ---- one plain turn ------------------------------------------------------------------------


async def test_one_turn_reports_its_events_in_order(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(
        [
            ev.Retrying(1, 0.5, "busy"),
            *answer("Hello", ", world.", reasoning=["Greet them."], usage=USAGE),
        ]
    )
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)

    begun = ask(conversation, "Say hello", turn)
    events = await run_turn(turn)

    answer_id = begun[0].message_id
    assert begun == [MessageAdded(answer_id), AnswerStarted(answer_id, turn.buffer)]
    assert events == [
        Retrying(1, 0.5),
        AnswerDelta(answer_id, reasoning="Greet them."),
        AnswerDelta(answer_id, text="Hello"),
        AnswerDelta(answer_id, text=", world."),
        AnswerFinished(answer_id, "complete", usage=True),
        TitleSet("Say hello"),
    ]
    stored = stores.messages.get(answer_id)
    assert stored is not None
    assert (stored.status, stored.text, stored.reasoning) == (
        "complete",
        "Hello, world.",
        "Greet them.",
    )
    assert stored.usage == USAGE.to_dict()
    (request,) = fake.requests
    assert request.model == "gpt-4o"
    assert request.messages == [{"role": "user", "content": "Say hello"}]
    assert fake.calls[0].closed, "the turn closes the stream it iterated"


# ---- Stop ----------------------------------------------------------------------------------


async def test_cancelling_mid_stream_saves_the_text_so_far_as_interrupted(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    hold = Hold()
    fake = FakeClient([ev.TextDelta("Once upon "), ev.TextDelta("a time"), hold, *answer(" …")])
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Tell me a story", turn)[0].message_id

    events = await run_cancelled(turn, hold.reached)

    assert events == [
        AnswerDelta(answer_id, text="Once upon "),
        AnswerDelta(answer_id, text="a time"),
        AnswerFinished(answer_id, "interrupted"),
    ]
    assert turn.interrupt() == [], "the ending is handed out once"
    stored = stores.messages.get(answer_id)
    assert stored is not None
    assert (stored.status, stored.text, stored.error, stored.finish_reason) == (
        "interrupted",
        "Once upon a time",
        None,
        None,
    )
    assert conversation.message(answer_id) == stored, "the tree shows what is stored"
    call = fake.calls[0]
    assert call.cancelled and call.closed, "the stream saw the cancellation and was closed"
    record = stores.conversations.get(conversation.id)
    assert record is not None and record.title == ""


async def test_cancelling_before_the_stream_starts_still_ends_the_answer(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    """Stop pressed at once: run() never started; interrupt() ends the placeholder."""
    fake = FakeClient(answer("never sent"))
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Hi", turn)[0].message_id

    assert turn.interrupt() == [AnswerFinished(answer_id, "interrupted")]

    stored = stores.messages.get(answer_id)
    assert stored is not None and (stored.status, stored.text) == ("interrupted", "")
    assert fake.calls == []


# ---- tool rounds ---------------------------------------------------------------------------


async def test_a_built_in_tool_call_is_answered_and_the_model_asked_again(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    call = tool_call("calculator", '{"expression": "6*7"}', "call_calc")
    fake = FakeClient(tool_answer(call), answer("6 × 7 = 42."))
    conversation = new_conversation(stores, CALCULATOR)
    turn = ChatTurn(conversation, lambda: fake, registry)
    first_id = ask(conversation, "What is 6*7?", turn)[0].message_id

    events = await run_turn(turn)

    branch = conversation.branch()
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    tool, final = branch[2], branch[3]
    assert tool.tool_call_id == "call_calc"
    assert json.loads(tool.text) == {"expression": "6*7", "result": 42}
    assert final.text == "6 × 7 = 42." and final.status == "complete"
    assert events == [
        ToolCallReceived(first_id, call),
        AnswerFinished(first_id, "complete"),
        MessageAdded(tool.id),
        MessageAdded(final.id),
        AnswerStarted(final.id, events[4].buffer),
        AnswerDelta(final.id, text="6 × 7 = 42."),
        AnswerFinished(final.id, "complete"),
        TitleSet("What is 6*7?"),
    ]
    first, second = fake.requests
    assert [t["function"]["name"] for t in first.tools or []] == ["calculator"]
    assert [m["role"] for m in second.messages] == ["user", "assistant", "tool"]
    assert second.messages[1]["tool_calls"] == [call.to_message_dict()]
    assert second.messages[2] == {
        "role": "tool",
        "tool_call_id": "call_calc",
        "content": tool.text,
    }


async def test_automatic_rounds_stop_at_the_cap(stores: ChatStores, registry: ToolRegistry) -> None:
    again = tool_answer(tool_call("calculator", '{"expression": "1+1"}'))
    fake = FakeClient(again, again, answer("never asked for"))
    conversation = new_conversation(stores, CALCULATOR)
    turn = ChatTurn(conversation, lambda: fake, registry, max_auto_rounds=1)
    ask(conversation, "Keep adding", turn)

    events = await run_turn(turn)

    branch = conversation.branch()
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant", "tool"]
    assert events[-1] == ToolRoundsCapped(branch[3].id)
    assert len(fake.calls) == 2 and fake.unplayed == 1, "no request after the cap"
    assert not any(isinstance(e, TitleSet) for e in events)


async def test_a_user_tool_call_waits_for_its_result(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    weather = tool_call("get_weather", '{"city": "Paris"}', "call_w")
    calc = tool_call("calculator", '{"expression": "2**10"}', "call_c")
    settings = ChatSettings("gpt-4o", tools=ToolSettings(("calculator",), (WEATHER,)))
    fake = FakeClient(tool_answer(weather, calc))
    conversation = new_conversation(stores, settings)
    turn = ChatTurn(conversation, lambda: fake, registry)
    assistant_id = ask(conversation, "Weather in Paris, and 2**10?", turn)[0].message_id

    events = await run_turn(turn)

    waiting = {
        "assistant_id": assistant_id,
        "id": "call_w",
        "name": "get_weather",
        "arguments": '{"city": "Paris"}',
    }
    assert events[-1] == ToolCallsWaiting(assistant_id, [waiting])
    assert [m.role for m in conversation.branch()] == ["user", "assistant", "tool"]
    assert json.loads(conversation.branch()[2].text)["result"] == 1024
    assert [c.to_dict() for c in conversation.pending_tool_calls()] == [waiting]
    assert len(fake.calls) == 1, "the model is not asked again before the user answers"
    user_tools = {t["function"]["name"] for t in fake.requests[0].tools or []}
    assert user_tools == {"calculator", "get_weather"}


# ---- structured output ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ok", "detail"),
    [
        ('```json\n{"name": "TV", "price": 3999}\n```', True, '"price": 3999'),
        ("Sure! The TV costs 3999.", False, "The model did not return valid JSON"),
    ],
)
async def test_a_json_object_answer_is_checked(
    stores: ChatStores, registry: ToolRegistry, text: str, ok: bool, detail: str
) -> None:
    settings = ChatSettings("gpt-4o", output=OutputSettings("json_object"))
    fake = FakeClient(answer(text))
    conversation = new_conversation(stores, settings)
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Extract the product: 75-inch TV, 3999 yuan", turn)[0].message_id

    events = await run_turn(turn)

    (checked,) = [e for e in events if isinstance(e, JsonChecked)]
    assert (checked.message_id, checked.ok) == (answer_id, ok)
    assert detail in checked.detail
    assert kinds(events)[-3:] == ["AnswerFinished", "JsonChecked", "TitleSet"]
    (request,) = fake.requests
    assert request.response_format == {"type": "json_object"}
    # The prompt never said "JSON", so the hint some providers insist on was added.
    assert request.messages[0] == {"role": "system", "content": "Reply with a JSON object."}


@pytest.mark.parametrize(
    ("server_says", "offered"),
    [
        ("This response_format type is unavailable now", True),
        ("Your prompt was flagged by moderation", False),
    ],
)
async def test_a_relay_refusing_json_schema_offers_the_fallback(
    stores: ChatStores, registry: ToolRegistry, server_says: str, offered: bool
) -> None:
    refused = status_error(400, error_body(server_says, type_="invalid_request_error"))
    settings = ChatSettings("deepseek-chat", output=OutputSettings("json_schema", PRODUCT))
    fake = FakeClient([refused])
    conversation = new_conversation(stores, settings)
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "75-inch TV for 3999 yuan", turn)[0].message_id

    events = await run_turn(turn)

    finished = events[0]
    assert isinstance(finished, AnswerFinished)
    assert finished.status == "failed" and finished.error is refused
    assert finished.message is not None and server_says in finished.message
    expected = [SchemaRejected(answer_id)] if offered else []
    assert events[1:] == expected
    assert fake.requests[0].response_format is not None
    assert fake.requests[0].response_format["type"] == "json_schema"


# ---- continuing a cut answer ---------------------------------------------------------------


async def test_continuing_a_cut_answer_appends_to_the_same_message(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(
        [ev.TextDelta("Once upon"), ev.Usage(5, 2, 7), incomplete_error()],
        answer(" a time.", usage=ev.Usage(9, 3, 12)),
    )
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Tell me a story", turn)[0].message_id
    await run_turn(turn)
    cut = conversation.get(answer_id)
    assert cut is not None and (cut.status, cut.text) == ("interrupted", "Once upon")

    assert stores.messages.reopen(answer_id)
    again = ChatTurn(conversation, lambda: fake, registry)
    begun = again.begin(cut.parent_id, resume=cut)
    events = await run_turn(again)

    assert kinds(begun) == ["AnswerStarted"], "no new message"
    assert begun[0] == AnswerStarted(answer_id, begun[0].buffer)
    assert events == [
        AnswerDelta(answer_id, text=" a time."),
        AnswerFinished(answer_id, "complete", usage=True),
        TitleSet("Tell me a story"),
    ]
    stored = stores.messages.get(answer_id)
    assert stored is not None
    assert (stored.status, stored.text, stored.error) == ("complete", "Once upon a time.", None)
    assert stored.usage is not None and stored.usage["total_tokens"] == 7 + 12
    assert [m.id for m in conversation.branch()][-1] == answer_id
    assert len(stores.messages.list(conversation.id)) == 2, "no new message"
    # The model is shown the cut text and asked to go on.
    sent = fake.requests[1].messages
    assert sent[-2] == {"role": "assistant", "content": "Once upon"}
    assert sent[-1] == {"role": "user", "content": CONTINUE_PROMPT}


async def _cut_answer(
    stores: ChatStores, registry: ToolRegistry, fake: FakeClient
) -> tuple[Conversation, MessageRecord]:
    """A conversation whose answer was cut after "Once upon", reopened to be continued."""
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Tell me a story", turn)[0].message_id
    await run_turn(turn)
    cut = conversation.get(answer_id)
    assert cut is not None and (cut.status, cut.text) == ("interrupted", "Once upon")
    assert stores.messages.reopen(answer_id)
    return conversation, cut


async def test_a_continuation_failing_midway_leaves_the_answer_cut_with_all_its_text(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(
        [ev.TextDelta("Once upon"), incomplete_error()],
        [ev.TextDelta(" a"), stream_error("upstream hiccup")],
    )
    conversation, cut = await _cut_answer(stores, registry, fake)

    again = ChatTurn(conversation, lambda: fake, registry)
    again.begin(cut.parent_id, resume=cut)
    events = await run_turn(again)

    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    assert (finished.status, finished.failed) == ("interrupted", True), "failed, yet still cut"
    stored = stores.messages.get(cut.id)
    assert stored is not None
    assert (stored.status, stored.text) == ("interrupted", "Once upon a")
    assert stored.error is not None and "upstream hiccup" in stored.error


async def test_a_continuation_failing_at_once_keeps_the_cut_text(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(
        [ev.TextDelta("Once upon"), incomplete_error()],
        [status_error(502, error_body("bad gateway upstream"))],
    )
    conversation, cut = await _cut_answer(stores, registry, fake)

    again = ChatTurn(conversation, lambda: fake, registry)
    again.begin(cut.parent_id, resume=cut)
    (finished,) = await run_turn(again)

    assert isinstance(finished, AnswerFinished) and finished.status == "interrupted"
    stored = stores.messages.get(cut.id)
    assert stored is not None
    assert (stored.status, stored.text) == ("interrupted", "Once upon")


async def test_stopping_a_continuation_before_new_text_keeps_the_cut_text(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    hold = Hold()
    fake = FakeClient([ev.TextDelta("Once upon"), incomplete_error()], [hold, *answer(" a time.")])
    conversation, cut = await _cut_answer(stores, registry, fake)

    again = ChatTurn(conversation, lambda: fake, registry)
    again.begin(cut.parent_id, resume=cut)
    events = await run_cancelled(again, hold.reached)

    assert events == [AnswerFinished(cut.id, "interrupted")]
    stored = stores.messages.get(cut.id)
    assert stored is not None
    assert (stored.status, stored.text) == ("interrupted", "Once upon")


# ---- saving while streaming ----------------------------------------------------------------


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_the_text_is_saved_while_streaming_once_the_interval_passed(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    clock = Clock()
    first, second, third = Hold(), Hold(), Hold()
    fake = FakeClient(
        [
            ev.TextDelta("one "),
            first,
            ev.TextDelta("two "),
            second,
            ev.TextDelta("three"),
            third,
            *answer(),
        ]
    )
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry, clock=clock)
    answer_id = ask(conversation, "Count", turn)[0].message_id
    task = asyncio.ensure_future(run_turn(turn))

    def stored() -> tuple[str, str]:
        record = stores.messages.get(answer_id)
        assert record is not None
        return record.status, record.text

    await first.reached.wait()
    assert stored() == ("streaming", ""), "nothing saved before the interval"
    clock.now += 0.2
    first.release()
    await second.reached.wait()
    assert stored() == ("streaming", ""), "0.2 s is still under the interval"
    clock.now += 0.05
    second.release()
    await third.reached.wait()
    assert stored() == ("streaming", "one two three"), "saved once 0.25 s had passed"
    third.release()
    await task
    assert stored() == ("complete", "one two three")
