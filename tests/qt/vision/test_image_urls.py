"""Image addresses: pasted or dragged from a browser, fetched and sent inline by default;
when fetching fails the error says so and offers to send the address as is."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.fakes.raw_server import RawServer, json_response
from tests.qt.vision.conftest import (
    WAIT_MS,
    drop,
    image_parts,
    wait_answer,
    wait_ready,
)
from tests.qt.vision.test_send_images import decoded_size, send


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (250, 200, 0)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def image_host(run: Callable[[Awaitable[Any]], Any]) -> Iterator[RawServer]:
    """A web server with one picture (any path), 2400×1200 pixels."""
    server = run(RawServer().start())
    server.script(json_response(png((2400, 1200)), content_type="image/png"))
    yield server
    run(server.aclose())


def paste_text(qtbot: QtBot, page: Any, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    page.composer.setFocus()
    qtbot.keyClick(page.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_pasted_image_address_is_fetched_and_sent_inline(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    recorder: RawServer,
    image_host: RawServer,
) -> None:
    page = make_vision_studio(recorder.url).page
    url = f"{image_host.root}/photos/cat.png?size=large"
    paste_text(qtbot, page, url)
    wait_ready(qtbot, page, 1)
    assert page.composer.toPlainText() == ""  # the address became an attachment, not text
    (tile,) = page.attachment_strip.tiles
    assert tile.name_label.text() == "cat.png"
    assert tile.info_label.text().startswith("2400×1200 → 1536×768\n")
    assert tile.link_button.isVisible() and not tile.link_button.isChecked()
    send(qtbot, page, "What is it?")
    wait_answer(qtbot, page)
    (parts,) = image_parts(recorder.requests[-1].json())
    assert parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    assert decoded_size(parts[0]["image_url"]["url"]) == (1536, 768)
    assert image_host.requests[0].path == "/photos/cat.png"


def test_a_dragged_browser_image_uses_its_img_src(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, image_host: RawServer
) -> None:
    page = make_vision_studio().page
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/gallery/page-7")])  # the link around the image
    mime.setHtml(
        f'<a href="https://example.com/gallery/page-7"><img src="{image_host.root}/i.png"></a>'
    )
    drop(page, mime)
    wait_ready(qtbot, page, 1)
    assert page.attachments.items[0].url == f"{image_host.root}/i.png"


def test_when_fetching_fails_the_address_can_be_sent_as_is(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    recorder: RawServer,
    run: Callable[[Awaitable[Any]], Any],
) -> None:
    missing = run(RawServer().start())
    try:
        missing.script(json_response({"error": "not found"}, status=404))
        page = make_vision_studio(recorder.url).page
        qtbot.keyClicks(page.composer, "Is this a cat?")
        url = f"{missing.root}/private/cat.jpg"
        page.attachments.add_url(url)
        strip = page.attachment_strip
        qtbot.waitUntil(lambda: bool(strip.error_text), timeout=WAIT_MS)
        assert "answered HTTP 404" in strip.error_text
        assert strip.error_text.endswith("or send the URL as is.")
        assert page.composer.toPlainText() == "Is this a cat?"
        assert strip.send_url_button.isVisible()
        strip.send_url_button.click()
        assert not strip.error_bar.isVisible()
        qtbot.waitUntil(lambda: len(strip.tiles) == 1, timeout=WAIT_MS)
        (tile,) = strip.tiles
        assert tile.info_label.text() == "Sent as a link · size unknown"
        assert tile.link_button.isChecked()
        page.send_button.click()
        wait_answer(qtbot, page)
        (parts,) = image_parts(recorder.requests[-1].json())
        assert parts == [{"type": "image_url", "image_url": {"url": url, "detail": "auto"}}]
    finally:
        run(missing.aclose())
