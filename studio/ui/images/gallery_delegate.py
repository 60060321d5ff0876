"""How one gallery cell is drawn: the thumbnail fitted in a rounded tile, a placeholder while
it decodes, a broken-picture mark when the file cannot be read; and a job's header row (prompt,
model, date, count on one line) as wide as the view, so that each job starts a line of its own."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from studio.ui.images.gallery_groups import JobHeader
from studio.ui.images.gallery_model import FailedRole, HeaderRole
from studio.ui.images.icons import page_icon
from studio.ui.theme import DANGER, theme_tokens

CELL = 128
PADDING = 6
RADIUS = 10.0
HEADER_HEIGHT = 40
HEADER_INSET = 4  # the text lines up with the tiles' left edge
HEADER_GAP = 16  # between the prompt and the details


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints gallery cells; colours come from the palette (light and dark themes)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = parent
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
        self._text = palette.color(QPalette.ColorRole.Text)
        self._muted = muted
        self._chip = QColor(tokens["hover"])
        self._placeholder = page_icon("image", muted).pixmap(32, 32)
        self._broken = page_icon("warning", DANGER).pixmap(28, 28)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Pictures are all the same square; a job header is as wide as the view."""
        if index.data(HeaderRole) is not None:
            return QSize(self._row_width(), HEADER_HEIGHT)
        return QSize(CELL, CELL)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Tile, then the thumbnail (or a placeholder), then the selection ring; or a header."""
        header = index.data(HeaderRole)
        if isinstance(header, JobHeader):
            self._paint_header(painter, option, header, first=index.row() == 0)
            return
        state = option.state
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)
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

    def _row_width(self) -> int:
        view = self._view
        width = view.viewport().width() if isinstance(view, QAbstractScrollArea) else view.width()
        return max(CELL, width)

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, header: JobHeader, *, first: bool
    ) -> None:
        """``prompt ……  model  date · 4 pictures`` on one line, under a hairline (but the first)."""
        rect: QRect = option.rect
        base: QFont = option.font
        line = rect.adjusted(HEADER_INSET, 12, -HEADER_INSET, -2)
        painter.save()
        if not first:
            painter.setPen(self._border)
            painter.drawLine(line.left(), rect.top() + 5, line.right(), rect.top() + 5)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(6.0, base.pointSizeF() * 0.92))
        bold_metrics, small_metrics = QFontMetrics(bold), QFontMetrics(small)

        # The details keep their room (up to 60 % of the line); the prompt takes what is left.
        chip_pad = 7
        when = f"{header.when} · {header.count_text}"
        model_width = small_metrics.horizontalAdvance(header.model) + 2 * chip_pad
        when_width = small_metrics.horizontalAdvance(when)
        room = int(line.width() * 0.6)
        model_text = header.model
        if model_width + 8 + when_width > room:
            model_room = max(40, room - 8 - when_width)
            model_text = small_metrics.elidedText(
                header.model, Qt.TextElideMode.ElideRight, model_room - 2 * chip_pad
            )
            model_width = small_metrics.horizontalAdvance(model_text) + 2 * chip_pad
            when = small_metrics.elidedText(
                when, Qt.TextElideMode.ElideRight, max(0, room - 8 - model_width)
            )
            when_width = small_metrics.horizontalAdvance(when)
        details_width = model_width + 8 + when_width
        prompt_width = max(0, line.width() - details_width - HEADER_GAP)
        prompt = bold_metrics.elidedText(
            header.one_line_prompt, Qt.TextElideMode.ElideRight, prompt_width
        )
        center = Qt.AlignmentFlag.AlignVCenter
        painter.setFont(bold)
        painter.setPen(self._text)
        painter.drawText(
            QRect(line.left(), line.top(), prompt_width, line.height()),
            center | Qt.AlignmentFlag.AlignLeft,
            prompt,
        )
        painter.setFont(small)
        painter.setPen(self._muted)
        right = line.right() + 1
        painter.drawText(
            QRect(right - when_width, line.top(), when_width, line.height()),
            center | Qt.AlignmentFlag.AlignRight,
            when,
        )
        chip_height = small_metrics.height() + 4
        chip = QRectF(
            right - when_width - 8 - model_width,
            line.center().y() - chip_height / 2 + 0.5,
            model_width,
            chip_height,
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(chip, chip_height / 2, chip_height / 2)
        painter.fillPath(path, self._chip)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, model_text)
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
