"""Build the API ``messages`` list from the visible branch of a conversation.

Rules (relay-docs "Function calling", protocol.md cases 23 and 37):

* the system prompt goes first when there is one;
* reasoning ("thinking") is never sent back;
* an assistant message keeps its ``tool_calls`` exactly as stored (``extra`` keys such as
  ``extra_content`` included, which Gemini needs), but only the calls answered by a
  ``tool`` message on the branch: a call left without a result would make the relay
  reject the whole request;
* ``tool`` messages answering no call on the branch are dropped for the same reason;
* answers that failed without any text, or are still streaming, are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from studio.api.chat import user_message
from studio.store.messages import MessageRecord

CONTINUE_PROMPT = (
    "Continue exactly where your previous message stopped. Do not repeat anything you "
    "already wrote and do not add any introduction."
)
"""The instruction sent after a cut answer to get the rest of it."""


def attachment_parts(message: MessageRecord) -> list[dict[str, Any]]:
    """Content parts (``image_url`` …) for a message's attachments.

    A hook for vision: attachments are image-store references that the composition root
    will turn into data URLs. Until then no parts are sent.
    """
    return []


def _answered_call_ids(branch: Sequence[MessageRecord]) -> set[str]:
    return {m.tool_call_id for m in branch if m.role == "tool" and m.tool_call_id}


def _assistant(message: MessageRecord, answered: set[str]) -> dict[str, Any] | None:
    calls = [c for c in message.tool_calls or [] if str(c.get("id", "")) in answered]
    text = message.text or message.refusal or ""
    if not text and not calls:
        return None
    out: dict[str, Any] = {"role": "assistant", "content": text or None}
    if calls:
        out["tool_calls"] = [dict(c) for c in calls]
    return out


def build_messages(
    branch: Sequence[MessageRecord], system_prompt: str | None = None
) -> list[dict[str, Any]]:
    """The ``messages`` of a request that answers the last message of ``branch``."""
    out: list[dict[str, Any]] = []
    if system_prompt and system_prompt.strip():
        out.append({"role": "system", "content": system_prompt})
    answered = _answered_call_ids(branch)
    offered: set[str] = set()
    for message in branch:
        if message.status == "streaming":
            continue
        if message.role == "user":
            out.append(user_message(message.text, attachment_parts(message)))
        elif message.role == "system":
            out.append({"role": "system", "content": message.text})
        elif message.role == "assistant":
            if message.status == "failed" and not message.text:
                continue
            entry = _assistant(message, answered)
            if entry is not None:
                out.append(entry)
                offered = {str(c["id"]) for c in entry.get("tool_calls", [])}
        elif message.role == "tool" and message.tool_call_id in offered:
            out.append(
                {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.text}
            )
    return out


def continue_messages(
    branch: Sequence[MessageRecord], system_prompt: str | None = None
) -> list[dict[str, Any]]:
    """The ``messages`` asking the model to go on with the cut answer that ends ``branch``."""
    out = build_messages(branch, system_prompt)
    out.append({"role": "user", "content": CONTINUE_PROMPT})
    return out
