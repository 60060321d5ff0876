"""A picture on a canvas that zooms (wheel, +/−, fit, 100 %) and pans (drag)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
STEP = 1.25


class ZoomView(QGraphicsView):
    """Shows one pixmap; fits it to the window until the user zooms.

    Signals:
        zoom_changed(float): the scale now shown (1.0 = 100 %).
    """

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewerCanvas")
        self.setAccessibleName(self.tr("Picture"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._fitting = True

    @property
    def zoom(self) -> float:
        """The scale shown (1.0 = one picture pixel per screen pixel)."""
        return self.transform().m11()

    @property
    def fitting(self) -> bool:
        """True while the picture follows the window size."""
        return self._fitting

    def set_pixmap(self, pixmap: QPixmap, *, width: int = 0, same_picture: bool = False) -> None:
        """Show ``pixmap`` as a picture ``width`` pixels wide (a thumbnail stands in for the
        full picture at its real size); ``same_picture`` keeps the zoom and position."""
        shown = pixmap.deviceIndependentSize().width()
        self._item.setScale(width / shown if width and shown else 1.0)
        self._item.setPixmap(pixmap)
        self._scene.setSceneRect(self._item.sceneBoundingRect())
        if not same_picture or self._fitting:
            self.fit()

    def zoom_in(self) -> None:
        """One step closer."""
        self._fitting = False
        self._set_zoom(self.zoom * STEP)

    def zoom_out(self) -> None:
        """One step further."""
        self._fitting = False
        self._set_zoom(self.zoom / STEP)

    def actual_size(self) -> None:
        """100 %: one picture pixel per screen pixel."""
        self._fitting = False
        self._set_zoom(1.0)

    def fit(self) -> None:
        """The whole picture in the window (never enlarged past 100 %)."""
        self._fitting = True
        rect = self._item.sceneBoundingRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.0)
        self._set_zoom(max(MIN_ZOOM, scale))
        self.centerOn(self._item)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel zooms around the pointer."""
        steps = event.angleDelta().y() / 120
        if steps:
            self._fitting = False
            self._set_zoom(self.zoom * STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep fitting the picture while the user has not zoomed."""
        super().resizeEvent(event)
        if self._fitting:
            self.fit()

    def _set_zoom(self, scale: float) -> None:
        scale = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        self.resetTransform()
        self.scale(scale, scale)
        self.zoom_changed.emit(scale)
