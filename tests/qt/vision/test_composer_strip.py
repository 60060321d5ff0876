"""Attaching images in the chat window: drop, paste, thumbnails, estimates, detail, order,
errors and the vision warning (real window, real files, real worker threads)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from studio.ui.chat.mime_sources import INTERNAL_MIME
from tests.qt.vision.conftest import WAIT_MS, drop, file_mime, photo, wait_ready


def infos(page: Any) -> list[str]:
    return [tile.info_label.text() for tile in page.attachment_strip.tiles]


def names(page: Any) -> list[str]:
    return [item.name for item in page.attachments.items]


def test_dropped_files_show_thumbnails_sent_sizes_and_tokens(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    big = photo(tmp_path / "big.jpg", (4000, 3000))
    phone = photo(tmp_path / "phone.jpg", (4032, 3024), orientation=6)  # shown as portrait
    event = drop(page, file_mime(big, phone))
    assert event.isAccepted()
    wait_ready(qtbot, page, 2)
    strip = page.attachment_strip
    assert strip.isVisible()
    first, second = infos(page)
    assert first.startswith("4000×3000 → 1024×768\n765 tokens · ")
    assert second.startswith("3024×4032 → 768×1024\n765 tokens · ")  # EXIF-upright
    for tile in strip.tiles:
        pixmap = tile.thumb.pixmap()
        assert pixmap is not None and not pixmap.isNull()
        assert not tile.spinner.isVisible()
    assert strip.summary.text().startswith("2 images · about 1,530 tokens · ")


def test_dropping_on_the_message_box_attaches_and_keeps_the_text(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    qtbot.keyClicks(page.composer, "Look at this")
    picture = photo(tmp_path / "shot.png", (640, 480), fmt="PNG")
    drop(page.composer.viewport(), file_mime(picture))
    wait_ready(qtbot, page, 1)
    assert page.composer.toPlainText() == "Look at this"  # no file path inserted
    assert infos(page)[0].startswith("640×480\n425 tokens")  # 2 tiles of 512 px


def test_pasted_picture_becomes_an_attachment(
    make_vision_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_vision_studio().page
    qtbot.keyClicks(page.composer, "What colour?")
    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor(0, 160, 0))
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    page.composer.setFocus()
    qtbot.keyClick(page.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_ready(qtbot, page, 1)
    assert page.composer.toPlainText() == "What colour?"
    assert names(page) == ["pasted image.png"]
    assert infos(page)[0].startswith("900×600\n765 tokens")


def test_a_pasted_picture_is_named_in_the_users_language(
    chinese: None, make_vision_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_vision_studio(language="zh_CN").page
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 0, 0))
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    page.composer.setFocus()
    qtbot.keyClick(page.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_ready(qtbot, page, 1)
    assert names(page) == ["粘贴的图片.png"]


def test_pasting_an_ordinary_link_pastes_text(
    make_vision_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    page = make_vision_studio().page
    QGuiApplication.clipboard().setText("https://example.com/docs/page")
    page.composer.setFocus()
    qtbot.keyClick(page.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.composer.toPlainText() == "https://example.com/docs/page"
    assert len(page.attachments) == 0


def test_changing_the_detail_prepares_again(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    page.attach_image(str(photo(tmp_path / "wide.jpg", (3000, 2000))))
    wait_ready(qtbot, page, 1)
    tile = page.attachment_strip.tiles[0]
    assert tile.info_label.text().startswith("3000×2000 → 1152×768\n1,105 tokens")
    combo = tile.detail_combo
    combo.setCurrentIndex(combo.findData("low"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(
        lambda: tile.info_label.text().startswith("3000×2000 → 512×341"), timeout=WAIT_MS
    )
    assert "\n85 tokens" in tile.info_label.text()
    assert page.attachments.items[0].detail == "low"
    assert page.attachment_strip.summary.text().startswith("1 image · about 85 tokens")


def test_remove_and_reorder_with_buttons_and_by_dragging(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    files = [photo(tmp_path / f"{n}.png", (300, 200), fmt="PNG") for n in ("a", "b", "c")]
    drop(page, file_mime(*files))
    wait_ready(qtbot, page, 3)
    strip = page.attachment_strip
    assert names(page) == ["a.png", "b.png", "c.png"]
    assert not strip.tiles[0].left_button.isEnabled()
    strip.tiles[0].right_button.click()
    assert names(page) == ["b.png", "a.png", "c.png"]
    # Drag "c" in front of everything: drop a tile of the strip at its far left.
    key = page.attachments.items[2].key
    mime = QMimeData()
    mime.setData(INTERNAL_MIME, str(key).encode())
    drop(
        strip, mime, QPointF(2, strip.tiles_area.geometry().center().y()), Qt.DropAction.MoveAction
    )
    assert names(page) == ["c.png", "b.png", "a.png"]
    strip.tiles[1].findChild(QToolButton, "removeAttachmentButton").click()
    assert names(page) == ["c.png", "a.png"]
    qtbot.waitUntil(lambda: len(strip.tiles) == 2, timeout=WAIT_MS)


def test_a_text_file_named_png_is_refused_and_the_text_stays(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    qtbot.keyClicks(page.composer, "Please read my notes")
    fake = tmp_path / "notes.png"
    fake.write_text("shopping list: eggs, milk\n", encoding="utf-8")
    drop(page, file_mime(fake))
    strip = page.attachment_strip
    qtbot.waitUntil(lambda: bool(strip.error_text), timeout=WAIT_MS)
    assert strip.error_text.startswith("“notes.png” is not an image: it looks like a text file.")
    assert strip.error_bar.isVisible()
    assert len(page.attachments) == 0
    assert page.composer.toPlainText() == "Please read my notes"
    strip.dismiss_button.click()
    assert not strip.error_bar.isVisible()


def test_warns_but_allows_images_for_a_model_not_marked_for_vision(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    page.model_picker.setCurrentText("demo-chat")
    page.attach_image(str(photo(tmp_path / "x.png", (100, 100), fmt="PNG")))
    wait_ready(qtbot, page, 1)
    warning = page.attachment_strip.warning
    assert warning.isVisible()
    assert warning.text().startswith("demo-chat is not marked as accepting images")
    page.model_picker.setCurrentText("demo-vision")
    assert not warning.isVisible()
    page.set_vision_models(["demo-chat"])  # the provider marks its alias as vision-capable
    page.model_picker.setCurrentText("demo-chat")
    assert not warning.isVisible()


def test_every_image_control_has_a_name_and_an_accessible_name(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    page.attach_image(str(photo(tmp_path / "x.png", (100, 100), fmt="PNG")))
    wait_ready(qtbot, page, 1)
    controls = [page.attach_button, page.composer_bar.options_button]
    tile = page.attachment_strip.tiles[0]
    controls += [tile.detail_combo, tile.left_button, tile.right_button, tile.remove_button]
    controls += [tile.link_button, page.attachment_strip.dismiss_button]
    for control in controls:
        assert control.objectName(), control
        assert control.accessibleName(), control.objectName()
    actions = page.composer_bar.options_menu.actions()
    assert {a.objectName() for a in actions if a.isCheckable()} == {
        "imagePolicyAllAction",
        "imagePolicyLastAction",
        "imagePolicyNoneAction",
        "sendOriginalAction",
    }
