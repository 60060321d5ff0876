"""The drawing half of the compare view: two pictures under one zoom and position.

Slider mode shows *before* left of a divider and *after* right of it; the divider is a child
widget (:class:`CompareHandle`, objectName ``compareSlider``) dragged with the mouse or moved
with the arrow keys. Side-by-side mode shows each picture in its own half, same zoom, same
position (panning or zooming either moves both).

Kept under a frame's budget on 4096×4096 pictures: below 100 % each picture is drawn from a
pixmap already scaled to the zoom (a few kept, per zoom level), as a 1:1 blit of the part a
repaint needs; moving the divider repaints only the strip between its old and new places.
"""

from __future__ import annotations

import enum
import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from studio.ui.edit.layers import PictureLevels
from studio.ui.edit.view_state import STEP, ViewState

HANDLE_WIDTH = 18
CACHED_ZOOMS = 3
KEY_STEP = 0.02


class CompareMode(enum.Enum):
    """How the two pictures are shown."""

    SLIDER = "slider"
    SIDE_BY_SIDE = "side_by_side"


class ScaledPicture:
    """A picture, its levels, and pixmaps scaled to the last few zooms below 100 %."""

    def __init__(self) -> None:
        self.levels = PictureLevels()
        self._scaled: dict[float, QPixmap] = {}

    def set_image(self, image: QImage) -> None:
        """Use ``image``; forgets the scaled pixmaps."""
        self.levels.set_image(image)
        self._scaled.clear()

    @property
    def size(self) -> QSize:
        """The full picture's size."""
        return self.levels.image.size()

    def draw(self, painter: QPainter, view: ViewState, exposed: QRect, origin: QPoint) -> None:
        """Paint the part of the picture under ``exposed`` (widget pixels); the picture's
        (0, 0) sits at ``origin`` + the view's offset."""
        image = self.levels.image
        if image.isNull():
            return
        zoom = view.zoom
        left = origin.x() + round(view.offset.x())
        top = origin.y() + round(view.offset.y())
        if zoom < 1:
            pixmap = self._pixmap(zoom)
            shown = QRect(left, top, pixmap.width(), pixmap.height()).intersected(exposed)
            if not shown.isEmpty():
                painter.drawPixmap(shown.topLeft(), pixmap, shown.translated(-left, -top))
            return
        local = exposed.translated(-origin.x(), -origin.y())
        source = view.image_rect(local, image.size())
        if source.isEmpty():
            return
        target = view.widget_rect(source).translated(QPointF(origin))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, zoom < 2)
        painter.drawImage(target, image, QRectF(source))

    def _pixmap(self, zoom: float) -> QPixmap:
        key = round(zoom, 5)
        found = self._scaled.get(key)
        if found is None:
            level, _scale = self.levels.level(zoom)
            full = self.levels.image
            width = max(1, round(full.width() * zoom))
            height = max(1, round(full.height() * zoom))
            found = QPixmap.fromImage(
                level.scaled(
                    width,
                    height,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            if len(self._scaled) >= CACHED_ZOOMS:
                self._scaled.pop(next(iter(self._scaled)))
            self._scaled[key] = found
        return found


class CompareHandle(QWidget):
    """The divider of slider mode: drag it, or use ←/→ (Shift for bigger steps)."""

    moved = Signal(float)  # the x the user dragged it to, in the parent's coordinates

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("compareSlider")
        self.setAccessibleName(self.tr("Compare divider"))
        self.setAccessibleDescription(
            self.tr("Drag, or use the arrow keys: before on the left, after on the right")
        )
        self.setToolTip(self.tr("Drag to compare (← → move the divider)"))
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._grab: float | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """A line with a round knob in the middle."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = self.width() / 2
        painter.setPen(QPen(QColor(0, 0, 0, 120), 3))
        painter.drawLine(QPointF(middle, 0), QPointF(middle, self.height()))
        painter.setPen(QPen(QColor(255, 255, 255), 1.5))
        painter.drawLine(QPointF(middle, 0), QPointF(middle, self.height()))
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setBrush(accent if self.hasFocus() else QColor(255, 255, 255))
        painter.setPen(QPen(QColor(0, 0, 0, 140), 1))
        painter.drawEllipse(QPointF(middle, self.height() / 2), middle - 1, middle - 1)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Grab the divider."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._grab = event.position().x() - self.width() / 2
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag it."""
        if self._grab is not None:
            x = self.mapToParent(event.position().toPoint()).x() - self._grab
            self.moved.emit(float(x))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Let go."""
        self._grab = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """← → move the divider by 2 % of the width (10 % with Shift)."""
        step = KEY_STEP * (5 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        parent = self.parentWidget()
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and parent is not None:
            sign = -1 if event.key() == Qt.Key.Key_Left else 1
            centre = self.x() + self.width() / 2
            self.moved.emit(centre + sign * step * parent.width())
            return
        super().keyPressEvent(event)


class CompareCanvas(QWidget):
    """Two pictures, one view. See the module docstring.

    Signals:
        divider_moved(float): the divider's place, 0 (left edge) .. 1 (right edge).
        zoom_changed(float): the scale shown.
    """

    divider_moved = Signal(float)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareCanvas")
        self.setAccessibleName(self.tr("Comparison"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view = ViewState()
        self.before = ScaledPicture()
        self.after = ScaledPicture()
        self._mode = CompareMode.SLIDER
        self._divider = 0.5
        self._pan_from: QPointF | None = None
        self.handle = CompareHandle(self)
        self.handle.moved.connect(self._on_handle_moved)
        self._place_handle()

    # -- state --------------------------------------------------------------------------------

    def set_images(self, before: QImage, after: QImage, *, keep_view: bool = False) -> None:
        """Show ``before`` and ``after`` (``after`` is shown at ``before``'s size)."""
        if not after.isNull() and not before.isNull() and after.size() != before.size():
            after = after.scaled(
                before.size(),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.before.set_image(before)
        self.after.set_image(after)
        if keep_view and not self.view.fitting:
            self.update()
        else:
            self.fit()

    @property
    def mode(self) -> CompareMode:
        """Slider or side by side."""
        return self._mode

    def set_mode(self, mode: CompareMode) -> None:
        """Switch modes (the view is fitted again while it was fitting)."""
        if mode is self._mode:
            return
        self._mode = mode
        self.handle.setVisible(mode is CompareMode.SLIDER)
        if self.view.fitting:
            self.fit()
        else:
            self.update()

    @property
    def divider(self) -> float:
        """The divider's place, 0..1 of the width."""
        return self._divider

    def set_divider(self, fraction: float) -> None:
        """Move the divider; repaints only the strip it crossed."""
        fraction = max(0.0, min(1.0, fraction))
        if math.isclose(fraction, self._divider):
            return
        old_x = self.divider_x()
        self._divider = fraction
        new_x = self.divider_x()
        left, right = min(old_x, new_x), max(old_x, new_x)
        self._place_handle()
        self.update(QRect(left - 1, 0, right - left + 2, self.height()))
        self.divider_moved.emit(fraction)

    def divider_x(self) -> int:
        """The divider's x in widget pixels."""
        return round(self._divider * self.width())

    @property
    def zoom(self) -> float:
        """The scale shown."""
        return self.view.zoom

    def pane_size(self) -> QSize:
        """The area one picture is shown in (half the width side by side)."""
        if self._mode is CompareMode.SIDE_BY_SIDE:
            return QSize(max(1, self.width() // 2), self.height())
        return self.size()

    def fit(self) -> None:
        """Both pictures whole in their pane."""
        self.view.fit(self.before.size, self.pane_size(), enlarge=False)
        self.update()
        self.zoom_changed.emit(self.view.zoom)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom around ``anchor`` (pane coordinates; default the pane's centre)."""
        pane = self.pane_size()
        centre = anchor if anchor is not None else QPointF(pane.width() / 2, pane.height() / 2)
        if self.view.zoom_at(zoom, centre):
            self.update()
            self.zoom_changed.emit(self.view.zoom)

    def actual_size(self) -> None:
        """100 %."""
        self.set_zoom(1.0)

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """The exposed part of each picture, only where it is shown."""
        exposed = event.rect()
        painter = QPainter(self)
        painter.fillRect(exposed, self.palette().color(QPalette.ColorRole.Mid))
        if self._mode is CompareMode.SLIDER:
            split = self.divider_x()
            left = exposed.intersected(QRect(0, 0, split, self.height()))
            right = exposed.intersected(QRect(split, 0, self.width() - split, self.height()))
            for part, picture in ((left, self.before), (right, self.after)):
                if not part.isEmpty():
                    painter.setClipRect(part)
                    picture.draw(painter, self.view, part, QPoint(0, 0))
        else:
            half = self.width() // 2
            panes = ((self.before, QPoint(0, 0)), (self.after, QPoint(half, 0)))
            for picture, origin in panes:
                pane = QRect(origin, self.pane_size()).intersected(exposed)
                if not pane.isEmpty():
                    painter.setClipRect(pane)
                    picture.draw(painter, self.view, pane, origin)
            painter.setClipping(False)
            painter.fillRect(QRect(half, 0, 1, self.height()), QColor(0, 0, 0, 90))
        painter.end()

    # -- input --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Left or middle drag pans both pictures."""
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._pan_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan."""
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.view.pan(delta.x(), delta.y())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Stop panning."""
        self._pan_from = None
        self.unsetCursor()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom both around the pointer."""
        steps = event.angleDelta().y() / 120
        if steps:
            anchor = event.position()
            if self._mode is CompareMode.SIDE_BY_SIDE and anchor.x() >= self.width() // 2:
                anchor = QPointF(anchor.x() - self.width() // 2, anchor.y())
            self.set_zoom(self.view.zoom * STEP**steps, anchor)
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Ctrl+0 and Ctrl+1 belong to the view while it has the focus."""
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and self._zoom_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+0 fits, Ctrl+1 shows 100 %."""
        key = self._zoom_key(event)
        if key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_1:
            self.actual_size()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the divider at its fraction; keep fitting."""
        super().resizeEvent(event)
        self._place_handle()
        if self.view.fitting:
            self.fit()

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _zoom_key(event: QKeyEvent) -> Qt.Key | None:
        ctrl = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if ctrl == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_0, Qt.Key.Key_1):
            return key
        return None

    def _place_handle(self) -> None:
        self.handle.setGeometry(
            self.divider_x() - HANDLE_WIDTH // 2, 0, HANDLE_WIDTH, max(1, self.height())
        )

    def _on_handle_moved(self, x: float) -> None:
        if self.width() > 0:
            self.set_divider(x / self.width())
