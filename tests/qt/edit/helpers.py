"""Helpers for the edit canvas tests: generated pictures and mouse drags in image coordinates."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from studio.ui.edit.canvas import EditCanvas

PICTURE = (200, 120)


def picture(width: int = PICTURE[0], height: int = PICTURE[1], alpha: bool = False) -> QImage:
    """A generated picture: a horizontal gradient (transparent on the right with ``alpha``)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    for x in range(width):
        shade = round(255 * x / max(1, width - 1))
        color = QColor(shade, 80, 255 - shade, 0 if alpha and x >= width // 2 else 255)
        for y in range(height):
            image.setPixelColor(x, y, color)
    return image


def at(canvas: EditCanvas, x: float, y: float) -> QPoint:
    """The widget point over image point (x, y)."""
    return canvas.map_from_image(QPointF(x, y)).toPoint()


def drag(
    canvas: EditCanvas,
    points: list[tuple[float, float]],
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press at the first image point, move through the others, release at the last."""
    widget_points = [at(canvas, x, y) for x, y in points]
    QTest.mousePress(canvas, button, modifier, widget_points[0])
    for point in widget_points[1:]:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, button, modifier, widget_points[-1])
