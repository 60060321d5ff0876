"""The images a chat request carries: found on the GUI thread, read in a worker thread.

:func:`load_request_images` looks the stored images up in the image store's database (on the
calling thread: SQLite connections stay on theirs), then reads the files and base64-encodes
them in a worker thread (:func:`~studio.session.chat.history.load_images`). Earlier images
over the provider's request budget (:func:`request_limit`) are left out, oldest first; the
user is told with :func:`left_out_text`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from studio.media.limits import MAX_REQUEST_BYTES, MB
from studio.media.vision_targets import target_for_model
from studio.session.chat.history import SentImages, images_to_send, load_images
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


def left_out_text(count: int, limit: int) -> str:
    """One sentence telling the user ``count`` earlier images stayed out of the request."""
    megabytes = f"{limit / MB:.1f}".removesuffix(".0")
    if count == 1:
        text = QCoreApplication.translate(
            "ChatEngine",
            "1 earlier image was left out to keep the request under the {limit} MB limit.",
        )
    else:
        text = QCoreApplication.translate(
            "ChatEngine",
            "{count} earlier images were left out to keep the request under the {limit} MB limit.",
        )
    return text.format(count=count, limit=megabytes)
