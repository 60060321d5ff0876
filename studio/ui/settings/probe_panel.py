"""Test connection / Fetch models: the buttons, progress with elapsed time, and the result."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.resources import icon
from studio.ui.settings.parts import set_state


class ProbePanel(QWidget):
    """Buttons that ask the relay for its models, and what came back.

    Signals:
        test_requested(): "Test connection" was clicked.
        fetch_requested(): "Fetch models" was clicked.
        cancel_requested(): "Cancel" was clicked while a probe runs.
    """

    test_requested = Signal()
    fetch_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        color = self.palette().color(QPalette.ColorRole.Text)
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.fetch_button = QPushButton(self.tr("Fetch models"), self)
        self.fetch_button.setObjectName("fetchModelsButton")
        self.fetch_button.setAccessibleName(self.tr("Fetch models"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelProbeButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the connection test"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("probeProgress")
        self.progress.setAccessibleName(self.tr("Connection test in progress"))
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedSize(QSize(120, 8))
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("probeStatusLabel")
        self.status_label.setProperty("role", "hint")
        self.result_label = QLabel("", self)
        self.result_label.setObjectName("connectionResultLabel")
        self.result_label.setAccessibleName(self.tr("Connection test result"))
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QToolButton(self)
        self.copy_button.setObjectName("copyDetailsButton")
        self.copy_button.setProperty("flatButton", True)
        self.copy_button.setText(self.tr("Copy details"))
        self.copy_button.setAccessibleName(self.tr("Copy error details"))
        self.copy_button.setIcon(icon("copy", color))
        self.copy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.copy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._details = ""
        self._started = 0.0
        self._kind = ""
        self._allowed = True
        self._reason = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._show_elapsed)
        self.test_button.clicked.connect(self.test_requested)
        self.fetch_button.clicked.connect(self.fetch_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.copy_button.clicked.connect(self._on_copy_clicked)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(8)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.fetch_button)
        buttons.addStretch(1)
        running = QHBoxLayout()
        running.setContentsMargins(0, 0, 0, 0)
        running.setSpacing(10)
        running.addWidget(self.progress)
        running.addWidget(self.status_label)
        running.addWidget(self.cancel_button)
        running.addStretch(1)
        result = QHBoxLayout()
        result.setContentsMargins(0, 0, 0, 0)
        result.setSpacing(8)
        result.addWidget(self.result_label, 1)
        result.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(buttons)
        layout.addLayout(running)
        layout.addLayout(result)
        self._set_running(False)
        self.clear()

    @property
    def result_text(self) -> str:
        """The result line as shown."""
        return self.result_label.text()

    @property
    def details(self) -> str:
        """What "Copy details" puts on the clipboard."""
        return self._details

    def set_can_probe(self, allowed: bool, reason: str = "") -> None:
        """Enable the buttons only when the settings can reach a relay."""
        self._allowed, self._reason = allowed, reason
        running = self._timer.isActive()
        tips = (
            self.tr("Ask the relay for its model list with these settings"),
            self.tr("Fill the model lists from the relay"),
        )
        for button, tip in zip((self.test_button, self.fetch_button), tips, strict=True):
            button.setEnabled(allowed and not running)
            button.setToolTip(tip if allowed else reason)

    def start(self, kind: str) -> None:
        """A probe began: ``kind`` is ``"test"`` or ``"fetch"``."""
        self._kind = kind
        self._started = time.monotonic()
        self.clear()
        self._set_running(True)
        self._show_elapsed()
        self._timer.start()

    def stop(self) -> None:
        """The probe ended or was cancelled."""
        self._timer.stop()
        self._set_running(False)

    def show_result(self, ok: bool, message: str, details: str = "") -> None:
        """Show the outcome in green (``ok``) or red, with "Copy details" for failures."""
        self.stop()
        self.result_label.setText(message)
        self.result_label.setVisible(bool(message))
        set_state(self.result_label, "ok" if ok else "error")
        self._details = "" if ok else (details or message)
        self.copy_button.setVisible(not ok and bool(message))

    def clear(self) -> None:
        """Forget the last result."""
        self.result_label.clear()
        self.result_label.hide()
        self.copy_button.hide()
        self._details = ""

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.status_label.setVisible(running)
        self.cancel_button.setVisible(running)
        for button in (self.test_button, self.fetch_button):
            button.setEnabled(self._allowed and not running)

    def _show_elapsed(self) -> None:
        seconds = int(time.monotonic() - self._started)
        if self._kind == "fetch":
            text = self.tr("Fetching models… {seconds} s").format(seconds=seconds)
        else:
            text = self.tr("Testing the connection… {seconds} s").format(seconds=seconds)
        self.status_label.setText(text)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
