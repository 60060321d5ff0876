"""Function calling and structured output from the demo relay."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest

from studio.demo.schema_fill import fill_schema

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "The city, e.g. San Francisco"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["location"],
        },
    },
}
TIME_TOOL = {
    "type": "function",
    "function": {
        "name": "get_time",
        "parameters": {
            "type": "object",
            "properties": {"timezone": {"type": "string"}, "format": {"type": "string"}},
            "required": ["timezone", "format"],
            "additionalProperties": False,
        },
    },
}
SEARCH_TOOL = {
    "type": "function",
    "function": {
        "name": "search_docs",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}},
    },
}


def _assemble(result: Any) -> dict[int, dict[str, str]]:
    """Tool calls assembled by index, the way a client must do it."""
    calls: dict[int, dict[str, str]] = {}
    for chunk in result.chunks:
        for choice in chunk["choices"]:
            for fragment in choice["delta"].get("tool_calls") or []:
                call = calls.setdefault(fragment["index"], {"id": "", "name": "", "arguments": ""})
                if fragment.get("id"):
                    call["id"] = fragment["id"]
                function = fragment.get("function") or {}
                if function.get("name"):
                    call["name"] = function["name"]
                call["arguments"] += function.get("arguments") or ""
    return calls


def test_weather_prompt_streams_a_tool_call_with_valid_arguments(stream_chat: Any) -> None:
    result = stream_chat(
        {
            "model": "gpt-4o",
            "tools": [SEARCH_TOOL, WEATHER_TOOL],
            "tool_choice": "auto",
            "messages": [{"role": "user", "content": "What's the weather like in Tokyo today?"}],
        }
    )
    calls = _assemble(result)
    assert list(calls) == [0]
    call = calls[0]
    assert call["name"] == "get_current_weather"
    assert call["id"].startswith("call_demo_")
    arguments = json.loads(call["arguments"])
    jsonschema.validate(arguments, WEATHER_TOOL["function"]["parameters"])
    assert arguments["location"] == "Tokyo"
    assert arguments["unit"] == "celsius"
    fragments = [
        f
        for chunk in result.chunks
        for f in chunk["choices"][0]["delta"].get("tool_calls") or []
        if f.get("function", {}).get("arguments")
    ]
    assert len(fragments) >= 3
    assert result.finishes() == {0: "tool_calls"}
    assert result.done


def test_chinese_time_prompt_picks_the_time_tool(stream_chat: Any) -> None:
    result = stream_chat(
        {
            "model": "deepseek-reasoner",
            "tools": [WEATHER_TOOL, TIME_TOOL],
            "messages": [{"role": "user", "content": "北京现在几点了？"}],
        }
    )
    calls = _assemble(result)
    assert calls[0]["name"] == "get_time"
    arguments = json.loads(calls[0]["arguments"])
    jsonschema.validate(arguments, TIME_TOOL["function"]["parameters"])
    assert arguments["timezone"] == "Asia/Shanghai"
    assert result.text(key="reasoning_content")


def test_weather_and_time_make_two_parallel_calls(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/chat/completions",
        json={
            "model": "gpt-4o",
            "tools": [TIME_TOOL, WEATHER_TOOL],
            "messages": [{"role": "user", "content": "Weather in Paris and the time there?"}],
        },
    )
    message = response.json()["choices"][0]["message"]
    assert message["content"] is None
    names = [call["function"]["name"] for call in message["tool_calls"]]
    assert names == ["get_current_weather", "get_time"]
    assert len({call["id"] for call in message["tool_calls"]}) == 2
    assert response.json()["choices"][0]["finish_reason"] == "tool_calls"


def test_no_tool_call_without_tools_or_for_other_prompts(stream_chat: Any) -> None:
    plain = stream_chat({"model": "gpt-4o", "messages": [{"role": "user", "content": "weather?"}]})
    assert _assemble(plain) == {}
    other = stream_chat(
        {
            "model": "gpt-4o",
            "tools": [WEATHER_TOOL],
            "messages": [{"role": "user", "content": "Write a poem"}],
        }
    )
    assert _assemble(other) == {}
    assert other.finishes() == {0: "stop"}


def test_tool_result_round_trip_answers_in_words(stream_chat: Any, base_url: str) -> None:
    question = {"role": "user", "content": "What's the weather in Paris?"}
    first = stream_chat({"model": "gpt-4o", "tools": [WEATHER_TOOL], "messages": [question]})
    call = _assemble(first)[0]
    assistant = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": call["id"],
                "type": "function",
                "function": {"name": call["name"], "arguments": call["arguments"]},
            }
        ],
    }
    tool = {
        "role": "tool",
        "tool_call_id": call["id"],
        "content": json.dumps({"temperature": 18, "condition": "light rain"}),
    }
    second = stream_chat(
        {"model": "gpt-4o", "tools": [WEATHER_TOOL], "messages": [question, assistant, tool]}
    )
    text = second.text()
    assert "light rain" in text and "18" in text
    assert "get_current_weather" in text
    assert _assemble(second) == {}
    assert second.finishes() == {0: "stop"}


SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "product_name": {"type": "string", "minLength": 3},
        "price": {"type": "number", "minimum": 0, "maximum": 10000},
        "stock": {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 5},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3},
        "colour": {"type": "string", "enum": ["black", "silver"]},
        "dimensions": {"$ref": "#/$defs/Dimensions"},
        "warranty": {"anyOf": [{"type": "null"}, {"type": "integer", "maximum": 5}]},
        "released": {"type": "string", "format": "date"},
        "sku": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]{3}$"},
    },
    "required": [
        "product_name",
        "price",
        "stock",
        "tags",
        "colour",
        "dimensions",
        "warranty",
        "released",
        "sku",
    ],
    "additionalProperties": False,
    "$defs": {
        "Dimensions": {
            "type": "object",
            "properties": {"width_cm": {"type": "number"}, "height_cm": {"type": "number"}},
            "required": ["width_cm", "height_cm"],
            "additionalProperties": False,
        }
    },
}


def test_json_schema_answer_validates(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/chat/completions",
        json={
            "model": "gpt-4o-2024-08-06",
            "messages": [{"role": "user", "content": "Describe the 75-inch Xiaomi TV"}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "product", "strict": True, "schema": SCHEMA},
            },
        },
    )
    content = response.json()["choices"][0]["message"]["content"]
    value = json.loads(content)
    jsonschema.validate(value, SCHEMA)
    assert value["dimensions"]["width_cm"] > 0


def test_streamed_json_object_names_the_fields_from_the_system_prompt(stream_chat: Any) -> None:
    result = stream_chat(
        {
            "model": "gpt-4o-mini",
            "response_format": {"type": "json_object"},
            "messages": [
                {
                    "role": "system",
                    "content": "Reply in JSON with product_name, price and description.",
                },
                {"role": "user", "content": "75-inch Xiaomi TV"},
            ],
        }
    )
    value = json.loads(result.text())
    assert {"product_name", "price", "description"} <= set(value)
    assert isinstance(value["price"], float)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "array", "items": {"enum": ["a", "b", "c"]}, "minItems": 3, "uniqueItems": True},
        {"type": ["integer", "null"], "minimum": 7, "maximum": 9},
        {"allOf": [{"properties": {"a": {"type": "boolean"}}, "required": ["a"]}]},
        {"type": "object", "properties": {"when": {"type": "string", "format": "date-time"}}},
        {"type": "string", "maxLength": 4},
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        {"oneOf": [{"type": "string", "const": "fixed"}, {"type": "integer"}]},
    ],
)
def test_fill_schema_handles_common_keywords(schema: dict[str, Any]) -> None:
    jsonschema.validate(fill_schema(schema, hint="test"), schema)
