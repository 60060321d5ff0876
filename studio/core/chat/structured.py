"""Structured output: checking JSON answers, building schemas, and the json_object fallback.

Relays do not always enforce ``response_format`` (protocol.md §5, case 58): some drop it,
some wrap the JSON in a markdown fence, DeepSeek rejects ``json_schema`` outright. So every
answer is validated here, after stripping a ```json fence, and against the schema when one
was asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match

FIELD_TYPES = ("string", "number", "integer", "boolean", "array", "object")
_WHOLE_FENCE = re.compile(r"^```[ \t]*([A-Za-z0-9_-]*)[ \t]*\n(.*?)\n?```$", re.DOTALL)
_INNER_FENCE = re.compile(r"```[ \t]*(?:json|JSON)[ \t]*\n(.*?)\n?```", re.DOTALL)

Field = tuple[str, str, bool, str]


def strip_fences(text: str) -> str:
    """The JSON inside ``text``: without a surrounding ``` fence, or a ```json block inside."""
    stripped = text.strip()
    whole = _WHOLE_FENCE.match(stripped)
    if whole:
        return whole.group(2).strip()
    if not stripped.startswith(("{", "[")):
        inner = _INNER_FENCE.search(stripped)
        if inner:
            return inner.group(1).strip()
    return stripped


def _where(path: Iterable[Any]) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def check_json(text: str, schema: Mapping[str, Any] | None = None) -> tuple[bool, str]:
    """Validate an answer: ``(True, pretty JSON)`` or ``(False, a one-line reason)``.

    With ``schema`` the value must also match it (JSON Schema draft 2020-12).
    """
    candidate = strip_fences(text)
    if not candidate:
        return False, "The answer is empty, not JSON."
    try:
        value = json.loads(candidate)
    except ValueError as exc:
        return False, f"The model did not return valid JSON: {exc}"
    if schema is not None:
        try:
            validator = Draft202012Validator(dict(schema))
            validator.check_schema(dict(schema))
        except SchemaError as exc:
            return False, f"The schema itself is invalid: {exc.message}"
        error = best_match(validator.iter_errors(value))
        if error is not None:
            return False, f"The JSON does not match the schema at {_where(error.path)}: " + (
                error.message
            )
    return True, json.dumps(value, ensure_ascii=False, indent=2)


def schema_from_fields(fields: Iterable[Field]) -> dict[str, Any]:
    """An object schema from ``(name, type, required, description)`` rows.

    ``type`` is one of :data:`FIELD_TYPES`. Raises ``ValueError`` for an empty or repeated
    name or an unknown type.
    """
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, kind, is_required, description in fields:
        name = name.strip()
        if not name:
            raise ValueError("Every field needs a name.")
        if name in properties:
            raise ValueError(f"The field {name!r} appears twice.")
        if kind not in FIELD_TYPES:
            raise ValueError(f"The field {name!r} has an unknown type {kind!r}.")
        prop: dict[str, Any] = {"type": kind}
        if kind == "array":
            prop["items"] = {"type": "string"}
        if description.strip():
            prop["description"] = description.strip()
        properties[name] = prop
        if is_required:
            required.append(name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return schema


def strict_compatible(schema: Mapping[str, Any]) -> bool:
    """True when OpenAI's ``strict`` mode accepts ``schema``.

    Strict mode needs every object to list all its properties as required and to forbid
    additional ones; otherwise the schema is sent with ``strict: false``.
    """
    if schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties")
        if not isinstance(props, Mapping):
            return False
        if schema.get("additionalProperties") is not False:
            return False
        if set(schema.get("required") or []) != set(props):
            return False
        return all(strict_compatible(p) for p in props.values() if isinstance(p, Mapping))
    items = schema.get("items")
    if isinstance(items, Mapping):
        return strict_compatible(items)
    return True


def fallback_system_prompt(schema: Mapping[str, Any]) -> str:
    """The instruction that carries ``schema`` when the relay rejects ``json_schema``."""
    dumped = json.dumps(dict(schema), ensure_ascii=False, indent=2)
    return (
        "Reply with one JSON object only: no prose and no markdown code fence. "
        f"The JSON must be valid against this JSON Schema:\n{dumped}"
    )


JSON_OBJECT_HINT = "Reply with a JSON object."
"""Added to the system prompt in json_object mode when no message mentions JSON.

Some providers (DeepSeek) reject ``json_object`` unless the word "json" is in the prompt.
"""


def mentions_json(texts: Iterable[str]) -> bool:
    """True when any of ``texts`` contains the word JSON (any case)."""
    return any("json" in text.lower() for text in texts)
