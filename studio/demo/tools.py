"""Function calling for the demo relay: when to call a tool, which one, and with what arguments.

A prompt that asks for the weather (weather/天气) or the time (time/时间/几点) makes the demo
model call the best matching offered tool; arguments are built from the tool's JSON Schema
(a city named in the prompt, ``celsius``, a time zone …). After the client sends the tool's
result back, :func:`answer_from_tool_results` words it in natural language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.demo.schema_fill import fill_schema
from studio.demo.tokens import has_cjk

_INTENTS: dict[str, re.Pattern[str]] = {
    "weather": re.compile(r"weather|forecast|temperature|天气|气温|下雨", re.IGNORECASE),
    "time": re.compile(r"\btime\b|\bclock\b|what hour|时间|几点|钟点", re.IGNORECASE),
}

_INTENT_NAMES: dict[str, tuple[str, ...]] = {
    "weather": ("weather", "forecast", "temperature"),
    "time": ("time", "clock", "date"),
}

# (name as it may appear in the prompt, canonical English name, IANA time zone)
_CITIES: tuple[tuple[str, str, str], ...] = (
    ("San Francisco", "San Francisco", "America/Los_Angeles"),
    ("New York", "New York", "America/New_York"),
    ("Los Angeles", "Los Angeles", "America/Los_Angeles"),
    ("Hong Kong", "Hong Kong", "Asia/Hong_Kong"),
    ("Paris", "Paris", "Europe/Paris"),
    ("London", "London", "Europe/London"),
    ("Berlin", "Berlin", "Europe/Berlin"),
    ("Tokyo", "Tokyo", "Asia/Tokyo"),
    ("Beijing", "Beijing", "Asia/Shanghai"),
    ("Shanghai", "Shanghai", "Asia/Shanghai"),
    ("Shenzhen", "Shenzhen", "Asia/Shanghai"),
    ("Sydney", "Sydney", "Australia/Sydney"),
    ("Singapore", "Singapore", "Asia/Singapore"),
    ("Boston", "Boston", "America/New_York"),
    ("北京", "Beijing", "Asia/Shanghai"),
    ("上海", "Shanghai", "Asia/Shanghai"),
    ("深圳", "Shenzhen", "Asia/Shanghai"),
    ("广州", "Guangzhou", "Asia/Shanghai"),
    ("杭州", "Hangzhou", "Asia/Shanghai"),
    ("成都", "Chengdu", "Asia/Shanghai"),
    ("香港", "Hong Kong", "Asia/Hong_Kong"),
    ("东京", "Tokyo", "Asia/Tokyo"),
    ("巴黎", "Paris", "Europe/Paris"),
    ("伦敦", "London", "Europe/London"),
    ("纽约", "New York", "America/New_York"),
)

_LOCATION_KEYS = ("location", "city", "place", "address", "region", "town")
_UNIT_KEYS = ("unit", "units", "temperature_unit", "temp_unit", "scale")
_ZONE_KEYS = ("timezone", "time_zone", "tz", "zone")


@dataclass(frozen=True)
class ToolCall:
    """One tool call the demo model decided to make (arguments already JSON-encoded)."""

    id: str
    name: str
    arguments: str


def detect_intents(text: str) -> list[str]:
    """The tool intents ("weather", "time") asked for in ``text``, in order of appearance."""
    found: list[tuple[int, str]] = []
    for intent, pattern in _INTENTS.items():
        match = pattern.search(text)
        if match:
            found.append((match.start(), intent))
    return [intent for _, intent in sorted(found)]


def find_city(text: str) -> tuple[str, str]:
    """The city named in ``text`` as written there, and its time zone; Paris if none."""
    best: tuple[int, str, str] | None = None
    for written, _canonical, zone in _CITIES:
        index = text.lower().find(written.lower())
        if index >= 0 and (best is None or index < best[0]):
            best = (index, written, zone)
    if best is not None:
        return best[1], best[2]
    match = re.search(r"\b(?:in|at|for)\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)", text)
    if match:
        return match.group(1), "UTC"
    return "Paris", "Europe/Paris"


def _functions(tools: Sequence[Any]) -> list[Mapping[str, Any]]:
    result: list[Mapping[str, Any]] = []
    for tool in tools:
        if isinstance(tool, Mapping) and isinstance(tool.get("function"), Mapping):
            function = tool["function"]
            if isinstance(function.get("name"), str):
                result.append(function)
    return result


def _pick(functions: list[Mapping[str, Any]], intent: str, used: set[str]) -> Mapping[str, Any]:
    for function in functions:
        name = str(function["name"]).lower()
        if any(word in name for word in _INTENT_NAMES[intent]) and function["name"] not in used:
            return function
    unused = [f for f in functions if f["name"] not in used]
    return unused[0] if unused else functions[0]


def _enum_choice(schema: Mapping[str, Any], wanted: str) -> Any:
    enum = schema.get("enum")
    if not isinstance(enum, list) or not enum:
        return wanted
    for option in enum:
        if isinstance(option, str) and option.lower().startswith(wanted.lower()[:3]):
            return option
    return enum[0]


def build_arguments(parameters: Mapping[str, Any], prompt: str) -> dict[str, Any]:
    """Arguments for a function whose JSON Schema is ``parameters``, taken from ``prompt``."""
    properties = parameters.get("properties")
    if not isinstance(properties, Mapping):
        return {}
    required = parameters.get("required")
    required_set = {str(r) for r in required} if isinstance(required, list) else set()
    city, zone = find_city(prompt)
    arguments: dict[str, Any] = {}
    for key, schema in properties.items():
        if not isinstance(schema, Mapping):
            schema = {}
        lowered = str(key).lower()
        if any(word in lowered for word in _LOCATION_KEYS):
            arguments[key] = _enum_choice(schema, city)
        elif lowered in _UNIT_KEYS:
            arguments[key] = _enum_choice(schema, "celsius")
        elif lowered in _ZONE_KEYS:
            arguments[key] = _enum_choice(schema, zone)
        elif key in required_set:
            arguments[key] = fill_schema(schema, hint=prompt, name=str(key))
    return arguments


def plan_tool_calls(
    tools: Sequence[Any], tool_choice: Any, prompt: str, first_id: int
) -> list[ToolCall]:
    """The tool calls to make for ``prompt``, or an empty list to answer in text instead."""
    functions = _functions(tools)
    if not functions or tool_choice == "none":
        return []
    forced: Mapping[str, Any] | None = None
    if isinstance(tool_choice, Mapping):
        wanted = tool_choice.get("function", {})
        name = wanted.get("name") if isinstance(wanted, Mapping) else None
        forced = next((f for f in functions if f["name"] == name), None)
    intents = detect_intents(prompt)
    if forced is None and not intents:
        if tool_choice != "required":
            return []
        forced = functions[0]
    chosen: list[Mapping[str, Any]] = []
    if forced is not None:
        chosen.append(forced)
    else:
        used: set[str] = set()
        for intent in intents:
            function = _pick(functions, intent, used)
            if function["name"] not in used:
                used.add(str(function["name"]))
                chosen.append(function)
    calls: list[ToolCall] = []
    for offset, function in enumerate(chosen):
        parameters = function.get("parameters")
        arguments = build_arguments(parameters if isinstance(parameters, Mapping) else {}, prompt)
        calls.append(
            ToolCall(
                id=f"call_demo_{first_id + offset}",
                name=str(function["name"]),
                arguments=json.dumps(arguments, ensure_ascii=False),
            )
        )
    return calls


def _describe_value(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_describe_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_describe_value(v) for v in value)
    return str(value)


def answer_from_tool_results(results: Sequence[tuple[str, str]], prompt: str) -> str:
    """A natural-language answer built from ``(tool name, result content)`` pairs."""
    zh = has_cjk(prompt)
    lines: list[str] = []
    for name, content in results:
        try:
            data: Any = json.loads(content)
        except (ValueError, TypeError):
            data = content
        label = f"`{name}`" if name else ("工具" if zh else "the tool")
        if isinstance(data, Mapping) and data:
            facts = [f"**{k}**: {_describe_value(v)}" for k, v in data.items()]
            head = f"根据 {label} 的结果：" if zh else f"According to {label}:"
            lines.append(head + "\n\n" + "\n".join(f"- {fact}" for fact in facts))
        else:
            text = _describe_value(data).strip() or ("（空结果）" if zh else "(an empty result)")
            lines.append(f"{label} 返回：{text}" if zh else f"{label} returned: {text}")
    if zh:
        lines.append("以上就是查询结果。还有什么需要我帮忙的吗？")
    else:
        lines.append("That is what the tools report. Anything else I can look up for you?")
    return "\n\n".join(lines)
