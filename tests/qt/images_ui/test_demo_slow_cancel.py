"""Cancel can be tried on the demo relay without any hidden option: its slow image model is in
the picker, says what it is for, shows a preview on the way and can be cancelled mid-way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QToolButton
from pytestqt.qtbot import QtBot

from studio.demo.catalog import SLOW_IMAGE_MODEL

from .conftest import WAIT_MS, Studio
from .helpers import cards, fill, press_generate


def test_the_slow_demo_model_can_be_cancelled_while_it_draws(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    picker = page.findChild(QComboBox, "imageModelPicker")
    index = picker.findText(SLOW_IMAGE_MODEL)
    assert index >= 0, "the slow demo model is offered in the picker"
    assert "Cancel" in picker.itemData(index, Qt.ItemDataRole.ToolTipRole)
    fill(page, SLOW_IMAGE_MODEL, "A slow sunrise", size="64x64", n=1)
    press_generate(page)
    [card] = cards(page)
    previews: list[bytes] = []
    card.job.partial_image.connect(previews.append)
    # A preview arrives while the picture is still being drawn: the user sees it working.
    qtbot.waitUntil(lambda: bool(previews), timeout=WAIT_MS)
    assert card.job.state == "running"
    card.findChild(QToolButton, "jobCancelButton").click()
    card.findChild(QToolButton, "jobConfirmCancelButton").click()
    assert card.job.state == "cancelled" and card.state_label.text() == "Cancelled"
    assert not card.items and page.gallery.model.item_count == 0
