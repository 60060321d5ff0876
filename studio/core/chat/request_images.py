"""The images a chat request carries: found on the calling thread, read in a worker thread.

:func:`load_request_images` looks the stored images up in the image store's database (on the
calling thread: SQLite connections stay on theirs), then reads the files and base64-encodes
them in a worker thread (:func:`~studio.core.chat.request_messages.load_images`). Earlier images
over the provider's request budget (:func:`request_limit`, the one owner of that budget) are
left out, oldest first; the session tells the user.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from studio.core.chat.request_messages import SentImages, images_to_send, load_images
from studio.media.limits import MAX_REQUEST_BYTES
from studio.media.vision_targets import target_for_model
from studio.store.images import ImageStore
from studio.store.messages import MessageRecord


def request_limit(model: str) -> int:
    """Image bytes one request may carry: the provider's budget, at most the API's."""
    return min(target_for_model(model).max_request_bytes, MAX_REQUEST_BYTES)


def image_paths(images: ImageStore, hashes: Iterable[str]) -> dict[str, Path]:
    """Where the stored images are (read from the database, so on its thread).

    Unknown hashes are left out: those images are sent as "no longer available" notes.
    """
    paths: dict[str, Path] = {}
    for image_hash in hashes:
        if image_hash in paths:
            continue
        try:
            paths[image_hash] = images.path(image_hash)
        except (KeyError, ValueError):
            continue
    return paths


def _read_file(paths: Mapping[str, Path], image_hash: str) -> bytes:
    """Read a stored image from the path found beforehand (in the worker thread)."""
    return paths[image_hash].read_bytes()


async def load_request_images(
    images: ImageStore | None, branch: Sequence[MessageRecord], policy: str, model: str
) -> tuple[SentImages, int]:
    """The images to send for ``branch`` under ``policy``, and the byte limit applied.

    Raises :class:`~studio.media.limits.RequestTooLarge` when the images of the message being
    answered alone are over the limit.
    """
    limit = request_limit(model)
    wanted = images_to_send(branch, policy)
    if not wanted or images is None:
        return SentImages(), limit
    paths = image_paths(images, (str(ref["hash"]) for _, _, ref in wanted))
    load = functools.partial(_read_file, paths)
    sent = await asyncio.to_thread(load_images, branch, policy, load, limit=limit)
    return sent, limit
