"""Build the API ``messages`` list from the visible branch of a conversation.

Rules (relay-docs "Function calling", protocol.md cases 23 and 37):

* the system prompt goes first when there is one;
* reasoning ("thinking") is never sent back;
* an assistant message keeps its ``tool_calls`` exactly as stored (``extra`` keys such as
  ``extra_content`` included, which Gemini needs), but only the calls answered by a
  ``tool`` message on the branch: a call left without a result would make the relay
  reject the whole request;
* ``tool`` messages answering no call on the branch are dropped for the same reason;
* answers that failed without any text, or are still streaming, are left out;
* images attached to user messages become ``image_url`` parts with a data URL of the
  prepared bytes kept in the image store (never the original file). Which earlier images
  are sent again follows the conversation's image policy (peers.md pain point 7):

  - ``all``: every image on the branch;
  - ``last`` (default): the images of the message being answered, or, when it has none,
    those of the latest user message that had some (so a follow-up question about a
    picture still shows it to the model);
  - ``none``: only the images of the message being answered.

  An image not sent becomes a short text note (``[image: photo.jpg, 1024×768, not
  re-sent]``) so the model knows one was there.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from studio.api.chat import Detail, image_part, text_part, user_message
from studio.store.messages import MessageRecord

log = logging.getLogger(__name__)

ImageLoader = Callable[[str], bytes]
"""Returns the stored bytes of an image by its hash (``ImageStore.get``)."""

_DETAILS = ("low", "high", "auto")

CONTINUE_PROMPT = (
    "Continue exactly where your previous message stopped. Do not repeat anything you "
    "already wrote and do not add any introduction."
)
"""The instruction sent after a cut answer to get the rest of it."""


def image_label(ref: Mapping[str, Any]) -> str:
    """The name and sent size of an attached image, e.g. ``photo.jpg, 1024×768``."""
    name = str(ref.get("name") or ref.get("url") or "image")
    width, height = ref.get("width"), ref.get("height")
    if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
        return f"{name}, {width}×{height}"
    return name


def image_note(ref: Mapping[str, Any], reason: str = "not re-sent") -> str:
    """The text that stands in for an image that is not sent: ``[image: …, not re-sent]``."""
    return f"[image: {image_label(ref)}, {reason}]"


def _image_url(ref: Mapping[str, Any], load: ImageLoader | None) -> str | None:
    url = ref.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return url  # the user chose to send the address as is
    image_hash = ref.get("hash")
    if load is None or not isinstance(image_hash, str) or not image_hash:
        return None
    try:
        data = load(image_hash)
    except (KeyError, ValueError, OSError):
        log.warning("attached image %s is missing from the image store", image_hash[:12])
        return None
    mime = str(ref.get("mime") or "image/png")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def attachment_parts(
    message: MessageRecord,
    policy: str = "last",
    is_last_turn: bool = True,
    *,
    load: ImageLoader | None = None,
) -> list[dict[str, Any]]:
    """Content parts for a user message's attached images.

    Each image becomes an ``image_url`` part (a data URL of the stored prepared bytes read
    with ``load``, or the http(s) URL the user chose to send as is) with its ``detail``,
    when ``policy`` is ``all`` or the message counts as the last turn (``is_last_turn``,
    see :func:`turns_with_images`). Otherwise, or when the stored file is gone, a text part
    with :func:`image_note` stands in for it.
    """
    send = policy == "all" or is_last_turn
    parts: list[dict[str, Any]] = []
    for ref in message.attachments:
        if not send:
            parts.append(text_part(image_note(ref)))
            continue
        url = _image_url(ref, load)
        if url is None:
            parts.append(text_part(image_note(ref, "no longer available")))
            continue
        detail = ref.get("detail")
        parts.append(image_part(url, cast(Detail, detail) if detail in _DETAILS else None))
    return parts


def turns_with_images(branch: Sequence[MessageRecord], policy: str) -> set[int]:
    """The ids of the user messages whose images are sent under ``policy`` (the "last turn").

    ``all`` is handled by :func:`attachment_parts` itself; for ``last`` and ``none`` this is
    the message being answered (the last user message), and for ``last`` also the latest
    user message that had images.
    """
    users = [m for m in branch if m.role == "user" and m.status != "streaming"]
    if not users:
        return set()
    chosen = {users[-1].id}
    if policy == "last":
        with_images = [m for m in users if m.attachments]
        if with_images:
            chosen.add(with_images[-1].id)
    return chosen


def _user(message: MessageRecord, parts: list[dict[str, Any]]) -> dict[str, Any]:
    if any(part.get("type") == "image_url" for part in parts):
        return user_message(message.text, parts)
    # Notes only: plain text, which relays without vision accept too (Chatbox #1638).
    notes = [str(part.get("text", "")) for part in parts]
    return user_message("\n".join(n for n in (message.text, *notes) if n))


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
    branch: Sequence[MessageRecord],
    system_prompt: str | None = None,
    *,
    image_policy: str = "last",
    load: ImageLoader | None = None,
) -> list[dict[str, Any]]:
    """The ``messages`` of a request that answers the last message of ``branch``.

    ``load`` reads attached images from the image store (None: images become notes).
    """
    out: list[dict[str, Any]] = []
    last_turns = turns_with_images(branch, image_policy)
    if system_prompt and system_prompt.strip():
        out.append({"role": "system", "content": system_prompt})
    answered = _answered_call_ids(branch)
    offered: set[str] = set()
    for message in branch:
        if message.status == "streaming":
            continue
        if message.role == "user":
            parts = attachment_parts(message, image_policy, message.id in last_turns, load=load)
            out.append(_user(message, parts))
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
    branch: Sequence[MessageRecord],
    system_prompt: str | None = None,
    *,
    image_policy: str = "last",
    load: ImageLoader | None = None,
) -> list[dict[str, Any]]:
    """The ``messages`` asking the model to go on with the cut answer that ends ``branch``."""
    out = build_messages(branch, system_prompt, image_policy=image_policy, load=load)
    out.append({"role": "user", "content": CONTINUE_PROMPT})
    return out
