"""The API key input: masked, with a show/hide toggle and a line saying where keys are kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from studio.ui.settings.parts import role_label


class ApiKeyField(QWidget):
    """A password-style line edit for one provider's key.

    Signals:
        key_edited(str): the user changed the key (not emitted by :meth:`set_key`).
    """

    key_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("apiKeyEdit")
        self.edit.setAccessibleName(self.tr("API key"))
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("sk-…")
        self.edit.setClearButtonEnabled(True)
        # Keep the key out of input-method history and predictive keyboards.
        self.edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("showKeyButton")
        self.toggle.setCheckable(True)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.storage_label = role_label("", "hint", self, "keyStorageLabel")
        self.storage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit.textEdited.connect(self.key_edited)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.storage_label)
        self._on_toggle_toggled(False)

    @property
    def key(self) -> str:
        """The key as typed, without surrounding spaces."""
        return self.edit.text().strip()

    def set_key(self, key: str) -> None:
        """Show ``key`` (masked unless the user chose to see it)."""
        self.edit.setText(key)

    def set_needed(self, needed: bool) -> None:
        """The demo relay needs no key: say so in the placeholder."""
        self.edit.setPlaceholderText("sk-…" if needed else self.tr("Not needed for the demo relay"))

    def set_storage(self, uses_keyring: bool, backend: str, key_file: Path) -> None:
        """Say where keys are kept: the system keyring, or a private file."""
        if uses_keyring:
            name = backend.removesuffix(" Keyring").strip() or backend
            text = self.tr("Stored in the system keyring ({backend}).").format(backend=name)
        else:
            text = self.tr(
                "No system keyring found: stored in a file only you can read ({path})."
            ).format(path=str(key_file))
        self.storage_label.setText(text)

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText(self.tr("Hide") if shown else self.tr("Show"))
        self.toggle.setAccessibleName(self.tr("Hide the key") if shown else self.tr("Show the key"))
        self.toggle.setToolTip(self.toggle.accessibleName())
