"""Smoke: attach files to the composer and grab it."""
from __future__ import annotations
from pathlib import Path
from typing import Any, Callable
from pytestqt.qtbot import QtBot
from tests.qt.vision.conftest import photo, wait_ready, wait_answer, drop, file_mime, user_views

def test_smoke(make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path) -> None:
    studio = make_vision_studio()
    page = studio.page
    a = photo(tmp_path / "holiday photo.jpg", (4000, 3000))
    b = photo(tmp_path / "screenshot.png", (1280, 720), (240, 240, 240), fmt="PNG")
    c = photo(tmp_path / "sideways.jpg", (3000, 2000), orientation=6)
    drop(page, file_mime(a, b, c))
    wait_ready(qtbot, page, 3)
    page.composer.setPlainText("What is in these pictures?")
    qtbot.wait(200)
    page.composer_bar.grab().save("/tmp/vision_composer_en.png")
    page.window().grab().save("/tmp/vision_window_en.png")
    page.send()
    wait_answer(qtbot, page)
    qtbot.wait(500)
    page.window().grab().save("/tmp/vision_transcript_en.png")
