"""How an attached image is kept with a message: the one shape of a message's image reference.

A prepared image (:class:`~studio.media.prepare.PreparedImage`, exactly what the model sees)
is stored once in the image store and referenced by its hash with its sizes, detail and token
estimate; an address the user chose to send as it is is kept as the address. The window's
composer and ``studio chat --image`` both write these, and request building reads them.
"""

from __future__ import annotations

from typing import Any

from studio.media.prepare import PreparedImage
from studio.store.images import ImageStore


def reference(prepared: PreparedImage, image_hash: str, name: str) -> dict[str, Any]:
    """The message reference of a stored prepared image."""
    return {
        "hash": image_hash,
        "mime": prepared.mime,
        "width": prepared.width,
        "height": prepared.height,
        "bytes": len(prepared.data),
        "detail": prepared.detail,
        "tokens": prepared.tokens,
        "name": name,
        "original_width": prepared.original_width,
        "original_height": prepared.original_height,
        "original_bytes": prepared.original_bytes,
        "notes": list(prepared.notes),
    }


def store_prepared(
    store: ImageStore, prepared: PreparedImage, name: str, *, source_url: str = ""
) -> dict[str, Any]:
    """Put ``prepared`` in the image store and return its reference (``source_url``: the
    address it was fetched from, if any). Blocking file work: a worker thread in the window."""
    image_hash = store.put(
        prepared.data, prepared.ext, prepared.mime, prepared.width, prepared.height
    )
    ref = reference(prepared, image_hash, name)
    if source_url:
        ref["source_url"] = source_url
    return ref


def answer_reference(
    image_hash: str, mime: str, width: int, height: int, size: int, name: str
) -> dict[str, Any]:
    """The reference of an image the model put in its answer (``source: "answer"``)."""
    return {
        "hash": image_hash,
        "mime": mime,
        "width": width,
        "height": height,
        "bytes": size,
        "name": name,
        "source": "answer",
    }


def link_reference(url: str, name: str, detail: str = "auto") -> dict[str, Any]:
    """The reference of an image address sent as it is (the relay fetches it)."""
    return {"hash": "", "name": name, "url": url, "source_url": url, "detail": detail}
