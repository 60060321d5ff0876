"""What the canvas and the compare view draw from, prepared once and kept up to date in parts.

* :class:`PictureLevels`: the picture in premultiplied ARGB and halved copies of it, built
  when first needed, so a zoomed-out view samples a level close to its scale (smooth and
  cheap) instead of the full 4096×4096 picture;
* :class:`MaskOverlay`: the mask as a tint, premultiplied ARGB, updated only in the
  rectangle that changed (one fill and one alpha multiply, no per-pixel Python);
* :func:`checker_brush`: the checkerboard behind transparent pixels.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPixmap

ARGB = QImage.Format.Format_ARGB32_Premultiplied
Mode = QPainter.CompositionMode


class PictureLevels:
    """A picture and its halvings; :meth:`draw` paints a part of it at a zoom."""

    def __init__(self, image: QImage | None = None) -> None:
        self._levels: list[QImage] = []
        self.has_alpha = False
        if image is not None:
            self.set_image(image)

    def set_image(self, image: QImage) -> None:
        """Use ``image`` (converted once to premultiplied ARGB)."""
        self.has_alpha = image.hasAlphaChannel()
        self._levels = [image.convertToFormat(ARGB)] if not image.isNull() else []

    @property
    def image(self) -> QImage:
        """The full-size picture (a null image when there is none)."""
        return self._levels[0] if self._levels else QImage()

    def level(self, zoom: float) -> tuple[QImage, float]:
        """The smallest level still at least ``zoom`` in scale, and that level's scale."""
        if not self._levels:
            return QImage(), 1.0
        wanted = max(0, math.floor(math.log2(1 / zoom))) if zoom < 1 else 0
        while len(self._levels) <= wanted:
            last = self._levels[-1]
            if min(last.width(), last.height()) < 64:
                break
            self._levels.append(
                last.scaled(
                    max(1, last.width() // 2),
                    max(1, last.height() // 2),
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        chosen = self._levels[min(wanted, len(self._levels) - 1)]
        return chosen, chosen.width() / self._levels[0].width()

    def draw(self, painter: QPainter, target: QRectF, source: QRect, zoom: float) -> None:
        """Paint the picture's ``source`` pixels (full-size coordinates) into ``target``."""
        image, scale = self.level(zoom)
        if image.isNull():
            return
        part = QRectF(
            source.x() * scale, source.y() * scale, source.width() * scale, source.height() * scale
        )
        painter.drawImage(target, image, part)


def overlay_factor(zoom: float) -> int:
    """The reduction of the tint drawn at ``zoom`` (1 = the full-size tint)."""
    return 4 if zoom < 0.3 else 2 if zoom < 0.6 else 1


class MaskOverlay:
    """The mask as a tint (``color``; the mask value is its alpha), with reduced copies for
    zoomed-out views, built when first drawn and then kept up to date rectangle by rectangle."""

    def __init__(self, color: QColor | None = None) -> None:
        self.image = QImage()
        self.color = QColor(color) if color is not None else QColor(255, 64, 64)
        self._reduced: dict[int, QImage] = {}

    def rebuild(self, mask: QImage) -> None:
        """The whole overlay from ``mask``."""
        self.image = QImage(mask.size(), ARGB)
        self._reduced.clear()
        self.update(mask, mask.rect())

    def level(self, zoom: float) -> tuple[QImage, float]:
        """The tint to draw at ``zoom`` and its scale (like :meth:`PictureLevels.level`)."""
        factor = overlay_factor(zoom)
        if factor == 1 or self.image.isNull():
            return self.image, 1.0
        reduced = self._reduced.get(factor)
        if reduced is None:
            reduced = self.image.scaled(
                max(1, self.image.width() // factor),
                max(1, self.image.height() // factor),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._reduced[factor] = reduced
        return reduced, reduced.width() / self.image.width()

    def _update_reduced(self, rect: QRect) -> None:
        for factor, reduced in self._reduced.items():
            left, top = rect.x() // factor * factor, rect.y() // factor * factor
            right = -(-(rect.x() + rect.width()) // factor) * factor
            bottom = -(-(rect.y() + rect.height()) // factor) * factor
            block = QRect(left, top, right - left, bottom - top).intersected(self.image.rect())
            part = self.image.copy(block).scaled(
                max(1, -(-block.width() // factor)),
                max(1, -(-block.height() // factor)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            painter = QPainter(reduced)
            painter.setCompositionMode(Mode.CompositionMode_Source)
            painter.drawImage(left // factor, top // factor, part)
            painter.end()

    def update(self, mask: QImage, rect: QRect) -> None:
        """The overlay's ``rect`` from the same rectangle of ``mask``."""
        if self.image.size() != mask.size():
            self.rebuild(mask)
            return
        rect = rect.intersected(mask.rect())
        if rect.isEmpty():
            return
        alpha = mask.copy(rect)
        alpha.reinterpretAsFormat(QImage.Format.Format_Alpha8)  # same bytes: value → alpha
        painter = QPainter(self.image)
        painter.setCompositionMode(Mode.CompositionMode_Source)
        painter.fillRect(rect, QColor(self.color.red(), self.color.green(), self.color.blue()))
        painter.setCompositionMode(Mode.CompositionMode_DestinationIn)
        painter.drawImage(rect.topLeft(), alpha)
        painter.end()
        self._update_reduced(rect)


def checker_brush(light: QColor, dark: QColor, cell: int = 8) -> QBrush:
    """A brush of ``cell``-pixel squares in two colours."""
    tile = QPixmap(cell * 2, cell * 2)
    tile.fill(light)
    painter = QPainter(tile)
    painter.fillRect(0, 0, cell, cell, dark)
    painter.fillRect(cell, cell, cell, cell, dark)
    painter.end()
    return QBrush(tile)
