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

* the stored images are read and encoded before the messages are built, by
  :func:`load_images` (given a loader, so the engine runs it in a worker thread). With a
  size limit, the oldest earlier images are left out first (each replaced by a note:
  ``[image: …, left out to keep the request under the size limit]``) until the request fits;
  the images of the message being answered are never left out (``RequestTooLarge`` when
  they alone are over the limit).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from studio.api.chat import Detail, image_part, text_part, user_message
from studio.media.limits import images_to_leave_out
from studio.store.messages import MessageRecord

log = logging.getLogger(__name__)

ImageLoader = Callable[[str], bytes]
"""Returns the stored bytes of an image by its hash (``ImageStore.get``)."""

_DETAILS = ("low", "high", "auto")
LEFT_OUT = "left out to keep the request under the size limit"
"""The note's reason for an earlier image left out by the request size limit."""

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


@dataclass(frozen=True)
class SentImages:
    """The stored images of one request, read and encoded before it is built.

    ``urls`` maps an image's hash to its data URL (a hash not in it is no longer
    available); ``left_out`` holds ``(message id, attachment index)`` of the earlier images
    left out by the size limit; ``size`` is the image bytes the request carries.
    """

    urls: Mapping[str, str] = field(default_factory=dict, repr=False)
    left_out: frozenset[tuple[int, int]] = frozenset()
    size: int = 0


def _link(ref: Mapping[str, Any]) -> str | None:
    url = ref.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return url  # the user chose to send the address as is
    return None


def stored_hash(ref: Mapping[str, Any]) -> str | None:
    """The image-store hash an attachment is sent from (None for an address sent as is)."""
    image_hash = ref.get("hash")
    if _link(ref) is not None or not isinstance(image_hash, str) or not image_hash:
        return None
    return image_hash


def _data_url(ref: Mapping[str, Any], data: bytes) -> str:
    mime = str(ref.get("mime") or "image/png")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _read(image_hash: str, load: ImageLoader | None) -> bytes | None:
    if load is None:
        return None
    try:
        return load(image_hash)
    except (KeyError, ValueError, OSError):
        log.warning("attached image %s is missing from the image store", image_hash[:12])
        return None


def _sent_url(ref: Mapping[str, Any], images: SentImages) -> str | None:
    link = _link(ref)
    if link is not None:
        return link
    image_hash = stored_hash(ref)
    return images.urls.get(image_hash) if image_hash is not None else None


def attachment_parts(
    message: MessageRecord,
    policy: str = "last",
    is_last_turn: bool = True,
    *,
    load: ImageLoader | None = None,
    images: SentImages | None = None,
) -> list[dict[str, Any]]:
    """Content parts for a user message's attached images.

    Each image becomes an ``image_url`` part (a data URL of the stored prepared bytes, from
    ``images`` when given, else read with ``load``; or the http(s) URL the user chose to
    send as is) with its ``detail``, when ``policy`` is ``all`` or the message counts as
    the last turn (``is_last_turn``, see :func:`turns_with_images`). Otherwise, when the
    stored file is gone, or when ``images`` left it out, a text part with
    :func:`image_note` stands in for it.
    """
    send = policy == "all" or is_last_turn
    if images is None:
        images = load_images([message], "all", load) if send else SentImages()
    parts: list[dict[str, Any]] = []
    for index, ref in enumerate(message.attachments):
        if not send:
            parts.append(text_part(image_note(ref)))
            continue
        if (message.id, index) in images.left_out:
            parts.append(text_part(image_note(ref, LEFT_OUT)))
            continue
        url = _sent_url(ref, images)
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


def images_to_send(
    branch: Sequence[MessageRecord], policy: str
) -> list[tuple[int, int, Mapping[str, Any]]]:
    """The stored images ``policy`` sends with ``branch``, oldest first.

    Each is ``(message id, attachment index, reference)``; addresses sent as is are not
    included (nothing is read for them).
    """
    last_turns = turns_with_images(branch, policy)
    out: list[tuple[int, int, Mapping[str, Any]]] = []
    for message in branch:
        if message.role != "user" or message.status == "streaming":
            continue
        if policy != "all" and message.id not in last_turns:
            continue
        for index, ref in enumerate(message.attachments):
            if stored_hash(ref) is not None:
                out.append((message.id, index, ref))
    return out


def load_images(
    branch: Sequence[MessageRecord],
    policy: str = "last",
    load: ImageLoader | None = None,
    *,
    limit: int | None = None,
) -> SentImages:
    """Read with ``load`` and encode the images ``policy`` sends with ``branch``.

    Pure but for ``load`` and thread-safe (it only reads ``branch``), so it can run in a
    worker thread. Each stored image is read once. With ``limit`` (image bytes per request),
    the oldest earlier images are left out until the rest fit; the images of the message
    being answered (the last user message) are never left out, and
    :class:`~studio.media.limits.RequestTooLarge` is raised when they alone are over.
    """
    wanted = images_to_send(branch, policy)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    missing: set[str] = set()
    carried: list[tuple[int, int, int]] = []  # (message id, index, bytes), oldest first
    for message_id, index, ref in wanted:
        image_hash = cast(str, ref["hash"])
        if image_hash not in urls and image_hash not in missing:
            data = _read(image_hash, load)
            if data is None:
                missing.add(image_hash)
                continue
            urls[image_hash] = _data_url(ref, data)
            sizes[image_hash] = len(data)
        if image_hash in urls:
            carried.append((message_id, index, sizes[image_hash]))
    left_out: frozenset[tuple[int, int]] = frozenset()
    if limit is not None and carried:
        users = [m.id for m in branch if m.role == "user" and m.status != "streaming"]
        newest = users[-1] if users else None
        keep_from = next(
            (i for i, (message_id, _, _) in enumerate(carried) if message_id == newest),
            len(carried),
        )
        count = images_to_leave_out([size for _, _, size in carried], keep_from, limit)
        left_out = frozenset((m, i) for m, i, _ in carried[:count])
        carried = carried[count:]
    return SentImages(urls, left_out, sum(size for _, _, size in carried))


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
    images: SentImages | None = None,
) -> list[dict[str, Any]]:
    """The ``messages`` of a request that answers the last message of ``branch``.

    ``images`` are the attached images already read (:func:`load_images`); without them
    they are read here with ``load`` (None: images become notes).
    """
    out: list[dict[str, Any]] = []
    if images is None:
        images = load_images(branch, image_policy, load)
    last_turns = turns_with_images(branch, image_policy)
    if system_prompt and system_prompt.strip():
        out.append({"role": "system", "content": system_prompt})
    answered = _answered_call_ids(branch)
    offered: set[str] = set()
    for message in branch:
        if message.status == "streaming":
            continue
        if message.role == "user":
            is_last = message.id in last_turns
            parts = attachment_parts(message, image_policy, is_last, images=images)
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
    images: SentImages | None = None,
) -> list[dict[str, Any]]:
    """The ``messages`` asking the model to go on with the cut answer that ends ``branch``."""
    out = build_messages(branch, system_prompt, image_policy=image_policy, load=load, images=images)
    out.append({"role": "user", "content": CONTINUE_PROMPT})
    return out
