"""A sessions-list row: the thumbnail, then the last prompt over the date and version count."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studio.ui.edit.session_text import session_details, session_title
from studio.ui.edit.values import SessionRow
from studio.ui.edit.version_text import elide
from studio.ui.images.icons import page_icon
from studio.ui.theme import theme_tokens

RowRole = Qt.ItemDataRole.UserRole + 1
HEIGHT = 64
THUMB = 48
PAD = 8
Index = QModelIndex | QPersistentModelIndex


class SessionDelegate(QStyledItemDelegate):
    """Paints session rows in the palette's colours."""

    def __init__(
        self,
        parent: QObject,
        *,
        pixmap_for: Callable[[SessionRow], QPixmap | None],
        is_current: Callable[[int], bool],
        palette: QPalette,
    ) -> None:
        super().__init__(parent)
        self._pixmap_for = pixmap_for
        self._is_current = is_current
        self.update_colors(palette)

    def update_colors(self, palette: QPalette) -> None:
        """Take the colours from ``palette``."""
        tokens = theme_tokens(palette)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._muted = QColor(tokens["muted"])
        self._accent = QColor(tokens["accent"])
        self._selected = QColor(tokens["accent_soft"])
        self._hover = QColor(tokens["hover"])
        self._tile = QColor(tokens["hover"])
        self._border = QColor(tokens["border"])
        self._placeholder = page_icon("image", self._muted).pixmap(22, 22)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """All rows are the same height."""
        return QSize(max(100, option.rect.width()), HEIGHT)  # type: ignore[attr-defined]

    def lines(self, row: SessionRow, font: QFont, width: int) -> tuple[str, str]:
        """The row's two lines, elided to ``width`` pixels (what the tests read)."""
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        return (
            elide(session_title(row), QFontMetrics(bold), width),
            elide(session_details(row), QFontMetrics(_small(font)), width),
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Card, thumbnail, two lines."""
        row = index.data(RowRole)
        if not isinstance(row, SessionRow):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        current = self._is_current(row.id)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        card = QPainterPath()
        card.addRoundedRect(QRectF(rect.adjusted(2, 2, -2, -2)), 8.0, 8.0)
        fill = self._selected if selected or current else self._hover if hovered else None
        if fill is not None:
            painter.fillPath(card, fill)
        if focused:
            painter.setPen(self._accent)
            painter.drawPath(card)
        thumb = QRect(rect.left() + PAD, rect.top() + (rect.height() - THUMB) // 2, THUMB, THUMB)
        self._paint_thumb(painter, thumb, row)
        left = thumb.right() + PAD + 2
        width = max(0, rect.right() - PAD - left)
        title, details = self.lines(row, font, width)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = _small(font)
        line, small_line = QFontMetrics(bold).height(), QFontMetrics(small).height()
        top = rect.top() + (rect.height() - line - small_line - 4) // 2
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.setFont(bold)
        painter.setPen(self._text)
        painter.drawText(QRect(left, top, width, line), flags, title)
        painter.setFont(small)
        painter.setPen(self._muted)
        painter.drawText(QRect(left, top + line + 4, width, small_line), flags, details)
        painter.restore()

    def _paint_thumb(self, painter: QPainter, area: QRect, row: SessionRow) -> None:
        tile = QPainterPath()
        tile.addRoundedRect(QRectF(area), 6.0, 6.0)
        painter.fillPath(tile, self._tile)
        pixmap = self._pixmap_for(row)
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.deviceIndependentSize()
            scale = max(area.width() / size.width(), area.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            target = QRectF(
                area.x() + (area.width() - width) / 2,
                area.y() + (area.height() - height) / 2,
                width,
                height,
            )
            painter.save()
            painter.setClipPath(tile)  # a square crop: the rows line up
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            painter.restore()
        else:
            mark = self._placeholder
            size = mark.deviceIndependentSize()
            painter.drawPixmap(
                round(area.center().x() - size.width() / 2),
                round(area.center().y() - size.height() / 2),
                mark,
            )
        painter.setPen(self._border)
        painter.drawPath(tile)


def _small(font: QFont) -> QFont:
    small = QFont(font)
    size = font.pointSizeF()
    if size > 0:
        small.setPointSizeF(max(7.0, size - 1.0))
    return small
