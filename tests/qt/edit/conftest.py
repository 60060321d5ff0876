"""Fixtures for the edit canvas tests: a shown canvas over a generated picture."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from studio.ui.edit.canvas import EditCanvas

from .helpers import picture


@pytest.fixture
def canvas(qtbot: QtBot) -> EditCanvas:
    """A 400×300 canvas, shown, showing a 200×120 picture (fitted: zoom 2)."""
    widget = EditCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.set_image(picture())
    widget.show()
    qtbot.waitExposed(widget)
    return widget
