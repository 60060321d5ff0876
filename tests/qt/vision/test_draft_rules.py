"""Rules of the composer's images: the provider's own size caps, the expert switch, the
number of images, and sending before the images are ready."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from pytestqt.qtbot import QtBot

from studio.session.chat.attachment_draft import MAX_IMAGES
from tests.qt.vision.conftest import WAIT_MS, photo, wait_ready


def first_info(page: Any) -> str:
    return str(page.attachment_strip.tiles[0].info_label.text())


def test_a_claude_model_gets_claudes_long_side_cap(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    page.model_picker.setCurrentText("gpt-4o")
    page.attach_image(str(photo(tmp_path / "panorama.jpg", (4000, 500))))
    wait_ready(qtbot, page, 1)
    assert first_info(page).startswith("4000×500 → 2048×256\n")
    page.model_picker.setCurrentText("claude-sonnet-4-20250514")
    qtbot.waitUntil(lambda: first_info(page).startswith("4000×500 → 1568×196\n"), timeout=WAIT_MS)


def test_send_original_files_switch(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    picture = photo(tmp_path / "diagram.png", (1600, 1200), fmt="PNG")
    page.attach_image(str(picture))
    wait_ready(qtbot, page, 1)
    assert first_info(page).startswith("1600×1200 → 1024×768\n")
    page.composer_bar.original_action.trigger()
    qtbot.waitUntil(lambda: first_info(page).startswith("1600×1200\n"), timeout=WAIT_MS)
    ref = page.attachments.items[0].ref
    assert ref["bytes"] == picture.stat().st_size  # the file itself
    assert "original file sent (metadata kept)" in page.attachment_strip.tiles[0].toolTip()


def test_at_most_twenty_images_per_message(
    make_vision_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_vision_studio().page
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, "PNG")
    for i in range(MAX_IMAGES + 1):
        page.attachments.add_data(out.getvalue(), f"dot{i}.png")
    strip = page.attachment_strip
    assert strip.error_text == "A message can carry at most 20 images; remove one first."
    wait_ready(qtbot, page, MAX_IMAGES)


def test_sending_while_images_are_prepared_waits_and_keeps_everything(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    page.composer.setPlainText("Quick question")
    page.attach_image(str(photo(tmp_path / "big.jpg", (3000, 2000))))
    page.send_button.click()  # the worker has not even started yet
    strip = page.attachment_strip
    assert strip.error_text == "Wait a moment: the images are still being prepared."
    assert page.composer.toPlainText() == "Quick question"
    assert page.session is None  # nothing was sent, no conversation was made
    wait_ready(qtbot, page, 1)
    page.send_button.click()
    assert page.composer.toPlainText() == ""
    assert page.session is not None and page.session.branch()[0].attachments[0]["width"] == 1152
