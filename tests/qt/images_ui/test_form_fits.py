"""The Images page shows what it holds: a whole seed, every label of the form, the whole
delete toast, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QComboBox, QToolButton
from pytestqt.qtbot import QtBot

from studio.ui.images.param_editors import SeedEditor
from tests.qt.fits import clipped_texts

from .conftest import WAIT_MS, Studio, wait_finished
from .helpers import cards, fill, press_generate


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("model", ["demo-image", "seedream-4.0", "some-relay-model"])
def test_a_ten_digit_seed_shows_whole(
    make_studio: Callable[..., Studio],
    request: pytest.FixtureRequest,
    language: str,
    model: str,
) -> None:
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    page = make_studio().page
    page.findChild(QComboBox, "imageModelPicker").setCurrentText(model)
    seed = page.form.editors["seed"]
    assert isinstance(seed, SeedEditor)
    seed.set_value(2_147_483_647)
    assert seed.box.text() == "2147483647"
    assert clipped_texts(page.create_panel) == []
    seed.random_box.setChecked(True)  # no arrows then, but the same room
    assert clipped_texts(page.create_panel) == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_delete_toast_is_whole(
    make_studio: Callable[..., Studio],
    qtbot: QtBot,
    request: pytest.FixtureRequest,
    language: str,
) -> None:
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    studio = make_studio()
    page = studio.page
    page.resize(900, 700)  # the page of a window at its smallest
    fill(page, "demo-image", "A lighthouse", size="40x40")
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 1, timeout=WAIT_MS)
    page.gallery.delete_item(model.items()[0].id)
    undo = page.findChild(QToolButton, "undoDeleteButton")
    assert undo.isVisible()
    bar = page.gallery.undo_bar
    assert clipped_texts(bar) == []
    assert bar.rect().contains(undo.geometry())
