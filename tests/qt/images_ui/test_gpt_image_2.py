"""gpt-image-2 on the Images page: a free W×H size with presets, a one-sentence reason next
to the size when it breaks the model's rules (and no run), and a valid size sent as ``WxH``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QToolButton
from pytestqt.qtbot import QtBot

from studio.ui.images.param_editors import ChoiceEditor, SizeEditor

from .conftest import WAIT_MS, Studio, wait_finished
from .helpers import cards

PRESETS = ["Auto", "1024×1024", "1536×1024", "1024×1536", "2048×2048", "2560×1440"]


def pick_gpt_image_2(studio: Studio, prompt: str = "A paper lantern") -> SizeEditor:
    page = studio.page
    page.findChild(QComboBox, "imageModelPicker").setCurrentText("gpt-image-2")
    page.findChild(QPlainTextEdit, "imagePrompt").setPlainText(prompt)
    size = page.form.editors["size"]
    assert isinstance(size, SizeEditor)
    return size


def test_gpt_image_2_shows_a_free_size_with_presets(make_studio: Callable[..., Studio]) -> None:
    studio = make_studio()
    page = studio.page
    size = pick_gpt_image_2(studio)
    assert size.isVisibleTo(page)
    texts = [chip.text() for chip in size.chips]
    assert texts[1:6] == PRESETS[1:] and texts[-2:] == ["1440×2560", "3840×2160"]
    assert texts[0].lower() == "auto"
    # Auto to start with: the relay picks, the boxes wait.
    assert size.value() == "auto" and size.chips[0].isChecked()
    assert not size.width_box.isEnabled() and not size.height_box.isEnabled()
    background = page.form.editors["background"]
    assert isinstance(background, ChoiceEditor)
    assert [background.itemData(i) for i in range(background.count())] == ["opaque", "auto"]
    assert {"quality", "output_format", "output_compression", "moderation", "n"} <= set(
        page.form.editors
    )
    assert "input_fidelity" not in page.form.editors

    wide = next(chip for chip in size.chips if chip.text() == "3840×2160")
    wide.click()
    assert size.value() == "3840x2160" and wide.isChecked() and size.problem == ""
    assert size.width_box.isEnabled() and size.width_box.singleStep() == 16
    note = page.findChild(QLabel, "param_size_note")
    assert note.isVisibleTo(page) and "experimental" in note.text()
    next(chip for chip in size.chips if chip.text() == "2560×1440").click()
    assert not note.isVisibleTo(page)  # 2560×1440 is the largest size not called experimental


def test_an_invalid_size_is_explained_and_generate_refuses(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    size = pick_gpt_image_2(studio)
    button = page.findChild(QToolButton, "generateButton")
    problem = page.findChild(QLabel, "param_size_problem")
    bottom = page.findChild(QLabel, "generateProblem")
    assert button.isEnabled() and not problem.isVisibleTo(page)

    size.set_value("1000x1024")
    message = "Width and height must be multiples of 16; the nearest size that fits is 992×1024."
    assert problem.isVisibleTo(page) and problem.text() == message
    assert size.problem == message and page.form.problem == message
    assert not button.isEnabled() and button.toolTip() == message
    assert size.width_box.accessibleDescription() == message
    button.click()
    prompt = page.findChild(QPlainTextEdit, "imagePrompt")
    qtbot.keyClick(prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert cards(page) == [] and studio.session.jobs() == []
    assert bottom.isVisibleTo(page) and bottom.text() == message  # said beside Generate too

    for value, words in (
        ("4096x1024", "Neither side may be longer than 3,840 px."),
        ("2048x512", "at most 3 times the shorter one (from 1:3 to 3:1)"),
        ("640x640", "Too small: width × height must be at least 655,360 pixels."),
        ("3840x2400", "Too large: width × height may be at most 8,294,400 pixels."),
    ):
        size.set_value(value)
        assert words in problem.text() and not button.isEnabled()
        assert bottom.text() == problem.text()  # the sentence below follows the control
    size.height_box.setValue(2160)  # 3840×2160: fine again
    assert not problem.isVisibleTo(page) and button.isEnabled()
    assert not bottom.isVisibleTo(page)
    assert studio.session.jobs() == []

    # "auto" has no rules to break, whatever the boxes held.
    size.set_value("1000x1000")
    assert not button.isEnabled()
    size.chips[0].click()
    assert size.value() == "auto" and size.problem == "" and button.isEnabled()


def test_a_valid_size_is_sent_as_w_x_h(make_studio: Callable[..., Studio], qtbot: QtBot) -> None:
    studio = make_studio()
    page = studio.page
    size = pick_gpt_image_2(studio, "A kite over the dunes")
    size.width_box.setValue(640)
    size.height_box.setValue(1024)  # exactly 655,360 pixels: the smallest allowed
    assert size.problem == ""
    page.findChild(QToolButton, "generateButton").click()
    [card] = cards(page)
    assert card.job.request.size == "640x1024" and card.job.request.model == "gpt-image-2"
    wait_finished(qtbot, card.job)
    assert card.job.state == "done", card.job.error
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 1, timeout=WAIT_MS)
    item = model.item_at(0)
    # The demo relay drew what it was asked for; the job keeps what was sent.
    assert (item.width, item.height) == (640, 1024)
    assert item.params["size"] == "640x1024" and item.model == "gpt-image-2"
    assert "background" in item.params and item.params["background"] == "auto"
