"""Structured output: JSON answers are validated; a refused json_schema offers the fallback."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from studio.core.chat.structured import schema_from_fields
from studio.session.chat import ChatManager, ConversationSession
from tests.fakes.fake_client import FakeClient, answer
from tests.fakes.raw_server import (
    D,
    RawServer,
    content,
    error_body,
    finish,
    json_response,
    role,
    sse,
)
from tests.qt.signals import Recorder, expect

Run = Callable[[Awaitable[Any]], Any]

PRODUCT = schema_from_fields(
    [
        ("product_name", "string", True, "The product"),
        ("price", "number", True, "In yuan"),
        ("description", "string", True, ""),
    ]
)


def _checked(run: Run, session: ConversationSession, prompt: str) -> tuple[int, bool, str]:
    async def scenario() -> tuple[int, bool, str]:
        checked = expect(session.json_checked)
        session.send(prompt)
        answer_id, ok, detail = await checked
        await session.wait()
        return int(answer_id), bool(ok), str(detail)

    result: tuple[int, bool, str] = run(scenario())
    return result


def test_json_object_mode_checks_the_answer(run: Run, manager: ChatManager) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_system_prompt("Extract product_name, price and description.")
    session.set_output_mode("json_object")
    answer_id, ok, detail = _checked(run, session, "75-inch Xiaomi TV for 3999 yuan")
    assert ok, detail
    assert json.loads(detail) == json.loads(session.branch()[-1].text)
    assert session.branch()[-1].id == answer_id


def test_json_schema_mode_validates_against_the_schema(run: Run, manager: ChatManager) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_output_mode("json_schema", PRODUCT, schema_name="product")
    _answer_id, ok, detail = _checked(run, session, "75-inch Xiaomi TV for 3999 yuan")
    assert ok, detail
    value = json.loads(detail)
    assert set(value) == {"product_name", "price", "description"}
    assert isinstance(value["price"], int | float)
    record = manager.get(session.conversation_id)
    assert record is not None and record.params["output"]["mode"] == "json_schema"


def test_an_answer_that_is_not_json_is_flagged(
    run: Run, fake_manager: ChatManager, fake_client: FakeClient
) -> None:
    fake_client.script(answer("Sure! The TV costs ", "3999."))
    session = fake_manager.open(fake_manager.new_conversation("claude"))
    session.set_output_mode("json_schema", PRODUCT)
    answer_id, ok, detail = _checked(run, session, "75-inch Xiaomi TV")
    assert not ok
    assert detail.startswith("The model did not return valid JSON")
    stored = session.message(answer_id)
    assert stored is not None and stored.status == "complete"
    assert stored.text == "Sure! The TV costs 3999."
    (request,) = fake_client.requests
    assert request.response_format is not None
    assert request.response_format["type"] == "json_schema"


def test_fenced_json_that_misses_a_field_is_flagged_with_the_schema_error(
    run: Run, fake_manager: ChatManager, fake_client: FakeClient
) -> None:
    fenced = '```json\n{"product_name": "TV", "price": "cheap", "description": "big"}\n```'
    fake_client.script(answer(fenced))
    session = fake_manager.open(fake_manager.new_conversation("claude"))
    session.set_output_mode("json_schema", PRODUCT)
    _answer_id, ok, detail = _checked(run, session, "75-inch Xiaomi TV")
    assert not ok
    assert "$.price" in detail and "'cheap' is not of type 'number'" in detail


def test_a_refused_json_schema_offers_the_json_object_fallback(
    run: Run, raw_server: RawServer, make_manager: Callable[..., ChatManager]
) -> None:
    refused = error_body(
        "This response_format type is unavailable now",
        type_="invalid_request_error",
        code="invalid_request_error",
    )
    answer = '{"product_name": "Xiaomi TV", "price": 3999, "description": "75 inch"}'
    raw_server.script(json_response(refused, status=400), sse(role(), content(answer), finish(), D))
    manager = make_manager(raw_server.url)
    session = manager.open(manager.new_conversation("deepseek-chat"))
    session.set_system_prompt("You extract products.")
    session.set_output_mode("json_schema", PRODUCT)
    seen = Recorder(failed=session.answer_failed, offered=session.schema_fallback_offered)

    async def refuse() -> int:
        offered = expect(session.schema_fallback_offered)
        session.send("75-inch Xiaomi TV for 3999 yuan")
        (answer_id,) = await offered
        await session.wait()
        return int(answer_id)

    failed_id = run(refuse())
    ((_id, message, _details),) = seen.of("failed")
    assert _id == failed_id and "This response_format type is unavailable now" in message
    first_body = raw_server.requests[0].json()
    assert first_body["response_format"]["type"] == "json_schema"
    assert first_body["response_format"]["json_schema"]["schema"] == PRODUCT

    async def fallback() -> tuple[bool, str]:
        checked = expect(session.json_checked)
        assert session.use_schema_fallback(failed_id) is not None
        _id, ok, detail = await checked
        await session.wait()
        return bool(ok), str(detail)

    ok, detail = run(fallback())
    assert ok, detail
    body = raw_server.requests[1].json()
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("You extract products.")
    assert json.dumps(PRODUCT, ensure_ascii=False, indent=2) in system["content"]
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    # The choice is remembered for the next messages of this conversation.
    record = manager.get(session.conversation_id)
    assert record is not None and record.params["output"]["schema_in_prompt"] is True
    assert [m.role for m in session.branch()] == ["user", "assistant"]
    assert session.message(failed_id) is None
