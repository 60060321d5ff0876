"""Where the non-code resources (icons, style sheet) live, and how to load them."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

RESOURCES_DIR = Path(__file__).resolve().parents[3] / "resources"
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128)


def resource_path(*parts: str) -> Path:
    """A path inside the ``resources`` folder."""
    return RESOURCES_DIR.joinpath(*parts)


def read_text(*parts: str) -> str:
    """A text resource, or an empty string when it is missing (e.g. a stripped install)."""
    try:
        return resource_path(*parts).read_text(encoding="utf-8")
    except OSError:
        return ""


def svg_pixmap(svg: str, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """Render SVG text into a square pixmap of ``size`` logical pixels."""
    physical = max(1, round(size * device_pixel_ratio))
    image = QImage(QSize(physical, physical), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if renderer.isValid():
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, physical, physical))
        painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The icon ``resources/icons/<name>.svg``, its strokes painted in ``color``.

    Icons are drawn with ``currentColor`` so one file serves light and dark themes; the caller
    passes a palette colour. A missing file gives an empty icon rather than an error. Icons
    are cached by name and colour: a transcript of many messages shares them.
    """
    rgba = color.rgba() if color is not None else None
    return QIcon(_cached_icon(name, rgba))


@functools.lru_cache(maxsize=256)
def _cached_icon(name: str, rgba: int | None) -> QIcon:
    color = QColor.fromRgba(rgba) if rgba is not None else None
    svg = read_text("icons", f"{name}.svg")
    if not svg:
        return QIcon()
    if color is not None:
        svg = svg.replace("currentColor", color.name(QColor.NameFormat.HexRgb))
        if color.alpha() < 255:
            svg = svg.replace("<svg ", f'<svg opacity="{color.alphaF():.3f}" ', 1)
    result = QIcon()
    for size in ICON_SIZES:
        result.addPixmap(svg_pixmap(svg, size))
    return result
