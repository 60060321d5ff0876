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
from dataclasses import dataclass, field
from typing import Any, Literal

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError, best_match

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


JsonProblemCode = Literal["empty", "syntax", "schema_invalid", "mismatch"]
"""What a JSON check found wrong: no text; not JSON (``rule`` says what the parser expected,
see :data:`SYNTAX_RULES`); a schema that is not a valid JSON Schema (``rule``: the keyword at
fault); JSON that does not match the schema at ``path`` (``rule``: the schema keyword)."""

# The parser's messages (CPython's ``json`` module) by what they mean; "text" is the usual
# case of a prose answer: a value was expected at the very start.
_SYNTAX_MESSAGES = (
    ("Expecting value", "expected_value"),
    ("Expecting property name", "expected_name"),
    ("Expecting ',' delimiter", "expected_comma"),
    ("Expecting ':' delimiter", "expected_colon"),
    ("Extra data", "extra_data"),
    ("Unterminated string", "unterminated_string"),
    ("Invalid control character", "control_character"),
    ("Invalid \\uXXXX escape", "bad_escape"),
    ("Invalid \\escape", "bad_escape"),
    ("Illegal trailing comma", "trailing_comma"),
)
SYNTAX_RULES = ("text", *dict.fromkeys(rule for _, rule in _SYNTAX_MESSAGES), "other")
"""Every ``rule`` a ``syntax`` problem may have."""


@dataclass(frozen=True)
class JsonProblem:
    """Why an answer is not the JSON asked for, as facts the window puts into words.

    ``code`` is a :data:`JsonProblemCode`; ``rule`` what was broken (a :data:`SYNTAX_RULES`
    entry, or a JSON Schema keyword such as ``type``, ``required``, ``enum``); ``path``
    where, as ``$.items[0].name``; ``facts`` the details the sentence needs, by rule:
    ``line``/``column`` (syntax), ``expected`` (a list of JSON type names) and ``actual``
    (``type``), ``name`` (``required``), ``names`` (``additionalProperties``), ``values``
    (``enum``), ``value`` (``const``), ``limit`` (``minimum``, ``maxLength``,
    ``minItems``…), ``pattern``, ``format``. ``english`` is
    the whole sentence in English, for the command line and logs.
    """

    code: JsonProblemCode
    english: str
    rule: str = ""
    path: str = "$"
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JsonVerdict:
    """The result of a JSON check: the parsed ``value`` and ``pretty`` JSON, or ``problem``."""

    problem: JsonProblem | None
    value: Any = None
    pretty: str = ""

    @property
    def ok(self) -> bool:
        """True when the answer is the JSON asked for."""
        return self.problem is None

    @property
    def detail(self) -> str:
        """The pretty JSON, or the problem in English."""
        return self.pretty if self.problem is None else self.problem.english


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _syntax_problem(error: json.JSONDecodeError) -> JsonProblem:
    rule = next((r for prefix, r in _SYNTAX_MESSAGES if error.msg.startswith(prefix)), "other")
    if rule == "expected_value" and error.pos == 0:
        rule = "text"
    return JsonProblem(
        "syntax",
        f"The model did not return valid JSON: {error}",
        rule,
        facts={"line": error.lineno, "column": error.colno},
    )


_LIMITS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
)


def _mismatch_facts(error: ValidationError) -> dict[str, Any]:
    rule, rule_value, instance = str(error.validator), error.validator_value, error.instance
    if rule == "type":
        expected = rule_value if isinstance(rule_value, list) else [rule_value]
        return {"expected": [str(t) for t in expected], "actual": _json_type(instance)}
    if rule == "required" and isinstance(instance, dict) and isinstance(rule_value, list):
        missing = [str(name) for name in rule_value if name not in instance]
        return {"name": missing[0] if missing else ""}
    if rule == "additionalProperties" and isinstance(instance, dict):
        schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
        properties = schema.get("properties")
        known: Mapping[str, Any] = properties if isinstance(properties, Mapping) else {}
        patterns = schema.get("patternProperties")
        extra = [
            str(name) for name in instance if name not in known and not _matches(patterns, name)
        ]
        return {"names": extra}
    if rule == "enum" and isinstance(rule_value, list):
        return {"values": [json.dumps(v, ensure_ascii=False) for v in rule_value]}
    if rule == "const":
        return {"value": json.dumps(rule_value, ensure_ascii=False)}
    if rule in _LIMITS:
        return {"limit": rule_value}
    if rule in ("pattern", "format"):
        return {rule: str(rule_value)}
    return {}


def _matches(patterns: Any, name: Any) -> bool:
    for pattern in patterns if isinstance(patterns, Mapping) else ():
        try:
            if re.search(str(pattern), str(name)):
                return True
        except re.error:
            continue
    return False


def judge_json(text: str, schema: Mapping[str, Any] | None = None) -> JsonVerdict:
    """Check an answer as JSON (after stripping a ```json fence), against ``schema`` when
    one is given (JSON Schema draft 2020-12); the verdict with the facts of any problem."""
    candidate = strip_fences(text)
    if not candidate:
        return JsonVerdict(JsonProblem("empty", "The answer is empty, not JSON."))
    try:
        value = json.loads(candidate)
    except json.JSONDecodeError as exc:
        return JsonVerdict(_syntax_problem(exc))
    except ValueError as exc:  # (numbers too long to read)
        return JsonVerdict(
            JsonProblem("syntax", f"The model did not return valid JSON: {exc}", "other")
        )
    if schema is not None:
        try:
            validator = Draft202012Validator(dict(schema))
            validator.check_schema(dict(schema))
        except SchemaError as exc:
            return JsonVerdict(
                JsonProblem(
                    "schema_invalid",
                    f"The schema itself is invalid: {exc.message}",
                    str(exc.validator),
                    _where(exc.path),
                )
            )
        error = best_match(validator.iter_errors(value))
        if error is not None:
            where = _where(error.path)
            return JsonVerdict(
                JsonProblem(
                    "mismatch",
                    f"The JSON does not match the schema at {where}: {error.message}",
                    str(error.validator),
                    where,
                    _mismatch_facts(error),
                )
            )
    return JsonVerdict(None, value, json.dumps(value, ensure_ascii=False, indent=2))


def check_json(text: str, schema: Mapping[str, Any] | None = None) -> tuple[bool, str]:
    """Validate an answer: ``(True, pretty JSON)`` or ``(False, a one-line reason)``.

    With ``schema`` the value must also match it (JSON Schema draft 2020-12). The reason is
    in English; :func:`judge_json` gives its facts, to word it in the UI language.
    """
    verdict = judge_json(text, schema)
    return verdict.ok, verdict.detail


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
