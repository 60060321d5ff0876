"""The dialog as a whole: names for automation and screen readers, pages, Chinese text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.ui.settings import SettingsDialog
from tests.qt.settings.conftest import label_texts

INTERACTIVE = (QAbstractButton, QComboBox, QAbstractScrollArea, QLineEdit, QAbstractSpinBox)
CONTRACT = (
    "providerList",
    "addProviderButton",
    "duplicateProviderButton",
    "removeProviderButton",
    "setActiveProviderButton",
    "providerNameEdit",
    "baseUrlEdit",
    "resolvedEndpointLabel",
    "apiKeyEdit",
    "showKeyButton",
    "keyStorageLabel",
    "testConnectionButton",
    "fetchModelsButton",
    "connectionResultLabel",
    "copyDetailsButton",
    "defaultModelCombo",
    "visionModelsEdit",
    "imageFieldCombo",
    "chatImageModelsEdit",
    "pricesTable",
    "proxyModeCombo",
    "proxyUrlEdit",
    "connectTimeoutSpin",
    "streamTimeoutSpin",
    "imageTimeoutSpin",
    "headersTable",
    "languageCombo",
    "themeCombo",
    "sendKeyCombo",
    "settingsPageList",
    "okButton",
    "cancelButton",
    "applyButton",
)


def _ours(dialog: SettingsDialog) -> list[QWidget]:
    # Widgets Qt makes inside others (a combo's line edit, a spin box's line edit, a line
    # edit's clear button, a table's corner button, scroll bars) are not ours to name.
    found = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or widget.window() is not dialog:
            continue  # popups (a completer's list) are Qt's own windows
        parent = widget.parent()
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractScrollArea | QLineEdit):
            continue
        if widget.objectName().startswith("qt_") or type(widget).__name__ == "QScrollBar":
            continue
        found.append(widget)
    return found


def test_every_control_has_an_object_name_and_an_accessible_name(dialog: SettingsDialog):
    names = {w.objectName() for w in dialog.findChildren(QWidget)}
    for expected in CONTRACT:
        assert expected in names, expected
    for widget in _ours(dialog):
        assert widget.objectName(), f"a {type(widget).__name__} in {widget.parent()!r} has no name"
        assert widget.accessibleName(), f"{widget.objectName()} has no accessible name"


def test_pages_switch_from_the_list(qtbot: QtBot, dialog: SettingsDialog):
    assert dialog.windowTitle() == "Settings"
    assert dialog.title_label.text() == "Providers"
    dialog.page_list.setCurrentRow(1)
    assert dialog.pages.currentWidget() is dialog.appearance_page
    assert dialog.title_label.text() == "Appearance"
    dialog.page_list.setCurrentRow(2)
    assert dialog.pages.currentWidget() is dialog.chat_page
    assert dialog.title_label.text() == "Chat"


def test_the_dialog_speaks_chinese(
    qtbot: QtBot, chinese: None, make_dialog: Callable[..., SettingsDialog]
):
    dialog = make_dialog()
    assert dialog.windowTitle() == "设置"
    assert dialog.title_label.text() == "服务商"
    tab = dialog.providers_page.form.connection
    assert tab.probe.test_button.text() == "测试连接"
    assert tab.probe.fetch_button.text() == "获取模型"
    assert tab.probe.test_button.accessibleName() == "测试连接"
    assert tab.key_field.storage_label.text().startswith("未找到系统密钥环")
    assert dialog.ok_button.text() == "确定"
    assert dialog.cancel_button.text() == "取消"
    appearance = dialog.appearance_page
    assert [appearance.language_combo.itemText(i) for i in range(3)] == [
        "跟随系统",
        "中文（简体）",
        "English",
    ]
    assert dialog.chat_page.send_key_combo.itemText(0) == "Enter（Shift+Enter 换行）"
    dialog.providers_page.select("openai")
    assert tab.endpoint_label.text() == "实际请求地址：https://api.openai.com/v1"
    # No English phrase is left on any label.
    english = [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.text() and all(ord(c) < 128 for c in label.text()) and " " in label.text()
    ]
    assert english == []
    assert tab.base_url_edit.accessibleName() == "接口地址"
    assert "接口地址" in label_texts(tab)


def test_the_presets_names_are_shown_in_chinese_and_saved_as_they_were(
    qtbot: QtBot, chinese: None, make_dialog: Callable[..., SettingsDialog]
):
    dialog = make_dialog()
    page = dialog.providers_page
    rows = [page.provider_list.item(r).text() for r in range(page.provider_list.count())]
    assert "演示中转站（离线）" in rows
    assert "llama.cpp 服务器" in rows
    assert "Demo relay (offline)" not in rows
    page.select("demo")
    assert page.form.connection.name_edit.text() == "演示中转站（离线）"
    menu = [action.text() for action in page.add_menu.actions() if action.text()]
    assert "演示中转站（离线）" in menu
    # The settings keep the preset's own name, so another language shows its own words.
    provider = dialog.session.settings.provider("demo")
    assert provider is not None and provider.name == "Demo relay (offline)"
