"""Pixel work on masks held as ``QImage.Format_Grayscale8`` (255 = editable, 0 = keep).

Everything here is Qt only (no Pillow in ui, see ARCHITECTURE.md) and works on a rectangle, so
that a change to a 4096×4096 mask touches only the pixels it changes:

* :func:`read_rect` / :func:`write_rect` copy a rectangle's bytes out and back (undo patches);
* :func:`brush_dab` draws the soft round dab a brush stamps, :func:`stamp` puts it down as
  ``max(mask, dab)`` (brush) or ``min(mask, 255 - dab)`` (eraser): strokes of soft dabs keep
  the dab's profile instead of building up where dabs overlap;
* :func:`bounds` finds the painted part.

Grow, shrink and feather use ``studio.media.masks`` (see :mod:`studio.ui.edit.mask_media`).
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QRadialGradient

GRAY = QImage.Format.Format_Grayscale8
Mode = QPainter.CompositionMode
FALLOFF_STOPS = 8


def new_mask(width: int, height: int, value: int = 0) -> QImage:
    """A ``width``×``height`` mask filled with ``value``."""
    image = QImage(max(1, width), max(1, height), GRAY)
    image.fill(QColor(value, value, value))
    return image


def read_rect(image: QImage, rect: QRect) -> bytes:
    """The bytes of ``rect`` (inside ``image``), row after row, ``rect.width()`` per row."""
    width, stride = rect.width(), image.bytesPerLine()
    bits = image.constBits()
    if rect.x() == 0 and width == image.width() and stride == width:
        start = rect.y() * stride
        return bytes(bits[start : start + width * rect.height()])
    part = image.copy(rect)  # one C copy; its rows are contiguous when 4-byte aligned
    if part.bytesPerLine() == width:
        return bytes(part.constBits())[: width * rect.height()]
    rows = []
    for y in range(rect.top(), rect.top() + rect.height()):
        start = y * stride + rect.x()
        rows.append(bits[start : start + width])
    return b"".join(rows)


def write_rect(image: QImage, rect: QRect, data: bytes) -> None:
    """Put bytes read by :func:`read_rect` back into ``rect``."""
    width, stride = rect.width(), image.bytesPerLine()
    bits = memoryview(image.bits())  # writable: bits() detaches a shared image
    if rect.x() == 0 and width == image.width() and stride == width:
        start = rect.y() * stride
        bits[start : start + len(data)] = data
        return
    for row in range(rect.height()):
        start = (rect.y() + row) * stride + rect.x()
        bits[start : start + width] = data[row * width : (row + 1) * width]


def image_from_bytes(data: bytes, width: int, height: int) -> QImage:
    """A mask image owning a copy of ``data`` (``width`` bytes per row)."""
    image = QImage(width, height, GRAY)
    write_rect(image, QRect(0, 0, width, height), data)
    return image


@functools.lru_cache(maxsize=32)
def brush_dab(size: int, hardness: int) -> tuple[QImage, QImage]:
    """The dab for a brush ``size`` px across with ``hardness`` in percent, as (brush, eraser).

    The brush image is the dab's strength on black (drawn with Lighten = max); the eraser image
    is its inverse on white (drawn with Darken = min). Both are opaque, so the composition
    modes give exact maxima and minima.
    """
    radius = max(0.5, size / 2)
    side = math.ceil(radius * 2) + 2
    dab = new_mask(side, side)
    painter = QPainter(dab)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    center = QPointF(side / 2, side / 2)
    gradient = QRadialGradient(center, radius)
    gradient.setColorAt(0.0, QColor(255, 255, 255))
    solid = min(0.999, max(0.0, hardness / 100))
    for step in range(FALLOFF_STOPS + 1):  # a cosine fall-off from the solid core to the rim
        u = step / FALLOFF_STOPS
        level = round(255 * (0.5 + 0.5 * math.cos(math.pi * u)))
        gradient.setColorAt(solid + (1 - solid) * u, QColor(level, level, level))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient) if hardness < 100 else QBrush(QColor(255, 255, 255)))
    painter.drawEllipse(center, radius, radius)
    painter.end()
    eraser = dab.copy()
    eraser.invertPixels()
    return dab, eraser


def stamp(painter: QPainter, center: QPointF, size: int, hardness: int, erase: bool) -> QRect:
    """Draw one dab centred on ``center`` with ``painter`` (on a mask); returns its rectangle."""
    dab, eraser = brush_dab(size, hardness)
    left = round(center.x() - dab.width() / 2)
    top = round(center.y() - dab.height() / 2)
    painter.setCompositionMode(
        Mode.CompositionMode_Darken if erase else Mode.CompositionMode_Lighten
    )
    painter.drawImage(left, top, eraser if erase else dab)
    return QRect(left, top, dab.width(), dab.height())


def dab_rect(center: QPointF, size: int) -> QRect:
    """The rectangle :func:`stamp` would cover."""
    side = math.ceil(max(0.5, size / 2) * 2) + 2
    return QRect(round(center.x() - side / 2), round(center.y() - side / 2), side, side)


def bounds(image: QImage) -> QRect:
    """The smallest rectangle holding every non-zero pixel (empty when there is none)."""
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    bits = image.constBits()
    zero = bytes(width)
    top = bottom = -1
    left, right = width, -1
    for y in range(height):
        row = bytes(bits[y * stride : y * stride + width])
        if row == zero:
            continue
        if top < 0:
            top = y
        bottom = y
        left = min(left, width - len(row.lstrip(b"\x00")))
        right = max(right, len(row.rstrip(b"\x00")) - 1)
    if top < 0:
        return QRect()
    return QRect(left, top, right - left + 1, bottom - top + 1)
