"""What the sessions list shows before the first session: how to start one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from studio.ui.common.resources import icon


class SessionsEmptyState(QWidget):
    """An icon, the four ways in, and buttons for the two that need one.

    Signals:
        open_file(), paste_image().
    """

    open_file = Signal()
    paste_image = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editSessionsEmpty")
        picture = QLabel(self)
        picture.setPixmap(
            icon("edit", self.palette().color(QPalette.ColorRole.Highlight)).pixmap(44, 44)
        )
        title = QLabel(self.tr("Edit a picture"), self)
        title.setObjectName("editSessionsEmptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        self.text = QLabel(
            self.tr(
                "Drop an image here, open a file, or paste one with Ctrl+V. "
                "In the gallery, the wand on a picture opens it here too.\n\n"
                "Paint a mask over what should change, describe the change, and every result "
                "is kept as a version you can compare and continue from."
            ),
            self,
        )
        self.text.setObjectName("editSessionsEmptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QToolButton(self)
        self.open_button.setObjectName("editEmptyOpenButton")
        self.open_button.setProperty("primaryButton", True)
        self.open_button.setText(self.tr("Open a file…"))
        self.open_button.setAccessibleName(self.tr("Open a file…"))
        self.open_button.clicked.connect(self.open_file)
        self.paste_button = QToolButton(self)
        self.paste_button.setObjectName("editEmptyPasteButton")
        self.paste_button.setProperty("cardButton", True)
        self.paste_button.setText(self.tr("Paste image"))
        self.paste_button.setAccessibleName(self.tr("Paste image"))
        self.paste_button.clicked.connect(self.paste_image)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addStretch(2)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addWidget(title)
        layout.addSpacing(4)
        layout.addWidget(self.text)
        layout.addSpacing(10)
        layout.addLayout(buttons)
        layout.addStretch(3)
