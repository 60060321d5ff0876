"""The Chat page: which key sends a message."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from studio.config.settings import SEND_KEYS
from studio.session.settings_editor import SettingsSession
from studio.ui.settings.parts import role_label


class ChatSettingsPage(QWidget):
    """The send key; edits go to the session's working copy.

    Signals:
        edited(): the choice changed.
    """

    edited = Signal()

    def __init__(self, session: SettingsSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._loading = False
        self.send_key_combo = QComboBox(self)
        self.send_key_combo.setObjectName("sendKeyCombo")
        self.send_key_combo.setAccessibleName(self.tr("Key that sends a message"))
        self.send_key_combo.addItem(self.tr("Enter (Shift+Enter for a new line)"), "enter")
        self.send_key_combo.addItem(self.tr("Ctrl+Enter (Enter for a new line)"), "ctrl_enter")
        self.send_key_combo.setFixedWidth(300)
        hint = role_label(
            self.tr("Ctrl+Enter suits long messages and input methods that use Enter."),
            "hint",
            self,
        )
        box = QVBoxLayout()
        box.setSpacing(4)
        box.addWidget(self.send_key_combo)
        box.addWidget(hint)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.addRow(self.tr("Send with"), box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        self.send_key_combo.currentIndexChanged.connect(self._on_send_key_changed)
        self.load()

    def load(self) -> None:
        """Show the session's choice."""
        self._loading = True
        index = self.send_key_combo.findData(self._session.settings.send_key)
        self.send_key_combo.setCurrentIndex(max(0, index))
        self._loading = False

    def _on_send_key_changed(self, _index: int) -> None:
        value = self.send_key_combo.currentData()
        if not self._loading and value in SEND_KEYS:
            self._session.settings.send_key = value
            self.edited.emit()
