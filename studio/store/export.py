"""Export conversations as Markdown (to read) or JSON (to keep or re-import).

Markdown is the branch the window shows (the path to the conversation's ``leaf_id``) as the
transcript, then every other version and branch, each labelled with the turn it belongs to
(``export_tree.py``). JSON keeps the whole tree: every message with its ``parent_id``, and
the conversation's ``leaf_id``. Exports hold message text, reasoning, tool calls, usage,
status and the structured-output setting an answer was asked with; never API keys. Error
messages (the only field that may echo a request) are passed through :func:`redact_secrets`.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, Literal

from studio.store.conversations import ConversationRecord, ConversationStore
from studio.store.export_tree import ExportTree, Thread
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
        "output": msg.output,
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
        "leaf_id": conv.leaf_id,
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


def _snippet(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _turn_word(msg: MessageRecord) -> str:
    """What a version is a version of: "this answer", "this message", "this tool result"."""
    if msg.role == "assistant":
        return "this answer"
    if msg.role == "tool":
        return "this tool result"
    return "this message"


def _describe(msg: MessageRecord) -> str:
    """A message named so that a reader finds it: its role and first words."""
    if msg.role == "user":
        return f"your message “{_snippet(msg.text)}”" if msg.text.strip() else "your message"
    if msg.role == "tool":
        return f"the tool result “{_snippet(msg.text)}”" if msg.text.strip() else "a tool result"
    if msg.text.strip():
        return f"the answer “{_snippet(msg.text)}”"
    names = [
        str(call["function"].get("name") or "?")
        for call in msg.tool_calls or []
        if isinstance(call.get("function"), dict)
    ]
    if names:
        return "the answer calling " + ", ".join(f"`{name}`" for name in names)
    return "an empty answer"


def _output_note(msg: MessageRecord) -> str | None:
    """How a structured answer was asked for (the setting stored with it)."""
    output = msg.output or {}
    mode = output.get("mode")
    if msg.role != "assistant" or mode not in ("json_object", "json_schema"):
        return None
    if mode == "json_schema":
        name = str(output.get("schema_name") or "response")
        return f"*Asked for JSON matching the schema “{name}”.*"
    return "*Asked for JSON.*"


def _heading(msg: MessageRecord, level: int) -> str:
    hashes = "#" * level
    if msg.role == "user":
        return f"{hashes} You"
    if msg.role == "assistant":
        return f"{hashes} Assistant ({msg.model})" if msg.model else f"{hashes} Assistant"
    if msg.role == "tool":
        if msg.tool_call_id:
            return f"{hashes} Tool result ({msg.tool_call_id})"
        return f"{hashes} Tool result"
    return f"{hashes} System"


def _message_md(
    msg: MessageRecord,
    images: ImageStore | None,
    *,
    level: int = 2,
    versions: tuple[int, int] = (1, 1),
) -> str:
    parts = [_heading(msg, level)]
    index, count = versions
    if count > 1:
        others = "the other is" if count == 2 else "the others are"
        parts.append(
            f"*Version {index} of {count} of {_turn_word(msg)}; {others} under "
            "“Other versions and branches” below.*"
        )
    note = _output_note(msg)
    if note is not None:
        parts.append(note)
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


def _thread_title(thread: Thread) -> str:
    head, parent = thread.messages[0], thread.parent
    if head.role == "assistant":
        what = f"the answer to {_describe(parent)}" if parent is not None else "the answer"
    elif head.role == "tool":
        what = f"the result for {_describe(parent)}" if parent is not None else "a tool result"
    elif parent is None:
        what = "the first message"
    else:
        what = f"your message after {_describe(parent)}"
    label = "Branch: version" if head.role == "user" else "Version"
    return f"### {label} {thread.index} of {thread.count} of {what}"


def _conversation_md(
    conv: ConversationRecord, messages: list[MessageRecord], images: ImageStore | None
) -> str:
    """The branch shown as the transcript; every other version and branch after it, each
    under a heading that says which turn it is a version of."""
    tree = ExportTree(messages)
    main = tree.visible_branch(conv.leaf_id)

    def versions(msg: MessageRecord) -> tuple[int, int]:
        siblings = [m.id for m in tree.siblings(msg)]
        return siblings.index(msg.id) + 1, len(siblings)

    title = conv.title.strip() or "Untitled conversation"
    started = f"Assistant: {conv.assistant} · " if conv.assistant else ""
    parts = [
        f"# {title}",
        f"*{started}Model: {conv.model or '—'} · Created {_when(conv.created_at)}*",
    ]
    if conv.system_prompt:
        parts.append(_quote(f"**System prompt:** {conv.system_prompt}"))
    parts.extend(_message_md(m, images, versions=versions(m)) for m in main)
    threads = tree.other_threads(main)
    if threads:
        parts.append("---")
        parts.append("## Other versions and branches")
        parts.append(
            "*Not in the transcript above: answers that were regenerated, messages that were "
            "edited, and the conversation that went on from them.*"
        )
        for thread in threads:
            parts.append(_thread_title(thread))
            for position, msg in enumerate(thread.messages):
                shown = (1, 1) if position == 0 else versions(msg)
                parts.append(_message_md(msg, images, level=4, versions=shown))
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
