"""Rows of the conversation sidebar: a title line and a muted second line, each elided.

The item's text is ``"title\\nsubtitle"``. The row's height comes from the text actually
shown, so Chinese titles (whose fallback font is taller than the Latin one) keep both lines;
the default item painting would elide a two-line text that is a few pixels too tall.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PAD_X = 8
PAD_Y = 6
LINE_GAP = 2
MARGIN_Y = 1  # the style sheet's item margin, above and below
MAX_MEASURED = 4096

Index = QModelIndex | QPersistentModelIndex


def split_lines(text: str) -> tuple[str, str]:
    """The title and the subtitle of an item's text (the subtitle may be empty).

    The view's style option carries the line break as U+2028, the model as ``\n``.
    """
    title, _, subtitle = text.replace("\u2028", "\n").partition("\n")
    return title, " ".join(subtitle.split())


def _line_height(metrics: QFontMetrics, text: str) -> int:
    # boundingRect of the real text includes fallback fonts (CJK glyphs are taller).
    return max(metrics.height(), metrics.boundingRect(text).height()) if text else 0


class ConversationDelegate(QStyledItemDelegate):
    """Paints a sidebar row: the title in the list's font, the subtitle smaller and muted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[tuple[str, str], int] = {}  # (font, text) → row height

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Both lines' real heights plus the padding (measured once per font and text: the
        list asks for every row at every layout)."""
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        font = option.font  # type: ignore[attr-defined]
        key = (font.key(), text)
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > MAX_MEASURED:
                self._heights.clear()
            height = self._measure(font, text)
            self._heights[key] = height
        width = option.rect.width()  # type: ignore[attr-defined]
        return QSize(max(width, 0), height)

    def _measure(self, font: QFont, text: str) -> int:
        title, subtitle = split_lines(text)
        height = _line_height(QFontMetrics(font), title or "X")
        if subtitle:
            height += LINE_GAP + _line_height(QFontMetrics(self._small(font)), subtitle)
        return height + 2 * PAD_Y + 2 * MARGIN_Y

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The item background from the style (hover, selection), then the two lines."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, subtitle = split_lines(opt.text)  # type: ignore[attr-defined]
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect.adjusted(PAD_X, PAD_Y + MARGIN_Y, -PAD_X, -PAD_Y - MARGIN_Y)  # type: ignore[attr-defined]
        font: QFont = opt.font  # type: ignore[attr-defined]
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        painter.save()
        painter.setClipRect(opt.rect)  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        top_height = _line_height(metrics, title or "X")
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), top_height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        if subtitle:
            small = self._small(font)
            small_metrics = QFontMetrics(small)
            painter.setFont(small)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            top = rect.top() + top_height + LINE_GAP
            painter.drawText(
                QRect(rect.left(), top, rect.width(), rect.bottom() - top + 1),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                small_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.restore()

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        size = font.pointSizeF()
        if size > 0:
            small.setPointSizeF(max(7.0, size - 1.0))
        return small
