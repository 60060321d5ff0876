"""A vertical stack of blocks where growing the last block costs the same at any length.

A :class:`QVBoxLayout` re-distributes its height among all items whenever any item grows: while
the message's height catches up, every block is squeezed, moved and re-wrapped, then moved
back, so each update of a streaming tail costs time in proportion to the whole message.

:class:`StackLayout` gives each item exactly its height for the width and never squeezes. It
also remembers the heights and places of the items, so a query or a placement only looks at
what may have changed: the last ``volatile`` items (the live tail), items inserted or removed,
and items the owner marks with :meth:`StackLayout.mark_dirty` (their height changed). A new
width measures everything again, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

PREFERRED_WIDTH = 480
_KEPT_WIDTHS = 3  # Qt asks about a couple of widths (with and without a scroll bar)
UNMEASURED = -2


@dataclass
class _Measure:
    """Heights of the stable items at one width, and where each one ends."""

    heights: list[int] = field(default_factory=list)  # or UNMEASURED
    ends: list[int] = field(default_factory=list)  # y just below item i (or above, if empty)
    seen: list[bool] = field(default_factory=list)  # a visible item at or before i
    valid: int = 0  # ends and seen are right for items [0, valid)


class StackLayout(QLayout):
    """Items top to bottom, each at its height for the layout's width, ``spacing`` apart.

    ``volatile`` is how many trailing items are measured on every query (their content
    changes without notice); None measures all of them every time.
    """

    def __init__(
        self, parent: QWidget | None = None, *, spacing: int = 0, volatile: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)
        self._volatile = volatile
        self._items: list[QLayoutItem] = []
        self._measures: dict[int, _Measure] = {}
        self._placed: list[QRect] = []
        self._placed_valid = 0  # items [0, _placed_valid) sit where the cache says
        self._frame = QRect()

    # -- QLayout's item protocol --------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        """Append ``item`` (Qt calls this from ``addWidget``)."""
        self._insert(len(self._items), item)

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
        for measure in self._measures.values():
            del measure.heights[index], measure.ends[index], measure.seen[index]
            measure.valid = min(measure.valid, index)
        del self._placed[index]
        self._placed_valid = min(self._placed_valid, index)
        return self._items.pop(index)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Insert ``widget`` before the item at ``index``."""
        self.addWidget(widget)
        self._move_last_to(index)

    def set_volatile(self, count: int | None) -> None:
        """How many trailing items to measure on every query (None: all)."""
        self._volatile = count

    def mark_dirty(self, widget: QWidget | None = None) -> None:
        """``widget``'s height may have changed (None: any item's)."""
        index = 0 if widget is None else self.indexOf(widget)
        if index < 0:
            return
        for measure in self._measures.values():
            if widget is None:
                measure.heights = [UNMEASURED] * len(self._items)
            else:
                measure.heights[index] = UNMEASURED
            measure.valid = min(measure.valid, index)
        self._placed_valid = min(self._placed_valid, index)
        self.invalidate()

    # -- geometry ----------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        """Never asks for more room than the items need."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """The height depends on the width (text wraps)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Sum of the items' heights at ``width`` plus the spacing between them."""
        end, _tops = self._measure(width, len(self._items))
        return end

    def sizeHint(self) -> QSize:
        """The current (or a typical reading) width and the height needed at that width."""
        # Not self.geometry(): Qt clears it on every invalidate(), and a height asked for at
        # another width would measure every block again.
        width = self._frame.width() or PREFERRED_WIDTH
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        """No minimum: the height follows the width through ``heightForWidth``."""
        return QSize(0, 0)

    def setGeometry(self, rect: QRect) -> None:
        """Place the items; only those whose place may have changed are looked at."""
        super().setGeometry(rect)
        if rect.topLeft() != self._frame.topLeft() or rect.width() != self._frame.width():
            self._placed_valid = 0
        self._frame = QRect(rect)
        first = min(self._placed_valid, self._stable_count())
        _end, tops = self._measure(rect.width(), first)
        for index, (top, height) in enumerate(tops, start=first):
            if height < 0:
                continue
            place = QRect(rect.x(), rect.y() + top, rect.width(), height)
            if place != self._placed[index]:
                self._placed[index] = place
                self._items[index].setGeometry(place)
        self._placed_valid = min(self._stable_count(), self._measures[rect.width()].valid)

    # -- internals ---------------------------------------------------------------------------

    def _insert(self, index: int, item: QLayoutItem) -> None:
        self._items.insert(index, item)
        self._placed.insert(index, QRect())
        self._placed_valid = min(self._placed_valid, index)
        for measure in self._measures.values():
            measure.heights.insert(index, UNMEASURED)
            measure.ends.insert(index, 0)
            measure.seen.insert(index, False)
            measure.valid = min(measure.valid, index)

    def _move_last_to(self, index: int) -> None:
        item = self.takeAt(len(self._items) - 1)
        if item is not None:
            self._insert(index, item)

    def _stable_count(self) -> int:
        if self._volatile is None:
            return 0
        return max(0, len(self._items) - self._volatile)

    def _measure(self, width: int, first: int) -> tuple[int, list[tuple[int, int]]]:
        """Bring the cache for ``width`` up to date; return the total height and the
        ``(top, height)`` of items ``first`` onwards (height -1 for an empty item)."""
        measure = self._measures.get(width)
        if measure is None:
            if len(self._measures) >= _KEPT_WIDTHS:
                self._measures.pop(next(iter(self._measures)))
            count = len(self._items)
            measure = _Measure([UNMEASURED] * count, [0] * count, [False] * count)
            self._measures[width] = measure
        heights, ends, seen_at = measure.heights, measure.ends, measure.seen
        stable = self._stable_count()
        spacing = self.spacing()
        start = min(measure.valid, stable)
        end, seen = (ends[start - 1], seen_at[start - 1]) if start else (0, False)
        valid = -1
        for index in range(start, stable):
            height = heights[index]
            if height == UNMEASURED:
                height = self._height(self._items[index], width)
                if height >= 0:
                    heights[index] = height
                elif valid < 0:
                    valid = index  # hidden for now (shown later by Qt): measure it again
            if height >= 0:
                end, seen = end + (spacing if seen else 0) + height, True
            ends[index], seen_at[index] = end, seen
        measure.valid = stable if valid < 0 else valid
        tops = [
            (ends[index] - heights[index] if heights[index] >= 0 else ends[index], heights[index])
            for index in range(first, stable)
        ]
        end, seen = (ends[stable - 1], seen_at[stable - 1]) if stable else (0, False)
        for index in range(stable, len(self._items)):
            height = self._height(self._items[index], width)
            top = end
            if height >= 0:
                top = end + (spacing if seen else 0)
                end, seen = top + height, True
            if index >= first:
                tops.append((top, height))
        return end, tops

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        """The item's height at ``width``; -1 for an empty (hidden) item."""
        if item.isEmpty():
            return -1
        if item.hasHeightForWidth():
            return item.heightForWidth(width)
        return item.sizeHint().height()
