"""The panels' words: each has a zh_CN phrasebook entry, and with the phrasebook compiled the
panels speak Chinese (contexts and placeholders right)."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.ui.edit.reference_tray import ReferenceTray
from studio.ui.edit.session_list import EditSessionList
from studio.ui.edit.values import SessionRow, TraySlot, VersionNode
from studio.ui.edit.version_tree import VersionTree

STUDIO = Path(__file__).resolve().parents[3] / "studio"
PANELS = STUDIO / "ui" / "edit"
PHRASEBOOK = STUDIO / "i18n" / "zh_CN" / "edit_panels.json"
MODULES = (
    "panel_mime.py",
    "panel_style.py",
    "panel_thumbs.py",
    "reference_tray.py",
    "tray_slot.py",
    "session_delegate.py",
    "session_empty.py",
    "session_list.py",
    "session_text.py",
    "values.py",
    "version_delegate.py",
    "version_layout.py",
    "version_text.py",
    "version_tree.py",
    "version_views.py",
)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def panel_strings() -> Iterator[tuple[str, str, str]]:
    """(file, context, text) for every ``self.tr`` / ``QCoreApplication.translate`` call."""
    for name in MODULES:
        tree = ast.parse((PANELS / name).read_text(encoding="utf-8"))
        for klass in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in ast.walk(klass):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "tr"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    yield name, klass.name, str(call.args[0].value)
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "translate"
                and len(call.args) >= 2
                and all(isinstance(a, ast.Constant) for a in call.args[:2])
            ):
                yield name, str(call.args[0].value), str(call.args[1].value)


def phrasebook() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(PHRASEBOOK.read_text(encoding="utf-8"))
    return data


def test_every_panel_string_has_a_chinese_entry() -> None:
    book = phrasebook()
    strings = list(panel_strings())
    assert len(strings) > 60
    missing = [
        f"{name}: {context}: {text!r}"
        for name, context, text in strings
        if not book.get(context, {}).get(text, "").strip()
    ]
    assert missing == []
    used = {(context, text) for _, context, text in strings}
    unused = [(c, t) for c, entries in book.items() for t in entries if (c, t) not in used]
    assert unused == []


def test_placeholders_are_kept() -> None:
    for context, entries in phrasebook().items():
        for source, text in entries.items():
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (
                context,
                source,
            )


def lrelease() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    return str(beside) if beside.exists() else shutil.which("pyside6-lrelease")


@pytest.fixture
def panels_in_chinese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The phrasebook compiled to a catalogue of its own and installed."""
    tool = lrelease()
    if tool is None:
        pytest.skip("pyside6-lrelease is not installed")
    root = ET.Element("TS", version="2.1", language="zh_CN")
    for context, entries in phrasebook().items():
        element = ET.SubElement(root, "context")
        ET.SubElement(element, "name").text = context
        for source, text in entries.items():
            message = ET.SubElement(element, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation").text = text
    ts_file, qm_file = tmp_path / "panels.ts", tmp_path / "panels.qm"
    ET.ElementTree(root).write(ts_file, encoding="utf-8", xml_declaration=True)
    subprocess.run([tool, str(ts_file), "-qm", str(qm_file)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm_file))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_the_panels_speak_chinese(panels_in_chinese: None, qtbot: QtBot) -> None:
    tray = ReferenceTray()
    qtbot.addWidget(tray)
    tray.set_base(TraySlot("base", None))
    tray.set_references([TraySlot(f"r{i}", None) for i in range(3)])
    tray.set_limit(3, "nano-banana")
    assert tray.slot_titles()[0] == "1 · 底图（蒙版作用于此）"
    assert tray.note.text() == "第 4 格不会发送：nano-banana 最多接受 3 张图片。"
    assert tray.add_button.text() == "添加图片…"

    tree = VersionTree()
    qtbot.addWidget(tree)
    tree.set_versions(
        [
            VersionNode(1, None, None, is_source=True, created_at=1.0),
            VersionNode(2, 1, None, prompt="天空", status="failed", created_at=2.0),
        ]
    )
    assert tree.continue_button.text() == "从这里继续"
    assert tree.name(1) == "原图"
    assert "状态：失败" in (tree.tree_item(2) or pytest.fail("no row")).toolTip(0)
    menu = [a.text() for a in tree.context_menu(2).actions() if a.text()]
    assert menu == [
        "从这里继续",
        "与上一版对比",
        "与…对比",
        "导出…",
        "复制",
        "发送到对话",
        "加入图库",
        "作为新会话打开",
    ]

    sessions = EditSessionList()
    qtbot.addWidget(sessions)
    assert sessions.empty.open_button.text() == "打开文件…"
    sessions.set_sessions([SessionRow(1, None, "", 0.0, 3)])
    assert sessions.row_lines(1, 400) == ("尚未编辑", "3 个版本")
