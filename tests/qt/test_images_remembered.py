"""The Images page starts with the model and parameters used last (after a restart)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings

from studio.ui.images.param_editors import SeedEditor


def test_the_image_model_and_its_parameters_survive_a_restart(
    make_studio: Callable[..., Any], window_settings: QSettings
) -> None:
    window = make_studio(settings=window_settings).window
    panel = window.images_page.create_panel
    assert panel.model == "gpt-image-1"  # the first start: the table's first model
    panel.model_picker.setCurrentText("demo-image")
    form = panel.form
    assert form.shape_choice is not None
    form.shape_choice.set_shape("aspect_ratio")
    assert form.editors["aspect_ratio"].set_value("16:9")
    assert form.editors["n"].set_value(3)
    assert form.editors["seed"].set_value(123456789)
    window.close()

    again = make_studio(settings=window_settings).window
    panel = again.images_page.create_panel
    assert panel.model == "demo-image"
    assert panel.form.shape == "aspect_ratio"
    assert panel.inputs(resolve=False).values == {"aspect_ratio": "16:9", "n": 3, "seed": 123456789}
    again.close()

    # A random seed is not kept: the next start draws its own.
    third = make_studio(settings=window_settings).window
    third_seed = third.images_page.form.editors["seed"]
    assert isinstance(third_seed, SeedEditor) and not third_seed.is_random
    third_seed.random_box.setChecked(True)
    third.close()
    fourth = make_studio(settings=window_settings).window
    fourth_seed = fourth.images_page.form.editors["seed"]
    assert isinstance(fourth_seed, SeedEditor) and fourth_seed.is_random


def test_a_broken_remembered_form_starts_from_the_defaults(
    make_studio: Callable[..., Any], window_settings: QSettings
) -> None:
    window_settings.setValue("images/form", "{not json")
    window = make_studio(settings=window_settings).window
    assert window.images_page.create_panel.model == "gpt-image-1"
