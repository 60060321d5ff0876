"""QA regressions of the composer's images: a malformed address pasted as text, "send the URL
as is" chosen while the image is still being fetched, and several files failing at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.fakes.raw_server import Gate, RawServer, json_response, response
from tests.qt.vision.conftest import (
    WAIT_MS,
    drop,
    file_mime,
    image_parts,
    photo,
    wait_answer,
    wait_ready,
)
from tests.qt.vision.test_image_urls import png


def test_pasting_an_address_with_an_unclosed_bracket_pastes_it_as_text(
    make_vision_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    # urlsplit() raises ValueError("Invalid IPv6 URL") on it; the paste used to fail with
    # an exception and nothing was inserted.
    page = make_vision_studio().page
    QGuiApplication.clipboard().setText("http://[::1/cat.png")
    page.composer.setFocus()
    qtbot.keyClick(page.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.composer.toPlainText() == "http://[::1/cat.png"
    assert len(page.attachments) == 0


def test_send_the_url_as_is_while_it_is_still_being_fetched(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    run: Callable[[Awaitable[Any]], Any],
    recorder: RawServer,
) -> None:
    slow = run(RawServer().start())
    gate = Gate()  # the image host never finishes its answer until the test says so
    slow.script(response(gate, content_type="image/png"), json_response(png((600, 300))))
    try:
        page = make_vision_studio(recorder.url).page
        url = f"{slow.root}/slow/cat.png"
        page.attachments.add_url(url)
        qtbot.waitUntil(lambda: gate.reached.is_set(), timeout=WAIT_MS)
        strip = page.attachment_strip
        qtbot.waitUntil(lambda: len(strip.tiles) == 1, timeout=WAIT_MS)
        (tile,) = strip.tiles
        tile.link_button.click()
        assert tile.info_label.text() == "Sent as a link · size unknown"
        assert not page.attachments.busy
        page.composer.setPlainText("Is this a cat?")
        page.send_button.click()  # was refused: "Wait a moment: the images are still …"
        assert strip.error_text == ""
        assert page.composer.toPlainText() == ""
        wait_answer(qtbot, page)
        (parts,) = image_parts(recorder.requests[-1].json())
        assert parts == [{"type": "image_url", "image_url": {"url": url, "detail": "auto"}}]
    finally:
        gate.open()
        run(slow.aclose())


def test_a_fetch_that_fails_after_choosing_the_link_keeps_the_image(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    run: Callable[[Awaitable[Any]], Any],
) -> None:
    slow = run(RawServer().start())
    gate = Gate()  # held before the status line: the host would then answer 404
    slow.script([gate, *response(b"gone", status=404, content_type="text/plain")])
    try:
        page = make_vision_studio().page
        key = page.attachments.add_url(f"{slow.root}/private/cat.png")
        qtbot.waitUntil(lambda: gate.reached.is_set(), timeout=WAIT_MS)
        page.attachments.set_send_url(key, True)
        # The download is dropped (the connection closed), so its 404 can never take the
        # chosen link away.
        qtbot.waitUntil(slow.requests[0].client_closed.is_set, timeout=WAIT_MS)
        gate.open()
        assert [i.key for i in page.attachments.items] == [key]
        assert page.attachments.items[0].state == "link"
        assert page.attachment_strip.error_text == ""
    finally:
        gate.open()
        run(slow.aclose())


def test_turning_the_link_off_again_fetches_and_prepares_it(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    run: Callable[[Awaitable[Any]], Any],
) -> None:
    host = run(RawServer().start())
    gate = Gate()
    host.script(response(gate, content_type="image/png"), json_response(png((2400, 1200))))
    try:
        page = make_vision_studio().page
        key = page.attachments.add_url(f"{host.root}/cat.png")
        qtbot.waitUntil(lambda: gate.reached.is_set(), timeout=WAIT_MS)
        page.attachments.set_send_url(key, True)
        page.attachments.set_send_url(key, False)
        wait_ready(qtbot, page, 1)
        item = page.attachments.items[0]
        assert item.state == "ready" and item.sent_size == (1536, 768)
    finally:
        gate.open()
        run(host.aclose())


def test_every_file_that_fails_in_one_drop_keeps_its_sentence(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    qtbot.keyClicks(page.composer, "Three of these")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    notes = tmp_path / "notes.png"
    notes.write_text("not a picture\n", encoding="utf-8")
    gone = tmp_path / "gone.jpg"
    good = photo(tmp_path / "good.jpg", (800, 600))
    page.attach_image(str(gone))  # deleted before Studio could read it
    drop(page, file_mime(empty, notes, good))
    strip = page.attachment_strip
    qtbot.waitUntil(lambda: strip.error_text.count("\n") == 2, timeout=WAIT_MS)
    wait_ready(qtbot, page, 1)
    lines = strip.error_text.splitlines()
    assert sorted(lines) == sorted(
        [
            "“gone.jpg” no longer exists. Choose the file again.",
            "“empty.png” is empty (0 bytes). Choose the file again, or check that it "
            "finished downloading.",
            "“notes.png” is not an image: it looks like a text file. Attach a PNG, JPEG, "
            "WebP, GIF, BMP, TIFF, HEIC or AVIF picture instead.",
        ]
    )
    assert page.composer.toPlainText() == "Three of these"
    strip.dismiss_button.click()
    page.attach_image(str(empty))  # after dismissing, a new failure starts afresh
    qtbot.waitUntil(lambda: bool(strip.error_text), timeout=WAIT_MS)
    assert strip.error_text.startswith("“empty.png” is empty")
    assert "\n" not in strip.error_text


def test_more_failures_than_lines_are_counted(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    files = []
    for i in range(5):
        path = tmp_path / f"empty{i}.png"
        path.write_bytes(b"")
        files.append(path)
    drop(page, file_mime(*files))
    strip = page.attachment_strip
    qtbot.waitUntil(lambda: strip.error_text.endswith("…and 2 more."), timeout=WAIT_MS)
    assert len(strip.error_text.splitlines()) == 4
    assert len(page.attachments) == 0
