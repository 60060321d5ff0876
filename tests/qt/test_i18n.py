"""Translations: the catalogue loads, the UI speaks Chinese, and no string is left out."""

from __future__ import annotations

import ast
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QToolButton, QWidget

from studio.core.language import resolve_language
from studio.i18n import I18N_DIR

STUDIO = Path(__file__).resolve().parents[2] / "studio"
TS_FILE = I18N_DIR / "studio_zh_CN.ts"


def finished_translations() -> dict[tuple[str, str], str]:
    """(context, source) → translation, for finished messages only."""
    found: dict[tuple[str, str], str] = {}
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in (
                "unfinished",
                "vanished",
                "obsolete",
            ):
                continue
            if (translation.text or "").strip():
                found[(name, message.findtext("source") or "")] = translation.text or ""
    return found


def translatable_strings(root: Path) -> Iterator[tuple[Path, str, str]]:
    """(file, context, text) for every self.tr("…") and QCoreApplication.translate("…", "…")."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for klass in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in ast.walk(klass):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "tr"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                ):
                    yield path, klass.name, call.args[0].value
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "translate"
                and len(call.args) >= 2
                and all(isinstance(a, ast.Constant) for a in call.args[:2])
            ):
                yield path, str(call.args[0].value), str(call.args[1].value)


def test_compiled_catalogue_loads():
    translator = QTranslator()
    assert translator.load(str(I18N_DIR / "studio_zh_CN.qm"))
    assert translator.translate("ComposerBar", "Send") == "发送"


def test_every_ui_string_has_a_finished_chinese_translation():
    translations = finished_translations()
    strings = [
        item for folder in ("ui", "session") for item in translatable_strings(STUDIO / folder)
    ]
    assert len(strings) > 50  # the scan really finds the strings
    missing = [
        f"{path.relative_to(STUDIO)}: {context}: {text!r}"
        for path, context, text in strings
        if (context, text) not in translations
    ]
    assert missing == []


def test_the_scan_would_notice_a_missing_translation(tmp_path: Path):
    (tmp_path / "widget.py").write_text(
        "class Panel:\n    def label(self):\n        return self.tr('Not in the catalogue')\n",
        encoding="utf-8",
    )
    found = list(translatable_strings(tmp_path))
    assert [(c, t) for _, c, t in found] == [("Panel", "Not in the catalogue")]
    assert ("Panel", "Not in the catalogue") not in finished_translations()


def test_placeholders_survive_translation():
    for (context, source), text in finished_translations().items():
        for name in (
            "{count}",
            "{error}",
            "{seconds}",
            "{n}",
            "{version}",
            "{total}",
            "{prompt}",
            "{completion}",
            "{provider}",
            "{endpoint}",
        ):
            assert (name in source) == (name in text), (context, source)


def test_language_follows_the_setting_then_the_system():
    assert resolve_language("system", "zh_TW") == "zh_CN"
    assert resolve_language("system", "zh_CN") == "zh_CN"
    assert resolve_language("system", "de_DE") == "en"
    assert resolve_language("en", "zh_CN") == "en"
    assert resolve_language("zh_CN", "en_US") == "zh_CN"


def test_window_in_chinese(chinese: None, make_studio: Callable[..., Any]):
    window = make_studio(language="zh_CN").window
    assert window.findChild(QToolButton, "sendButton").text() == "发送"
    assert window.findChild(QToolButton, "stopButton").text() == "停止"
    assert window.findChild(QWidget, "newChatButton").text() == "新对话"
    assert window.findChild(QPlainTextEdit, "composer").placeholderText() == "给模型发消息…"
    assert window.findChild(QToolButton, "sendButton").accessibleName() == "发送消息"
    assert window.endpoint_label.text().startswith("演示中转站 · http://127.0.0.1:")
    assert window.demo_label.text() == "正在使用内置演示中转站 — 无需密钥"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["文件(&F)", "转到(&G)", "帮助(&H)"]
    assert window.edit_page.expand_button.text() == "扩展画布"
    assert window.edit_page.round.apply_button.text() == "应用编辑"
    images = {label.text() for label in window.images_page.findChildren(QLabel)}
    assert "任务" in images


def test_every_translate_call_can_be_extracted():
    """lupdate only sees literal strings: ``translate(CONTEXT, "…")`` or ``tr(text)`` with a
    name would never reach the catalogue, and the UI would stay in English. (A module that
    marks its words with ``QT_TRANSLATE_NOOP`` may look them up by name.)"""
    bad = []
    for path in sorted(STUDIO.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "QT_TRANSLATE_NOOP(" in source:
            continue
        tree = ast.parse(source)
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            name = call.func.attr
            needed = 2 if name == "translate" else 1 if name == "tr" else 0
            if not needed or len(call.args) < needed:
                continue
            if name == "translate" and not (
                isinstance(call.func.value, ast.Name)
                and call.func.value.id in ("QCoreApplication", "QApplication")
            ):
                continue
            literal = all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                for arg in call.args[:needed]
            )
            if not literal:
                bad.append(f"{path.relative_to(STUDIO)}:{call.lineno}")
    assert bad == []


def test_chat_is_dui_hua_everywhere_never_liao_tian():
    """One word for "chat" in the Chinese UI: 对话 (the sidebar, the menus, Settings)."""
    books = sorted((I18N_DIR / "zh_CN").glob("*.json"))
    assert books
    found = [
        f"{path.name}: {context}: {source!r}"
        for path in books
        for context, entries in json.loads(path.read_text(encoding="utf-8")).items()
        for source, text in entries.items()
        if "聊天" in text
    ]
    found += [
        f"studio_zh_CN.ts: {context}: {source!r}"
        for (context, source), text in finished_translations().items()
        if "聊天" in text
    ]
    assert found == []
    assert finished_translations()[("SettingsDialog", "Chat")] == "对话"
