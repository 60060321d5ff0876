"""The reference tray: labels, the model's limit, reorder, remove, drop and paste."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from studio.ui.edit.panel_mime import REORDER_MIME
from studio.ui.edit.reference_tray import ReferenceTray
from studio.ui.edit.values import TraySlot

from .conftest import WAIT_MS, drop, file_mime, picture, png

BASE_LABEL = "1 · base (the mask applies here)"


def make_tray(qtbot: QtBot, references: int = 3, limit: int = 16) -> ReferenceTray:
    tray = ReferenceTray()
    qtbot.addWidget(tray)
    tray.set_base(TraySlot("base", png(80, 60, 10), 80, 60, "v2"))
    tray.set_references(
        [TraySlot(f"r{i}", png(40, 40, 50 * i), 40, 40, f"ref-{i}.png") for i in range(references)]
    )
    tray.set_limit(limit, "gpt-image-1")
    tray.resize(700, tray.sizeHint().height())
    with qtbot.waitActive(tray, timeout=WAIT_MS):
        tray.show()
        tray.activateWindow()
    return tray


def test_slots_are_labelled_base_first(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    assert tray.objectName() == "referenceTray"
    assert tray.slot_titles() == [BASE_LABEL, "2", "3", "4"]
    assert tray.count_label.text() == "4 / 16"
    assert tray.sent_keys() == ["base", "r0", "r1", "r2"]
    base = tray.tile("base")
    assert base is not None and base.accessibleName() == BASE_LABEL
    assert base.number_label.text() == "1 · base"
    assert base.caption.text() == "the mask applies here"
    assert tray.add_tile.isEnabled()


def test_slots_beyond_the_limit_are_disabled_with_the_reason(qtbot: QtBot) -> None:
    tray = make_tray(qtbot, references=4)
    tray.set_limit(3, "nano-banana")
    assert tray.count_label.text() == "5 / 3"
    assert tray.sent_keys() == ["base", "r0", "r1"]
    unsent = [tray.tile(key) for key in ("r2", "r3")]
    assert all(tile is not None and tile.property("unsent") for tile in unsent)
    assert all(tile is not None and not tile.thumb.isEnabled() for tile in unsent)
    sent = tray.tile("r1")
    assert sent is not None and not sent.property("unsent")
    assert tray.note.text() == "Slots 4–5 won't be sent: nano-banana takes up to 3 images."
    assert not tray.add_tile.isEnabled() and not tray.add_button.isEnabled()
    # The slots beyond the limit can still be moved into it, or removed.
    tile = tray.tile("r3")
    assert tile is not None
    tile.setFocus()
    with qtbot.waitSignal(tray.removed) as removed:
        qtbot.keyClick(tile, Qt.Key.Key_Delete)
    assert removed.args == ["r3"]
    assert tray.note.text() == "Slot 4 won't be sent: nano-banana takes up to 3 images."


def test_a_model_taking_only_the_base_says_so(qtbot: QtBot) -> None:
    tray = make_tray(qtbot, references=0)
    tray.set_limit(1, "demo-image-edit")
    assert tray.count_label.text() == "1 / 1"
    assert "only the base image" in tray.note.text()


def test_keyboard_moves_a_reference_and_keeps_the_base_first(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    tile = tray.tile("r0")
    assert tile is not None
    tile.setFocus()
    with qtbot.waitSignal(tray.order_changed) as changed:
        qtbot.keyClick(tile, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [["r1", "r0", "r2"]]
    assert tray.references() == ["r1", "r0", "r2"]
    assert tray.slot_titles() == [BASE_LABEL, "2", "3", "4"]
    moved = tray.tile("r0")
    assert moved is not None and moved.hasFocus()  # keep moving with the same key
    # Already first among the references: Ctrl+Left on r1 stays; the base never moves.
    first = tray.tile("r1")
    assert first is not None
    first.setFocus()
    with qtbot.assertNotEmitted(tray.order_changed):
        qtbot.keyClick(first, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    base = tray.tile("base")
    assert base is not None
    base.setFocus()
    with qtbot.assertNotEmitted(tray.order_changed), qtbot.assertNotEmitted(tray.removed):
        qtbot.keyClick(base, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(base, Qt.Key.Key_Delete)
    assert tray.sent_keys()[0] == "base"


def test_arrow_keys_walk_the_slots(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    base = tray.tile("base")
    assert base is not None
    base.setFocus()
    qtbot.keyClick(base, Qt.Key.Key_Right)
    second = tray.tile("r0")
    assert second is not None and second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Left)
    assert base.hasFocus()


def test_dragging_a_reference_reorders(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    last = tray.tile("r2")
    assert last is not None
    mime = QMimeData()
    mime.setData(REORDER_MIME, b"r0")
    after_last = last.mapTo(tray, last.rect().center())
    with qtbot.waitSignal(tray.order_changed) as changed:
        event = drop(tray, mime, after_last.x() + last.width() // 2 + 2, after_last.y())
    assert event.isAccepted()
    assert changed.args == [["r1", "r2", "r0"]]
    # Dropped on the base's side: it lands first among the references, after the base.
    base = tray.tile("base")
    assert base is not None
    point = base.mapTo(tray, base.rect().center())
    mime = QMimeData()
    mime.setData(REORDER_MIME, b"r0")
    with qtbot.waitSignal(tray.order_changed) as changed:
        drop(tray, mime, point.x(), point.y())
    assert changed.args == [["r0", "r1", "r2"]]
    assert tray.sent_keys() == ["base", "r0", "r1", "r2"]


def test_remove_by_button_and_by_delete(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    tile = tray.tile("r1")
    assert tile is not None
    tile.setFocus()
    assert tile.remove_button.isVisible()  # shown on focus (and on hover)
    with qtbot.waitSignal(tray.removed) as removed:
        tile.remove_button.click()
    assert removed.args == ["r1"]
    assert tray.references() == ["r0", "r2"]
    assert tray.slot_titles() == [BASE_LABEL, "2", "3"]
    after = tray.tile("r2")
    assert after is not None and after.hasFocus()  # the neighbour takes the focus
    with qtbot.waitSignal(tray.removed) as removed:
        qtbot.keyClick(after, Qt.Key.Key_Delete)
    assert removed.args == ["r2"]
    assert tray.count_label.text() == "2 / 16"
    base = tray.tile("base")
    assert base is not None and base.remove_button.isHidden()


def test_dropping_files_reports_the_pictures_only(
    qtbot: QtBot, png_file: Callable[[str], Path], tmp_path: Path
) -> None:
    tray = make_tray(qtbot)
    first, second = png_file("a.png"), png_file("b.PNG")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    with qtbot.waitSignal(tray.files_dropped) as dropped:
        drop(tray, file_mime(first, notes, second), 20, 20)
    assert dropped.args == [[first, second]]
    # Nothing but a text file: refused, nothing reported.
    with qtbot.assertNotEmitted(tray.files_dropped):
        event = drop(tray, file_mime(notes), 20, 20)
    assert not event.isAccepted()


def test_dropping_image_data_reports_the_bytes(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    data = png(30, 20)
    mime = QMimeData()
    mime.setData("image/png", data)
    with qtbot.waitSignal(tray.image_pasted) as pasted:
        drop(tray, mime, 30, 30)
    assert pasted.args == [data]


def test_ctrl_v_pastes_encoded_bytes(qtbot: QtBot, clean_clipboard: None) -> None:
    tray = make_tray(qtbot)
    data = png(24, 24, 90)
    mime = QMimeData()
    mime.setData("image/png", data)
    QGuiApplication.clipboard().setMimeData(mime)
    tile = tray.tile("r0")
    assert tile is not None
    tile.setFocus()
    with qtbot.waitSignal(tray.image_pasted, timeout=WAIT_MS) as pasted:
        qtbot.keyClick(tile, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert pasted.args == [data]


def test_ctrl_v_of_a_screenshot_arrives_as_png(qtbot: QtBot, clean_clipboard: None) -> None:
    tray = make_tray(qtbot)
    QGuiApplication.clipboard().setImage(picture(33, 21))
    tile = tray.tile("base")
    assert tile is not None
    tile.setFocus()
    with qtbot.waitSignal(tray.image_pasted, timeout=WAIT_MS) as pasted:
        qtbot.keyClick(tile, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    data = pasted.args[0]
    assert data.startswith(b"\x89PNG")
    decoded = QImage.fromData(data)
    assert (decoded.width(), decoded.height()) == (33, 21)


def test_thumbnails_from_bytes_arrive_from_the_worker(qtbot: QtBot) -> None:
    tray = make_tray(qtbot)
    cache = tray.thumbnails.cache
    qtbot.waitUntil(lambda: cache.pixmap("tray:r2") is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not cache.busy, timeout=WAIT_MS)
    tile = tray.tile("r2")
    assert tile is not None
    shown = tile.thumb.pixmap()
    assert not shown.isNull() and shown.toImage().pixelColor(36, 36).value() > 200  # the picture
    # A QImage is used as it is (no decode).
    tray.set_references([TraySlot("q", picture(50, 50), 50, 50)])
    tile = tray.tile("q")
    assert tile is not None and not tile.thumb.pixmap().isNull()
    assert cache.pixmap("tray:q") is None
