"""EditCanvas: strokes from simulated mouse events land on the right mask pixels at any zoom
and after a pan; tools, keys, wheel zoom and the overlay."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.ui.edit.canvas import EditCanvas, Tool

from .helpers import at, drag, picture


def widget_pixel(canvas: EditCanvas, x: float, y: float) -> QColor:
    """The colour the canvas shows over image point (x, y)."""
    shot = canvas.grab().toImage()
    return shot.pixelColor(at(canvas, x, y))


def test_it_fits_the_picture_and_keeps_the_contract_name(canvas: EditCanvas) -> None:
    assert canvas.objectName() == "editCanvas"
    assert canvas.zoom == 2.0  # 200×120 in 400×300
    assert canvas.document.size == canvas.image.size()


def test_a_stroke_at_zoom_3_after_a_middle_button_pan(canvas: EditCanvas) -> None:
    canvas.set_zoom(3.0)
    start = canvas.map_from_image(QPointF(0, 0))
    QTest.mousePress(
        canvas, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(200, 150)
    )
    QTest.mouseMove(canvas, QPoint(170, 130))
    QTest.mouseRelease(
        canvas, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(170, 130)
    )
    moved = canvas.map_from_image(QPointF(0, 0))
    assert (moved.x() - start.x(), moved.y() - start.y()) == (-30, -20)
    assert canvas.document.is_empty()  # panning paints nothing

    canvas.set_hardness(100)
    canvas.set_brush_size(6)
    drag(canvas, [(60, 60), (80, 60), (100, 60)])
    document = canvas.document
    assert all(document.value(x, 60) == 255 for x in range(60, 101))
    assert document.value(80, 66) == 0 and document.value(56, 60) == 0
    assert document.value(104, 60) == 0
    assert document.undo_stack.count() == 1


def test_space_drag_pans_instead_of_painting(canvas: EditCanvas) -> None:
    canvas.setFocus()
    before = canvas.map_from_image(QPointF(0, 0))
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    drag(canvas, [(50, 50), (70, 60)])
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    after = canvas.map_from_image(QPointF(0, 0))
    assert (after.x() - before.x(), after.y() - before.y()) == (40, 20)
    assert canvas.document.is_empty()
    drag(canvas, [(50, 50)])
    assert canvas.document.value(50, 50) > 0


def test_eraser_tool_and_right_button(canvas: EditCanvas) -> None:
    canvas.document.fill()
    canvas.set_hardness(100)
    canvas.set_brush_size(10)
    canvas.set_tool(Tool.ERASER)
    drag(canvas, [(20, 30), (180, 30)])
    assert canvas.document.value(100, 30) == 0 and canvas.document.value(100, 80) == 255
    canvas.set_tool(Tool.BRUSH)
    drag(canvas, [(20, 80), (180, 80)], button=Qt.MouseButton.RightButton)  # the opposite tool
    assert canvas.document.value(100, 80) == 0 and canvas.document.value(100, 100) == 255


def test_rectangle_and_lasso_from_the_mouse(canvas: EditCanvas) -> None:
    canvas.set_tool(Tool.RECT)
    drag(canvas, [(10, 10), (30, 20), (50, 40)])
    document = canvas.document
    assert document.value(11, 11) == 255 and document.value(49, 39) == 255
    assert document.value(55, 45) == 0
    drag(canvas, [(20, 20), (40, 30)], modifier=Qt.KeyboardModifier.AltModifier)
    assert document.value(30, 25) == 0 and document.value(45, 35) == 255
    canvas.set_tool(Tool.LASSO)
    drag(canvas, [(100, 20), (180, 20), (180, 100), (100, 100)])
    assert document.value(140, 60) == 255 and document.value(190, 110) == 0
    assert document.undo_stack.count() == 3


def test_brackets_change_the_brush_size(canvas: EditCanvas, qtbot: QtBot) -> None:
    canvas.set_brush_size(40)
    canvas.setFocus()
    with qtbot.waitSignal(canvas.brush_size_changed) as blocker:
        QTest.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert blocker.args == [44] and canvas.brush_size == 44
    QTest.keyClick(canvas, Qt.Key.Key_BracketLeft)
    QTest.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert canvas.brush_size < 44
    canvas.set_brush_size(1)
    QTest.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert canvas.brush_size == 1


def test_ctrl_0_fits_and_ctrl_1_shows_100_percent(canvas: EditCanvas, qtbot: QtBot) -> None:
    canvas.setFocus()
    with qtbot.waitSignal(canvas.zoom_changed) as blocker:
        QTest.keyClick(canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [1.0] and not canvas.fitting
    QTest.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert canvas.zoom == 2.0 and canvas.fitting


def test_the_wheel_zooms_around_the_pointer(canvas: EditCanvas, qtbot: QtBot) -> None:
    pointer = at(canvas, 50, 40)
    QTest.mouseMove(canvas, pointer)
    event = QWheelEvent(
        QPointF(pointer),
        QPointF(canvas.mapToGlobal(pointer)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    canvas.wheelEvent(event)
    assert canvas.zoom == 2.5
    still = canvas.map_to_image(QPointF(pointer))
    assert abs(still.x() - 50) < 0.01 and abs(still.y() - 40) < 0.01


def test_ctrl_z_and_ctrl_shift_z(canvas: EditCanvas) -> None:
    canvas.setFocus()
    drag(canvas, [(50, 50), (60, 50)])
    painted = canvas.document.to_png()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.document.is_empty()
    QTest.keyClick(
        canvas,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert canvas.document.to_png() == painted


def test_the_overlay_tints_the_mask_and_can_be_hidden(canvas: EditCanvas, qtbot: QtBot) -> None:
    canvas.set_hardness(100)
    canvas.set_brush_size(20)
    drag(canvas, [(100, 60)])
    plain = widget_pixel(canvas, 20, 20)
    tinted = widget_pixel(canvas, 100, 60)
    base = canvas.image.pixelColor(100, 60)
    assert tinted != base and tinted.red() > base.red()
    assert plain == canvas.image.pixelColor(20, 20)
    with qtbot.waitSignal(canvas.overlay_visibility_changed):
        canvas.set_overlay_visible(False)
    assert widget_pixel(canvas, 100, 60) == base
    drag(canvas, [(150, 60)])  # painting still changes the mask while hidden
    assert canvas.document.value(150, 60) == 255


def test_transparent_pixels_show_a_checkerboard(qtbot: QtBot) -> None:
    canvas = EditCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.set_image(picture(alpha=True))
    canvas.set_overlay_visible(False)
    canvas.show()
    qtbot.waitExposed(canvas)
    shot = canvas.grab().toImage()
    colours = {shot.pixelColor(at(canvas, 150 + dx, 60)).name() for dx in range(0, 16)}
    assert colours == {"#ececec", "#c8c8c8"}


def test_a_new_picture_of_another_size_resets_the_mask(canvas: EditCanvas) -> None:
    drag(canvas, [(50, 50)])
    canvas.set_image(QImage(picture(80, 60)))
    assert canvas.document.is_empty() and canvas.document.size == canvas.image.size()
    assert canvas.document.undo_stack.count() == 0


def test_expanding_the_canvas_grows_the_mask_and_keeps_the_old_pixels_in_place(
    canvas: EditCanvas,
) -> None:
    canvas.set_hardness(100)
    canvas.set_brush_size(10)
    drag(canvas, [(50, 50)])
    canvas.set_zoom(1.5)
    on_screen = canvas.map_from_image(QPointF(50, 50))
    grown = picture(260, 120, alpha=True)
    canvas.expand(grown, QPoint(60, 0))
    document = canvas.document
    assert document.size == grown.size() and document.undo_stack.count() == 0
    assert document.value(110, 50) == 255 and document.value(30, 100) == 255  # moved + new
    assert document.value(150, 100) == 0
    assert canvas.map_from_image(QPointF(110, 50)) == on_screen


def test_zoomed_far_out_the_reduced_tint_follows_new_strokes(canvas: EditCanvas) -> None:
    canvas.set_hardness(100)
    canvas.set_brush_size(40)
    canvas.set_zoom(0.25)
    plain = widget_pixel(canvas, 40, 60)
    base = widget_pixel(canvas, 160, 60)  # the reduced tint is built by this paint
    drag(canvas, [(40, 60)])
    assert widget_pixel(canvas, 40, 60).red() > plain.red()
    assert widget_pixel(canvas, 160, 60) == base
    drag(canvas, [(160, 60)])
    assert widget_pixel(canvas, 160, 60).red() > base.red()
    canvas.document.undo()
    assert widget_pixel(canvas, 160, 60) == base


def test_a_new_picture_of_the_same_size_starts_a_new_mask_history(canvas: EditCanvas) -> None:
    drag(canvas, [(50, 50)])
    canvas.set_image(picture(), keep_mask=True)  # the same picture, its mask kept
    assert canvas.document.value(50, 50) > 0 and canvas.document.undo_stack.count() == 1
    canvas.set_image(picture())
    assert canvas.document.is_empty() and canvas.document.undo_stack.count() == 0
    canvas.document.undo()  # nothing of the other picture comes back
    assert canvas.document.is_empty()
