"""A model that takes a size or an aspect ratio: the form shows one, the request carries one
(read from the body the loopback relay received)."""

from __future__ import annotations

import base64
import io
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QToolButton
from pytestqt.qtbot import QtBot

from tests.fakes.raw_server import RawServer, json_response

from .conftest import Studio, wait_finished
from .helpers import cards, press_generate


def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.fixture
def server(run: Callable[[Awaitable[Any]], Any]) -> Iterator[RawServer]:
    """A loopback relay that answers every generation with one small PNG."""
    relay = run(RawServer().start())
    relay.script(json_response({"created": 1, "data": [{"b64_json": _png()}]}))
    yield relay
    run(relay.aclose())


def _shown(page: Any, name: str) -> bool:
    return page.form.editors[name].isVisibleTo(page)


def test_size_or_aspect_ratio_never_both(
    make_studio: Callable[..., Studio], qtbot: QtBot, server: RawServer
) -> None:
    page = make_studio(base_url=server.url).page
    page.findChild(QComboBox, "imageModelPicker").setCurrentText("demo-image")
    page.prompt.setPlainText("a red square")
    size_chip = page.findChild(QToolButton, "shape_size")
    ratio_chip = page.findChild(QToolButton, "shape_aspect_ratio")
    assert size_chip.isChecked() and _shown(page, "size") and not _shown(page, "aspect_ratio")

    page.form.editors["size"].set_value("512x512")
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)
    body = server.requests[-1].json()
    assert body["size"] == "512x512" and "aspect_ratio" not in body

    qtbot.mouseClick(ratio_chip, Qt.MouseButton.LeftButton)
    assert _shown(page, "aspect_ratio") and not _shown(page, "size")
    assert page.form.editors["aspect_ratio"].set_value("16:9")
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)
    body = server.requests[-1].json()
    assert body["aspect_ratio"] == "16:9" and "size" not in body
    assert len(server.requests) == 2

    # Reusing the first picture brings its shape back: the size.
    first = page.gallery.model.items()[-1]
    page.reuse(first.id)
    assert page.findChild(QToolButton, "shape_size").isChecked() and _shown(page, "size")
    assert page.create_panel.inputs(resolve=False).values["size"] == "512x512"
    assert "aspect_ratio" not in page.create_panel.inputs(resolve=False).values
