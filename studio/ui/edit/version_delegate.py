"""How a version is drawn: a tree row (thumbnail, name and prompt, details, status chip) or a
strip tile (thumbnail over its name and status). The base being edited gets an accent bar and
a "base" chip; interrupted and failed rounds show their status in the danger colour.

Thumbnails are asked for when a row is painted (so only rows on screen are decoded) and the
view repaints the row when the picture arrives.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studio.ui.edit.values import VersionNode
from studio.ui.edit.version_text import (
    base_word,
    details_line,
    elide,
    prompt_line,
    status_text,
    version_name,
)
from studio.ui.images.icons import page_icon
from studio.ui.theme import DANGER, theme_tokens

NodeRole = Qt.ItemDataRole.UserRole + 1
NumberRole = Qt.ItemDataRole.UserRole + 2
ParentNoteRole = Qt.ItemDataRole.UserRole + 3  # strip: "from v1" where a branch starts

ROW_HEIGHT = 60
ROW_THUMB = 48
TILE_WIDTH = 92
TILE_HEIGHT = 104
TILE_THUMB = 68
PAD = 6
GAP = 8
Index = QModelIndex | QPersistentModelIndex
PixmapFor = Callable[[VersionNode], QPixmap | None]
BadFor = Callable[[VersionNode], bool]
IsBase = Callable[[int], bool]


class VersionDelegate(QStyledItemDelegate):
    """Paints versions for the tree (``compact=False``) or the strip (``compact=True``)."""

    def __init__(
        self,
        parent: QObject,
        *,
        compact: bool,
        pixmap_for: PixmapFor,
        failed_for: BadFor,
        is_base: IsBase,
        palette: QPalette,
    ) -> None:
        super().__init__(parent)
        self.compact = compact
        self._pixmap_for = pixmap_for
        self._failed_for = failed_for
        self._is_base = is_base
        self.update_colors(palette)

    def update_colors(self, palette: QPalette) -> None:
        """Take the colours from ``palette`` (again when the theme changes)."""
        tokens = theme_tokens(palette)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._muted = QColor(tokens["muted"])
        self._accent = QColor(tokens["accent"])
        self._accent_text = QColor(tokens["accent_text"])
        self._selected = QColor(tokens["accent_soft"])
        self._base_fill = QColor(tokens["accent_softer"])
        self._hover = QColor(tokens["hover"])
        self._tile = QColor(tokens["sidebar"])
        self._border = QColor(tokens["border"])
        self._danger = QColor(tokens["danger"])
        self._danger_soft = QColor(tokens["danger_soft"])
        self._placeholder = page_icon("image", self._muted).pixmap(24, 24)
        self._broken = page_icon("warning", DANGER).pixmap(22, 22)

    # -- sizes ---------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Rows are all the same height; tiles the same size."""
        if self.compact:
            return QSize(TILE_WIDTH, TILE_HEIGHT)
        return QSize(max(120, option.rect.width()), ROW_HEIGHT)  # type: ignore[attr-defined]

    # -- texts (also what the tests read) --------------------------------------------------

    def row_lines(self, node: VersionNode, number: int, font: QFont, width: int) -> tuple[str, str]:
        """The two lines of a tree row, elided to ``width`` pixels."""
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        name = version_name(node, number)
        title = elide(f"{name} · {prompt_line(node)}", QFontMetrics(bold), width)
        details = elide(details_line(node), QFontMetrics(self._small(font)), width)
        return title, details

    # -- painting ------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """A row or a tile (see the module docstring)."""
        node = index.data(NodeRole)
        if not isinstance(node, VersionNode):
            super().paint(painter, option, index)
            return
        number = int(index.data(NumberRole) or 0)
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        base = self._is_base(node.id)
        card = QRectF(rect.adjusted(2, 2, -2, -2))
        path = QPainterPath()
        path.addRoundedRect(card, 8.0, 8.0)
        fill = (
            self._selected
            if selected
            else self._base_fill
            if base
            else self._hover
            if hovered
            else None
        )
        if fill is not None:
            painter.fillPath(path, fill)
        if focused or base:
            painter.setPen(self._accent if focused else self._selected)
            painter.drawPath(path)
        if self.compact:
            note = str(index.data(ParentNoteRole) or "")
            self._paint_tile(painter, rect, font, node, number, base, note)
        else:
            self._paint_row(painter, rect, font, node, number, base)
        painter.restore()

    def _paint_row(
        self,
        painter: QPainter,
        rect: QRect,
        font: QFont,
        node: VersionNode,
        number: int,
        base: bool,
    ) -> None:
        if base:
            bar = QRectF(rect.left() + 2, rect.top() + 8, 3, rect.height() - 16)
            painter.fillRect(bar, self._accent)
        thumb = QRect(
            rect.left() + PAD + 4,
            rect.top() + (rect.height() - ROW_THUMB) // 2,
            ROW_THUMB,
            ROW_THUMB,
        )
        self._paint_thumb(painter, thumb, node)
        left = thumb.right() + GAP
        right = rect.right() - PAD
        chips = self._chips(node, base)
        small = self._small(font)
        small_metrics = QFontMetrics(small)
        chip_width = sum(small_metrics.horizontalAdvance(text) + 14 for text, _, _ in chips)
        chip_width += 4 * max(0, len(chips) - 1)
        width = max(0, right - left)
        title, details = self.row_lines(node, number, font, width)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        line = QFontMetrics(bold).height()
        top = rect.top() + (rect.height() - line - small_metrics.height() - 6) // 2
        painter.setFont(bold)
        painter.setPen(self._text)
        painter.drawText(QRect(left, top, width, line), _LEFT, title)
        # The details share their line with the chips (which keep their room).
        detail_width = max(0, width - chip_width - (GAP if chips else 0))
        details = elide(details_line(node), small_metrics, detail_width)
        painter.setFont(small)
        painter.setPen(self._muted)
        second = top + line + 4
        painter.drawText(QRect(left, second, detail_width, small_metrics.height()), _LEFT, details)
        x = right - chip_width
        for text, color, text_color in chips:
            x += self._paint_chip(painter, x, second, small_metrics, text, color, text_color) + 4

    def _paint_tile(
        self,
        painter: QPainter,
        rect: QRect,
        font: QFont,
        node: VersionNode,
        number: int,
        base: bool,
        note: str,
    ) -> None:
        thumb = QRect(
            rect.left() + (rect.width() - TILE_THUMB) // 2, rect.top() + PAD, TILE_THUMB, TILE_THUMB
        )
        self._paint_thumb(painter, thumb, node)
        small = self._small(font)
        metrics = QFontMetrics(small)
        status = status_text(node.status)
        label = version_name(node, number)
        if base:
            label = QFontMetrics(small).elidedText(
                f"{label} · " + base_word(), Qt.TextElideMode.ElideRight, rect.width() - 8
            )
        painter.setFont(small)
        painter.setPen(self._accent if base else self._text)
        top = thumb.bottom() + 4
        painter.drawText(
            QRect(rect.left() + 4, top, rect.width() - 8, metrics.height()), _CENTER, label
        )
        second = status or note
        if second:
            painter.setPen(self._danger if node.status in _BAD else self._muted)
            painter.drawText(
                QRect(rect.left() + 4, top + metrics.height(), rect.width() - 8, metrics.height()),
                _CENTER,
                metrics.elidedText(second, Qt.TextElideMode.ElideRight, rect.width() - 8),
            )

    def _chips(self, node: VersionNode, base: bool) -> list[tuple[str, QColor, QColor]]:
        chips: list[tuple[str, QColor, QColor]] = []
        status = status_text(node.status)
        if status:
            bad = node.status in _BAD
            chips.append(
                (
                    status,
                    self._danger_soft if bad else self._hover,
                    self._danger if bad else self._muted,
                )
            )
        if base:
            chips.append((base_word(), self._accent, self._accent_text))
        return chips

    def _paint_chip(
        self,
        painter: QPainter,
        x: int,
        y: int,
        metrics: QFontMetrics,
        text: str,
        color: QColor,
        text_color: QColor,
    ) -> int:
        width = metrics.horizontalAdvance(text) + 14
        height = metrics.height()
        chip = QRectF(x, y, width, height)
        path = QPainterPath()
        path.addRoundedRect(chip, height / 2, height / 2)
        painter.fillPath(path, color)
        painter.setPen(text_color)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        return width

    def _paint_thumb(self, painter: QPainter, area: QRect, node: VersionNode) -> None:
        tile = QPainterPath()
        tile.addRoundedRect(QRectF(area), 6.0, 6.0)
        painter.fillPath(tile, self._tile)
        pixmap = self._pixmap_for(node)
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.deviceIndependentSize()
            if size.width() > 0 and size.height() > 0:
                scale = min(area.width() / size.width(), area.height() / size.height())
                width, height = size.width() * scale, size.height() * scale
                target = QRectF(
                    area.x() + (area.width() - width) / 2,
                    area.y() + (area.height() - height) / 2,
                    width,
                    height,
                )
                clip = QPainterPath()
                clip.addRoundedRect(target, 5.0, 5.0)
                painter.save()
                painter.setClipPath(clip)
                painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
                painter.restore()
        else:
            failed = self._failed_for(node) or node.status in _BAD
            mark = self._broken if failed else self._placeholder
            size = mark.deviceIndependentSize()
            painter.drawPixmap(
                round(area.center().x() - size.width() / 2 + 1),
                round(area.center().y() - size.height() / 2 + 1),
                mark,
            )
        painter.setPen(self._border)
        painter.drawPath(tile)

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        size = font.pointSizeF()
        if size > 0:
            small.setPointSizeF(max(7.0, size - 1.0))
        return small


_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
_BAD = frozenset({"failed", "interrupted"})
