"""Help → Keyboard shortcuts: a small table of the keys Studio understands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    """Lists the keyboard shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [
            (self.tr("Enter"), self.tr("Send the message")),
            (self.tr("Shift+Enter"), self.tr("New line in the message")),
            (self.tr("Esc"), self.tr("Stop the answer")),
            (self.tr("Ctrl+N"), self.tr("New chat")),
            (self.tr("Ctrl+1, Ctrl+2, Ctrl+3"), self.tr("Go to Chat, Images, Edit")),
            (self.tr("Ctrl+Q"), self.tr("Quit Studio")),
        ]
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        for row, (keys, action) in enumerate(rows):
            key_label = QLabel(f"<b>{keys}</b>", self)
            key_label.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(key_label, row, 0)
            grid.addWidget(QLabel(action, self), row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("shortcutsButtons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addLayout(grid)
        layout.addSpacing(10)
        layout.addWidget(buttons)
