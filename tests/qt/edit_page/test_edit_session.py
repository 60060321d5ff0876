"""A whole editing session in the window against the demo relay, driven as a person would:
open a picture, paint a mask, apply, branch, compare, restart and find it all again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from studio.ui.edit.canvas import EditCanvas
from studio.ui.edit.page import EditPage

WAIT_MS = 20_000


def photo(path: Path, size: tuple[int, int] = (256, 192)) -> Path:
    """A real picture file: four coloured quarters."""
    image = Image.new("RGB", size, (40, 90, 200))
    w, h = size
    image.paste((220, 60, 40), (0, 0, w // 2, h // 2))
    image.paste((60, 200, 90), (w // 2, h // 2, w, h))
    image.save(path, "PNG")
    return path


def stroke(canvas: EditCanvas, points: list[tuple[float, float]]) -> None:
    """A left-button stroke through image points."""
    where = [canvas.map_from_image(QPointF(x, y)).toPoint() for x, y in points]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where[0])
    for point in where[1:]:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where[-1])


def open_picture(qtbot: QtBot, page: EditPage, path: Path) -> None:
    with qtbot.waitSignal(page.library.opened, timeout=WAIT_MS):
        page.open_image(str(path))
    qtbot.waitUntil(lambda: not page.canvas.image.isNull(), timeout=WAIT_MS)


def apply_round(qtbot: QtBot, page: EditPage, prompt: str) -> tuple[str, str, str]:
    editor = page.findChild(QPlainTextEdit, "editPrompt")
    editor.setPlainText(prompt)
    assert page.document is not None
    with qtbot.waitSignal(page.document.round_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(page.findChild(QPushButton, "applyEditButton"), Qt.MouseButton.LeftButton)
    return tuple(finished.args)  # type: ignore[return-value]


def pick_model(page: EditPage, model: str) -> None:
    picker = page.findChild(QComboBox, "editModelPicker")
    picker.setCurrentIndex(picker.findData(model))


def test_a_session_with_two_rounds_a_branch_a_compare_and_a_restart(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    db_path = tmp_path / "edit.sqlite3"
    studio = make_studio(db_path=db_path)
    window = studio.window
    page: EditPage = window.edit_page
    assert page.objectName() == "editPage"
    window.navigation.select(2)
    source = photo(tmp_path / "photo.png")
    open_picture(qtbot, page, source)
    assert page.canvas.image.size().width() == 256

    # The remix model changes every pixel; keeping the outside puts the original back.
    pick_model(page, "demo-image-remix")
    page.canvas.set_brush_size(30)
    page.canvas.set_hardness(100)
    stroke(page.canvas, [(40.0, 40.0), (90.0, 40.0)])
    assert page.canvas.document.value(60, 40) == 255
    keep = page.findChild(QCheckBox, "keepOutsideMaskCheck")
    qtbot.waitUntil(keep.isEnabled)
    assert keep.isChecked()
    status, message, _details = apply_round(qtbot, page, "a red balloon")
    assert status == "done", message
    document = page.document
    assert document is not None
    results = [v for v in document.state.versions if v.round_id is not None]
    assert len(results) == 1
    first = results[0]
    assert first.raw_hash is not None  # the unblended result is kept too
    shown = Image.open(page.library.image_path(first.image_hash)).convert("RGB")
    original = Image.open(source).convert("RGB")
    assert shown.getpixel((230, 170)) == original.getpixel((230, 170))  # far outside the mask
    raw = Image.open(page.library.image_path(first.raw_hash)).convert("RGB")
    assert raw.getpixel((230, 170)) != original.getpixel((230, 170))
    assert page.center.currentWidget() is page.compare  # the result is compared with its base

    # Continue from the result: a second round on it.
    page.versions.continue_from.emit(first.id)
    qtbot.waitUntil(lambda: page.document.session.base_version_id == first.id, timeout=WAIT_MS)
    pick_model(page, "demo-image-edit")
    status, message, _ = apply_round(qtbot, page, "now in blue")
    assert status == "done", message
    # A branch from the source.
    root = next(v for v in page.document.state.versions if v.round_id is None)
    page.versions.continue_from.emit(root.id)
    qtbot.waitUntil(lambda: page.document.session.base_version_id == root.id, timeout=WAIT_MS)
    status, message, _ = apply_round(qtbot, page, "a green kite instead")
    assert status == "done", message
    versions = page.document.state.versions
    assert len(versions) == 4
    children = {v.id: [c.id for c in versions if c.parent_id == v.id] for v in versions}
    assert len(children[root.id]) == 2  # the branch is kept
    assert page.versions.node(first.id) is not None

    # Compare any two versions: the slider view shows them.
    page.versions.compare_requested.emit(root.id, versions[-1].id)
    assert page.center.currentWidget() is page.compare
    assert page.compare.slider.objectName() == "compareSlider"
    page.show_canvas()
    qtbot.waitUntil(
        lambda: not page._mask_timer.isActive() and not page._mask_saves, timeout=WAIT_MS
    )
    run_mask = page.canvas.document.to_png()
    session_id = page.document.id
    tree = [(v.id, v.parent_id) for v in page.document.state.versions]
    run_settle(qtbot, page)

    # Restart: the session comes back with its tree and its mask.
    again = make_studio(db_path=db_path)
    other: EditPage = again.window.edit_page
    assert session_id in other.sessions.session_ids()
    other.sessions.session_opened.emit(session_id)
    assert other.document is not None
    qtbot.waitUntil(lambda: not other.canvas.image.isNull(), timeout=WAIT_MS)
    assert [(v.id, v.parent_id) for v in other.document.state.versions] == tree
    assert other.document.state.mask == run_mask
    assert other.canvas.document.to_png() == run_mask


def run_settle(qtbot: QtBot, page: EditPage) -> None:
    """Wait until the page's saves are in."""
    document = page.document
    assert document is not None
    qtbot.waitUntil(lambda: not document._chores, timeout=WAIT_MS)


def test_a_model_without_masks_says_so_before_paying(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page: EditPage = make_studio().window.edit_page
    open_picture(qtbot, page, photo(tmp_path / "p.png"))
    pick_model(page, "demo-banana")
    note = page.round.capability.text()
    assert "Takes no mask" in note
    assert page.tray.limit == 3
    params = set(page.round.form.editors)
    assert params == {"aspect_ratio"}


def test_an_empty_prompt_is_refused_without_a_round(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page: EditPage = make_studio().window.edit_page
    open_picture(qtbot, page, photo(tmp_path / "p.png"))
    assert page.document is not None
    with qtbot.waitSignal(page.document.problem, timeout=WAIT_MS) as problem:
        qtbot.mouseClick(page.findChild(QPushButton, "applyEditButton"), Qt.MouseButton.LeftButton)
    assert problem.args[0] == "Write what to change first."
    assert page.document.state.rounds == ()


def test_a_broken_file_says_what_happened_and_creates_nothing(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page: EditPage = make_studio().window.edit_page
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really")
    with qtbot.waitSignal(page.library.problem, timeout=WAIT_MS) as problem:
        page.open_image(str(broken))
    assert "broken.png" in problem.args[0]
    assert page.library.summaries() == []
    assert page.document is None


def test_a_version_goes_to_the_gallery_and_out_as_a_png_with_its_prompts(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    studio = make_studio()
    page: EditPage = studio.window.edit_page
    open_picture(qtbot, page, photo(tmp_path / "p.png"))
    pick_model(page, "demo-image-edit")
    stroke(page.canvas, [(60.0, 60.0), (120.0, 60.0)])
    status, message, _ = apply_round(qtbot, page, "a lighthouse")
    assert status == "done", message
    document = page.document
    assert document is not None
    (result,) = [v for v in document.state.versions if v.round_id is not None]

    gallery = studio.services.image_studio
    with qtbot.waitSignal(gallery.gallery_changed, timeout=WAIT_MS):
        page.versions.add_to_gallery.emit(result.id)
    items = studio.window.images_page.gallery.model.rowCount()
    assert items >= 1

    target = tmp_path / "out.png"
    document.export(result.id, target)
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 0, timeout=WAIT_MS)
    exported = Image.open(target)
    assert exported.format == "PNG"
    exported.load()  # text chunks after the pixels are read with them
    assert "a lighthouse" in " ".join(str(v) for v in exported.text.values())  # type: ignore[attr-defined]

    sent: list[str] = []
    page.use_in_chat_requested.connect(sent.append)
    page.versions.send_to_chat.emit(result.id)
    assert sent and Path(sent[0]).is_file()


def test_a_version_opens_as_a_new_session(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page: EditPage = make_studio().window.edit_page
    open_picture(qtbot, page, photo(tmp_path / "p.png"))
    pick_model(page, "demo-image-edit")
    stroke(page.canvas, [(60.0, 60.0), (120.0, 60.0)])
    status, message, _ = apply_round(qtbot, page, "a boat")
    assert status == "done", message
    first = page.document
    assert first is not None
    (result,) = [v for v in first.state.versions if v.round_id is not None]
    menu = page.versions.context_menu(result.id)
    (action,) = [a for a in menu.actions() if a.text() == "Open as a new session"]
    with qtbot.waitSignal(page.library.opened, timeout=WAIT_MS):
        action.trigger()
    second = page.document
    assert second is not None and second.id != first.id
    (source,) = second.state.versions
    assert (source.width, source.height) == (result.width, result.height)
    assert len(page.library.summaries()) == 2


def test_a_mask_painted_just_before_quitting_is_kept(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path, run: Callable[..., Any]
) -> None:
    db_path = tmp_path / "quit.sqlite3"
    studio = make_studio(db_path=db_path)
    page: EditPage = studio.window.edit_page
    open_picture(qtbot, page, photo(tmp_path / "p.png"))
    page.canvas.set_hardness(100)
    stroke(page.canvas, [(30.0, 100.0), (90.0, 100.0)])
    assert page._mask_timer.isActive()  # not saved yet: the user quits at once
    session_id = page.document.id if page.document else 0
    page.shutdown()
    run(studio.services.edits.aclose())

    other: EditPage = make_studio(db_path=db_path).window.edit_page
    other.sessions.session_opened.emit(session_id)
    assert other.document is not None and other.document.state.mask is not None
    qtbot.waitUntil(lambda: not other.canvas.image.isNull(), timeout=WAIT_MS)
    assert other.canvas.document.value(60, 100) == 255


def test_the_contract_object_names_are_there(make_studio: Callable[..., Any]) -> None:
    from PySide6.QtWidgets import QWidget

    window = make_studio().window
    window.navigation.select(2)
    names = {w.objectName() for w in window.edit_page.findChildren(QWidget)}
    names.add(window.edit_page.objectName())
    contract = {
        "editPage",
        "editCanvas",
        "maskBrushButton",
        "maskEraserButton",
        "maskInvertButton",
        "referenceTray",
        "editPrompt",
        "editModelPicker",
        "applyEditButton",
        "versionTree",
        "compareSlider",
        "keepOutsideMaskCheck",
    }
    assert contract <= names, contract - names
