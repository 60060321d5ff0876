"""The built-in tools (safe calculator, current time) and user tool validation."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest

from studio.core.chat.calculator import CalculatorError, evaluate
from studio.core.chat.options import ToolSettings
from studio.core.chat.toolrounds import arguments_valid, automatic_result
from studio.core.chat.tools import ToolRegistry, ToolSpec, ToolSpecError

NOW = datetime(2025, 1, 6, 12, 30, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("2 ** 10", 1024),
        ("2^10", 1024),
        ("-3 + +4", 1),
        ("7 // 2", 3),
        ("7 % 4", 3),
        ("10 / 4", 2.5),
        ("3 × 4 ÷ 2", 6),
        ("sqrt(16) + abs(-2)", 6),
        ("round(pi, 3)", 3.142),
        ("max(1, 5, 3) - min(4, 2)", 3),
        ("log(8, 2)", 3),
        ("factorial(10)", 3628800),
        ("1e3 + 0.5", 1000.5),
        ("2 ** -1", 0.5),
    ],
)
def test_calculator_computes(expression: str, expected: float) -> None:
    assert evaluate(expression) == pytest.approx(expected)


def test_calculator_big_integers_stay_exact() -> None:
    assert evaluate("2 ** 100") == 1267650600228229401496703205376
    assert evaluate("(" * 150 + "1" + ")" * 150) == 1  # parentheses cost nothing


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("__import__('os').system('echo hi')", "not allowed"),
        ("().__class__", "not allowed"),
        ("open('x')", "not allowed"),
        ("x + 1", "unknown name"),
        ("'a' * 3", "only numbers"),
        ("True + 1", "only numbers"),
        ("[1, 2]", "not allowed"),
        ("lambda: 1", "not allowed"),
        ("1 if 1 else 2", "not allowed"),
        ("sqrt(x=4)", "positional"),
        ("9 ** 9 ** 9", "exponents are limited"),
        ("10 ** 5000", "too large"),
        ("factorial(5000)", "from 0 to"),
        ("1 / 0", "division by zero"),
        ("0 ** -1", "division by zero"),
        ("sqrt(-1)", "sqrt"),
        ("(-8) ** (1/3)", "not a real number"),
        ("exp(1000)", "too large"),
        ("1 +", "cannot be parsed"),
        ("", "empty"),
        ("1+" * 300 + "1", "longer than"),
        ("-" * 250 + "1", "too long"),
        ("1 << 1000", "not allowed"),
        ("sqrt(1, 2)", "wrong number of arguments"),
    ],
)
def test_calculator_refuses(expression: str, reason: str) -> None:
    with pytest.raises(CalculatorError, match=reason):
        evaluate(expression)


def test_calculator_tool_reports_errors_as_json() -> None:
    registry = ToolRegistry(now=lambda: NOW)
    assert json.loads(registry.run("calculator", '{"expression": "6 * 7"}')) == {
        "expression": "6 * 7",
        "result": 42,
    }
    failed = json.loads(registry.run("calculator", '{"expression": "1/0"}'))
    assert failed["error"] == "division by zero"
    assert "error" in json.loads(registry.run("calculator", "{}"))
    assert "error" in json.loads(registry.run("calculator", "[1]"))


def test_time_tool_in_a_named_zone_and_locally() -> None:
    registry = ToolRegistry(now=lambda: NOW)
    shanghai = json.loads(registry.run("get_current_time", '{"timezone": "Asia/Shanghai"}'))
    assert shanghai == {
        "datetime": "2025-01-06T20:30:00+08:00",
        "timezone": "Asia/Shanghai",
        "utc_offset": "+08:00",
        "weekday": "Monday",
    }
    local = json.loads(registry.run("get_current_time", "{}"))
    parsed = datetime.fromisoformat(local["datetime"])
    assert parsed == NOW and parsed.tzinfo is not None
    unknown = json.loads(registry.run("get_current_time", '{"timezone": "Mars/Olympus"}'))
    assert "Unknown time zone" in unknown["error"]


def test_definitions_list_enabled_built_ins_then_user_tools() -> None:
    registry = ToolRegistry()
    user = ToolSpec("lookup", "Find a thing", {"type": "object", "properties": {}})
    tools = registry.definitions(["calculator"], [user])
    assert [t["function"]["name"] for t in tools] == ["calculator", "lookup"]
    assert all(t["type"] == "function" for t in tools)
    assert tools[0]["function"]["parameters"]["required"] == ["expression"]
    assert registry.definitions([], []) == []
    assert registry.definitions(["nope"]) == []


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        (ToolSpec("get weather"), "must be 1 to 64"),
        (ToolSpec("x" * 65), "must be 1 to 64"),
        (ToolSpec(""), "must be 1 to 64"),
        (ToolSpec("ok", parameters={"type": "array"}), '"type": "object"'),
        (ToolSpec("ok", parameters={"type": "objekt"}), "not a valid JSON Schema"),
        (
            ToolSpec("ok", parameters={"type": "object", "properties": {"a": {"type": 5}}}),
            "not a valid JSON Schema",
        ),
    ],
)
def test_user_tool_validation(spec: ToolSpec, problem: str) -> None:
    assert any(problem in p for p in spec.errors())
    with pytest.raises(ToolSpecError, match=r"JSON Schema|64|object"):
        spec.validate()


def test_user_tools_must_not_clash() -> None:
    registry = ToolRegistry()
    good = ToolSpec("get-weather_2", "", {"type": "object", "properties": {}})
    assert good.validate() is good
    problems = registry.check_user_tools([good, good, ToolSpec("calculator")])
    assert any("used twice" in p for p in problems)
    assert any("built-in" in p for p in problems)


def test_tool_spec_reads_the_openai_shape_too() -> None:
    spec = ToolSpec.from_dict(
        {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    )
    assert spec.name == "f" and spec.definition()["function"]["parameters"] == {"type": "object"}
    assert ToolSpec.from_dict(spec.to_dict()) == spec


def test_automatic_results_decide_who_answers_a_call() -> None:
    registry = ToolRegistry(now=lambda: NOW)
    tools = ToolSettings(("calculator",), (ToolSpec("get_weather"),))
    assert automatic_result("get_weather", '{"city": "Paris"}', tools, registry) is None
    calc = json.loads(
        automatic_result("calculator", '{"expression": "2+2"}', tools, registry) or ""
    )
    assert calc["result"] == 4
    # Built-ins that are not enabled are not run.
    off = json.loads(automatic_result("get_current_time", "{}", tools, registry) or "")
    assert "no tool called" in off["error"]
    # Truncated arguments (finish_reason length) are never executed, even for user tools.
    cut = json.loads(automatic_result("get_weather", '{"city": "Par', tools, registry) or "")
    assert "not a complete JSON object" in cut["error"]
    assert not arguments_valid('{"q": "cats"') and arguments_valid("") and not arguments_valid("[]")
    assert math.isclose(
        json.loads(registry.run("calculator", '{"expression": "pi"}'))["result"], math.pi
    )
