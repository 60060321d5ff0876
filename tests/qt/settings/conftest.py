"""Fixtures for the Settings dialog tests: real settings and key files in tmp_path.

Keys go to a ``SecretStore`` that skips the system keyring (a user-only file in tmp_path) or
to :class:`MemoryKeyring`, a keyring backend held in memory, so no test touches the user's
keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from studio.config.secrets import SecretStore
from studio.config.settings import SettingsStore
from studio.session.settings_editor import SettingsSession
from studio.ui.settings import SettingsDialog

WAIT_MS = 15_000


class MemoryKeyring:
    """A keyring backend in memory that calls itself SecretService."""

    name = "SecretService Keyring"

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret or None."""
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Forget a secret."""
        self.passwords.pop((service, username), None)


@pytest.fixture
def settings_store(tmp_path: Path) -> SettingsStore:
    """settings.json in tmp_path."""
    return SettingsStore(tmp_path / "settings.json")


@pytest.fixture
def secret_store(tmp_path: Path) -> SecretStore:
    """Keys in a user-only file in tmp_path (the system keyring is not used)."""
    return SecretStore(tmp_path / "secrets.json", use_system_keyring=False)


@pytest.fixture
def make_dialog(
    qtbot: QtBot, settings_store: SettingsStore, secret_store: SecretStore
) -> Callable[..., SettingsDialog]:
    """Build and show a Settings dialog over a fresh session."""

    def build(
        *,
        secrets: SecretStore | None = None,
        demo_base_url: str | None = None,
        language: str = "en",
    ) -> SettingsDialog:
        session = SettingsSession(
            settings_store,
            secrets or secret_store,
            language=language,
            demo_base_url=demo_base_url,
        )
        dialog = SettingsDialog(session)
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog, timeout=WAIT_MS):
            dialog.show()
            dialog.activateWindow()
        return dialog

    return build


@pytest.fixture
def dialog(make_dialog: Callable[..., SettingsDialog]) -> SettingsDialog:
    """A Settings dialog over settings and keys in tmp_path."""
    return make_dialog()


def add_custom(
    qtbot: QtBot, dialog: SettingsDialog, base_url: str, name: str = "Test relay"
) -> None:
    """Add a custom provider through the Add menu, then type its name and base URL."""
    page = dialog.providers_page
    action = page.add_menu.findChild(QAction, "addCustomProviderAction")
    assert isinstance(action, QAction)
    action.trigger()
    tab = page.form.connection
    type_text(qtbot, tab.name_edit, name)
    type_text(qtbot, tab.base_url_edit, base_url)


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing, as a user would."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def label_texts(widget: QWidget) -> list[str]:
    """The text of every label in ``widget`` (visible or not)."""
    return [label.text() for label in widget.findChildren(QLabel)]
