"""CompareView: the slider's divider follows a drag, each side shows its picture, and side
by side the two panes share zoom and position."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studio.ui.edit.compare import CompareView
from studio.ui.edit.compare_canvas import CompareMode

BEFORE = QColor(200, 30, 30)
AFTER = QColor(30, 30, 200)


def solid(color: QColor, width: int = 400, height: int = 300) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(color)
    return image


@pytest.fixture
def compare(qtbot: QtBot) -> CompareView:
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.set_images(solid(BEFORE), solid(AFTER))
    view.show()
    qtbot.waitExposed(view)
    return view


def shown(view: CompareView, x: int, y: int) -> QColor:
    return view.canvas.grab().toImage().pixelColor(x, y)


def test_dragging_the_slider_moves_the_divider(compare: CompareView, qtbot: QtBot) -> None:
    slider = compare.findChild(QWidget, "compareSlider")
    assert slider is compare.slider
    canvas = compare.canvas
    assert compare.divider == 0.5
    middle = QPoint(slider.width() // 2, slider.height() // 2)
    start_x = slider.mapTo(canvas, middle).x()
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    moves: list[float] = []
    compare.divider_moved.connect(moves.append)
    y = middle.y()
    for step in range(1, 6):  # the pointer moves on the screen, the handle under it
        QTest.mouseMove(slider, slider.mapFrom(canvas, QPoint(start_x - 20 * step, y)))
    end = slider.mapFrom(canvas, QPoint(start_x - 100, y))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert len(moves) == 5
    assert canvas.divider_x() == start_x - 100
    assert slider.geometry().center().x() in range(canvas.divider_x() - 1, canvas.divider_x() + 1)
    y = canvas.height() // 4
    assert shown(compare, canvas.divider_x() - 20, y) == BEFORE
    assert shown(compare, canvas.divider_x() + 20, y) == AFTER


def test_the_arrow_keys_move_the_divider(compare: CompareView) -> None:
    compare.slider.setFocus()
    QTest.keyClick(compare.slider, Qt.Key.Key_Right)
    assert compare.divider == pytest.approx(0.52, abs=0.005)
    QTest.keyClick(compare.slider, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert compare.divider == pytest.approx(0.42, abs=0.005)


def test_side_by_side_shows_both_with_the_same_zoom_and_pan(
    compare: CompareView, qtbot: QtBot
) -> None:
    qtbot.mouseClick(compare.side_button, Qt.MouseButton.LeftButton)
    assert compare.mode is CompareMode.SIDE_BY_SIDE and not compare.slider.isVisible()
    canvas = compare.canvas
    half = canvas.width() // 2
    y = canvas.height() // 2
    assert shown(compare, half // 2, y) == BEFORE
    assert shown(compare, half + half // 2, y) == AFTER
    compare.set_zoom(0.3)
    y = canvas.height() // 2

    def left_edges() -> tuple[int, int]:
        shot = canvas.grab().toImage()
        left = next(x for x in range(half) if shot.pixelColor(x, y) == BEFORE)
        right = next(x for x in range(half, 2 * half) if shot.pixelColor(x, y) == AFTER)
        return left, right - half

    before_pan = left_edges()
    assert before_pan[0] == before_pan[1] > 0
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 100)
    )
    QTest.mouseMove(canvas, QPoint(330, 110))
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(330, 110)
    )
    after_pan = left_edges()  # panning the right pane moved both
    assert after_pan[0] == after_pan[1] == before_pan[0] + 30


def test_ctrl_0_and_ctrl_1(compare: CompareView) -> None:
    canvas = compare.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert compare.zoom == 1.0
    QTest.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert canvas.view.fitting and compare.zoom <= 1.0


def test_an_after_picture_of_another_size_is_compared_at_the_before_size(
    compare: CompareView,
) -> None:
    compare.set_images(solid(BEFORE), solid(AFTER, 200, 150))
    canvas = compare.canvas
    assert canvas.after.size == canvas.before.size
    right = canvas.divider_x() + (canvas.width() - canvas.divider_x()) // 2
    assert shown(compare, right, canvas.height() // 2) == AFTER
