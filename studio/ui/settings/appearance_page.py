"""The Appearance page: interface language (after a restart) and colour theme."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from studio.config.settings import LANGUAGES, THEMES
from studio.session.settings_editor import SettingsSession
from studio.ui.settings.parts import role_label, set_state


class AppearancePage(QWidget):
    """Language and theme; edits go to the session's working copy.

    Signals:
        edited(): a choice changed.
    """

    edited = Signal()

    def __init__(self, session: SettingsSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._loading = False
        self._saved_language = session.settings.language
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.addItem(self.tr("System default"), "system")
        # Each language is named in itself, so it can be found whatever is shown now.
        self.language_combo.addItem("中文（简体）", "zh_CN")
        self.language_combo.addItem("English", "en")
        self.language_hint = role_label(
            self.tr("The new language takes effect after you restart Studio."),
            "hint",
            self,
            "languageHint",
        )
        self.theme_combo = QComboBox(self)
        self.theme_combo.setObjectName("themeCombo")
        self.theme_combo.setAccessibleName(self.tr("Theme"))
        self.theme_combo.addItem(self.tr("System default"), "system")
        self.theme_combo.addItem(self.tr("Light"), "light")
        self.theme_combo.addItem(self.tr("Dark"), "dark")
        theme_hint = role_label(
            self.tr("“System default” follows the light or dark setting of your computer."),
            "hint",
            self,
        )
        for combo in (self.language_combo, self.theme_combo):
            combo.setFixedWidth(300)
        language_box = QVBoxLayout()
        language_box.setSpacing(4)
        language_box.addWidget(self.language_combo)
        language_box.addWidget(self.language_hint)
        theme_box = QVBoxLayout()
        theme_box.setSpacing(4)
        theme_box.addWidget(self.theme_combo)
        theme_box.addWidget(theme_hint)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(16)
        form.addRow(self.tr("Language"), language_box)
        form.addRow(self.tr("Theme"), theme_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)
        self.theme_combo.currentIndexChanged.connect(self._on_theme_changed)
        self.load()

    def load(self) -> None:
        """Show the session's choices."""
        self._loading = True
        settings = self._session.settings
        self._saved_language = settings.language
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self._loading = False
        self._update_hint()

    def _update_hint(self) -> None:
        changed = self._session.settings.language != self._saved_language
        set_state(self.language_hint, "notice" if changed else "")
        self.language_hint.setText(
            self.tr("Restart Studio to switch the language.")
            if changed
            else self.tr("The new language takes effect after you restart Studio.")
        )

    def _on_language_changed(self, _index: int) -> None:
        value = self.language_combo.currentData()
        if not self._loading and value in LANGUAGES:
            self._session.settings.language = value
            self._update_hint()
            self.edited.emit()

    def _on_theme_changed(self, _index: int) -> None:
        value = self.theme_combo.currentData()
        if not self._loading and value in THEMES:
            self._session.settings.theme = value
            self.edited.emit()
