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

from studio.ui.markdown._html import LAYOUT_GAP
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
        if block == self._block:
            return
        self._block = block
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


def update_block_widget(widget: QWidget, block: Block, *, dark: bool) -> bool:
    """Show ``block`` in an existing widget of the same kind; False if the kind differs."""
    if getattr(widget, "block_kind", None) != block.kind:
        return False
    if isinstance(widget, CodeBlockView | RuleView):
        widget.set_dark(dark)
    if isinstance(widget, TextBlockView | CodeBlockView | RuleView):
        widget.set_block(block)
        return True
    return False


class TailView(QWidget):
    """The unfinished end of a streaming message: one widget whose content is replaced.

    It keeps a widget per visible block and reuses it while the kind stays the same, so a
    growing paragraph or code block is the same widget from frame to frame.
    """

    def __init__(self, on_link: LinkHandler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdownTail")
        self._on_link = on_link
        self._layout = StackLayout(self, spacing=LAYOUT_GAP)
        self._widgets: list[QWidget] = []

    def block_widgets(self) -> list[QWidget]:
        """The widgets currently shown (one per non-blank tail block)."""
        return list(self._widgets)

    def show_blocks(self, blocks: list[Block], *, dark: bool) -> None:
        """Show ``blocks``, reusing the widgets already there where the kind matches."""
        visible = [block for block in blocks if block.kind != "blank"]
        for index, block in enumerate(visible):
            if index < len(self._widgets):
                if update_block_widget(self._widgets[index], block, dark=dark):
                    continue
                self._drop(self._widgets[index])
            widget = create_block_widget(block, dark=dark, on_link=self._on_link, parent=self)
            assert widget is not None
            if index < len(self._widgets):
                self._widgets[index] = widget
            else:
                self._widgets.append(widget)
            self._layout.insert_widget(index, widget)
        for old in self._widgets[len(visible) :]:
            self._drop(old)
        del self._widgets[len(visible) :]
        self.setVisible(bool(self._widgets))

    def _drop(self, widget: QWidget) -> None:
        self._layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()
