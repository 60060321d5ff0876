"""Zoom and pan of a picture in a widget: the one transform the canvas and the compare view use.

Widget point = ``offset + image point × zoom``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, QSizeF

MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
STEP = 1.25


class ViewState:
    """The zoom and the picture's origin in the widget; starts fitting the picture."""

    def __init__(self) -> None:
        self.zoom = 1.0
        self.offset = QPointF(0, 0)
        self.fitting = True

    def to_widget(self, point: QPointF) -> QPointF:
        """An image point in widget coordinates."""
        return QPointF(
            self.offset.x() + point.x() * self.zoom, self.offset.y() + point.y() * self.zoom
        )

    def to_image(self, point: QPointF) -> QPointF:
        """A widget point in image coordinates."""
        return QPointF(
            (point.x() - self.offset.x()) / self.zoom, (point.y() - self.offset.y()) / self.zoom
        )

    def widget_rect(self, rect: QRectF | QRect) -> QRectF:
        """An image rectangle in widget coordinates."""
        rect = QRectF(rect)
        return QRectF(self.to_widget(rect.topLeft()), QSizeF(rect.size()) * self.zoom)

    def dirty_rect(self, rect: QRect, margin: int = 2) -> QRect:
        """The widget pixels to repaint when image pixels ``rect`` changed."""
        return self.widget_rect(rect).toAlignedRect().adjusted(-margin, -margin, margin, margin)

    def image_rect(self, widget_rect: QRect, image_size: QSize, margin: int = 1) -> QRect:
        """The image pixels that widget pixels ``widget_rect`` show (clipped to the image)."""
        top_left = self.to_image(QPointF(widget_rect.topLeft()))
        bottom_right = self.to_image(QPointF(widget_rect.bottomRight()) + QPointF(1, 1))
        left, top = math.floor(top_left.x()) - margin, math.floor(top_left.y()) - margin
        right, bottom = math.ceil(bottom_right.x()) + margin, math.ceil(bottom_right.y()) + margin
        bounds = QRect(0, 0, image_size.width(), image_size.height())
        return QRect(left, top, right - left, bottom - top).intersected(bounds)

    def fit(self, image: QSize, view: QSize, *, enlarge: bool = True) -> None:
        """The whole picture in the view, centred (``enlarge`` lets small pictures grow)."""
        self.fitting = True
        if image.isEmpty() or view.isEmpty():
            return
        zoom = min(view.width() / image.width(), view.height() / image.height())
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom if enlarge else min(zoom, 1.0)))
        self.center(image, view)

    def center(self, image: QSize, view: QSize) -> None:
        """Put the picture's centre in the view's centre."""
        self.offset = QPointF(
            (view.width() - image.width() * self.zoom) / 2,
            (view.height() - image.height() * self.zoom) / 2,
        )

    def zoom_at(self, zoom: float, anchor: QPointF) -> bool:
        """Zoom to ``zoom`` keeping the image point under ``anchor`` (widget) in place.

        Returns True when the zoom changed.
        """
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.fitting = False
        if math.isclose(zoom, self.zoom):
            return False
        fixed = self.to_image(anchor)
        self.zoom = zoom
        self.offset = QPointF(anchor.x() - fixed.x() * zoom, anchor.y() - fixed.y() * zoom)
        return True

    def pan(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) widget pixels."""
        self.fitting = False
        self.offset = QPointF(self.offset.x() + dx, self.offset.y() + dy)

    def copy_from(self, other: ViewState) -> None:
        """Take another view's zoom and position (synced views)."""
        self.zoom, self.offset, self.fitting = other.zoom, QPointF(other.offset), other.fitting
