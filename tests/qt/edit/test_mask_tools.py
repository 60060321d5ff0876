"""The mask tool bar drives the canvas and follows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QSlider, QToolButton
from pytestqt.qtbot import QtBot

from studio.ui.edit.canvas import EditCanvas, Tool
from studio.ui.edit.mask_tools import MaskToolBar

from .helpers import drag


@pytest.fixture
def tools(canvas: EditCanvas, qtbot: QtBot) -> MaskToolBar:
    bar = MaskToolBar(canvas)
    qtbot.addWidget(bar)
    bar.show()
    return bar


def button(bar: MaskToolBar, name: str) -> QToolButton:
    found = bar.findChild(QToolButton, name)
    assert found is not None, name
    return found


def test_the_contract_names_and_the_shortcuts_in_the_tooltips(tools: MaskToolBar) -> None:
    for name in ("maskBrushButton", "maskEraserButton", "maskInvertButton"):
        assert not button(tools, name).icon().isNull()
    assert "[" in tools.size_slider.toolTip() and "]" in tools.size_slider.toolTip()
    assert "Ctrl+Z" in tools.undo_button.toolTip()
    assert "Ctrl+Shift+Z" in tools.redo_button.toolTip()
    assert "(B)" in button(tools, "maskBrushButton").toolTip()
    assert "(E)" in button(tools, "maskEraserButton").toolTip()


def test_tool_buttons_pick_the_tool_and_follow_the_canvas(
    tools: MaskToolBar, canvas: EditCanvas, qtbot: QtBot
) -> None:
    assert button(tools, "maskBrushButton").isChecked()
    qtbot.mouseClick(button(tools, "maskEraserButton"), Qt.MouseButton.LeftButton)
    assert canvas.tool is Tool.ERASER
    canvas.set_tool(Tool.LASSO)
    assert tools.lasso_button.isChecked() and not button(tools, "maskEraserButton").isChecked()


def test_the_size_slider_and_the_bracket_keys_agree(tools: MaskToolBar, canvas: EditCanvas) -> None:
    slider = tools.findChild(QSlider, "maskSizeSlider")
    assert slider is not None
    slider.setValue(25)
    assert canvas.brush_size == 25
    canvas.set_brush_size(60)
    assert slider.value() == 60 and tools.size_label.text() == "60 px"
    tools.hardness_slider.setValue(10)
    assert canvas.hardness == 10


def test_invert_fill_clear_grow_and_undo_buttons(
    tools: MaskToolBar, canvas: EditCanvas, qtbot: QtBot
) -> None:
    document = canvas.document
    assert not tools.undo_button.isEnabled()
    document.fill_rect(QRect(0, 0, 100, 120))
    qtbot.mouseClick(button(tools, "maskInvertButton"), Qt.MouseButton.LeftButton)
    assert document.value(10, 10) == 0 and document.value(150, 10) == 255
    assert tools.undo_button.isEnabled()
    qtbot.mouseClick(tools.undo_button, Qt.MouseButton.LeftButton)
    assert document.value(10, 10) == 255
    assert tools.redo_button.isEnabled()
    qtbot.mouseClick(tools.redo_button, Qt.MouseButton.LeftButton)
    assert document.value(10, 10) == 0
    qtbot.mouseClick(tools.clear_button, Qt.MouseButton.LeftButton)
    assert document.is_empty()
    qtbot.mouseClick(tools.fill_button, Qt.MouseButton.LeftButton)
    assert document.bounds() == document.rect
    qtbot.mouseClick(tools.clear_button, Qt.MouseButton.LeftButton)
    document.fill_rect(QRect(90, 50, 20, 20))
    tools.amount_spin.setValue(5)
    qtbot.mouseClick(tools.grow_button, Qt.MouseButton.LeftButton)
    assert document.value(86, 60) == 255 and document.value(84, 60) == 0
    qtbot.mouseClick(tools.shrink_button, Qt.MouseButton.LeftButton)
    assert document.value(88, 60) == 0 and document.value(92, 60) == 255
    qtbot.mouseClick(tools.feather_button, Qt.MouseButton.LeftButton)
    assert 0 < document.value(90, 60) < 255


def test_the_overlay_button_hides_the_tint(
    tools: MaskToolBar, canvas: EditCanvas, qtbot: QtBot
) -> None:
    assert tools.overlay_button.isChecked()
    qtbot.mouseClick(tools.overlay_button, Qt.MouseButton.LeftButton)
    assert not canvas.overlay_visible
    canvas.set_overlay_visible(True)
    assert tools.overlay_button.isChecked()
    drag(canvas, [(50, 50)])
    assert not canvas.document.is_empty()


def test_the_style_rules_fill_every_token(tools: MaskToolBar) -> None:
    from studio.ui.edit.canvas_style import edit_stylesheet

    sheet = edit_stylesheet(tools.palette())
    assert "$" not in sheet and "#maskToolBar" in sheet
    tools.setStyleSheet(sheet)
    assert button(tools, "maskBrushButton").isChecked()
