"""Thumbnails for the side panels: decoded ``QImage``s are used at once, bytes and files are
decoded by a :class:`~studio.ui.images.thumbnails.ThumbnailCache` in its worker threads.

A panel asks on paint (:meth:`PanelThumbnails.pixmap`) and repaints when :attr:`ready` fires
for the key, so a list of a hundred versions decodes only what is on screen.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from studio.ui.edit.values import Thumbnail
from studio.ui.images.thumbnails import ThumbnailCache

PANEL_THUMB_SIDE = 160
IMAGE_CAPACITY = 400


class PanelThumbnails(QObject):
    """Serves thumbnails by key, whatever form the session handed the picture in.

    Signals:
        ready(str key): the thumbnail for ``key`` arrived (or failed: :meth:`failed`).
    """

    ready = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache: ThumbnailCache | None = None,
        max_side: int = PANEL_THUMB_SIDE,
    ) -> None:
        super().__init__(parent)
        self._owned = cache is None
        self.cache = cache if cache is not None else ThumbnailCache(self, max_side=max_side)
        self._max_side = max_side
        self._images: OrderedDict[str, QPixmap] = OrderedDict()
        self.cache.ready.connect(self.ready)

    def pixmap(self, key: str, source: Thumbnail) -> QPixmap | None:
        """The thumbnail of ``source`` under ``key``; None while it decodes (or without one)."""
        if source is None:
            return None
        if isinstance(source, QImage):
            found = self._images.get(key)
            if found is None:
                found = self._from_image(source)
                self._images[key] = found
                while len(self._images) > IMAGE_CAPACITY:
                    self._images.popitem(last=False)
            return found
        return self.cache.request(key, source)

    def failed(self, key: str) -> bool:
        """True when the picture behind ``key`` could not be decoded."""
        return self.cache.failed(key)

    def shutdown(self) -> None:
        """Stop decoding (only a cache this object made is closed)."""
        if self._owned:
            self.cache.close()

    def _from_image(self, image: QImage) -> QPixmap:
        side = self._max_side
        if image.isNull():
            return QPixmap()
        if image.width() > side or image.height() > side:
            image = image.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return QPixmap.fromImage(image)
