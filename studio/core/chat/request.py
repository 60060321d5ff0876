"""Turn a conversation's settings and branch into a :class:`ChatRequest`.

Pure: the same settings and branch always give the same request. Structured output decides
``response_format`` (and, for the json_object fallback, the extra system prompt); enabled
tools become ``tools`` with ``tool_choice: "auto"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.api.chat import ChatRequest, json_schema_format
from studio.core.chat.options import ChatSettings
from studio.core.chat.request_messages import (
    ImageLoader,
    SentImages,
    build_messages,
    continue_messages,
)
from studio.core.chat.structured import (
    JSON_OBJECT_HINT,
    fallback_system_prompt,
    mentions_json,
    strict_compatible,
)
from studio.core.chat.tools import ToolRegistry
from studio.store.messages import MessageRecord

_SCHEMA_NAME_RE = re.compile(r"[^a-zA-Z0-9_-]")


@dataclass(frozen=True)
class OutputCheck:
    """How an answer will be checked: as JSON, and against ``schema`` when there is one."""

    schema: Mapping[str, Any] | None


def output_check(settings: ChatSettings) -> OutputCheck | None:
    """The check for answers made with ``settings`` (None when structured output is off)."""
    output = settings.output
    if output.mode == "off":
        return None
    return OutputCheck(output.schema if output.mode == "json_schema" else None)


def _joined(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _schema_name(name: str) -> str:
    cleaned = _SCHEMA_NAME_RE.sub("_", name.strip())[:64]
    return cleaned or "response"


def _float(params: Mapping[str, float | int], name: str) -> float | None:
    value = params.get(name)
    return None if value is None else float(value)


def _int(params: Mapping[str, float | int], name: str) -> int | None:
    value = params.get(name)
    return None if value is None else int(value)


def build_request(
    settings: ChatSettings,
    registry: ToolRegistry,
    branch: Sequence[MessageRecord],
    *,
    continuing: bool = False,
    load_image: ImageLoader | None = None,
    images: SentImages | None = None,
    stream: bool = True,
) -> ChatRequest:
    """The request answering the end of ``branch`` (streaming unless ``stream`` is False).

    With ``continuing`` the branch ends with a cut answer and the model is asked to go on.
    ``images`` are the attached images already read and encoded
    (:func:`~studio.core.chat.request_messages.load_images`); without them ``load_image`` reads
    them from the image store here (see ``history.py``).
    """
    system = settings.system_prompt
    output = settings.output
    response_format: dict[str, Any] | None = None
    if output.mode == "json_schema" and output.schema is not None:
        if output.schema_in_prompt:
            system = _joined(system, fallback_system_prompt(output.schema))
            response_format = {"type": "json_object"}
        else:
            response_format = json_schema_format(
                output.schema, _schema_name(output.schema_name), strict_compatible(output.schema)
            )
    elif output.mode != "off":
        response_format = {"type": "json_object"}
        texts = [system, *(m.text for m in branch if m.role == "user")]
        if not mentions_json(texts):
            system = _joined(system, JSON_OBJECT_HINT)
    build = continue_messages if continuing else build_messages
    messages = build(
        branch, system, image_policy=settings.image_policy, load=load_image, images=images
    )
    tools = registry.definitions(settings.tools.builtins, settings.tools.user)
    params = settings.params
    return ChatRequest(
        model=settings.model,
        messages=messages,
        stream=stream,
        temperature=_float(params, "temperature"),
        top_p=_float(params, "top_p"),
        max_tokens=_int(params, "max_tokens"),
        presence_penalty=_float(params, "presence_penalty"),
        frequency_penalty=_float(params, "frequency_penalty"),
        seed=_int(params, "seed"),
        response_format=response_format,
        tools=tools or None,
        tool_choice="auto" if tools else None,
        extra_body=dict(settings.extra_body),
    )
