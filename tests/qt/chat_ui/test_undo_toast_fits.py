"""The bar that offers to undo a delete shows its whole message and its Undo button, in the
sidebar of a window at its smallest and in Chinese too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QToolButton, QWidget
from pytestqt.qtbot import QtBot

from tests.qt.chat_ui.test_chat_page import send, wait_answer
from tests.qt.fits import clipped_texts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_delete_toast_is_whole(
    make_studio: Callable[..., Any], qtbot: QtBot, request: pytest.FixtureRequest, language: str
) -> None:
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    studio = make_studio(language=language)
    studio.window.resize(800, 700)  # as small as it goes
    page = studio.page
    send(qtbot, page, "Explain the Python threading module and the GIL in simple words")
    wait_answer(qtbot, page)
    studio.manager.delete(page.session.conversation_id)
    undo = page.findChild(QToolButton, "undoDeleteButton")
    assert undo.isVisible()
    bar = undo.parentWidget()
    assert isinstance(bar, QWidget)
    assert clipped_texts(bar) == []
    assert bar.rect().contains(undo.geometry())
