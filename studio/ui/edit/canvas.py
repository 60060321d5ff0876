"""The edit canvas: the base picture, the mask as a tint over it, and the mask tools.

Zoom with the wheel (around the pointer), Ctrl+0 fits, Ctrl+1 shows 100 %; pan with the
middle button or Space + drag. Brush and eraser paint with the left button (the right button
does the opposite tool); rectangle and lasso fill their shape (erase with Alt or the right
button). ``[`` and ``]`` change the brush size.

Kept smooth on 4096×4096 pictures: a change repaints only the widget pixels over the image
rectangle that changed; the tint is a cached premultiplied image updated only in that
rectangle (:class:`MaskOverlay`); the picture is drawn from a level near the zoom
(:class:`PictureLevels`), only the part the repaint needs.
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
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.edit.layers import MaskOverlay, PictureLevels, checker_brush
from studio.ui.edit.mask_document import MAX_SIZE, MaskDocument
from studio.ui.edit.view_state import STEP, ViewState

OVERLAY_OPACITY = 0.5
SMOOTH_BELOW_ZOOM = 2.0  # from 200 % on, pixels are shown as squares


class Tool(enum.Enum):
    """What a left-button drag does on the canvas."""

    BRUSH = "brush"
    ERASER = "eraser"
    RECT = "rect"
    LASSO = "lasso"


TOOL_KEYS = {
    Qt.Key.Key_B: Tool.BRUSH,
    Qt.Key.Key_E: Tool.ERASER,
    Qt.Key.Key_M: Tool.RECT,
    Qt.Key.Key_L: Tool.LASSO,
}


def size_step(size: int, grow: bool) -> int:
    """The next brush size for ``]`` (grow) or ``[``: about 10 %, at least one pixel."""
    step = max(1, round(size * 0.1))
    return max(1, min(MAX_SIZE, size + step if grow else size - step))


class EditCanvas(QWidget):
    """The picture being edited and its mask.

    Signals:
        zoom_changed(float): the scale shown (1.0 = 100 %).
        brush_size_changed(int): the brush diameter in image pixels.
        hardness_changed(int): the brush hardness, 0..100.
        tool_changed(str): the tool's value (``Tool.value``).
        overlay_visibility_changed(bool): the tint shown or hidden.
    """

    zoom_changed = Signal(float)
    brush_size_changed = Signal(int)
    hardness_changed = Signal(int)
    tool_changed = Signal(str)
    overlay_visibility_changed = Signal(bool)

    def __init__(self, document: MaskDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editCanvas")
        self.setAccessibleName(self.tr("Edit canvas"))
        self.setAccessibleDescription(
            self.tr("The picture being edited; paint the area the model may change")
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)  # right-drag erases
        self.document = document if document is not None else MaskDocument(parent=self)
        self.view = ViewState()
        self._picture = PictureLevels()
        self._overlay = MaskOverlay()
        self._overlay_visible = True
        self._tool = Tool.BRUSH
        self._brush_size = 40
        self._hardness = 80
        self._hover: QPointF | None = None
        self._space = False
        self._pan_from: QPointF | None = None
        self._drag_erase = False
        self._shape_from: QPointF | None = None
        self._shape_to: QPointF | None = None
        self._lasso: list[QPointF] = []
        self._checker = checker_brush(QColor(236, 236, 236), QColor(200, 200, 200))
        self.document.changed.connect(self._on_mask_changed)
        self.document.resized.connect(self._on_mask_resized)
        self._overlay.rebuild(self.document.image)

    # -- picture and view -------------------------------------------------------------------

    def set_image(self, image: QImage, *, keep_view: bool = False, keep_mask: bool = False) -> None:
        """Show ``image`` as the base picture.

        The mask starts again, empty and without history (another picture's undo steps must
        not come back on this one; load a saved mask after this call), unless ``keep_mask``
        and the mask is already this size. ``keep_view`` keeps the zoom and position.
        """
        self._picture.set_image(image)
        if not keep_mask or self.document.size != image.size():
            self.document.reset(image.width(), image.height())
        if not keep_view or self.view.fitting:
            self.fit()
        else:
            self.update()

    def expand(self, image: QImage, offset: QPoint) -> None:
        """Outpaint: ``image`` is the grown canvas, the old picture at ``offset`` in it. The
        mask grows the same way (the new area editable, history started again) and the old
        pixels stay where they were on screen unless the view is fitting."""
        self.document.set_size(image.width(), image.height(), offset)
        self._picture.set_image(image)
        if self.view.fitting:
            self.fit()
        else:
            self.pan_by(-offset.x() * self.zoom, -offset.y() * self.zoom)

    @property
    def image(self) -> QImage:
        """The base picture shown (premultiplied ARGB)."""
        return self._picture.image

    @property
    def zoom(self) -> float:
        """The scale shown (1.0 = one picture pixel per screen pixel)."""
        return self.view.zoom

    @property
    def fitting(self) -> bool:
        """True while the picture follows the widget's size."""
        return self.view.fitting

    def fit(self) -> None:
        """The whole picture in the widget (Ctrl+0)."""
        self.view.fit(self._image_size(), self.size())
        self._view_changed()

    def actual_size(self) -> None:
        """100 % (Ctrl+1), keeping the centre of the widget on the same image point."""
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` around ``anchor`` (widget coordinates; default the centre)."""
        centre = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        if self.view.zoom_at(zoom, centre):
            self._view_changed()

    def zoom_in(self) -> None:
        """One step closer."""
        self.set_zoom(self.zoom * STEP)

    def zoom_out(self) -> None:
        """One step further."""
        self.set_zoom(self.zoom / STEP)

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) widget pixels."""
        self.view.pan(dx, dy)
        self.update()

    def map_to_image(self, point: QPointF | QPoint) -> QPointF:
        """A widget point in image coordinates."""
        return self.view.to_image(QPointF(point))

    def map_from_image(self, point: QPointF | QPoint) -> QPointF:
        """An image point in widget coordinates."""
        return self.view.to_widget(QPointF(point))

    # -- tools ------------------------------------------------------------------------------

    @property
    def tool(self) -> Tool:
        """The tool a left-button drag uses."""
        return self._tool

    def set_tool(self, tool: Tool) -> None:
        """Pick a tool."""
        if tool is self._tool:
            return
        self._cancel_shape()
        self._tool = tool
        self.update()
        self.tool_changed.emit(tool.value)

    @property
    def brush_size(self) -> int:
        """Brush and eraser diameter, in image pixels."""
        return self._brush_size

    def set_brush_size(self, size: int) -> None:
        """Set the brush diameter (1..1000 image pixels)."""
        size = max(1, min(MAX_SIZE, int(size)))
        if size == self._brush_size:
            return
        old = self._cursor_rect()
        self._brush_size = size
        self.update(old.united(self._cursor_rect()))
        self.brush_size_changed.emit(size)

    @property
    def hardness(self) -> int:
        """Brush hardness, 0 (soft) .. 100 (hard edge)."""
        return self._hardness

    def set_hardness(self, hardness: int) -> None:
        """Set the brush hardness (0..100)."""
        hardness = max(0, min(100, int(hardness)))
        if hardness != self._hardness:
            self._hardness = hardness
            self.hardness_changed.emit(hardness)

    @property
    def overlay_visible(self) -> bool:
        """True while the mask's tint is shown."""
        return self._overlay_visible

    def set_overlay_visible(self, visible: bool) -> None:
        """Show or hide the mask's tint (painting still changes the mask)."""
        if visible != self._overlay_visible:
            self._overlay_visible = visible
            self.update()
            self.overlay_visibility_changed.emit(visible)

    def set_overlay_color(self, color: QColor) -> None:
        """The tint's colour."""
        self._overlay.color = QColor(color)
        self._overlay.rebuild(self.document.image)
        self.update()

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Only the exposed part: background, checkerboard, picture, tint, tool preview."""
        exposed = event.rect()
        painter = QPainter(self)
        painter.fillRect(exposed, self.palette().color(QPalette.ColorRole.Mid))
        size = self._image_size()
        source = self.view.image_rect(exposed, size)
        if not source.isEmpty():
            target = self.view.widget_rect(source)
            painter.save()
            painter.setClipRect(exposed)
            if self._picture.has_alpha or self._picture.image.isNull():
                painter.fillRect(target.intersected(QRectF(exposed)), self._checker)
            smooth = self.zoom < SMOOTH_BELOW_ZOOM
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
            self._picture.draw(painter, target, source, self.zoom)
            if self._overlay_visible:
                tint, scale = self._overlay.level(self.zoom)
                part = QRectF(
                    source.x() * scale,
                    source.y() * scale,
                    source.width() * scale,
                    source.height() * scale,
                )
                painter.setOpacity(OVERLAY_OPACITY)
                painter.drawImage(target, tint, part)
                painter.setOpacity(1.0)
            painter.restore()
        self._paint_preview(painter)
        painter.end()

    def _paint_preview(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        light = QPen(QColor(255, 255, 255, 220), 1.0)
        dark = QPen(QColor(0, 0, 0, 200), 1.0, Qt.PenStyle.DashLine)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        shape = self._shape_rect_widget()
        if shape is not None:
            for pen in (light, dark):
                painter.setPen(pen)
                painter.drawRect(shape)
        if len(self._lasso) > 1:
            line = QPolygonF([self.map_from_image(p) for p in self._lasso])
            for pen in (light, dark):
                painter.setPen(pen)
                painter.drawPolyline(line)
        if self._hover is not None and self._tool in (Tool.BRUSH, Tool.ERASER):
            radius = self._brush_size * self.zoom / 2
            for pen in (QPen(QColor(0, 0, 0, 200), 1.0), QPen(QColor(255, 255, 255, 220), 1.0)):
                painter.setPen(pen)
                painter.drawEllipse(self._hover, radius, radius)
                radius += 1

    # -- input ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a pan, a stroke or a shape."""
        position = event.position()
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space
        ):
            self._pan_from = position
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        opposite = button == Qt.MouseButton.RightButton
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        point = self.map_to_image(position)
        if self._tool in (Tool.BRUSH, Tool.ERASER):
            erase = (self._tool is Tool.ERASER) != opposite
            self.document.begin_stroke(point, self._brush_size, self._hardness, erase=erase)
        else:
            self._drag_erase = opposite or alt
            self._shape_from = self._shape_to = point
            self._lasso = [point] if self._tool is Tool.LASSO else []
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan, continue the stroke or the shape, or move the brush outline."""
        position = event.position()
        if self._pan_from is not None:
            delta = position - self._pan_from
            self._pan_from = position
            self.pan_by(delta.x(), delta.y())
            return
        old_cursor = self._cursor_rect()
        self._hover = position
        dirty = old_cursor.united(self._cursor_rect())
        point = self.map_to_image(position)
        if self.document.stroking:
            self.document.stroke_to(point)
        elif self._shape_from is not None:
            old = self._shape_dirty()
            self._shape_to = point
            if self._tool is Tool.LASSO:
                self._lasso.append(point)
            dirty = dirty.united(old).united(self._shape_dirty())
        self.update(dirty)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish the pan, stroke or shape (one undo step)."""
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            self._restore_cursor()
            return
        if self.document.stroking:
            self.document.stroke_to(self.map_to_image(event.position()))
            self.document.end_stroke()
            return
        if self._shape_from is not None:
            dirty = self._shape_dirty()
            self._shape_to = self.map_to_image(event.position())
            if self._tool is Tool.RECT:
                rect = QRectF(self._shape_from, self._shape_to).normalized()
                self.document.fill_rect(rect.toAlignedRect(), erase=self._drag_erase)
            elif self._tool is Tool.LASSO:
                self._lasso.append(self._shape_to)
                self.document.fill_polygon(self._lasso, erase=self._drag_erase)
            self._cancel_shape()
            self.update(dirty)

    def leaveEvent(self, event: QEvent) -> None:
        """Hide the brush outline."""
        if self._hover is not None:
            dirty = self._cursor_rect()
            self._hover = None
            self.update(dirty)
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel zooms around the pointer."""
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom * STEP**steps, event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Claim the canvas's keys before window shortcuts when the canvas has the focus."""
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and self._handles(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """``[`` ``]`` size, Ctrl+0 fit, Ctrl+1 100 %, Ctrl+Z / Ctrl+Shift+Z, Space pans,
        B E M L pick a tool."""
        if not self._handles(event):
            super().keyPressEvent(event)
            return
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_BracketRight:
            self.set_brush_size(size_step(self._brush_size, True))
        elif key == Qt.Key.Key_BracketLeft:
            self.set_brush_size(size_step(self._brush_size, False))
        elif ctrl and key == Qt.Key.Key_0:
            self.fit()
        elif ctrl and key == Qt.Key.Key_1:
            self.actual_size()
        elif ctrl and (key == Qt.Key.Key_Y or (key == Qt.Key.Key_Z and shift)):
            self.document.redo()
        elif ctrl and key == Qt.Key.Key_Z:
            self.document.undo()
        elif key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space = True
                self.setCursor(Qt.CursorShape.OpenHandCursor)
        elif key in TOOL_KEYS:
            self.set_tool(TOOL_KEYS[Qt.Key(key)])
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Space up ends the pan mode."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._pan_from = None
            self._restore_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep fitting while the user has not zoomed."""
        super().resizeEvent(event)
        if self.view.fitting:
            self.fit()

    def sizeHint(self) -> QSize:
        """A comfortable default."""
        return QSize(640, 480)

    # -- internals --------------------------------------------------------------------------

    def _handles(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight, Qt.Key.Key_Space):
            return True
        if mods == ctrl and key in (Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_Z, Qt.Key.Key_Y):
            return True
        if mods == ctrl | shift and key == Qt.Key.Key_Z:
            return True
        return mods == Qt.KeyboardModifier.NoModifier and key in TOOL_KEYS

    def _image_size(self) -> QSize:
        image = self._picture.image
        return image.size() if not image.isNull() else self.document.size

    def _view_changed(self) -> None:
        self.update()
        self.zoom_changed.emit(self.view.zoom)

    def _restore_cursor(self) -> None:
        self.setCursor(Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.CrossCursor)

    def _cursor_rect(self) -> QRect:
        if self._hover is None:
            return QRect()
        radius = math.ceil(self._brush_size * self.zoom / 2) + 3
        centre = self._hover.toPoint()
        return QRect(centre.x() - radius, centre.y() - radius, 2 * radius + 1, 2 * radius + 1)

    def _shape_rect_widget(self) -> QRectF | None:
        if self._tool is not Tool.RECT or self._shape_from is None or self._shape_to is None:
            return None
        return QRectF(
            self.map_from_image(self._shape_from), self.map_from_image(self._shape_to)
        ).normalized()

    def _shape_dirty(self) -> QRect:
        shape = self._shape_rect_widget()
        if shape is not None:
            return shape.toAlignedRect().adjusted(-2, -2, 2, 2)
        if len(self._lasso) > 1:
            line = QPolygonF([self.map_from_image(p) for p in self._lasso[-2:]])
            return line.boundingRect().toAlignedRect().adjusted(-2, -2, 2, 2)
        return QRect()

    def _cancel_shape(self) -> None:
        if self._lasso or self._shape_from is not None:
            self.update()
        self._shape_from = self._shape_to = None
        self._lasso = []

    def _on_mask_changed(self, rect: QRect) -> None:
        self._overlay.update(self.document.image, rect)
        self.update(self.view.dirty_rect(rect))

    def _on_mask_resized(self, _size: QSize) -> None:
        self._overlay.rebuild(self.document.image)
        self.update()
