"""A vertical stack of blocks that never squeezes or moves the blocks above a growing one.

A :class:`QVBoxLayout` re-distributes its height among all items whenever any item grows: while
the message's height catches up, every block is squeezed, moved and re-wrapped, and then moved
back, so a streaming tail costs time in proportion to the whole message. This layout gives each
item exactly its height for the width (its ``heightForWidth``, which Qt caches per widget) and
only calls ``setGeometry`` on items whose place changed, so growing the last block touches the
last block only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

PREFERRED_WIDTH = 480


class StackLayout(QLayout):
    """Items top to bottom, each at its height for the layout's width, ``spacing`` apart."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 0) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)
        self._items: list[QLayoutItem] = []
        self._placed: list[QRect] = []

    # -- QLayout's item protocol --------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        """Append ``item`` (Qt calls this from ``addWidget``)."""
        self._items.append(item)
        self._placed.append(QRect())

    def count(self) -> int:
        """Number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        """The item at ``index`` or None."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        """Remove and return the item at ``index`` (None if out of range)."""
        if not 0 <= index < len(self._items):
            return None
        self._placed.pop(index)
        item = self._items.pop(index)
        for place in range(index, len(self._placed)):
            self._placed[place] = QRect()  # everything below moves up
        return item

    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Insert ``widget`` before the item at ``index``."""
        self.addWidget(widget)
        item = self._items.pop()
        self._placed.pop()
        self._items.insert(index, item)
        self._placed.insert(index, QRect())
        for place in range(index, len(self._placed)):
            self._placed[place] = QRect()

    # -- geometry ----------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        """Never asks for more room than the items need."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """The height depends on the width (text wraps)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Sum of the items' heights at ``width`` plus the spacing between them."""
        total = 0
        visible = 0
        for item in self._items:
            if item.isEmpty():
                continue
            total += self._height(item, width)
            visible += 1
        return total + max(0, visible - 1) * self.spacing()

    def sizeHint(self) -> QSize:
        """A typical reading width, and the height the items need at the current width."""
        width = self.geometry().width() or PREFERRED_WIDTH
        return QSize(PREFERRED_WIDTH, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        """No minimum: the height follows the width through ``heightForWidth``."""
        return QSize(0, 0)

    def setGeometry(self, rect: QRect) -> None:
        """Place the items; only those whose rectangle changed are told."""
        super().setGeometry(rect)
        width = rect.width()
        y = rect.y()
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            height = self._height(item, width)
            place = QRect(rect.x(), y, width, height)
            if place != self._placed[index]:
                self._placed[index] = place
                item.setGeometry(place)
            y += height + self.spacing()

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return item.heightForWidth(width)
        return item.sizeHint().height()
