"""A banner above the conversation: what went wrong, a way to copy the details, Retry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from studio.ui.common.resources import icon
from studio.ui.theme import DANGER


class ErrorBanner(QFrame):
    """Shows one error message; hidden until :meth:`show_error`."""

    retry_requested = Signal()
    details_copied = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName(self.tr("Error"))
        self._details = ""
        self._icon = QLabel(self)
        self._icon.setObjectName("errorIcon")
        self._icon.setPixmap(icon("warning", DANGER).pixmap(20, 20))
        self._message = QLabel(self)
        self._message.setObjectName("errorMessage")
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = self._button("copyDetailsButton", self.tr("Copy details"), "copy")
        self.copy_button.setAccessibleName(self.tr("Copy error details"))
        self.retry_button = self._button("retryButton", self.tr("Retry"), "retry")
        self.retry_button.setAccessibleName(self.tr("Retry the last message"))
        self.dismiss_button = self._button("dismissErrorButton", "", "close")
        self.dismiss_button.setAccessibleName(self.tr("Dismiss error"))
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.retry_button.clicked.connect(self.retry_requested)
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(10)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._message, 1)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    @property
    def message(self) -> str:
        """The message shown."""
        return self._message.text()

    @property
    def details(self) -> str:
        """The text "Copy details" puts on the clipboard."""
        return self._details

    def show_error(self, message: str, details: str = "", *, can_retry: bool = True) -> None:
        """Show ``message``; ``details`` go to the clipboard on request."""
        self._message.setText(message)
        self._details = details or message
        self.retry_button.setVisible(can_retry)
        self.show()

    def _button(self, name: str, text: str, icon_name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setIcon(icon(icon_name, self.palette().color(QPalette.ColorRole.Text)))
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if text
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
        self.details_copied.emit()
