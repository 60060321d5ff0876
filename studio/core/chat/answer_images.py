"""Keeping the images a model puts in a chat answer (``ImagesReceived``): decoded or
downloaded through the images client, stored in the image store and added to the answer's
attachments (references with ``source: "answer"``), so the window shows them and they
survive a restart. Request building sends only users' images, so they are never sent back.

One image that cannot be read or stored is logged and skipped; the others are kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from studio.api.errors import ApiError
from studio.api.images import GeneratedImage
from studio.core.chat.attachments import answer_reference
from studio.media.metadata import image_dimensions
from studio.store.images import ImageStore
from studio.store.messages import MessageStore

log = logging.getLogger(__name__)


class ImageLoader(Protocol):
    """What is needed of ``ApiClient.images``."""

    async def load_image(self, url: str) -> GeneratedImage: ...


def _put(store: ImageStore, image: GeneratedImage, name: str) -> dict[str, Any]:
    """Store one image (blocking file work: a worker thread)."""
    width, height = image_dimensions(image.data)
    image_hash = store.put(image.data, image.ext, image.mime, width, height)
    return answer_reference(image_hash, image.mime, width, height, len(image.data), name)


async def save_answer_images(
    loader: ImageLoader,
    store: ImageStore | None,
    messages: MessageStore,
    message_id: int,
    urls: Sequence[str],
) -> int:
    """Store the images at ``urls`` as attachments of answer ``message_id``; how many."""
    if store is None or not urls:
        return 0
    refs: list[dict[str, Any]] = []
    for number, url in enumerate(dict.fromkeys(urls), start=1):
        try:
            image = await loader.load_image(url)
            refs.append(await asyncio.to_thread(_put, store, image, f"answer-{number}"))
        except (ApiError, OSError, ValueError) as error:
            log.warning("an image of answer %s was not kept: %s", message_id, error)
    if refs:
        messages.add_attachments(message_id, refs)
    return len(refs)
