"""Settings → Assistants over the real window's stores: create, edit, duplicate, delete,
refused while a name is missing or used twice, Cancel discards, and what OK saved is there
after a restart (real SQLite file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.config.secrets import SecretStore
from studio.config.settings import SettingsStore
from studio.session.chat import ToolSpec
from studio.session.settings_editor import SettingsSession
from studio.ui.settings import SettingsDialog
from tests.qt.settings.conftest import WAIT_MS, type_text
from tests.qt.settings.test_dialog_shell import _ours

CLICK = Qt.MouseButton.LeftButton
MODELS = ("demo-chat", "demo-reasoner")


def open_dialog(
    qtbot: QtBot, studio: Any, settings_store: SettingsStore, secret_store: SecretStore
) -> SettingsDialog:
    """The dialog as the app opens it: a settings session and a working copy of assistants."""
    session = SettingsSession(settings_store, secret_store, language="en")
    dialog = SettingsDialog(
        session, assistants=studio.manager.assistants.editor(session), models=MODELS
    )
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog, timeout=WAIT_MS):
        dialog.show()
        dialog.activateWindow()
    dialog.show_page(3)
    return dialog


def test_an_assistant_made_in_settings_is_there_after_a_restart(
    make_studio: Callable[..., Any],
    qtbot: QtBot,
    settings_store: SettingsStore,
    secret_store: SecretStore,
    tmp_path: Path,
) -> None:
    studio = make_studio()
    studio.manager.functions.add(ToolSpec("get_weather", "", {"type": "object"}))
    dialog = open_dialog(qtbot, studio, settings_store, secret_store)
    page = dialog.assistants_page
    assert page is not None and dialog.title_label.text() == "Assistants"
    assert page.empty_label.isVisible()

    qtbot.mouseClick(page.add_button, CLICK)
    assert page.name_edit.hasFocus() and page.name_edit.text() == "New assistant"
    type_text(qtbot, page.name_edit, "Translator")
    page.model_combo.setCurrentText("demo-reasoner")
    prompt = page.params_panel.system_prompt_edit
    prompt.setFocus()
    qtbot.keyClicks(prompt, "Translate into English.")
    qtbot.mouseClick(page.params_panel.rows["temperature"].toggle, CLICK)
    page.tabs.setCurrentWidget(page.tools_panel)
    assert not page.tools_panel.add_button.isVisible()  # functions are only ticked here
    qtbot.mouseClick(page.tools_panel.builtin_checks["calculator"], CLICK)
    function = page.tools_panel.tool_list.item(0)
    assert function is not None
    function.setCheckState(Qt.CheckState.Checked)
    assert page.tools_panel.status.text() == ""  # nothing is said to be saved before OK
    assert studio.manager.assistants.assistants() == []
    assert dialog.apply_button.isEnabled()

    qtbot.mouseClick(dialog.ok_button, CLICK)
    assert not dialog.isVisible()
    studio.window.close()

    again = make_studio(db_path=tmp_path / "studio.sqlite3")
    (saved,) = again.manager.assistants.assistants()
    assert saved.name == "Translator"
    settings = saved.settings
    assert settings.model == "demo-reasoner"
    assert settings.system_prompt == "Translate into English."
    assert settings.params == {"temperature": 1.0}
    assert settings.tools.builtins == ("calculator",)
    assert [again.manager.functions.get(i).spec.name for i in settings.tools.functions] == [
        "get_weather"
    ]
    assert again.page.assistant_picker.visible_names() == ["No assistant", "Translator"]


def test_names_must_be_given_and_distinct_and_cancel_discards(
    make_studio: Callable[..., Any],
    qtbot: QtBot,
    settings_store: SettingsStore,
    secret_store: SecretStore,
) -> None:
    studio = make_studio()
    dialog = open_dialog(qtbot, studio, settings_store, secret_store)
    page = dialog.assistants_page
    assert page is not None
    qtbot.mouseClick(page.add_button, CLICK)
    type_text(qtbot, page.name_edit, "Writer")
    qtbot.mouseClick(page.duplicate_button, CLICK)
    assert page.name_edit.text() == "Writer (copy)"
    type_text(qtbot, page.name_edit, "writer")
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem == "Two assistants are called “writer”: give each its own name."
    qtbot.mouseClick(dialog.show_problem_button, CLICK)
    assert page.current is not None and page.current.name == "writer"

    type_text(qtbot, page.name_edit, "")
    assert dialog.problem == "An assistant has no name: give it one."
    qtbot.mouseClick(page.remove_button, CLICK)
    assert dialog.ok_button.isEnabled() and dialog.problem == ""
    assert [page.assistant_list.item(r).text() for r in range(page.assistant_list.count())] == [
        "Writer"
    ]

    qtbot.mouseClick(dialog.cancel_button, CLICK)
    assert studio.manager.assistants.assistants() == []


def test_edit_and_delete_reach_the_store_on_apply(
    make_studio: Callable[..., Any],
    qtbot: QtBot,
    settings_store: SettingsStore,
    secret_store: SecretStore,
) -> None:
    studio = make_studio()
    dialog = open_dialog(qtbot, studio, settings_store, secret_store)
    page = dialog.assistants_page
    assert page is not None
    for name in ("Alpha", "Beta"):
        qtbot.mouseClick(page.add_button, CLICK)
        type_text(qtbot, page.name_edit, name)
    assert dialog.apply()
    assert [a.name for a in studio.manager.assistants.assistants()] == ["Alpha", "Beta"]

    page.assistant_list.setCurrentRow(0)
    page.params_panel.system_prompt_edit.setPlainText("Be brief.")  # applied on Apply
    page.assistant_list.setCurrentRow(1)
    qtbot.mouseClick(page.remove_button, CLICK)
    assert dialog.apply()
    (alpha,) = studio.manager.assistants.assistants()
    assert alpha.name == "Alpha" and alpha.settings.system_prompt == "Be brief."
    assert alpha.settings.model == ""  # left to the chat


def test_every_control_of_the_page_is_named_and_speaks_chinese(
    make_studio: Callable[..., Any],
    qtbot: QtBot,
    settings_store: SettingsStore,
    secret_store: SecretStore,
    chinese: None,
) -> None:
    studio = make_studio()
    dialog = open_dialog(qtbot, studio, settings_store, secret_store)
    page = dialog.assistants_page
    assert page is not None
    qtbot.mouseClick(page.add_button, CLICK)
    assert page.name_edit.text() == "新助手"
    assert dialog.title_label.text() == "助手"
    assert page.tabs.tabText(0) == "提示词与参数"
    type_text(qtbot, page.name_edit, "")
    assert dialog.problem == "有一个助手没有名称，请为它命名。"
    for widget in _ours(dialog):
        assert widget.objectName(), f"a {type(widget).__name__} in {widget.parent()!r} has no name"
        assert widget.accessibleName(), f"{widget.objectName()} has no accessible name"
