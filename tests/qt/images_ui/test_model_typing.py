"""Typing an image model's name: the form is rebuilt only when the name is committed or names
a known model that takes other parameters, and the name field never moves under the cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from .conftest import Studio


def test_typing_a_model_name_keeps_the_field_still_and_rebuilds_rarely(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    page = make_studio().page
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # focus moves (and commits) only in the active window
    picker = page.findChild(QComboBox, "imageModelPicker")
    negative = page.findChild(QPlainTextEdit, "negativePrompt")
    picker.setCurrentText("gpt-image-1")
    assert not negative.isVisibleTo(page)
    rebuilds: list[str] = []
    form = page.form
    original = form.set_spec

    def counting(spec: Any, **kwargs: Any) -> None:
        rebuilds.append(spec.id)
        original(spec, **kwargs)

    form.set_spec = counting  # type: ignore[method-assign]
    line = picker.lineEdit()
    line.setFocus()
    line.selectAll()

    def where() -> QPoint:
        return line.mapTo(page, QPoint(0, 0))

    start = where()
    places = []
    for key in "demo-image-edit":
        qtbot.keyClicks(line, key)
        places.append(where())
    assert picker.currentText() == "demo-image-edit"
    assert set(places) == {start}  # the field never moved while typed in
    # Once, for "demo-image" (a known model with other parameters); "demo-image-edit" takes
    # the same ones, and the half-typed names in between are not models.
    assert rebuilds == ["demo-image"]
    assert "aspect_ratio" in form.editors
    assert not negative.isVisibleTo(page)  # above the field: waits for the name

    qtbot.keyClick(line, Qt.Key.Key_Return)  # committed
    assert negative.isVisibleTo(page)
    assert rebuilds == ["demo-image"]

    line.selectAll()
    qtbot.keyClicks(line, "my-relay-model")
    assert rebuilds == ["demo-image"]  # not a known model: nothing changes while typing
    page.prompt.setFocus()  # leaving the field commits the name
    assert rebuilds == ["demo-image", "my-relay-model"]
    assert set(form.editors) == {"size", "n", "seed"}
    assert not negative.isVisibleTo(page)
