"""A tool button that opens its menu on a click and leaves room for the menu's arrow."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStyle, QToolButton, QWidget


class MenuButton(QToolButton):
    """A text button with a drop-down menu (``InstantPopup``).

    Qt's own size hint has no room for the arrow the style draws in the bottom right corner
    of such a button, so the arrow was drawn over the end of the text ("Expand canva▾s");
    this one asks for the arrow's width on both sides of the centred text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def _arrow_room(self) -> int:
        return 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)

    def sizeHint(self) -> QSize:
        """Qt's size hint plus the arrow's room."""
        hint = super().sizeHint()
        return QSize(hint.width() + self._arrow_room(), hint.height())

    def minimumSizeHint(self) -> QSize:
        """As wide as the size hint: the text is never cut."""
        return self.sizeHint()
