"""The mask being edited: a greyscale image the size of the base image, and its undo history.

255 = editable (painted by the user), 0 = keep, values between = a soft edge; the same
convention as ``studio.media.masks``. Every change is one undo command that stores only the
rectangles it changed (see :mod:`studio.ui.edit.mask_undo`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPolygonF, QUndoStack

from studio.ui.edit import mask_media as media
from studio.ui.edit import mask_pixels as px
from studio.ui.edit.mask_undo import Patch, PatchCommand, ResizeCommand

TILE = 64
SPACING = 0.12  # dabs every 12 % of the brush size along a stroke
MAX_SIZE = 1000
CHUNK = 96  # a run of dabs spans at most the brush size plus this many pixels


def mask_png(image: QImage) -> bytes:
    """A greyscale (mode L) PNG of a mask image; thread-safe (QImage I/O needs no GUI)."""
    buffer = QBuffer()  # owns its bytes (a QBuffer over a Python QByteArray may outlive it)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(buffer.data().data())


class MaskError(ValueError):
    """The bytes given are not a picture Qt can read."""


@dataclass
class _Stroke:
    size: int
    hardness: int
    erase: bool
    last: QPointF
    travelled: float = 0.0  # distance since the last dab
    tiles: dict[tuple[int, int], bytes] = field(default_factory=dict)


class MaskDocument(QObject):
    """A mask with undo; the canvas paints it, the tool bar changes it.

    Signals:
        changed(QRect): pixels in this rectangle (image coordinates) changed.
        resized(QSize): the mask has a new size (outpaint, or a new base image).
    """

    changed = Signal(QRect)
    resized = Signal(QSize)

    def __init__(self, width: int = 1, height: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._image = px.new_mask(width, height)
        self._painted = 0  # non-zero pixels, kept up to date so is_empty() costs nothing
        self._stroke: _Stroke | None = None
        self.undo_stack = QUndoStack(self)

    # -- reading --------------------------------------------------------------------------

    @property
    def image(self) -> QImage:
        """The mask (Format_Grayscale8); read it, change it only through this class."""
        return self._image

    @property
    def size(self) -> QSize:
        """The mask's size (the base image's)."""
        return self._image.size()

    @property
    def rect(self) -> QRect:
        """``QRect(0, 0, width, height)``."""
        return self._image.rect()

    @property
    def stroking(self) -> bool:
        """True between :meth:`begin_stroke` and :meth:`end_stroke`."""
        return self._stroke is not None

    def value(self, x: int, y: int) -> int:
        """The mask value at (x, y)."""
        return self._image.pixelColor(x, y).red()

    def bounds(self) -> QRect:
        """The smallest rectangle holding the painted pixels (empty when nothing is)."""
        return px.bounds(self._image)

    def is_empty(self) -> bool:
        """True when no pixel is editable (counted as the mask changes: no scan)."""
        return self._painted == 0

    def to_png(self) -> bytes:
        """The mask as a greyscale (mode L) PNG (about a third of a second at 4096²: to save
        without blocking, encode :meth:`snapshot` with :func:`mask_png` in a worker thread)."""
        return mask_png(self._image)

    def snapshot(self) -> QImage:
        """The mask now, as an image later changes do not touch (implicitly shared: no copy
        until the mask changes); safe to read in another thread."""
        return QImage(self._image)

    # -- replacing the whole mask ------------------------------------------------------------

    def reset(self, width: int, height: int) -> None:
        """An empty mask of this size, with no undo history (a new base image)."""
        self.install(px.new_mask(width, height))
        self.undo_stack.clear()

    def load_png(self, data: bytes, *, undoable: bool = False) -> None:
        """Use the mask in ``data`` (any picture Qt reads; scaled to this size if it differs).

        Without ``undoable`` the history starts again (reopening a session); with it, loading
        is one undo step (reusing an earlier round's mask). A document never sized (1×1)
        takes the picture's size.

        Raises:
            MaskError: ``data`` is not a picture.
        """
        image = QImage.fromData(data)
        if image.isNull():
            raise MaskError(self.tr("The mask is not a picture Studio can read."))
        image = image.convertToFormat(px.GRAY)
        if not undoable:
            if self._image.size() != QSize(1, 1) and image.size() != self._image.size():
                image = image.scaled(
                    self._image.size(), mode=Qt.TransformationMode.SmoothTransformation
                )
            self.install(image)
            self.undo_stack.clear()
            return
        if image.size() != self._image.size():
            image = image.scaled(
                self._image.size(), mode=Qt.TransformationMode.SmoothTransformation
            )
        self._replace(self.rect, image, self.tr("Load mask"))

    def set_size(
        self,
        width: int,
        height: int,
        offset: QPoint | None = None,
        fill: int = 255,
        *,
        undoable: bool = False,
    ) -> None:
        """Resize the canvas (outpaint): the old mask goes at ``offset`` in the new one and the
        new area is ``fill`` (editable by default).

        The base picture changes with it, so by default the history starts again (older
        steps are in the old coordinates). With ``undoable`` the resize is one undo step: the
        caller then follows ``resized`` to put the matching picture back.
        """
        after = px.new_mask(width, height, fill)
        painter = QPainter(after)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(offset or QPoint(0, 0), self._image)
        painter.end()
        self._end_stroke_if_any()
        if not undoable:
            self.install(after)
            self.undo_stack.clear()
            return
        self.undo_stack.push(
            ResizeCommand(self.tr("Resize canvas"), self, QImage(self._image), after)
        )

    # -- strokes --------------------------------------------------------------------------

    def begin_stroke(
        self, point: QPointF, size: int, hardness: int, *, erase: bool = False
    ) -> None:
        """Start a brush (or eraser) stroke with a dab at ``point`` (image coordinates).

        ``size`` is the diameter in image pixels, ``hardness`` 0..100 (100 = a hard edge).
        """
        self._end_stroke_if_any()
        size = max(1, min(MAX_SIZE, int(size)))
        hardness = max(0, min(100, int(hardness)))
        self._stroke = _Stroke(size, hardness, erase, QPointF(point))
        self._paint_dabs([QPointF(point)])

    def stroke_to(self, point: QPointF) -> None:
        """Continue the stroke to ``point``: dabs evenly spaced along the segment."""
        stroke = self._stroke
        if stroke is None:
            return
        spacing = max(1.0, stroke.size * SPACING)
        start = stroke.last
        dx, dy = point.x() - start.x(), point.y() - start.y()
        distance = math.hypot(dx, dy)
        centers = []
        along = spacing - stroke.travelled
        while along <= distance:
            t = along / distance
            centers.append(QPointF(start.x() + dx * t, start.y() + dy * t))
            along += spacing
        stroke.travelled = distance - (along - spacing)
        stroke.last = QPointF(point)
        if centers:
            self._paint_dabs(centers)

    def end_stroke(self) -> None:
        """Finish the stroke: one undo step holding the tiles it changed."""
        stroke, self._stroke = self._stroke, None
        if stroke is None:
            return
        patches = []
        for (tx, ty), before in sorted(stroke.tiles.items()):
            rect = self._tile_rect(tx, ty)
            after = px.read_rect(self._image, rect)
            if after != before:
                patches.append(Patch.of(rect, before, after))
        if not patches:
            return
        text = self.tr("Erase") if stroke.erase else self.tr("Brush stroke")
        self.undo_stack.push(PatchCommand(text, self, patches, applied=True))

    # -- shapes and whole-mask changes ------------------------------------------------------

    def fill_rect(self, rect: QRect, *, erase: bool = False) -> None:
        """Make ``rect`` editable (or kept, with ``erase``)."""
        rect = rect.normalized().intersected(self.rect)
        if rect.isEmpty():
            return
        value = 0 if erase else 255
        self._replace(rect, px.new_mask(rect.width(), rect.height(), value), self.tr("Rectangle"))

    def fill_polygon(self, points: Sequence[QPointF], *, erase: bool = False) -> None:
        """Make the inside of the polygon (lasso) editable (or kept, with ``erase``)."""
        if len(points) < 3:
            return
        polygon = QPolygonF(list(points))
        rect = polygon.boundingRect().toAlignedRect().adjusted(-1, -1, 1, 1).intersected(self.rect)
        if rect.isEmpty():
            return
        region = self._image.copy(rect)
        painter = QPainter(region)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-rect.x(), -rect.y())
        painter.setPen(Qt.PenStyle.NoPen)
        mode = QPainter.CompositionMode
        painter.setCompositionMode(
            mode.CompositionMode_Darken if erase else mode.CompositionMode_Lighten
        )
        painter.setBrush(QColor(0, 0, 0) if erase else QColor(255, 255, 255))
        painter.drawPolygon(polygon)
        painter.end()
        self._replace(rect, region, self.tr("Lasso"))

    def fill(self) -> None:
        """Everything editable."""
        self._replace(
            self.rect, px.new_mask(self.size.width(), self.size.height(), 255), self.tr("Fill mask")
        )

    def clear(self) -> None:
        """Nothing editable."""
        rect = self.bounds()
        if not rect.isEmpty():
            self._replace(rect, px.new_mask(rect.width(), rect.height()), self.tr("Clear mask"))

    def invert(self) -> None:
        """Editable ↔ kept."""
        inverted = self._image.copy()
        inverted.invertPixels()
        self._replace(self.rect, inverted, self.tr("Invert mask"))

    def grow(self, pixels: int) -> None:
        """Grow the editable area by ``pixels`` (negative shrinks)."""
        if pixels < 0:
            self.shrink(-pixels)
            return
        rect = self._around_bounds(pixels)
        if not rect.isEmpty():
            grown = media.grown(self._image.copy(rect), pixels)
            self._replace(rect, grown, self.tr("Grow mask"))

    def shrink(self, pixels: int) -> None:
        """Shrink the editable area by ``pixels``."""
        rect = self._around_bounds(pixels + 1)
        if not rect.isEmpty() and pixels > 0:
            shrunk = media.grown(self._image.copy(rect), -pixels)
            self._replace(rect, shrunk, self.tr("Shrink mask"))

    def feather(self, radius: float) -> None:
        """Soften the edge of the editable area over about ``radius`` pixels."""
        rect = self._around_bounds(math.ceil(radius) + 2)
        if not rect.isEmpty() and radius >= 1:
            soft = media.feathered(self._image.copy(rect), radius)
            self._replace(rect, soft, self.tr("Feather mask"))

    def undo(self) -> None:
        """Undo the last change (finishing a stroke in progress first)."""
        self._end_stroke_if_any()
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the last undone change."""
        self._end_stroke_if_any()
        self.undo_stack.redo()

    # -- internals --------------------------------------------------------------------------

    def patched(self, rect: QRect, gained: int) -> None:
        """Undo and redo wrote ``rect``, painting ``gained`` more pixels (for the commands)."""
        self._painted += gained
        if not rect.isEmpty():
            self.changed.emit(QRect(rect))

    def install(self, image: QImage) -> None:
        """Use ``image`` as the mask (for the commands; a resize emits ``resized``)."""
        old_size = self._image.size()
        self._image = QImage(image)  # a shared copy: painting on it detaches from the command's
        data = px.read_rect(self._image, self._image.rect())
        self._painted = len(data) - data.count(0)
        if image.size() != old_size:
            self.resized.emit(image.size())
        self.changed.emit(self.rect)

    def _end_stroke_if_any(self) -> None:
        if self._stroke is not None:
            self.end_stroke()

    def _around_bounds(self, margin: int) -> QRect:
        found = self.bounds()
        if found.isEmpty():
            return found
        return found.adjusted(-margin, -margin, margin, margin).intersected(self.rect)

    def _replace(self, rect: QRect, region: QImage, text: str) -> None:
        """One undo step: ``rect`` of the mask becomes ``region`` (same size as ``rect``)."""
        self._end_stroke_if_any()
        before = px.read_rect(self._image, rect)
        after = px.read_rect(region, QRect(0, 0, rect.width(), rect.height()))
        if before == after:
            return
        patch = Patch.of(rect, before, after)
        self.undo_stack.push(PatchCommand(text, self, [patch]))

    def _tile_rect(self, tx: int, ty: int) -> QRect:
        return QRect(tx * TILE, ty * TILE, TILE, TILE).intersected(self.rect)

    def _paint_dabs(self, centers: Sequence[QPointF]) -> None:
        """Stamp dabs in runs whose rectangle stays small (a long diagonal segment must not
        repaint, or snapshot, its whole bounding box)."""
        stroke = self._stroke
        assert stroke is not None
        limit = stroke.size + CHUNK
        run: list[QPointF] = []
        touched = QRect()
        for center in centers:
            grown = touched.united(px.dab_rect(center, stroke.size))
            if run and (grown.width() > limit or grown.height() > limit):
                self._paint_run(stroke, run, touched)
                run, grown = [], px.dab_rect(center, stroke.size)
            run.append(center)
            touched = grown
        self._paint_run(stroke, run, touched)

    def _paint_run(self, stroke: _Stroke, centers: Sequence[QPointF], touched: QRect) -> None:
        touched = touched.intersected(self.rect)
        if touched.isEmpty():
            return
        for ty in range(touched.top() // TILE, touched.bottom() // TILE + 1):
            for tx in range(touched.left() // TILE, touched.right() // TILE + 1):
                if (tx, ty) not in stroke.tiles:
                    stroke.tiles[(tx, ty)] = px.read_rect(self._image, self._tile_rect(tx, ty))
        zeros = px.read_rect(self._image, touched).count(0)
        painter = QPainter(self._image)
        for center in centers:
            px.stamp(painter, center, stroke.size, stroke.hardness, stroke.erase)
        painter.end()
        self._painted += zeros - px.read_rect(self._image, touched).count(0)
        self.changed.emit(touched)
