"""How one gallery cell is drawn: the thumbnail fitted in a rounded tile, a placeholder while
it decodes, a broken-picture mark when the file cannot be read."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from studio.ui.images.gallery_model import FailedRole
from studio.ui.images.icons import page_icon
from studio.ui.theme import DANGER, theme_tokens

CELL = 128
PADDING = 6
RADIUS = 10.0


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints gallery cells; colours come from the palette (light and dark themes)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.update_colors(parent.palette())

    def update_colors(self, palette: QPalette) -> None:
        """Take the colours from ``palette`` (call again when the theme changes)."""
        tokens = theme_tokens(palette)
        self._tile = QColor(tokens["sidebar"])
        self._hover = QColor(tokens["hover"])
        self._selected = QColor(tokens["accent_soft"])
        self._accent = QColor(tokens["accent"])
        self._border = QColor(tokens["border"])
        muted = QColor(tokens["muted"])
        self._placeholder = page_icon("image", muted).pixmap(32, 32)
        self._broken = page_icon("warning", DANGER).pixmap(28, 28)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Every cell is the same square."""
        return QSize(CELL, CELL)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Tile, then the thumbnail (or a placeholder), then the selection ring."""
        state = option.state  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        tile = QPainterPath()
        tile.addRoundedRect(QRectF(rect), RADIUS, RADIUS)
        background = self._selected if selected else self._hover if hovered else self._tile
        painter.fillPath(tile, background)
        inner = rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            self._draw_fitted(painter, pixmap, inner)
        else:
            mark = self._broken if index.data(FailedRole) else self._placeholder
            size = mark.deviceIndependentSize()
            x = inner.center().x() - size.width() / 2
            y = inner.center().y() - size.height() / 2
            painter.drawPixmap(round(x), round(y), mark)
        if selected:
            painter.setPen(self._accent)
            painter.drawPath(tile)
        painter.restore()

    def _draw_fitted(self, painter: QPainter, pixmap: QPixmap, area: QRect) -> None:
        size = pixmap.deviceIndependentSize()
        if size.width() <= 0 or size.height() <= 0:
            return
        scale = min(area.width() / size.width(), area.height() / size.height())
        width, height = size.width() * scale, size.height() * scale
        target = QRectF(
            area.x() + (area.width() - width) / 2,
            area.y() + (area.height() - height) / 2,
            width,
            height,
        )
        clip = QPainterPath()
        clip.addRoundedRect(target, 6.0, 6.0)
        painter.setClipPath(clip)
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        painter.setClipping(False)
        painter.setPen(self._border)
        painter.drawPath(clip)
