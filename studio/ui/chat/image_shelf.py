"""Stored chat images for the screen: files by hash, thumbnails decoded off the GUI thread.

The transcript never touches the image store: it asks the session's
:class:`~studio.session.chat.attachments.AttachmentService` for a file, and one shared
:class:`~studio.ui.images.thumbnails.ThumbnailCache` decodes it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage, QPixmap

from studio.session.chat.attachments import AttachmentService
from studio.ui.images.thumbnails import ThumbnailCache

THUMB_SIDE = 224


class ImageShelf(QObject):
    """Stored chat images for the screen.

    Signals:
        ready(str): the thumbnail of this image hash is decoded (or failed).
        edit_requested(str): "Edit" on a chat image in the viewer (the stored file's path).
    """

    ready = Signal(str)
    edit_requested = Signal(str)

    def __init__(self, service: AttachmentService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._cache = ThumbnailCache(self, max_side=THUMB_SIDE, capacity=200)
        self._cache.ready.connect(self.ready)

    def path(self, image_hash: str) -> Path | None:
        """The stored file, or None when it is unknown or gone."""
        return self._service.image_path(image_hash) if image_hash else None

    def thumbnail(self, image_hash: str) -> QPixmap | None:
        """The thumbnail if decoded; otherwise it is decoded and :attr:`ready` follows."""
        path = self.path(image_hash)
        if path is None:
            return None
        return self._cache.request(image_hash, path)

    def failed(self, image_hash: str) -> bool:
        """True when the image is gone or cannot be decoded."""
        return self.path(image_hash) is None or self._cache.failed(image_hash)

    def load_full(
        self, image_hash: str, owner: QObject, done: Callable[[QImage | None], None]
    ) -> None:
        """Decode the whole image in a worker; ``done`` gets it on the GUI thread."""
        path = self.path(image_hash)
        if path is None:
            done(None)
            return
        self._cache.load_full(path, owner, done)

    def close(self) -> None:
        """Stop decoding (the page is going away)."""
        self._cache.close()


def describe(ref: dict[str, Any]) -> str:
    """``photo.jpg · 1024×768 · detail high · about 765 tokens`` (tooltips and captions)."""
    parts = [
        str(ref.get("name") or ref.get("url") or QCoreApplication.translate("ImageShelf", "image"))
    ]
    width, height = ref.get("width"), ref.get("height")
    if isinstance(width, int) and isinstance(height, int):
        parts.append(f"{width}×{height}")
    detail = ref.get("detail")
    if detail in ("low", "high", "auto"):
        parts.append(
            QCoreApplication.translate("ImageShelf", "detail {detail}").format(detail=detail)
        )
    tokens = ref.get("tokens")
    if isinstance(tokens, int):
        parts.append(
            QCoreApplication.translate("ImageShelf", "about {tokens} tokens").format(
                tokens=f"{tokens:,}"
            )
        )
    if ref.get("url"):
        parts.append(QCoreApplication.translate("ImageShelf", "sent as a link"))
    return " · ".join(parts)
