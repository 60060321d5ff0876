"""Every control of both panels is named for automation and for screen readers, in Chinese too."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.session.chat import ConversationSession, ToolRegistry, ToolSpec, schema_from_fields
from studio.ui.chat.params_panel import ParamsPanel
from studio.ui.chat.tools_panel import TEMPLATE, ToolsPanel

ROOT = Path(__file__).resolve().parents[3]
PANEL_SOURCES = [
    ROOT / "studio" / "ui" / "chat" / name
    for name in (
        "params_panel.py",
        "param_row.py",
        "tools_panel.py",
        "function_editor.py",
        "schema_editor.py",
        "panel_parts.py",
    )
]
PHRASEBOOK = ROOT / "studio" / "i18n" / "zh_CN" / "chat.json"
INTERACTIVE = (
    QAbstractButton,
    QComboBox,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QLineEdit,
    QAbstractSlider,
    QTabBar,
)
# Parts Qt builds inside its own widgets (a spin box's or combo box's line edit, scroll bars).
INNER = (QComboBox, QAbstractSpinBox, QScrollBar)


def inside_qt_part(widget: QWidget, panel: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not panel:
        if isinstance(parent, INNER):
            return True
        parent = parent.parentWidget()
    return False


def controls(panel: QWidget) -> list[QWidget]:
    found = []
    for widget in panel.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        if inside_qt_part(widget, panel) or widget.objectName().startswith("qt_"):
            continue
        found.append(widget)
    return found


def filled_session(session: ConversationSession) -> ConversationSession:
    session.set_output_mode("json_schema", schema_from_fields([("a", "string", True, "")]))
    session.set_tools(["calculator"], [ToolSpec("get_weather", "Weather", TEMPLATE)])
    return session


def test_every_control_has_an_object_name_and_an_accessible_name(
    params_panel: ParamsPanel, tools_panel: ToolsPanel, session: ConversationSession
) -> None:
    filled_session(session)
    params_panel.bind(session)
    tools_panel.bind(session)
    tools_panel.open_editor(0)
    for panel, expected in (
        (params_panel, {"systemPromptEdit", "extraBodyEdit", "outputModeCombo"}),
        (tools_panel, {"userToolList", "toolNameEdit", "toolParametersEdit", "saveToolButton"}),
    ):
        found = controls(panel)
        assert len(found) > 10
        unnamed = [type(w).__name__ for w in found if not w.objectName()]
        assert unnamed == []
        silent = [w.objectName() for w in found if not w.accessibleName()]
        assert silent == []
        assert expected <= {w.objectName() for w in found}


@pytest.fixture
def panels_catalogue(tmp_path: Path) -> Path:
    """The panels' strings, translated from the phrasebook, compiled as the app's build does."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import update_translations as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    ts_file = tmp_path / "panels_zh_CN.ts"
    sources = [str(path) for path in PANEL_SOURCES]
    lupdate = [tool.tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none"]
    subprocess.run(
        [*lupdate, *sources, "-target-language", "zh_CN", "-ts", str(ts_file)],
        check=True,
        capture_output=True,
    )
    found = list(ET.parse(ts_file).getroot().iter("message"))
    assert len(found) > 100  # the scan really saw the panels' strings
    tool.fill_from_phrasebook(ts_file, tool.phrasebook("zh_CN"))
    assert tool.unfinished(ts_file) == []
    qm_file = ts_file.with_suffix(".qm")
    subprocess.run(
        [tool.tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
        check=True,
        capture_output=True,
    )
    return qm_file


@pytest.fixture
def in_chinese(qapp: QApplication, panels_catalogue: Path) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(panels_catalogue))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_phrasebook_keeps_every_placeholder() -> None:
    book = json.loads(PHRASEBOOK.read_text(encoding="utf-8"))
    for context, entries in book.items():
        for source, text in entries.items():
            for name in ("{line}", "{column}", "{reason}", "{error}", "{name}", "{number}"):
                assert (name in source) == (name in text), (context, source)


def test_the_panels_speak_chinese(
    qtbot: QtBot, in_chinese: None, session: ConversationSession, registry: ToolRegistry
) -> None:
    params = ParamsPanel()
    tools = ToolsPanel(registry=registry)
    for panel in (params, tools):
        qtbot.addWidget(panel)
        panel.bind(filled_session(session) if panel is params else session)
    texts = {label.text() for label in params.findChildren(QLabel)}
    assert "系统提示词" in texts
    assert params.output_mode_combo.itemText(0) == "关闭"
    assert params.reset_button.text() == "恢复默认"
    assert params.system_prompt_edit.accessibleName() == "系统提示词"
    tool_texts = {label.text() for label in tools.findChildren(QLabel)}
    assert (
        "所有对话共用同一份函数定义：勾选本对话可以调用的函数。模型调用某个函数时，Studio "
        "会请你提供结果。" in tool_texts
    )
    assert "说明" in tool_texts  # the function editor's labels
    assert tools.builtin_checks["calculator"].text() == "计算器"
    assert tools.add_button.text() == "添加"
