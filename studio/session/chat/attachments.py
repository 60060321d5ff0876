"""Images attached to chat messages: prepared off the GUI thread, stored once, referenced.

:func:`prepare_attachment` runs :func:`~studio.media.prepare.prepare_image` in a worker
thread (decode, turn upright, resize to what the model sees at the chosen detail, strip
metadata), stores the *prepared* bytes in the content-addressed :class:`ImageStore` and
returns the reference a message keeps (never base64)::

    {"hash", "mime", "width", "height", "bytes", "detail", "tokens", "name",
     "original_width", "original_height", "original_bytes", "notes"}

``width``/``height``/``bytes`` are what is sent; ``notes`` are the pipeline's English notes
(what was changed on the way). :class:`AttachmentService` is what the chat page gets from
the :class:`~studio.session.chat.ChatManager`: it prepares, fetches image addresses and
reads stored images back. A composer's draft
(:class:`~studio.session.chat.attachment_draft.AttachmentDraft`) is built on a service; this
module does not know drafts (the import goes one way, draft → service).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QCoreApplication

from studio.api.http import HttpSession
from studio.api.urlfetch import (
    FetchError,
    fetch_image,
    is_web_url,
    looks_like_image_url,
    url_file_name,
)
from studio.core.chat.attachments import reference
from studio.media.files import FileTooBig, read_file
from studio.media.limits import MB, ImageRejected
from studio.media.phrases import note_text
from studio.media.prepare import Detail, VisionTarget, prepare_image
from studio.media.previews import png_thumbnail, rgba_png
from studio.media.vision_targets import is_vision_model, provider_kind, target_for_model
from studio.store.images import ImageStore

__all__ = [
    "AttachmentError",
    "AttachmentService",
    "FetchError",
    "Pixels",
    "Prepared",
    "is_vision_model",
    "is_web_url",
    "looks_like_image_url",
    "prepare_attachment",
    "provider_kind",
    "target_for_model",
    "url_file_name",
]

log = logging.getLogger(__name__)

THUMB_SIDE: Final = 192
"""Long side of the small preview made with each prepared image (for the composer strip)."""
MAX_SOURCE_BYTES: Final = 256 * MB
"""Files larger than this are refused before reading (no photo is that big)."""


class AttachmentError(Exception):
    """An image that cannot be attached; ``message`` is one sentence in the UI language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Pixels:
    """Raw 8-bit RGBA pixels (a pasted clipboard image), ``width * 4`` bytes per row."""

    data: bytes = field(repr=False)
    width: int
    height: int


Source = bytes | Path | Pixels
"""What can be attached: a file's bytes, a file, or pasted pixels."""


@dataclass(frozen=True)
class Prepared:
    """A prepared, stored attachment: the message reference and a small preview (PNG)."""

    ref: dict[str, Any]
    thumb: bytes = field(repr=False)


def _read(source: Source) -> bytes:
    """The encoded bytes of ``source`` (worker thread)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, Pixels):
        return rgba_png(source.data, source.width, source.height)  # prepared right after
    return read_file(source, MAX_SOURCE_BYTES)


def prepare_and_store(
    store: ImageStore, source: Source, name: str, target: VisionTarget, thumb_side: int = 0
) -> Prepared:
    """Prepare ``source`` for ``target``, store the result and return it (blocking: run it
    in a worker thread). Raises ``ImageRejected``, ``OSError`` or ``FileTooBig``."""
    data = _read(source)
    prepared = prepare_image(data, target, name=name)
    image_hash = store.put(
        prepared.data, prepared.ext, prepared.mime, prepared.width, prepared.height
    )
    thumb = png_thumbnail(prepared.data, thumb_side) if thumb_side > 0 else b""
    return Prepared(reference(prepared, image_hash, name), thumb)


def rejection_message(error: BaseException, name: str, language: str) -> str:
    """One sentence for a failed preparation, in ``language`` (translated through Qt)."""
    if isinstance(error, ImageRejected):
        return error.message(language)
    if isinstance(error, FileTooBig):
        return QCoreApplication.translate(
            "Attachments", "“{name}” is {size} MB, too big to attach. Attach a smaller image."
        ).format(name=name, size=f"{error.size / MB:,.0f}")
    if isinstance(error, FileNotFoundError):
        return QCoreApplication.translate(
            "Attachments", "“{name}” no longer exists. Choose the file again."
        ).format(name=name)
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "Attachments", "Cannot read “{name}”: {reason}. Check the file and try again."
        ).format(name=name, reason=error.strerror or type(error).__name__)
    return QCoreApplication.translate(
        "Attachments", "Studio could not prepare “{name}” ({error})."
    ).format(name=name, error=f"{type(error).__name__}: {error}")


async def prepare_attachment(
    store: ImageStore,
    data: Source,
    name: str,
    detail: Detail,
    target: VisionTarget,
    *,
    language: str = "en",
    thumb_side: int = 0,
) -> Prepared:
    """Prepare and store an image in a worker thread; :class:`AttachmentError` if refused.

    ``target`` is the provider's preset (:func:`target_for_model`); ``detail`` overrides its
    detail. The decode, resize, encode and file write all happen off the event loop.
    """
    try:
        return await asyncio.to_thread(
            prepare_and_store, store, data, name, target.with_detail(detail), thumb_side
        )
    except Exception as error:  # every failure becomes one sentence for the user
        if not isinstance(error, ImageRejected | OSError | FileTooBig):
            log.exception("preparing %s failed", name)
        raise AttachmentError(rejection_message(error, name, language)) from error


def notes_in(ref: dict[str, Any], language: str) -> list[str]:
    """The preparation notes of a reference, in ``language``."""
    notes = ref.get("notes")
    if not isinstance(notes, list):
        return []
    return [note_text(str(note), language) for note in notes]


class AttachmentService:
    """The chat page's way to attached images (the page never sees the store itself)."""

    def __init__(
        self,
        images: ImageStore,
        language: Callable[[], str],
        http: Callable[[], HttpSession | None] | None = None,
    ) -> None:
        """``language`` returns the UI language (``en`` or ``zh_CN``) for error messages;
        ``http`` the current provider's session, whose pooled client (proxy, limits)
        fetches image addresses (None, or no ``http``: a short-lived client does)."""
        self._images = images
        self._language = language
        self._http = http

    @property
    def language(self) -> str:
        """The language of error messages and notes."""
        return self._language()

    def image_path(self, image_hash: str) -> Path | None:
        """The file of a stored image, or None when it is unknown or gone."""
        try:
            path = self._images.path(image_hash)
        except (KeyError, ValueError):
            return None
        return path if path.is_file() else None

    async def prepare(
        self, source: Source, name: str, detail: Detail, target: VisionTarget
    ) -> Prepared:
        """Prepare and store ``source`` (see :func:`prepare_attachment`), with a preview."""
        return await prepare_attachment(
            self._images,
            source,
            name,
            detail,
            target,
            language=self._language(),
            thumb_side=THUMB_SIDE,
        )

    async def fetch(self, url: str) -> bytes:
        """Download an image address (:class:`FetchError` with a sentence on failure)."""
        http = self._http() if self._http is not None else None
        return await fetch_image(url, http=http, language=self._language())
