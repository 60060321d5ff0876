"""The image controls and messages in Simplified Chinese (catalogue installed, client in
zh_CN, as app.py does for a Chinese system)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.qt.vision.conftest import WAIT_MS, drop, file_mime, photo, wait_ready


@pytest.mark.usefixtures("chinese")
def test_strip_warning_and_errors_speak_chinese(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio(language="zh_CN").page
    assert page.attach_button.text() == "附加"
    assert page.attach_button.accessibleName() == "附加图片"
    page.model_picker.setCurrentText("demo-chat")
    page.composer.insertPlainText("这张图里有什么？")
    page.attach_image(str(photo(tmp_path / "照片.jpg", (2000, 1500))))
    wait_ready(qtbot, page, 1)
    strip = page.attachment_strip
    assert strip.tiles[0].info_label.text().startswith("2000×1500 → 1024×768\n765 个 token · ")
    assert strip.summary.text().startswith("1 张图片 · 约 765 个 token · 将发送 ")
    assert strip.warning.text().startswith("demo-chat 未标记为支持图片")
    fake = tmp_path / "笔记.png"
    fake.write_text("不是图片\n", encoding="utf-8")
    drop(page, file_mime(fake))
    qtbot.waitUntil(lambda: bool(strip.error_text), timeout=WAIT_MS)
    assert strip.error_text.startswith("“笔记.png”不是图片，看起来是文本文件。")
    assert page.composer.toPlainText() == "这张图里有什么？"
    actions = page.composer_bar.policy_actions
    assert actions["last"].text() == "只发送最近一轮的图片"
