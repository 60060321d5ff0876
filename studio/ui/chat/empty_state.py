"""What the chat page shows before the first message (and, with assistants, the picker)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studio.ui.chat.assistant_picker import AssistantPicker
from studio.ui.common.resources import icon

TEXT_WIDTH = 400
SIDE_MARGIN = 16


class EmptyState(QWidget):
    """An icon, an invitation and the two keys worth knowing; under them the assistant
    picker of a new chat (hidden while there are no assistants)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        picture = QLabel(self)
        picture.setPixmap(
            icon("sparkle", self.palette().color(QPalette.ColorRole.Highlight)).pixmap(56, 56)
        )
        title = QLabel(self.tr("Start a conversation"), self)
        title.setObjectName("emptyStateTitle")
        text = QLabel(
            self.tr(
                "Ask anything. The answer appears as it is written; "
                "press Esc to stop it at any time."
            ),
            self,
        )
        text.setObjectName("emptyStateText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(10)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(4)
        # Not an aligned item: only a full-width one gets its height for its width (the text
        # is kept to TEXT_WIDTH by the side margins instead, see resizeEvent).
        layout.addWidget(text)
        self.picker = AssistantPicker(self)
        self.picker.hide()
        layout.addSpacing(18)
        layout.addWidget(self.picker)
        layout.addStretch(4)

    def minimumSizeHint(self) -> QSize:
        """The room the words need, not the side margins :meth:`resizeEvent` adds (counting
        those made the page as wide as it last was: it could never get narrower, and opening
        the Parameters drawer widened the window instead)."""
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None:
            margins = layout.contentsMargins()
            hint.setWidth(hint.width() - margins.left() - margins.right() + 2 * SIDE_MARGIN)
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the invitation at most :data:`TEXT_WIDTH` wide, centred."""
        side = max(SIDE_MARGIN, (event.size().width() - TEXT_WIDTH) // 2)
        layout = self.layout()
        if layout is not None:
            margins = layout.contentsMargins()
            layout.setContentsMargins(side, margins.top(), side, margins.bottom())
        super().resizeEvent(event)
