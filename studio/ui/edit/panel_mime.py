"""What a drop or a paste brings to the Edit page's panels: image files or encoded image bytes.

Read on the GUI thread, so it stays cheap: files are only named (the session reads them in a
worker), encoded clipboard formats are passed on as bytes, and a clipboard holding only decoded
pixels (a screenshot) is encoded to PNG in a worker thread (:func:`encode_png_later`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

REORDER_MIME = "application/x-studio-edit-reference"
"""A reference slot dragged within the tray (a reorder, not a new image)."""
ENCODED_FORMATS = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp")
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif"}
)
PNG_QUALITY = 80  # Qt's PNG "quality" is the inverse of zlib's level: fast, still lossless


def image_files(mime: QMimeData) -> list[Path]:
    """The local files in ``mime`` that look like pictures, in the order given."""
    found: list[Path] = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                found.append(path)
    return found


def encoded_image(mime: QMimeData) -> bytes | None:
    """Encoded image bytes offered by ``mime`` (PNG first), or None."""
    for fmt in ENCODED_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                return data
    return None


def decoded_image(mime: QMimeData) -> QImage | None:
    """The decoded picture ``mime`` holds (a screenshot on the clipboard), or None."""
    if not mime.hasImage():
        return None
    image = mime.imageData()
    if isinstance(image, QImage) and not image.isNull():
        return image
    return None


def offers_image(mime: QMimeData) -> bool:
    """True when ``mime`` brings a new picture (cheap: for drag-move events)."""
    if mime.hasFormat(REORDER_MIME):
        return False
    if any(mime.hasFormat(fmt) for fmt in ENCODED_FORMATS) or mime.hasImage():
        return True
    return any(
        url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES
        for url in mime.urls()
    )


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG (safe in a worker thread: the image is not shared)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", quality=PNG_QUALITY)  # type: ignore[call-overload]
    buffer.close()
    return bytes(array.data())


def encode_png_later(image: QImage, done: Callable[[bytes], None]) -> None:
    """Encode ``image`` to PNG in a worker thread; ``done`` gets the bytes on the GUI thread.

    Without a running loop (a plain script) it encodes at once.
    """
    copy = image.copy()  # the worker owns its own pixels
    try:
        loop = asyncio.get_event_loop()
        future = loop.run_in_executor(None, png_bytes, copy)
    except RuntimeError:
        log.debug("no event loop: encoding a pasted picture here", exc_info=True)
        done(png_bytes(copy))
        return

    def finished(result: asyncio.Future[bytes]) -> None:
        if result.cancelled() or result.exception() is not None:
            log.info("cannot encode a pasted picture: %s", result.exception())
            return
        done(result.result())

    future.add_done_callback(finished)
