"""Function calling: the built-in tools, user-defined tool definitions and their validation.

A :class:`ToolRegistry` knows the built-in tools (``get_current_time`` and ``calculator``),
runs them on a model's arguments and builds the OpenAI ``tools`` array from the enabled
built-ins plus the user's own :class:`ToolSpec` definitions. User tools are never run here:
the user supplies their results (see ``ConversationSession.submit_tool_result``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from studio.core.chat.calculator import CalculatorError, evaluate

TOOL_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
TIME_TOOL = "get_current_time"
CALCULATOR_TOOL = "calculator"
Now = Callable[[], datetime]


class ToolSpecError(ValueError):
    """A user tool definition is not valid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ToolSpec:
    """A function the model may call: a name, a description and a JSON Schema for arguments."""

    name: str
    description: str = ""
    parameters: Mapping[str, Any] = field(
        default_factory=lambda: {"type": "object", "properties": {}}
    )

    def errors(self) -> list[str]:
        """Every problem with this definition (empty when it is valid)."""
        found: list[str] = []
        if not TOOL_NAME_RE.match(self.name):
            found.append(
                f"The name {self.name!r} must be 1 to 64 letters, digits, '_' or '-' (no spaces)."
            )
        if not isinstance(self.parameters, Mapping):
            found.append("The parameters must be a JSON object (a JSON Schema).")
            return found
        try:
            Draft202012Validator.check_schema(dict(self.parameters))
        except SchemaError as exc:
            where = "/".join(str(p) for p in exc.path)
            found.append(f"The parameters are not a valid JSON Schema ({where}): {exc.message}")
            return found
        if self.parameters.get("type") != "object":
            found.append('The parameters schema must have "type": "object".')
        return found

    def validate(self) -> ToolSpec:
        """Return self, or raise :class:`ToolSpecError` listing the problems."""
        problems = self.errors()
        if problems:
            raise ToolSpecError(problems)
        return self

    def definition(self) -> dict[str, Any]:
        """The entry of the OpenAI ``tools`` array."""
        function: dict[str, Any] = {"name": self.name, "parameters": dict(self.parameters)}
        if self.description:
            function["description"] = self.description
        return {"type": "function", "function": function}

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return {
            "name": self.name,
            "description": self.description,
            "parameters": dict(self.parameters),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ToolSpec:
        """Read a stored or pasted definition (also accepts the OpenAI ``tools`` entry shape)."""
        if isinstance(data.get("function"), Mapping):
            data = data["function"]
        parameters = data.get("parameters")
        return cls(
            name=str(data.get("name", "")),
            description=str(data.get("description") or ""),
            parameters=dict(parameters)
            if isinstance(parameters, Mapping)
            else {"type": "object", "properties": {}},
        )


@dataclass(frozen=True)
class BuiltinTool:
    """A tool Studio runs itself: its definition and the function computing the result."""

    spec: ToolSpec
    run: Callable[[dict[str, Any]], dict[str, Any]]


def _time_tool(now: Now) -> BuiltinTool:
    def run(arguments: dict[str, Any]) -> dict[str, Any]:
        zone_name = arguments.get("timezone")
        moment = now()
        if zone_name:
            try:
                zone = ZoneInfo(str(zone_name))
            except (ZoneInfoNotFoundError, ValueError):
                return {"error": f"Unknown time zone {zone_name!r}; use an IANA name."}
            local = moment.astimezone(zone)
            name = str(zone_name)
        else:
            local = moment.astimezone()
            name = local.tzname() or "local"
        return {
            "datetime": local.isoformat(timespec="seconds"),
            "timezone": name,
            "utc_offset": local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:],
            "weekday": local.strftime("%A"),
        }

    spec = ToolSpec(
        TIME_TOOL,
        "Get the current date and time (ISO 8601), the time zone and the day of the week.",
        {
            "type": "object",
            "properties": {
                "timezone": {
                    "type": "string",
                    "description": "IANA time zone such as Asia/Shanghai; omit for local time.",
                }
            },
        },
    )
    return BuiltinTool(spec, run)


def _calculator_tool() -> BuiltinTool:
    def run(arguments: dict[str, Any]) -> dict[str, Any]:
        expression = arguments.get("expression")
        if not isinstance(expression, str):
            return {"error": "Pass the arithmetic as a string in 'expression'."}
        try:
            return {"expression": expression, "result": evaluate(expression)}
        except CalculatorError as exc:
            return {"expression": expression, "error": str(exc)}

    spec = ToolSpec(
        CALCULATOR_TOOL,
        "Evaluate an arithmetic expression exactly: numbers, + - * / // % ** and parentheses, "
        "and sqrt, log, exp, sin, cos, tan, floor, ceil, round, abs, min, max, factorial, "
        "pi, e.",
        {
            "type": "object",
            "properties": {
                "expression": {"type": "string", "description": "For example (2 + 3) * 4 ** 2"}
            },
            "required": ["expression"],
        },
    )
    return BuiltinTool(spec, run)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ToolRegistry:
    """The built-in tools, and the ``tools`` array for a conversation.

    ``now`` returns the current time as an aware datetime (tests pass a fixed one).
    """

    def __init__(self, *, now: Now = _utc_now) -> None:
        self._builtins: dict[str, BuiltinTool] = {
            tool.spec.name: tool for tool in (_time_tool(now), _calculator_tool())
        }

    def builtin_names(self) -> list[str]:
        """The names of the built-in tools."""
        return list(self._builtins)

    def builtin(self, name: str) -> BuiltinTool | None:
        """The built-in tool called ``name``, or None."""
        return self._builtins.get(name)

    def is_builtin(self, name: str) -> bool:
        """True when ``name`` is a built-in tool."""
        return name in self._builtins

    def definitions(
        self, enabled: Iterable[str], user_tools: Iterable[ToolSpec] = ()
    ) -> list[dict[str, Any]]:
        """The OpenAI ``tools`` array: the enabled built-ins, then the user's tools."""
        out = [self._builtins[n].spec.definition() for n in enabled if n in self._builtins]
        out.extend(spec.definition() for spec in user_tools)
        return out

    def run(self, name: str, arguments: str) -> str:
        """Run built-in ``name`` on JSON ``arguments``; the result is JSON text.

        Problems (bad arguments, unknown zone, division by zero) come back as a JSON object
        with an ``error`` key, which the model can read and act on. ``KeyError`` if ``name``
        is not a built-in.
        """
        tool = self._builtins[name]
        try:
            parsed = json.loads(arguments or "{}")
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            result: dict[str, Any] = {"error": "The arguments are not a JSON object."}
        else:
            result = tool.run(parsed)
        return json.dumps(result, ensure_ascii=False)

    def check_user_tools(self, specs: Iterable[ToolSpec]) -> list[str]:
        """Problems with a set of user tools (each invalid, duplicated or a built-in's name)."""
        problems: list[str] = []
        seen: set[str] = set()
        for spec in specs:
            problems.extend(f"{spec.name or '(no name)'}: {p}" for p in spec.errors())
            if spec.name in seen:
                problems.append(f"{spec.name}: the name is used twice.")
            if spec.name in self._builtins:
                problems.append(f"{spec.name}: the name belongs to a built-in tool.")
            seen.add(spec.name)
        return problems
