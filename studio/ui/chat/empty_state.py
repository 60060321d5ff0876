"""What the chat page shows before the first message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studio.ui.common.resources import icon

TEXT_WIDTH = 400


class EmptyState(QWidget):
    """An icon, an invitation and the two keys worth knowing."""

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
        # A centred item gets its size hint, not its height for width: fix both.
        text.setFixedWidth(TEXT_WIDTH)
        text.setMinimumHeight(text.heightForWidth(TEXT_WIDTH))
        layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(10)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(4)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(4)
