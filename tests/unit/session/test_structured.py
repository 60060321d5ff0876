"""Structured output helpers: fence stripping, JSON and schema checks, schema building."""

from __future__ import annotations

import json

import pytest

from studio.core.chat.structured import (
    check_json,
    fallback_system_prompt,
    mentions_json,
    schema_from_fields,
    strict_compatible,
    strip_fences,
)

SCHEMA = schema_from_fields(
    [("name", "string", True, "Who"), ("age", "integer", True, ""), ("tags", "array", False, "")]
)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('{"a": 1}', '{"a": 1}'),
        ('  ```json\n{"a": 1}\n```  ', '{"a": 1}'),
        ('```JSON\n{"a": 1}```', '{"a": 1}'),
        ("```\n[1, 2]\n```", "[1, 2]"),
        ('Here you go:\n```json\n{"a": 1}\n```\nAnything else?', '{"a": 1}'),
        ("no json here", "no json here"),
    ],
)
def test_strip_fences(text: str, inner: str) -> None:
    assert strip_fences(text) == inner


def test_check_json_pretty_prints_valid_json() -> None:
    ok, pretty = check_json('```json\n{"name":"李雷","age":12}\n```')
    assert ok
    assert pretty == '{\n  "name": "李雷",\n  "age": 12\n}'


def test_check_json_reports_invalid_json_with_position() -> None:
    ok, error = check_json('{"name": "x", "age": }')
    assert not ok
    assert error.startswith("The model did not return valid JSON:") and "column" in error
    assert check_json("   ") == (False, "The answer is empty, not JSON.")


def test_check_json_against_a_schema() -> None:
    ok, pretty = check_json('{"name": "Ann", "age": 30, "tags": ["a"]}', SCHEMA)
    assert ok and json.loads(pretty)["age"] == 30
    ok, error = check_json('{"name": "Ann", "age": "thirty"}', SCHEMA)
    assert not ok and "$.age" in error and "'thirty' is not of type 'integer'" in error
    ok, error = check_json('{"name": "Ann"}', SCHEMA)
    assert not ok and "'age' is a required property" in error
    ok, error = check_json('{"name": "Ann", "age": 3, "extra": 1}', SCHEMA)
    assert not ok and "extra" in error
    ok, error = check_json('{"a": 1}', {"type": "nonsense"})
    assert not ok and error.startswith("The schema itself is invalid")


def test_schema_from_fields() -> None:
    assert SCHEMA == {
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "Who"},
            "age": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    with pytest.raises(ValueError, match="twice"):
        schema_from_fields([("a", "string", True, ""), ("a", "number", True, "")])
    with pytest.raises(ValueError, match="unknown type"):
        schema_from_fields([("a", "date", True, "")])
    with pytest.raises(ValueError, match="needs a name"):
        schema_from_fields([(" ", "string", True, "")])


def test_strict_mode_needs_every_field_required() -> None:
    assert not strict_compatible(SCHEMA)  # "tags" is optional
    all_required = schema_from_fields([("a", "string", True, ""), ("b", "number", True, "")])
    assert strict_compatible(all_required)
    assert not strict_compatible({"type": "object", "properties": {"a": {"type": "string"}}})


def test_fallback_prompt_carries_the_schema() -> None:
    prompt = fallback_system_prompt(SCHEMA)
    assert "JSON" in prompt and json.dumps(SCHEMA, indent=2) in prompt
    assert mentions_json(["please answer in Json"]) and not mentions_json(["plain", ""])
