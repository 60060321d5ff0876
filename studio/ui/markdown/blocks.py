"""The widget of each kind of block, and the live tail that reuses its widgets.

Prose and tables are rich-text labels (selectable, links clickable but never opened by the
label itself); code gets a :class:`CodeBlockView`; a thematic break is a thin line. Blank
blocks get no widget at all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from studio.ui.markdown.code_view import CodeBlockView
from studio.ui.markdown.highlight import colors
from studio.ui.markdown.layout import StackLayout
from studio.ui.markdown.render import Block

LinkHandler = Callable[[str], None]
RULE_HEIGHT = 8


class TextBlockView(QLabel):
    """Prose or a table as word-wrapped, selectable rich text."""

    def __init__(self, block: Block, on_link: LinkHandler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdownTable" if block.kind == "table" else "markdownText")
        self.block_kind = block.kind
        self._block: Block | None = None
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setOpenExternalLinks(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.linkActivated.connect(on_link)
        self.linkHovered.connect(self._on_link_hovered)
        self.set_block(block)

    def set_block(self, block: Block) -> None:
        """Show ``block``."""
        if block.kind != self.block_kind:
            self.block_kind = block.kind
            self.setObjectName("markdownTable" if block.kind == "table" else "markdownText")
        previous, self._block = self._block, block
        if previous is not None and previous.html == block.html and previous.lead == block.lead:
            return  # e.g. the tail's widget frozen as it is: keep its laid-out text
        if self.contentsMargins().top() != block.lead:
            self.setContentsMargins(0, block.lead, 0, 0)
        self.setText(block.html)

    def _on_link_hovered(self, href: str) -> None:
        # Where a link really goes, since its text may say otherwise.
        self.setToolTip(href)


class RuleView(QWidget):
    """A thematic break: a one-pixel line across the width."""

    def __init__(self, block: Block, *, dark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdownRule")
        self.block_kind = "rule"
        self._color = QColor(colors(dark).rule)
        self.setFixedHeight(RULE_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_block(self, block: Block) -> None:
        """Nothing to show but the line."""

    def set_dark(self, dark: bool) -> None:
        """Use the line colour of the theme."""
        self._color = QColor(colors(dark).rule)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the line in the middle."""
        painter = QPainter(self)
        painter.setPen(QPen(self._color, 1))
        y = self.height() / 2
        painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
        painter.end()


def create_block_widget(
    block: Block, *, dark: bool, on_link: LinkHandler, parent: QWidget | None = None
) -> QWidget | None:
    """A new widget showing ``block`` (None for a blank block)."""
    if block.kind == "blank":
        return None
    if block.kind == "code":
        return CodeBlockView(block, dark=dark, parent=parent)
    if block.kind == "rule":
        return RuleView(block, dark=dark, parent=parent)
    return TextBlockView(block, on_link, parent)


def can_show(widget: QWidget, block: Block) -> bool:
    """True when ``widget`` can show ``block`` (same kind; prose and tables are both labels)."""
    if isinstance(widget, TextBlockView):
        return block.kind in ("text", "table")
    return getattr(widget, "block_kind", None) == block.kind


def update_block_widget(widget: QWidget, block: Block, *, dark: bool) -> bool:
    """Show ``block`` in an existing widget of the same kind; False if the kind differs.

    Prose and tables are both labels, so one can turn into the other (a streaming table is
    a paragraph until its delimiter row arrives).
    """
    if not can_show(widget, block):
        return False
    if isinstance(widget, CodeBlockView | RuleView):
        widget.set_dark(dark)
    if isinstance(widget, TextBlockView | CodeBlockView | RuleView):
        widget.set_block(block)
        return True
    return False


class TailBlocks:
    """The unfinished end of a streaming message: the last widgets of the owner's stack.

    There is one widget per visible tail block, and it is reused while the kind stays the
    same: a growing paragraph or code block keeps its widget from update to update, only its
    content is replaced. When blocks freeze, the widgets showing them stay where they are and
    simply stop being the tail (no new widget, no new layout of their text).
    """

    def __init__(self, owner: QWidget, layout: StackLayout, on_link: LinkHandler) -> None:
        self._owner = owner
        self._layout = layout
        self._on_link = on_link
        self._widgets: list[QWidget] = []

    def widgets(self) -> list[QWidget]:
        """The widgets currently showing the tail (one per non-blank tail block)."""
        return list(self._widgets)

    def take_leading(self, blocks: list[Block]) -> list[QWidget | None]:
        """Hand over the leading widgets whose kinds match ``blocks`` (in order) as frozen.

        Returns one entry per block: the widget handed over, or None (blank blocks, and
        every block from the first mismatch on). The widgets stay in place in the stack.
        """
        taken: list[QWidget | None] = []
        matching = True
        for block in blocks:
            widget = self._widgets[0] if self._widgets else None
            if block.kind == "blank" or not matching or widget is None:
                taken.append(None)
                continue
            if not can_show(widget, block):
                matching = False
                taken.append(None)
                continue
            del self._widgets[0]
            taken.append(widget)
        return taken

    def show_blocks(self, blocks: list[Block], *, dark: bool) -> None:
        """Show ``blocks``, reusing the widgets already there where the kind matches."""
        visible = [block for block in blocks if block.kind != "blank"]
        base = self._layout.count() - len(self._widgets)
        for index, block in enumerate(visible):
            if index < len(self._widgets):
                if update_block_widget(self._widgets[index], block, dark=dark):
                    # Measured again once per width, not on every query of the layout.
                    self._layout.mark_dirty(self._widgets[index])
                    continue
                self._drop(self._widgets[index])
            widget = create_block_widget(
                block, dark=dark, on_link=self._on_link, parent=self._owner
            )
            assert widget is not None
            if index < len(self._widgets):
                self._widgets[index] = widget
            else:
                self._widgets.append(widget)
            self._layout.insert_widget(base + index, widget)
        for old in self._widgets[len(visible) :]:
            self._drop(old)
        del self._widgets[len(visible) :]

    def _drop(self, widget: QWidget) -> None:
        self._layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()
