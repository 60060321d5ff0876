"""Small helpers shared by the Images page tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QToolButton

from studio.ui.images import ImagesPage
from studio.ui.images.job_card import JobCard


def fill(page: ImagesPage, model: str, prompt: str, **values: Any) -> None:
    """Pick ``model``, type ``prompt`` and set parameter editors by name."""
    picker = page.findChild(QComboBox, "imageModelPicker")
    picker.setCurrentText(model)
    prompt_box = page.findChild(QPlainTextEdit, "imagePrompt")
    prompt_box.setPlainText(prompt)
    editors = page.form.editors
    for name, value in values.items():
        assert editors[name].set_value(value), f"{name} refused {value!r}"


def press_generate(page: ImagesPage) -> None:
    """Click Generate (the button must be enabled)."""
    button = page.findChild(QToolButton, "generateButton")
    assert button.isEnabled(), button.toolTip()
    button.click()


def cards(page: ImagesPage) -> list[JobCard]:
    """The job cards on screen, newest first."""
    return page.jobs.cards
