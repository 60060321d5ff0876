"""Per-conversation settings: model, system prompt, sampling parameters, output mode, tools.

They are stored with the conversation (``ConversationStore.update_settings``): the model and
system prompt in their own columns, everything else in ``params`` as::

    {"temperature": 0.7, "top_p": …, "max_tokens": …, "presence_penalty": …,
     "frequency_penalty": …, "seed": …, "extra_body": {…},
     "output": {"mode": "json_schema", "schema": {…}, "schema_name": "…",
                "schema_in_prompt": false},
     "tools": {"builtins": ["calculator"], "functions": [3, 7],
               "user": [{name, description, parameters}]},
     "image_policy": "last"}

``functions`` are ids of the library of user functions (``studio.store.functions``), shared
by every chat and enabled per chat; ``user`` holds functions defined for this conversation
only (``studio chat --tools FILE``, or a name the library had with another definition when
an old history was upgraded). :func:`studio.core.chat.functions.offered_settings` turns both
into the definitions a request sends.

``image_policy`` says which earlier images are sent again (see ``history.py``): ``all``,
``last`` (the latest turn that had images; the default) or ``none``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from studio.core.chat.tools import ToolRegistry, ToolSpec, ToolSpecError
from studio.store.conversations import ConversationRecord

OutputMode = Literal["off", "json_object", "json_schema"]
OUTPUT_MODES: tuple[OutputMode, ...] = ("off", "json_object", "json_schema")
ImagePolicy = Literal["all", "last", "none"]
IMAGE_POLICIES: tuple[ImagePolicy, ...] = ("all", "last", "none")
DEFAULT_IMAGE_POLICY: ImagePolicy = "last"

# name: (kind, low, high)
_PARAMS: dict[str, tuple[type, float, float]] = {
    "temperature": (float, 0.0, 2.0),
    "top_p": (float, 0.0, 1.0),
    "max_tokens": (int, 1, 10_000_000),
    "presence_penalty": (float, -2.0, 2.0),
    "frequency_penalty": (float, -2.0, 2.0),
    "seed": (int, -(2**63), 2**63 - 1),
}
PARAM_NAMES = tuple(_PARAMS)


@dataclass(frozen=True)
class OutputSettings:
    """Structured output: off, ``json_object``, or ``json_schema`` with ``schema``.

    ``schema_in_prompt`` means the relay rejected ``json_schema``: send ``json_object`` and
    put the schema in the system prompt instead (protocol.md case 58).
    """

    mode: OutputMode = "off"
    schema: Mapping[str, Any] | None = None
    schema_name: str = "response"
    schema_in_prompt: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return {
            "mode": self.mode,
            "schema": dict(self.schema) if self.schema is not None else None,
            "schema_name": self.schema_name,
            "schema_in_prompt": self.schema_in_prompt,
        }

    @classmethod
    def from_dict(cls, data: Any) -> OutputSettings:
        """Read stored settings (anything unreadable gives the defaults)."""
        if not isinstance(data, Mapping):
            return cls()
        mode = data.get("mode")
        schema = data.get("schema")
        return cls(
            mode=cast(OutputMode, mode) if mode in OUTPUT_MODES else "off",
            schema=dict(schema) if isinstance(schema, Mapping) else None,
            schema_name=str(data.get("schema_name") or "response"),
            schema_in_prompt=bool(data.get("schema_in_prompt")),
        )


@dataclass(frozen=True)
class ToolSettings:
    """The enabled built-in tools (by name), library functions (by id) and the functions
    defined for this chat only."""

    builtins: tuple[str, ...] = ()
    user: tuple[ToolSpec, ...] = ()
    functions: tuple[int, ...] = ()

    @property
    def enabled(self) -> bool:
        """True when at least one tool is offered to the model."""
        return bool(self.builtins or self.user or self.functions)

    def user_names(self) -> set[str]:
        """The names of the user's tools (of ``user``: resolve library functions first)."""
        return {spec.name for spec in self.user}

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return {
            "builtins": list(self.builtins),
            "functions": list(self.functions),
            "user": [s.to_dict() for s in self.user],
        }

    @classmethod
    def from_dict(cls, data: Any) -> ToolSettings:
        """Read stored settings (anything unreadable is skipped)."""
        if not isinstance(data, Mapping):
            return cls()
        names = data.get("builtins")
        users = data.get("user")
        ids = data.get("functions")
        return cls(
            builtins=tuple(str(n) for n in names) if isinstance(names, list) else (),
            user=tuple(ToolSpec.from_dict(u) for u in users if isinstance(u, Mapping))
            if isinstance(users, list)
            else (),
            functions=tuple(
                dict.fromkeys(i for i in ids if isinstance(i, int) and not isinstance(i, bool))
            )
            if isinstance(ids, list)
            else (),
        )


@dataclass(frozen=True)
class ChatSettings:
    """Everything that shapes the next request of a conversation."""

    model: str
    system_prompt: str = ""
    params: Mapping[str, float | int] = field(default_factory=dict)
    extra_body: Mapping[str, Any] = field(default_factory=dict)
    output: OutputSettings = field(default_factory=OutputSettings)
    tools: ToolSettings = field(default_factory=ToolSettings)
    image_policy: ImagePolicy = DEFAULT_IMAGE_POLICY

    def to_params(self) -> dict[str, Any]:
        """The ``params`` JSON stored with the conversation."""
        out: dict[str, Any] = dict(self.params)
        out["extra_body"] = dict(self.extra_body)
        out["output"] = self.output.to_dict()
        out["tools"] = self.tools.to_dict()
        out["image_policy"] = self.image_policy
        return out

    @classmethod
    def from_record(cls, record: ConversationRecord) -> ChatSettings:
        """The settings stored with ``record`` (unknown or invalid values are dropped)."""
        return cls.from_parts(record.model, record.system_prompt or "", record.params)

    @classmethod
    def from_parts(cls, model: str, system_prompt: str, stored: Mapping[str, Any]) -> ChatSettings:
        """Settings from a model, a system prompt and a stored ``params`` dict (unknown or
        invalid values are dropped); also how assistants are read."""
        params: dict[str, float | int] = {}
        for name in PARAM_NAMES:
            try:
                value = check_param(name, stored.get(name))
            except ValueError:
                continue
            if value is not None:
                params[name] = value
        extra = stored.get("extra_body")
        policy = stored.get("image_policy")
        return cls(
            model=model,
            system_prompt=system_prompt,
            params=params,
            extra_body=dict(extra) if isinstance(extra, Mapping) else {},
            output=OutputSettings.from_dict(stored.get("output")),
            tools=ToolSettings.from_dict(stored.get("tools")),
            image_policy=cast(ImagePolicy, policy)
            if policy in IMAGE_POLICIES
            else DEFAULT_IMAGE_POLICY,
        )


def check_param(name: str, value: Any) -> float | int | None:
    """``value`` as the type parameter ``name`` needs; ``ValueError`` when out of range."""
    if name not in _PARAMS:
        raise ValueError(f"Unknown parameter {name!r}.")
    if value is None:
        return None
    kind, low, high = _PARAMS[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number.")
    if kind is int:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"{name} must be a whole number.")
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low:g} to {high:g}.")
    return cast(float | int, value)


def checked_image_policy(policy: str) -> ImagePolicy:
    """``policy`` if it is one of :data:`IMAGE_POLICIES`; ``ValueError`` otherwise."""
    for known in IMAGE_POLICIES:
        if policy == known:
            return known
    raise ValueError(f"Unknown image policy {policy!r}: use all, last or none.")


def checked_params(
    params: Mapping[str, Any], extra_body: Mapping[str, Any]
) -> tuple[dict[str, float | int], dict[str, Any]]:
    """Validated sampling parameters, and ``extra_body`` (replaced when ``params`` has one)."""
    checked: dict[str, float | int] = {}
    extra = dict(extra_body)
    for name, value in params.items():
        if name == "extra_body":
            if value is not None and not isinstance(value, Mapping):
                raise ValueError("extra_body must be a JSON object.")
            extra = dict(value or {})
            continue
        number = check_param(name, value)
        if number is not None:
            checked[name] = number
    return checked, extra


def checked_output(
    mode: str, schema: Mapping[str, Any] | None, schema_name: str, old: OutputSettings
) -> OutputSettings:
    """Validated output settings; the json_object fallback is kept while the schema is."""
    if mode not in OUTPUT_MODES:
        raise ValueError(f"Unknown output mode {mode!r}.")
    if mode == "json_schema":
        if not isinstance(schema, Mapping):
            raise ValueError("json_schema mode needs a schema.")
        try:
            Draft202012Validator.check_schema(dict(schema))
        except SchemaError as exc:
            raise ValueError(f"The schema is not valid: {exc.message}") from None
    keep = mode == "json_schema" and old.schema == schema and old.schema_in_prompt
    return OutputSettings(
        mode,
        dict(schema) if schema is not None else None,
        schema_name or "response",
        keep,
    )


def checked_tools(
    builtins: Iterable[str],
    user_tools: Iterable[ToolSpec | Mapping[str, Any]],
    registry: ToolRegistry,
    functions: Iterable[int] = (),
    library: Mapping[int, ToolSpec] | None = None,
) -> ToolSettings:
    """Validated tool settings: known built-ins, library functions that exist (``library``:
    its definitions by id) and valid user tools, all with distinct names."""
    names = tuple(dict.fromkeys(builtins))
    for name in names:
        if not registry.is_builtin(name):
            raise ValueError(f"There is no built-in tool called {name!r}.")
    ids = tuple(dict.fromkeys(functions))
    known = library if library is not None else {}
    missing = [i for i in ids if i not in known]
    if missing:
        raise ValueError("A function enabled here is no longer in your library.")
    specs = tuple(s if isinstance(s, ToolSpec) else ToolSpec.from_dict(s) for s in user_tools)
    problems = registry.check_user_tools((*specs, *(known[i] for i in ids)))
    if problems:
        raise ToolSpecError(problems)
    return ToolSettings(names, specs, ids)
