"""Export conversations as Markdown (to read) or JSON (to keep or re-import).

Exports hold message text, reasoning, tool calls, usage and status; never API keys. Error
messages (the only field that may echo a request) are passed through :func:`redact_secrets`.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, Literal

from studio.store.conversations import ConversationRecord, ConversationStore
from studio.store.images import ImageStore
from studio.store.messages import MessageRecord, MessageStore

ExportFormat = Literal["md", "json"]
EXPORT_VERSION = 1

_KEY_RE = re.compile(r"\b(sk|ak|key)-[A-Za-z0-9_\-*]{6,}")
_BEARER_RE = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._\-~+/=*]{6,}")
_MD_LABEL_RE = re.compile(r"[\[\]\\]")


def redact_secrets(text: str) -> str:
    """Hide anything shaped like an API key (``sk-…``, ``Bearer …``) in ``text``."""
    text = _BEARER_RE.sub(lambda m: m.group(1) + " ***", text)
    return _KEY_RE.sub(lambda m: m.group(1) + "-***", text)


def _message_dict(msg: MessageRecord) -> dict[str, Any]:
    return {
        "id": msg.id,
        "parent_id": msg.parent_id,
        "role": msg.role,
        "text": msg.text,
        "reasoning": msg.reasoning,
        "refusal": msg.refusal,
        "model": msg.model,
        "status": msg.status,
        "finish_reason": msg.finish_reason,
        "error": redact_secrets(msg.error) if msg.error else msg.error,
        "usage": msg.usage,
        "tool_calls": msg.tool_calls,
        "tool_call_id": msg.tool_call_id,
        "attachments": msg.attachments,
        "created_at": msg.created_at,
        "updated_at": msg.updated_at,
    }


def _conversation_dict(conv: ConversationRecord, messages: list[MessageRecord]) -> dict[str, Any]:
    return {
        "id": conv.id,
        "title": conv.title,
        "assistant": conv.assistant,
        "model": conv.model,
        "system_prompt": conv.system_prompt,
        "params": conv.params,
        "pinned": conv.pinned,
        "created_at": conv.created_at,
        "updated_at": conv.updated_at,
        "messages": [_message_dict(m) for m in messages],
    }


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def _fence(text: str, lang: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text}\n{fence}"


def _attachment_md(ref: dict[str, Any], images: ImageStore | None) -> str:
    image_hash = str(ref.get("hash") or "")
    label = _MD_LABEL_RE.sub(lambda m: "\\" + m.group(0), str(ref.get("name") or "image"))
    label = " ".join(label.split())
    url = str(ref.get("url") or "")
    if url and not image_hash:  # sent as a link: there is no stored file
        safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
        return f"![{label}](<{safe}>)"
    if images is not None and image_hash:
        try:
            path = images.path(image_hash)
        except (KeyError, ValueError):
            pass
        else:
            if path.is_file():
                return f"![{label}]({path.as_uri()})"
            return f"*[{label}: image file missing, {image_hash[:12]}]*"
    return f"*[{label}: {image_hash[:12]}]*"


def _message_md(msg: MessageRecord, images: ImageStore | None) -> str:
    if msg.role == "user":
        heading = "## You"
    elif msg.role == "assistant":
        heading = f"## Assistant ({msg.model})" if msg.model else "## Assistant"
    elif msg.role == "tool":
        heading = f"## Tool result ({msg.tool_call_id})" if msg.tool_call_id else "## Tool result"
    else:
        heading = "## System"
    parts = [heading]
    if msg.reasoning:
        parts.append(f"<details><summary>Reasoning</summary>\n\n{msg.reasoning}\n\n</details>")
    if msg.text:
        parts.append(_fence(msg.text) if msg.role == "tool" else msg.text)
    if msg.attachments:
        parts.append("\n".join(_attachment_md(a, images) for a in msg.attachments))
    if msg.tool_calls:
        calls = json.dumps(msg.tool_calls, ensure_ascii=False, indent=2)
        parts.append("Tool calls:\n\n" + _fence(calls, "json"))
    if msg.refusal:
        parts.append(_quote(f"Refused: {msg.refusal}"))
    if msg.status == "interrupted":
        parts.append("*(interrupted — this answer is incomplete)*")
    elif msg.status == "streaming":
        parts.append("*(still being written)*")
    elif msg.status == "failed":
        detail = f": {redact_secrets(msg.error)}" if msg.error else ""
        parts.append(f"*(failed{detail})*")
    return "\n\n".join(parts)


def _conversation_md(
    conv: ConversationRecord, messages: list[MessageRecord], images: ImageStore | None
) -> str:
    title = conv.title.strip() or "Untitled conversation"
    started = f"Assistant: {conv.assistant} · " if conv.assistant else ""
    parts = [
        f"# {title}",
        f"*{started}Model: {conv.model or '—'} · Created {_when(conv.created_at)}*",
    ]
    if conv.system_prompt:
        parts.append(_quote(f"**System prompt:** {conv.system_prompt}"))
    parts.extend(_message_md(m, images) for m in messages)
    return "\n\n".join(parts) + "\n"


def export_conversation(
    conversations: ConversationStore,
    messages: MessageStore,
    conversation_id: int,
    fmt: ExportFormat,
    *,
    images: ImageStore | None = None,
) -> str:
    """One conversation as Markdown or JSON (``KeyError`` if it does not exist).

    With ``images`` given, Markdown links attached images to their files.
    """
    conv = conversations.get(conversation_id)
    if conv is None:
        raise KeyError(conversation_id)
    records = messages.list(conversation_id)
    if fmt == "md":
        return _conversation_md(conv, records, images)
    if fmt == "json":
        envelope = {
            "format": "studio-conversation",
            "version": EXPORT_VERSION,
            "exported_at": time.time(),
            "conversation": _conversation_dict(conv, records),
        }
        return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")


def export_all(
    conversations: ConversationStore,
    messages: MessageStore,
    fmt: ExportFormat,
    *,
    images: ImageStore | None = None,
    include_deleted: bool = False,
) -> str:
    """Every conversation (trash excluded unless asked) as one Markdown or JSON document."""
    convs = conversations.list(include_deleted=include_deleted)
    if fmt == "md":
        docs = [_conversation_md(c, messages.list(c.id), images).rstrip() for c in convs]
        return "\n\n---\n\n".join(docs) + "\n"
    if fmt == "json":
        envelope = {
            "format": "studio-export",
            "version": EXPORT_VERSION,
            "exported_at": time.time(),
            "conversations": [_conversation_dict(c, messages.list(c.id)) for c in convs],
        }
        return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")
