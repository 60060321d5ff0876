"""What OK, Apply and Cancel do to settings.json and the keys."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.config.secrets import SERVICE_NAME, SecretStore
from studio.config.settings import Settings, SettingsStore
from studio.ui.settings import SettingsDialog
from tests.qt.settings.conftest import MemoryKeyring, add_custom, type_text

KEY = "sk-live-0123456789abcdef"


def test_a_typed_key_goes_to_the_key_file_and_never_to_settings_json(
    qtbot: QtBot,
    dialog: SettingsDialog,
    settings_store: SettingsStore,
    secret_store: SecretStore,
    tmp_path: Path,
):
    add_custom(qtbot, dialog, "https://relay.example.com")
    key_field = dialog.providers_page.form.connection.key_field
    assert key_field.edit.echoMode() == key_field.edit.EchoMode.Password
    storage = key_field.storage_label.text()
    assert storage.startswith("No system keyring found")
    assert str(tmp_path / "secrets.json") in storage
    type_text(qtbot, key_field.edit, KEY)
    assert secret_store.get("new-provider") is None  # nothing is written before saving

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert secret_store.get("new-provider") == KEY
    assert KEY not in settings_store.path.read_text(encoding="utf-8")
    if os.name == "posix":
        mode = stat.S_IMODE((tmp_path / "secrets.json").stat().st_mode)
        assert mode == 0o600


def test_with_a_keyring_the_key_goes_there_and_the_page_says_so(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    settings_store: SettingsStore,
    tmp_path: Path,
):
    keyring = MemoryKeyring()
    secrets = SecretStore(tmp_path / "secrets.json", keyring)
    dialog = make_dialog(secrets=secrets)
    add_custom(qtbot, dialog, "https://relay.example.com")
    key_field = dialog.providers_page.form.connection.key_field
    assert key_field.storage_label.text() == "Stored in the system keyring (SecretService)."
    type_text(qtbot, key_field.edit, KEY)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # Apply keeps the dialog open
    assert keyring.passwords == {(SERVICE_NAME, "new-provider"): KEY}
    assert not (tmp_path / "secrets.json").exists()
    assert KEY not in settings_store.path.read_text(encoding="utf-8")
    assert not dialog.apply_button.isEnabled()  # nothing left to apply


def test_show_reveals_the_key_and_hide_masks_it_again(qtbot: QtBot, dialog: SettingsDialog):
    dialog.providers_page.select("openai")
    key_field = dialog.providers_page.form.connection.key_field
    type_text(qtbot, key_field.edit, KEY)
    assert key_field.edit.displayText() != KEY
    qtbot.mouseClick(key_field.toggle, Qt.MouseButton.LeftButton)
    assert key_field.edit.displayText() == KEY
    assert key_field.toggle.text() == "Hide"
    qtbot.mouseClick(key_field.toggle, Qt.MouseButton.LeftButton)
    assert key_field.edit.displayText() != KEY


def test_a_stored_key_is_shown_masked_and_clearing_it_deletes_it(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    secret_store: SecretStore,
):
    secret_store.set("openai", KEY)
    dialog = make_dialog()
    dialog.providers_page.select("openai")
    key_field = dialog.providers_page.form.connection.key_field
    assert key_field.key == KEY
    type_text(qtbot, key_field.edit, "")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert secret_store.get("openai") is None


def test_cancel_discards_every_change(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    settings_store: SettingsStore,
    secret_store: SecretStore,
):
    settings_store.save(Settings())
    before = settings_store.path.read_bytes()
    dialog = make_dialog()
    add_custom(qtbot, dialog, "https://relay.example.com", name="Throwaway")
    type_text(qtbot, dialog.providers_page.form.connection.key_field.edit, KEY)
    dialog.providers_page.select("openai")
    type_text(qtbot, dialog.providers_page.form.connection.name_edit, "Renamed")
    appearance = dialog.appearance_page
    appearance.theme_combo.setCurrentIndex(appearance.theme_combo.findData("dark"))
    assert dialog.apply_button.isEnabled()

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert settings_store.path.read_bytes() == before
    assert secret_store.get("new-provider") is None
    # The session forgot the edits too, so opening the dialog again starts clean.
    assert dialog.session.settings == settings_store.load()
    assert dialog.session.key("new-provider") == ""


def test_language_theme_and_send_key_round_trip(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    settings_store: SettingsStore,
):
    dialog = make_dialog()
    dialog.show_page(1)
    appearance = dialog.appearance_page
    assert appearance.language_hint.text() == (
        "The new language takes effect after you restart Studio."
    )
    appearance.language_combo.setCurrentIndex(appearance.language_combo.findData("zh_CN"))
    assert appearance.language_combo.currentText() == "中文（简体）"
    assert appearance.language_hint.text() == "Restart Studio to switch the language."
    appearance.theme_combo.setCurrentIndex(appearance.theme_combo.findData("dark"))
    dialog.show_page(2)
    send_key = dialog.chat_page.send_key_combo
    send_key.setCurrentIndex(send_key.findData("ctrl_enter"))
    with qtbot.waitSignal(dialog.session.saved, timeout=1000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    saved = settings_store.load()
    assert (saved.language, saved.theme, saved.send_key) == ("zh_CN", "dark", "ctrl_enter")
    emitted = blocker.args[0]
    assert isinstance(emitted, Settings)
    assert (emitted.language, emitted.theme, emitted.send_key) == ("zh_CN", "dark", "ctrl_enter")

    again = make_dialog()
    assert again.appearance_page.language_combo.currentData() == "zh_CN"
    assert again.appearance_page.theme_combo.currentData() == "dark"
    assert again.chat_page.send_key_combo.currentData() == "ctrl_enter"
    assert again.chat_page.send_key_combo.currentText() == "Ctrl+Enter (Enter for a new line)"


def test_unknown_entries_of_settings_json_survive_a_save(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    settings_store: SettingsStore,
):
    settings = Settings()
    settings.extra["window_layout"] = {"kept": True}
    settings_store.save(settings)
    dialog = make_dialog()
    dialog.show_page(2)
    send_key = dialog.chat_page.send_key_combo
    send_key.setCurrentIndex(send_key.findData("ctrl_enter"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert settings_store.load().extra["window_layout"] == {"kept": True}


def test_image_models_via_chat_are_saved_with_the_provider(
    qtbot: QtBot, make_dialog: Callable[..., SettingsDialog], settings_store: SettingsStore
):
    settings_store.save(Settings())
    dialog = make_dialog()
    add_custom(qtbot, dialog, "https://relay.example.com", name="Banana relay")
    edit = dialog.providers_page.form.models.chat_images_edit
    edit.setPlainText("nano-banana\n\n nano-banana-2 \nnano-banana")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = {p.name: p for p in settings_store.load().providers}
    assert saved["Banana relay"].chat_image_models == ["nano-banana", "nano-banana-2"]
