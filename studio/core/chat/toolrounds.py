"""The tool-call loop's bookkeeping: which calls still wait for a result, and who answers.

A round is an assistant message with ``tool_calls`` followed, on the branch, by one ``tool``
message per call. Built-in tools are answered automatically; calls of user-defined tools wait
for the user; calls whose arguments are not a JSON object, or that name no offered tool, get
an error result without running anything (protocol.md case 36).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.core.chat.options import ToolSettings
from studio.core.chat.tools import ToolRegistry
from studio.store.messages import MessageRecord


@dataclass(frozen=True)
class PendingCall:
    """A tool call of the open round that has no result yet."""

    assistant_id: int
    id: str
    name: str
    arguments: str

    def to_dict(self) -> dict[str, Any]:
        """For signals: ``{"assistant_id", "id", "name", "arguments"}``."""
        return {
            "assistant_id": self.assistant_id,
            "id": self.id,
            "name": self.name,
            "arguments": self.arguments,
        }


def call_parts(call: Mapping[str, Any]) -> tuple[str, str, str]:
    """``(id, name, arguments)`` of a stored call (``{"id", "function": {…}}``)."""
    function = call.get("function")
    function = function if isinstance(function, Mapping) else {}
    return (
        str(call.get("id", "")),
        str(function.get("name", "")),
        str(function.get("arguments") or "{}"),
    )


def arguments_valid(arguments: str) -> bool:
    """True when ``arguments`` is a JSON object."""
    try:
        return isinstance(json.loads(arguments or "{}"), dict)
    except ValueError:
        return False


def is_json(text: str) -> bool:
    """True when ``text`` parses as JSON (any value)."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def open_round(branch: Sequence[MessageRecord]) -> tuple[MessageRecord, set[str]] | None:
    """The assistant whose calls end ``branch`` (only tool results after it) and the ids
    already answered, or None when the branch does not end in a tool round."""
    answered: set[str] = set()
    for message in reversed(branch):
        if message.role == "tool":
            if message.tool_call_id:
                answered.add(message.tool_call_id)
            continue
        if message.role == "assistant" and message.tool_calls and message.status == "complete":
            return message, answered
        return None
    return None


def pending_calls(branch: Sequence[MessageRecord]) -> list[PendingCall]:
    """The calls at the end of ``branch`` still waiting for a result, in call order."""
    found = open_round(branch)
    if found is None:
        return []
    assistant, answered = found
    pending: list[PendingCall] = []
    for call in assistant.tool_calls or []:
        call_id, name, arguments = call_parts(call)
        if call_id not in answered:
            pending.append(PendingCall(assistant.id, call_id, name, arguments))
    return pending


def automatic_result(
    name: str, arguments: str, tools: ToolSettings, registry: ToolRegistry
) -> str | None:
    """The result Studio gives a call by itself, or None when the user must supply it."""
    if not arguments_valid(arguments):
        return _error(
            f"The arguments for {name!r} were not a complete JSON object, so the tool was "
            "not run. Call it again with valid JSON arguments."
        )
    if name in tools.user_names():
        return None
    if name in tools.builtins and registry.is_builtin(name):
        return registry.run(name, arguments)
    return _error(f"There is no tool called {name!r}.")


def _error(message: str) -> str:
    return json.dumps({"error": message}, ensure_ascii=False)
