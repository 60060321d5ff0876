"""The Providers page: adding, editing, checking, duplicating and removing relays."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from studio.config.secrets import SecretStore
from studio.config.settings import SettingsStore
from studio.ui.settings import SettingsDialog
from tests.qt.settings.conftest import add_custom, type_text


def _add_preset(dialog: SettingsDialog, preset_id: str) -> None:
    action = dialog.providers_page.add_menu.findChild(QAction, f"addPreset_{preset_id}")
    assert isinstance(action, QAction), preset_id
    action.trigger()


def test_add_from_preset_then_the_resolved_endpoint_follows_the_base_url(
    qtbot: QtBot, dialog: SettingsDialog
):
    page = dialog.providers_page
    before = page.provider_list.count()
    _add_preset(dialog, "openai")
    assert page.provider_list.count() == before + 1
    # The preset is already in the list, so the copy gets its own id and name.
    assert page.current is not None and page.current.id == "openai-2"
    assert page.provider_list.currentItem().text() == "OpenAI (2)"
    tab = page.form.connection
    assert tab.name_edit.text() == "OpenAI (2)"
    assert tab.endpoint_label.text() == "Resolved endpoint: https://api.openai.com/v1"

    type_text(qtbot, tab.base_url_edit, "https://relay.example.com")
    assert tab.endpoint_label.text() == "Resolved endpoint: https://relay.example.com/v1"
    type_text(qtbot, tab.base_url_edit, "https://relay.example.com/api/v1/chat/completions")
    assert tab.endpoint_label.text() == "Resolved endpoint: https://relay.example.com/api/v1"
    assert tab.probe.test_button.isEnabled()
    assert dialog.ok_button.isEnabled()


def test_an_invalid_base_url_shows_a_red_hint_and_disables_testing_and_saving(
    qtbot: QtBot, dialog: SettingsDialog
):
    add_custom(qtbot, dialog, "relay.example.com/v1", name="Broken relay")
    tab = dialog.providers_page.form.connection
    assert tab.endpoint_label.property("state") == "error"
    assert "Not a valid address" in tab.endpoint_label.text()
    assert tab.base_url_edit.property("invalid") is True
    assert not tab.probe.test_button.isEnabled()
    assert not tab.probe.fetch_button.isEnabled()
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.startswith("Broken relay: Not a valid address")

    type_text(qtbot, tab.base_url_edit, "https://relay.example.com")
    assert tab.endpoint_label.property("state") == "ok"
    assert tab.probe.test_button.isEnabled()
    assert dialog.ok_button.isEnabled()
    assert dialog.problem == ""


def test_show_me_jumps_to_the_field_with_the_problem(qtbot: QtBot, dialog: SettingsDialog):
    page = dialog.providers_page
    add_custom(qtbot, dialog, "https://relay.example.com", name="Proxy relay")
    network = page.form.network
    network.proxy_mode_combo.setCurrentIndex(network.proxy_mode_combo.findData("explicit"))
    page.select("demo")
    dialog.show_page(2)
    assert dialog.show_problem_button.isVisible()
    qtbot.mouseClick(dialog.show_problem_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentWidget() is page
    assert page.current is not None and page.current.name == "Proxy relay"
    assert page.form.tabs.currentWidget() is network


def test_a_custom_proxy_with_a_bad_address_is_flagged(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore
):
    dialog.providers_page.select("openai")
    network = dialog.providers_page.form.network
    dialog.providers_page.form.tabs.setCurrentWidget(network)
    assert not network.proxy_url_edit.isVisibleTo(dialog)
    network.proxy_mode_combo.setCurrentIndex(network.proxy_mode_combo.findData("explicit"))
    assert network.proxy_url_edit.isVisibleTo(dialog)
    assert network.proxy_hint.text().startswith("Enter the proxy address")
    assert not dialog.ok_button.isEnabled()

    for bad, expected in (
        ("ftp://proxy.lan:21", "must start with http://"),
        ("socks5://127.0.0.1:99999", "port must be a number"),
        ("http://:8080", "has no host name"),
    ):
        type_text(qtbot, network.proxy_url_edit, bad)
        assert expected in network.proxy_hint.text(), bad
        assert network.proxy_hint.property("state") == "error"
        assert network.proxy_url_edit.property("invalid") is True
        assert not dialog.ok_button.isEnabled()

    type_text(qtbot, network.proxy_url_edit, "socks5://127.0.0.1:1080")
    assert network.proxy_hint.property("state") == ""
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load().provider("openai")
    assert saved is not None
    assert (saved.proxy_mode, saved.proxy_url) == ("explicit", "socks5://127.0.0.1:1080")


def test_timeouts_are_saved_in_seconds(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore
):
    dialog.providers_page.select("deepseek")
    network = dialog.providers_page.form.network
    network.connect_spin.setValue(7)
    network.stream_spin.setValue(120)
    network.image_spin.setValue(900)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load().provider("deepseek")
    assert saved is not None
    assert (saved.connect_timeout, saved.read_timeout, saved.image_timeout) == (7.0, 120.0, 900.0)


def test_a_credential_header_is_refused_with_a_pointer_to_the_key_field(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore
):
    dialog.providers_page.select("openai")
    headers = dialog.providers_page.form.headers
    row = headers.add_row("Authorization", "Bearer sk-secret-value-123")
    assert "API key field" in headers.hint.text()
    assert headers.hint.property("state") == "error"
    assert not dialog.ok_button.isEnabled()
    assert "Authorization" in dialog.problem

    name_item = headers.table.item(row, 0)
    assert name_item is not None
    name_item.setText("X-Title")
    value_item = headers.table.item(row, 1)
    assert value_item is not None
    value_item.setText("Studio")
    assert headers.hint.property("state") == ""
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load().provider("openai")
    assert saved is not None and saved.extra_headers == {"X-Title": "Studio"}
    assert "sk-secret-value-123" not in settings_store.path.read_text(encoding="utf-8")


def test_duplicate_and_use_a_provider(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore, secret_store: SecretStore
):
    page = dialog.providers_page
    page.select("deepseek")
    type_text(qtbot, page.form.connection.key_field.edit, "sk-deepseek-key-0001")
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    copy = page.current
    assert copy is not None and copy.id == "deepseek-2"
    assert page.provider_list.currentItem().text() == "DeepSeek (copy)"
    assert page.form.connection.key_field.key == "sk-deepseek-key-0001"
    assert page.active_button.isEnabled()
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert not page.active_button.isEnabled()
    assert page.active_button.text() == "In use"
    item = page.provider_list.currentItem()
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "DeepSeek (copy), in use"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load()
    assert saved.active_provider == "deepseek-2"
    assert secret_store.get("deepseek-2") == "sk-deepseek-key-0001"


def test_remove_asks_first_and_takes_the_key_with_it(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    settings_store: SettingsStore,
    secret_store: SecretStore,
):
    secret_store.set("ollama", "sk-ollama-key-0001")
    dialog = make_dialog()
    page = dialog.providers_page
    page.select("ollama")
    count = page.provider_list.count()

    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = page.findChild(QMessageBox, "confirmRemoveDialog")
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Ollama" in box.text()
    keep = box.button(QMessageBox.StandardButton.No)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert page.provider_list.count() == count
    assert page.current is not None and page.current.id == "ollama"

    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = page.findChild(QMessageBox, "confirmRemoveDialog")
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert page.provider_list.count() == count - 1
    assert "Ollama" not in [page.provider_list.item(i).text() for i in range(count - 1)]
    assert secret_store.get("ollama") == "sk-ollama-key-0001"  # not before saving

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert settings_store.load().provider("ollama") is None
    assert secret_store.get("ollama") is None


def test_removing_the_provider_in_use_makes_another_one_active(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore
):
    page = dialog.providers_page
    page.select("demo")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = page.findChild(QMessageBox, "confirmRemoveDialog")
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load()
    assert saved.provider("demo") is None
    assert saved.active_provider == saved.providers[0].id


def test_the_last_provider_cannot_be_removed(qtbot: QtBot, dialog: SettingsDialog):
    page = dialog.providers_page
    while page.provider_list.count() > 1:
        current = page.current
        assert current is not None
        dialog.session.remove_provider(current.id)
        page.reload()
    assert not page.remove_button.isEnabled()


def test_prices_are_kept_per_provider_and_model(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore, tmp_path: Path
):
    from PySide6.QtWidgets import QAbstractItemView, QDoubleSpinBox

    from studio.session.settings_editor import ModelPrice, model_price

    dialog.providers_page.select("openai")
    prices = dialog.providers_page.form.models.prices
    dialog.providers_page.form.tabs.setCurrentIndex(1)
    qtbot.mouseClick(prices.add_button, Qt.MouseButton.LeftButton)
    assert prices.table.item(0, 0).text() == "gpt-4o-mini"  # the default model is suggested
    for column, value in ((1, 0.15), (2, 0.6)):
        prices.table.editItem(prices.table.item(0, column))
        # The previous cell's editor is closed but may not be deleted yet: take the open one.
        editors = [
            found
            for found in prices.table.findChildren(QDoubleSpinBox, "priceEditor")
            if found.isVisible()
        ]
        assert len(editors) == 1
        editor = editors[0]
        editor.setValue(value)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        # The delegate commits and closes the editor on the next turn of the event loop.
        qtbot.waitUntil(lambda: prices.table.state() != QAbstractItemView.State.EditingState)
    assert prices.prices() == {"gpt-4o-mini": ModelPrice(0.15, 0.6)}

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    raw = json.loads(settings_store.path.read_text(encoding="utf-8"))
    assert raw["prices"] == {"openai": {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}}
    saved = settings_store.load()
    price = model_price(saved, "openai", "gpt-4o-mini")
    assert price is not None
    assert round(price.cost(1_000_000, 500_000), 6) == 0.45
    assert model_price(saved, "deepseek", "gpt-4o-mini") is None


def test_image_jobs_at_once_are_saved_per_provider(
    qtbot: QtBot, dialog: SettingsDialog, settings_store: SettingsStore
):
    dialog.providers_page.select("deepseek")
    network = dialog.providers_page.form.network
    assert network.image_jobs_spin.value() == 2
    network.image_jobs_spin.setValue(4)
    dialog.providers_page.select("openai")
    assert network.image_jobs_spin.value() == 2  # each provider has its own limit
    network.image_jobs_spin.setValue(50)  # clamped by the spin box
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load()
    assert saved.provider("deepseek").image_jobs == 4  # type: ignore[union-attr]
    assert saved.provider("openai").image_jobs == 8  # type: ignore[union-attr]
