"""The create panel: the parameters follow the model; Generate, keys and prompt history."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QToolButton
from pytestqt.qtbot import QtBot

from studio.ui.images.param_editors import ChoiceEditor, IntEditor, SeedEditor, SizeEditor

from .conftest import Studio, wait_finished
from .helpers import cards, fill, press_generate


def shown_params(studio: Studio) -> set[str]:
    return {
        name for name, editor in studio.page.form.editors.items() if editor.isVisibleTo(studio.page)
    }


def label_text(studio: Studio, name: str) -> str:
    label = studio.page.findChild(QLabel, f"param_{name}_label")
    assert label is not None and label.isVisibleTo(studio.page)
    return label.text()


def test_parameters_change_with_the_model(make_studio: Callable[..., Studio]) -> None:
    studio = make_studio()
    page = studio.page
    picker = page.findChild(QComboBox, "imageModelPicker")
    negative = page.findChild(QPlainTextEdit, "negativePrompt")
    extra = page.findChild(QPlainTextEdit, "extraJson")

    picker.setCurrentText("gpt-image-1")
    assert {"size", "quality", "background", "output_format", "n"} <= shown_params(studio)
    assert "style" not in shown_params(studio)
    assert label_text(studio, "quality") == "Quality"
    quality = page.form.editors["quality"]
    assert isinstance(quality, ChoiceEditor)
    assert [quality.itemData(i) for i in range(quality.count())] == [
        "low",
        "medium",
        "high",
        "auto",
    ]
    n = page.form.editors["n"]
    assert isinstance(n, IntEditor) and n.maximum() == 10
    assert not negative.isVisibleTo(page) and not extra.isVisibleTo(page)

    picker.setCurrentText("dall-e-3")
    assert {"size", "quality", "style"} <= shown_params(studio)
    assert "background" not in shown_params(studio) and "n" not in shown_params(studio)
    style = page.form.editors["style"]
    assert isinstance(style, ChoiceEditor) and style.value() == "vivid"
    sent = page.create_panel.inputs().values
    assert "background" not in sent and "n" not in sent and sent["style"] == "vivid"

    picker.setCurrentText("nano-banana-2")
    assert {"aspect_ratio", "image_size"} <= shown_params(studio)
    assert "size" not in shown_params(studio)
    image_size = page.form.editors["image_size"]
    assert isinstance(image_size, ChoiceEditor)
    assert [image_size.itemText(i) for i in range(image_size.count())] == ["1K", "2K", "4K"]

    picker.setCurrentText("some-relay-model-x")
    assert shown_params(studio) == {"size", "n", "seed"}
    assert isinstance(page.form.editors["size"], SizeEditor)
    assert isinstance(page.form.editors["seed"], SeedEditor)
    assert extra.isVisibleTo(page)
    assert "does not know" in page.findChild(QLabel, "modelNote").text()

    picker.setCurrentText("demo-image")
    assert negative.isVisibleTo(page)


def test_size_chips_and_seed_controls(make_studio: Callable[..., Studio]) -> None:
    studio = make_studio()
    page = studio.page
    page.findChild(QComboBox, "imageModelPicker").setCurrentText("seedream-3.0")
    size = page.form.editors["size"]
    assert isinstance(size, SizeEditor)
    chip = next(c for c in size.chips if c.text() == "1664×936")
    chip.click()
    assert size.value() == "1664x936" and chip.isChecked()
    size.width_box.setValue(1200)
    assert size.value() == "1200x936" and not chip.isChecked()

    seed = page.form.editors["seed"]
    assert isinstance(seed, SeedEditor) and seed.is_random
    first = page.create_panel.inputs().values["seed"]
    second = page.create_panel.inputs().values["seed"]
    assert isinstance(first, int) and seed.box.value() == second  # the seed sent is shown
    page.findChild(QToolButton, "param_seed_dice").click()
    assert not seed.is_random
    rolled = seed.box.value()
    assert (
        page.create_panel.inputs().values["seed"]
        == rolled
        == page.create_panel.inputs().values["seed"]
    )


def test_generate_needs_a_prompt_and_valid_extra_fields(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    button = page.findChild(QToolButton, "generateButton")
    prompt = page.findChild(QPlainTextEdit, "imagePrompt")
    page.findChild(QComboBox, "imageModelPicker").setCurrentText("my-own-model")
    prompt.clear()
    assert not button.isEnabled()
    assert button.toolTip() == "Write a prompt first"
    qtbot.keyClicks(prompt, "a red kite")
    assert button.isEnabled()

    extra = page.findChild(QPlainTextEdit, "extraJson")
    hint = page.findChild(QLabel, "extraJsonHint")
    extra.setPlainText('{"steps": 30')
    assert not button.isEnabled() and hint.isVisibleTo(page)
    assert "JSON" in button.toolTip()
    extra.setPlainText("[1, 2]")
    assert not button.isEnabled() and "object" in hint.text()
    extra.setPlainText('{"steps": 30}')
    assert button.isEnabled() and not hint.isVisibleTo(page)
    assert json.loads(page.create_panel.inputs().extra_json or "") == {"steps": 30}


def test_ctrl_enter_generates_and_arrows_walk_the_prompt_history(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    prompt = page.findChild(QPlainTextEdit, "imagePrompt")
    fill(page, "demo-image", "first: a quiet harbour", size="32x32")
    qtbot.keyClick(prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(cards(page)) == 1
    prompt.setPlainText("second: 山间小屋")
    qtbot.keyClick(prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(cards(page)) == 2
    wait_finished(qtbot, *(card.job for card in cards(page)))

    prompt.setPlainText("a draft")
    prompt.moveCursor(prompt.textCursor().MoveOperation.Start)
    qtbot.keyClick(prompt, Qt.Key.Key_Up)
    assert prompt.toPlainText() == "second: 山间小屋"
    qtbot.keyClick(prompt, Qt.Key.Key_Up)
    assert prompt.toPlainText() == "first: a quiet harbour"
    qtbot.keyClick(prompt, Qt.Key.Key_Up)  # nothing older: stays
    assert prompt.toPlainText() == "first: a quiet harbour"
    qtbot.keyClick(prompt, Qt.Key.Key_Down)
    assert prompt.toPlainText() == "second: 山间小屋"
    qtbot.keyClick(prompt, Qt.Key.Key_Down)
    assert prompt.toPlainText() == "a draft"

    prompt.setPlainText("line one\nline two")
    prompt.moveCursor(prompt.textCursor().MoveOperation.End)
    qtbot.keyClick(prompt, Qt.Key.Key_Up)  # not on the first line: an ordinary cursor move
    assert prompt.toPlainText() == "line one\nline two"


def test_every_control_has_a_name_and_an_accessible_name(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QLineEdit,
        QListView,
        QWidget,
    )

    studio = make_studio()
    page = studio.page
    fill(page, "demo-fault-500", "a failing job to show every card button")
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)
    for model in ("demo-image", "gpt-image-1"):
        page.findChild(QComboBox, "imageModelPicker").setCurrentText(model)
        kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox, QListView)
        controls: list[QWidget] = [
            w for w in page.findChildren(QWidget) if isinstance(w, kinds) and w.window() is page
        ]
        internal = (QComboBox, QAbstractSpinBox, QLineEdit)  # their own editors and buttons
        missing = [
            f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
            for w in controls
            if not isinstance(w.parent(), internal)
            and w.objectName() not in ("qt_scrollarea_hcontainer", "qt_scrollarea_vcontainer")
            and (not w.objectName() or not w.accessibleName())
        ]
        assert not missing, missing
