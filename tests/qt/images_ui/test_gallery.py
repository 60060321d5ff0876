"""The gallery: actions, reuse, delete with undo, filters, restart, viewer, drag out."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from studio.ui.images.param_editors import SeedEditor, SizeEditor

from .conftest import WAIT_MS, Studio, thumbnails_loaded, wait_finished
from .helpers import cards, fill, press_generate


def generate(
    studio: Studio, qtbot: QtBot, prompt: str, model: str = "demo-image", **values: object
) -> None:
    values.setdefault("size", "40x40")
    fill(studio.page, model, prompt, **values)
    press_generate(studio.page)
    wait_finished(qtbot, cards(studio.page)[0].job)
    assert cards(studio.page)[0].job.state == "done"


def click_cell(qtbot: QtBot, view: QListView, number: int) -> None:
    """Click picture ``number`` (job headers are rows too, but not pictures)."""
    model = view.model()
    rect = view.visualRect(model.index(model.row_at(number), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_reuse_all_parameters_fills_the_form(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "A lantern festival over the river", size="80x48")
    seed = page.form.editors["seed"]
    assert isinstance(seed, SeedEditor)
    seed.set_value(4242)
    page.findChild(QPlainTextEdit, "negativePrompt").setPlainText("blurry, text")
    page.findChild(QPlainTextEdit, "extraJson").setPlainText('{"steps": 7}')
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)

    # Change everything, then reuse the picture.
    fill(page, "gpt-image-1", "something else entirely", quality="high")
    view = page.findChild(QListView, "imageGallery")
    qtbot.waitUntil(lambda: view.model().item_count == 1, timeout=WAIT_MS)
    click_cell(qtbot, view, 0)
    button = page.findChild(QToolButton, "reuseParametersButton")
    assert button.isEnabled()
    button.click()

    assert page.findChild(QComboBox, "imageModelPicker").currentText() == "demo-image"
    assert page.findChild(QPlainTextEdit, "imagePrompt").toPlainText() == (
        "A lantern festival over the river"
    )
    size = page.form.editors["size"]
    assert isinstance(size, SizeEditor) and size.value() == "80x48"
    seed = page.form.editors["seed"]
    assert isinstance(seed, SeedEditor) and seed.value() == 4242 and not seed.is_random
    assert not page.findChild(QCheckBox, "param_seed_random").isChecked()
    assert page.findChild(QPlainTextEdit, "negativePrompt").toPlainText() == "blurry, text"
    assert json.loads(page.findChild(QPlainTextEdit, "extraJson").toPlainText()) == {"steps": 7}
    assert page.create_panel.inputs().values["seed"] == 4242


def test_details_show_the_selection_and_copy_the_prompt(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    generate(studio, qtbot, "A teapot shaped like a whale", seed=99)
    view = page.findChild(QListView, "imageGallery")
    assert page.findChild(QLabel, "detailsEmpty").isVisibleTo(page)
    click_cell(qtbot, view, 0)
    assert page.findChild(QLabel, "details_prompt").text() == "A teapot shaped like a whale"
    assert page.findChild(QLabel, "details_model").text() == "demo-image"
    assert page.findChild(QLabel, "details_size").text() == "40 × 40"
    assert page.findChild(QLabel, "details_seed").text() == "99"
    page.findChild(QToolButton, "copyPromptButton").click()
    assert QGuiApplication.clipboard().text() == "A teapot shaped like a whale"

    page.findChild(QToolButton, "copyImageButton").click()
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull(), timeout=WAIT_MS)
    assert QGuiApplication.clipboard().image().size().width() == 40


def test_delete_then_undo(make_studio: Callable[..., Studio], qtbot: QtBot) -> None:
    studio = make_studio()
    page = studio.page
    generate(studio, qtbot, "An old map of the moon")
    generate(studio, qtbot, "A new map of Mars")
    view = page.findChild(QListView, "imageGallery")
    qtbot.waitUntil(lambda: view.model().item_count == 2, timeout=WAIT_MS)
    click_cell(qtbot, view, 0)
    deleted = page.gallery.current_item
    assert deleted is not None and deleted.prompt == "A new map of Mars"
    page.findChild(QToolButton, "deleteImageButton").click()

    assert view.model().item_count == 1
    assert view.model().item_at(0).prompt == "An old map of the moon"
    bar = page.findChild(QLabel, "undoMessage")
    assert bar.isVisibleTo(page) and "deleted" in bar.text()
    assert page.findChild(QLabel, "galleryCount").text() == "1 picture"
    assert "1 picture" in page.findChild(QLabel, "galleryCount").text()
    assert deleted.path.is_file()  # kept for undo

    page.findChild(QToolButton, "undoDeleteButton").click()
    assert view.model().item_count == 2
    assert not bar.isVisibleTo(page)
    assert page.gallery.current_item is not None
    assert page.gallery.current_item.id == deleted.id

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # the keyboard way
    assert view.model().item_count == 1


def test_the_gallery_survives_a_restart(
    make_studio: Callable[..., Studio], qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_studio(tmp_path / "profile")
    generate(first, qtbot, "雨后的竹林，清晨的薄雾", n=2)
    qtbot.waitUntil(lambda: first.page.gallery.model.item_count == 2, timeout=WAIT_MS)
    first.close()

    second = make_studio(tmp_path / "profile")
    model = second.page.gallery.model
    assert model.item_count == 2
    assert {item.prompt for item in model.items()} == {"雨后的竹林，清晨的薄雾"}
    qtbot.waitUntil(lambda: thumbnails_loaded(second.page), timeout=WAIT_MS)
    assert "2 pictures" in second.page.findChild(QLabel, "galleryCount").text()
    # The prompt history came back too.
    prompt = second.page.findChild(QPlainTextEdit, "imagePrompt")
    prompt.clear()
    qtbot.keyClick(prompt, Qt.Key.Key_Up)
    assert prompt.toPlainText() == "雨后的竹林，清晨的薄雾"


def test_filter_by_text_and_model(make_studio: Callable[..., Studio], qtbot: QtBot) -> None:
    studio = make_studio()
    page = studio.page
    generate(studio, qtbot, "一只橘猫在雪地里奔跑")
    generate(studio, qtbot, "A lighthouse at dusk")
    generate(studio, qtbot, "An orange cat on a roof", model="demo-image-edit")
    view = page.findChild(QListView, "imageGallery")
    qtbot.waitUntil(lambda: view.model().item_count == 3, timeout=WAIT_MS)
    search = page.findChild(QLineEdit, "gallerySearch")

    search.setText("橘猫")  # as an input method commits it
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert [item.prompt for item in view.model().items()] == ["一只橘猫在雪地里奔跑"]
    search.clear()
    qtbot.keyClicks(search, "cat")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert view.model().item_count == 1  # "orange cat" only; 橘猫 is not "cat"

    search.clear()
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert view.model().item_count == 3
    models = page.findChild(QComboBox, "galleryModelFilter")
    models.setCurrentIndex(models.findText("demo-image-edit"))
    assert [item.prompt for item in view.model().items()] == ["An orange cat on a roof"]
    qtbot.keyClicks(search, "lighthouse")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert view.model().item_count == 0
    empty = page.findChild(QLabel, "galleryEmpty")
    assert empty.isVisibleTo(page) and "match" in empty.text()


def test_viewer_zooms_and_walks_the_gallery(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    generate(studio, qtbot, "A dragon kite", size="300x200")
    generate(studio, qtbot, "A paper crane", size="120x160")
    view = page.findChild(QListView, "imageGallery")
    qtbot.waitUntil(lambda: view.model().item_count == 2, timeout=WAIT_MS)
    rect = view.visualRect(view.model().index(view.model().row_at(1), 0))
    # A real double click: QTest's mouseDClick needs the press that precedes it.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = page.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.item.prompt == "A dragon kite"
    assert viewer.findChild(QLabel, "viewer_size").text() == "300 × 200"
    qtbot.waitUntil(lambda: viewer.full_loaded, timeout=WAIT_MS)

    viewer.findChild(QToolButton, "viewerActualSizeButton").click()
    assert viewer.canvas.zoom == 1.0
    assert viewer.findChild(QLabel, "zoomLabel").text() == "100 %"
    viewer.findChild(QToolButton, "viewerZoomInButton").click()
    assert viewer.canvas.zoom > 1.0
    viewer.findChild(QToolButton, "viewerFitButton").click()
    assert viewer.canvas.fitting

    prev = viewer.findChild(QToolButton, "viewerPrevButton")
    prev.click()
    assert viewer.item.prompt == "A paper crane" and not prev.isEnabled()
    viewer.findChild(QToolButton, "viewerNextButton").click()
    assert viewer.item.prompt == "A dragon kite"
    viewer.findChild(QToolButton, "viewer_prompt_copy").click()
    assert QGuiApplication.clipboard().text() == "A dragon kite"
    viewer.close()


def test_drag_out_carries_the_file(make_studio: Callable[..., Studio], qtbot: QtBot) -> None:
    studio = make_studio()
    generate(studio, qtbot, "A compass rose")
    model = studio.page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 1, timeout=WAIT_MS)
    mime = model.mimeData([model.index(model.row_at(0))])
    [url] = mime.urls()
    assert url.isLocalFile() and Path(url.toLocalFile()) == model.item_at(0).path
    assert Path(url.toLocalFile()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert model.flags(model.index(model.row_at(0))) & Qt.ItemFlag.ItemIsDragEnabled


def test_use_in_chat_and_edit_hooks(make_studio: Callable[..., Studio], qtbot: QtBot) -> None:
    studio = make_studio()
    page = studio.page
    generate(studio, qtbot, "A bonsai tree")
    view = page.findChild(QListView, "imageGallery")
    qtbot.waitUntil(lambda: view.model().item_count == 1, timeout=WAIT_MS)
    click_cell(qtbot, view, 0)
    path = str(view.model().item_at(0).path)

    edit = page.findChild(QToolButton, "editImageButton")
    assert not edit.isEnabled() and "editing studio" in edit.toolTip()
    with qtbot.waitSignal(page.use_in_chat_requested) as chat:
        page.findChild(QToolButton, "useInChatButton").click()
    assert chat.args == [path]

    edited: list[str] = []
    page.edit_requested.connect(edited.append)
    first = view.model().index(view.model().row_at(0))
    view.customContextMenuRequested.emit(view.visualRect(first).center())
    assert edit.isEnabled()
    edit.click()
    assert edited == [path]


def test_show_in_folder_and_save_as(
    make_studio: Callable[..., Studio], qtbot: QtBot, tmp_path: Path
) -> None:
    studio = make_studio()
    page = studio.page
    generate(studio, qtbot, "A hot-air balloon")
    view = page.findChild(QListView, "imageGallery")
    qtbot.waitUntil(lambda: view.model().item_count == 1, timeout=WAIT_MS)
    click_cell(qtbot, view, 0)
    item = view.model().item_at(0)
    actions = page.gallery.gallery_actions
    opened = []
    actions.open_url = lambda url: opened.append(url.toLocalFile()) or True
    page.findChild(QToolButton, "showInFolderButton").click()
    assert opened == [str(item.path.parent)]

    target = tmp_path / "saved" / "balloon.png"
    target.parent.mkdir()
    actions.choose_save_path = lambda _parent, _item: target
    with qtbot.waitSignal(page.notice, timeout=WAIT_MS) as notice:
        page.findChild(QToolButton, "saveImageButton").click()
    assert "Saved" in notice.args[0]
    assert target.read_bytes() == item.path.read_bytes()


def test_a_missing_file_shows_as_broken_not_as_an_error(
    make_studio: Callable[..., Studio], qtbot: QtBot, tmp_path: Path
) -> None:
    from studio.ui.images.gallery_model import FailedRole

    first = make_studio(tmp_path / "profile")
    generate(first, qtbot, "A picture whose file goes missing")
    path = first.page.gallery.model.item_at(0).path
    first.close()
    path.unlink()

    second = make_studio(tmp_path / "profile")
    model = second.page.gallery.model
    assert model.item_count == 1
    cell = model.index(model.row_at(0))
    model.data(cell, Qt.ItemDataRole.DecorationRole)  # asks for the thumbnail
    qtbot.waitUntil(lambda: model.data(cell, FailedRole) is True, timeout=WAIT_MS)
    assert model.data(cell, Qt.ItemDataRole.DecorationRole) is None
