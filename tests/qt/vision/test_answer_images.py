"""An image a model puts in its chat answer (``delta.images``) is shown on the answer's card
and is still there after a restart (stored in the image store, not dropped)."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

from PIL import Image
from pytestqt.qtbot import QtBot

from tests.fakes.raw_server import D, RawServer, content, delta, finish, role, sse
from tests.qt.vision.conftest import WAIT_MS, wait_answer


def _data_url(size: tuple[int, int]) -> str:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 60)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def test_an_answer_image_is_shown_and_survives_a_restart(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, recorder: RawServer
) -> None:
    url = _data_url((64, 40))
    image = {"type": "image_url", "image_url": {"url": url}}
    recorder.script(sse(role(), content("A green card."), delta({"images": [image]}), finish(), D))
    studio = make_vision_studio(recorder.url)
    page = studio.page
    page.composer.setPlainText("Draw a green card")
    page.send_button.click()

    view = wait_answer(qtbot, page)
    qtbot.waitUntil(lambda: len(view.images.buttons) == 1, timeout=WAIT_MS)
    (stored,) = page.session.branch()[1].attachments
    assert (stored["width"], stored["height"], stored["source"]) == (64, 40, "answer")
    assert "base64" not in page.session.branch()[1].text
    studio.window.close()

    again = make_vision_studio(recorder.url, settings_name="again.ini")
    again.page.open_conversation(again.manager.latest())
    answers = [v for v in again.page.transcript.views if v.record.role == "assistant"]
    (card,) = answers
    (button,) = card.images.buttons
    qtbot.waitUntil(lambda: not button.icon().isNull(), timeout=WAIT_MS)
