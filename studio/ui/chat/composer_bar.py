"""The bottom of the chat page: the message box with its Send and Stop buttons."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from studio.ui.chat.composer import Composer
from studio.ui.common.resources import icon


class ComposerBar(QFrame):
    """A rounded frame around the composer; Send turns into Stop while an answer streams."""

    def __init__(self, parent: QWidget | None = None, *, send_on_enter: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("composerFrame")
        palette = self.palette()
        self.composer = Composer(self, send_on_enter=send_on_enter)
        self.composer.setPlaceholderText(self.tr("Message the model…"))
        self.composer.focus_changed.connect(self._on_composer_focus_changed)
        send_keys = (
            self.tr("Enter to send · Shift+Enter for a new line")
            if send_on_enter
            else self.tr("Ctrl+Enter to send · Enter for a new line")
        )
        self.hint = QLabel(send_keys, self)
        self.hint.setObjectName("hintLabel")
        self.send_button = QToolButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.send_button.setIcon(icon("send", palette.color(QPalette.ColorRole.HighlightedText)))
        self.stop_button = QToolButton(self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setToolTip(self.tr("Stop (Esc)"))
        self.stop_button.setIcon(icon("stop", palette.color(QPalette.ColorRole.Text)))
        for button in (self.send_button, self.stop_button):
            button.setIconSize(QSize(16, 16))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.stop_button.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hint, 1)
        row.addWidget(self.stop_button)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.composer)
        layout.addLayout(row)

    def set_busy(self, busy: bool) -> None:
        """Show Stop while an answer streams, Send otherwise (keeping focus sensible)."""
        had_focus = self.stop_button.hasFocus() or self.send_button.hasFocus()
        self.stop_button.setVisible(busy)
        self.send_button.setVisible(not busy)
        if had_focus:
            self.composer.setFocus()

    def _on_composer_focus_changed(self, focused: bool) -> None:
        self.setProperty("focused", focused)
        style = self.style()
        style.unpolish(self)
        style.polish(self)
