"""Test connection and Fetch models against the real demo relay (and a relay that never answers)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studio.config.settings import SettingsStore
from studio.demo.server import DemoRelay
from studio.ui.settings import SettingsDialog
from tests.qt.settings.conftest import WAIT_MS, add_custom, label_texts, type_text

BAD_KEY = "sk-invalid"


def _relay_models(relay: DemoRelay) -> list[str]:
    response = httpx.get(f"{relay.base_url}/models", timeout=10)
    return [item["id"] for item in response.json()["data"]]


def _all_texts(root: QWidget) -> str:
    """Every label, tooltip and accessible name under ``root``, as one string."""
    parts = label_texts(root)
    for widget in root.findChildren(QWidget):
        parts.extend((widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()))
    return "\n".join(parts)


@pytest.fixture
def silent_relay() -> Iterator[str]:
    """A base URL whose server accepts connections but never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    finally:
        sock.close()


def test_connection_succeeds_against_the_demo_relay(
    qtbot: QtBot, dialog: SettingsDialog, relay: DemoRelay
):
    add_custom(qtbot, dialog, relay.base_url, name="Local demo")
    tab = dialog.providers_page.form.connection
    type_text(qtbot, tab.key_field.edit, "sk-good-key-000111")
    with qtbot.waitSignal(dialog.session.connection_tested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(tab.probe.test_button, Qt.MouseButton.LeftButton)
    provider_id, ok, message, models = blocker.args
    expected = _relay_models(relay)
    assert ok and provider_id == "new-provider"
    assert models == expected
    assert message == f"Connected: {len(expected)} models at {relay.base_url}"
    assert tab.probe.result_text == message
    assert tab.probe.result_label.property("state") == "ok"
    assert tab.probe.result_label.isVisible()
    assert not tab.probe.copy_button.isVisible()
    assert tab.probe.test_button.isEnabled()
    # Testing does not change the saved model list; only Fetch models does.
    assert dialog.providers_page.current is not None
    assert dialog.providers_page.current.models == []


def test_a_wrong_key_fails_with_401_and_the_key_is_never_shown(
    qtbot: QtBot, dialog: SettingsDialog, relay: DemoRelay
):
    add_custom(qtbot, dialog, relay.base_url)
    tab = dialog.providers_page.form.connection
    type_text(qtbot, tab.key_field.edit, BAD_KEY)
    with qtbot.waitSignal(dialog.session.connection_tested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(tab.probe.test_button, Qt.MouseButton.LeftButton)
    assert blocker.args[1] is False
    text = tab.probe.result_text
    assert "401" in text and "Invalid token" in text
    assert tab.probe.result_label.property("state") == "error"
    assert tab.probe.copy_button.isVisible()
    assert BAD_KEY not in _all_texts(dialog)

    qtbot.mouseClick(tab.probe.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "401" in copied
    assert BAD_KEY not in copied

    # Showing the key is the user's choice; the masked field is the only place it lives.
    assert tab.key_field.edit.text() == BAD_KEY
    assert tab.key_field.edit.displayText() != BAD_KEY


def test_fetch_models_fills_the_default_model_list_and_is_saved(
    qtbot: QtBot, dialog: SettingsDialog, relay: DemoRelay, settings_store: SettingsStore
):
    add_custom(qtbot, dialog, relay.base_url)
    form = dialog.providers_page.form
    assert form.models.default_model_combo.count() == 0
    with qtbot.waitSignal(dialog.session.models_fetched, timeout=WAIT_MS):
        qtbot.mouseClick(form.connection.probe.fetch_button, Qt.MouseButton.LeftButton)
    expected = _relay_models(relay)
    combo = form.models.default_model_combo
    assert [combo.itemText(i) for i in range(combo.count())] == expected
    assert combo.currentText() == expected[0]  # it had none, so the first one is chosen
    assert form.connection.probe.result_text.startswith(f"Connected: {len(expected)} models")

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = settings_store.load().provider("new-provider")
    assert saved is not None
    assert saved.models == expected
    assert saved.default_model == expected[0]


def test_a_slow_relay_shows_progress_and_can_be_cancelled(
    qtbot: QtBot, dialog: SettingsDialog, silent_relay: str
):
    add_custom(qtbot, dialog, silent_relay)
    probe = dialog.providers_page.form.connection.probe
    with qtbot.waitSignal(dialog.session.busy_changed, timeout=WAIT_MS):
        qtbot.mouseClick(probe.test_button, Qt.MouseButton.LeftButton)
    assert probe.progress.isVisible()
    assert probe.status_label.text().startswith("Testing the connection…")
    assert probe.cancel_button.isVisible()
    assert not probe.test_button.isEnabled()
    task = dialog.session.task
    assert task is not None and not task.done()

    with qtbot.waitSignal(dialog.session.busy_changed, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(probe.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["new-provider", False]
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert not probe.progress.isVisible()
    assert not probe.cancel_button.isVisible()
    assert probe.test_button.isEnabled()
    assert probe.result_text == ""


def test_closing_the_dialog_stops_a_running_test(
    qtbot: QtBot, dialog: SettingsDialog, silent_relay: str
):
    add_custom(qtbot, dialog, silent_relay)
    probe = dialog.providers_page.form.connection.probe
    with qtbot.waitSignal(dialog.session.busy_changed, timeout=WAIT_MS):
        qtbot.mouseClick(probe.test_button, Qt.MouseButton.LeftButton)
    task = dialog.session.task
    assert task is not None
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert not dialog.isVisible()


def test_the_demo_provider_is_tested_against_the_running_demo_relay(
    qtbot: QtBot, make_dialog: Callable[..., SettingsDialog], relay: DemoRelay
):
    dialog = make_dialog(demo_base_url=relay.base_url)
    dialog.providers_page.select("demo")
    tab = dialog.providers_page.form.connection
    assert tab.endpoint_label.text().startswith("Built-in demo relay")
    assert tab.key_field.edit.placeholderText() == "Not needed for the demo relay"
    with qtbot.waitSignal(dialog.session.connection_tested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(tab.probe.test_button, Qt.MouseButton.LeftButton)
    assert blocker.args[1] is True
    assert tab.probe.result_text.endswith(f"at {relay.base_url}")


def test_without_a_running_demo_relay_the_demo_cannot_be_tested(
    qtbot: QtBot, dialog: SettingsDialog
):
    dialog.providers_page.select("demo")
    probe = dialog.providers_page.form.connection.probe
    assert not probe.test_button.isEnabled()
    assert "not running" in probe.test_button.toolTip()
    assert dialog.ok_button.isEnabled()  # the demo needs no address, so nothing to fix


def test_results_stay_with_their_provider(qtbot: QtBot, dialog: SettingsDialog, relay: DemoRelay):
    add_custom(qtbot, dialog, relay.base_url)
    page = dialog.providers_page
    probe = page.form.connection.probe
    with qtbot.waitSignal(dialog.session.connection_tested, timeout=WAIT_MS):
        qtbot.mouseClick(probe.test_button, Qt.MouseButton.LeftButton)
    assert probe.result_text.startswith("Connected")
    page.select("openai")
    assert probe.result_text == ""
    page.select("new-provider")
    assert probe.result_text.startswith("Connected")
    # Editing the address makes the old result stale.
    type_text(qtbot, page.form.connection.base_url_edit, "https://elsewhere.example.com")
    assert probe.result_text == ""
