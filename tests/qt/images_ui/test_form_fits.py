"""The create panel shows what it holds: a whole seed, every label, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QComboBox

from studio.ui.images.param_editors import SeedEditor
from tests.qt.fits import clipped_texts

from .conftest import Studio


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
