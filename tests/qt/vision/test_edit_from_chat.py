"""A picture in a chat message opens in the Edit page from the image viewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.qt.vision.conftest import WAIT_MS, photo, user_views, wait_answer, wait_ready


def test_edit_in_the_viewer_opens_the_picture_as_an_edit_session(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    studio = make_vision_studio()
    page = studio.page
    page.attach_image(str(photo(tmp_path / "street.jpg", (800, 600))))
    wait_ready(qtbot, page, 1)
    page.composer.setPlainText("What is this?")
    page.send_button.click()
    wait_answer(qtbot, page)
    (user,) = user_views(page)
    viewer = user.images.open_viewer(0)
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=WAIT_MS)
    edit_page = studio.window.edit_page
    with qtbot.waitSignal(edit_page.library.opened, timeout=WAIT_MS):
        viewer.edit_button.click()
    assert studio.window.pages.currentWidget() is edit_page
    document = edit_page.document
    assert document is not None
    (source,) = document.state.versions
    assert (source.width, source.height) == (viewer.image.width(), viewer.image.height())
