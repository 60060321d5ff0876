"""QA regressions of sent images: an image sent as a link is not called a missing file, the
viewer says when a stored file is gone, and the Markdown export links what was sent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.qt.vision.conftest import WAIT_MS, photo, user_views, wait_answer, wait_ready


def send_two_photos(qtbot: QtBot, studio: Any, tmp_path: Path) -> list[dict[str, Any]]:
    page = studio.page
    page.attach_image(str(photo(tmp_path / "a.jpg", (600, 400))))
    page.attach_image(str(photo(tmp_path / "b [draft].jpg", (500, 400), (0, 200, 0))))
    wait_ready(qtbot, page, 2)
    page.composer.setPlainText("Two photos")
    page.send_button.click()
    wait_answer(qtbot, page)
    return list(page.session.branch()[0].attachments)


def test_an_image_sent_as_a_link_is_not_called_a_missing_file(
    make_vision_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    studio = make_vision_studio()
    page = studio.page
    url = "https://images.example.com/cats/tabby.png"
    page.attachments.add_url(url, send_as_is=True)
    qtbot.waitUntil(lambda: len(page.attachment_strip.tiles) == 1, timeout=WAIT_MS)
    page.composer.setPlainText("A cat?")
    page.send_button.click()
    wait_answer(qtbot, page)
    (user,) = user_views(page)
    (button,) = user.images.buttons
    tip = button.toolTip()
    assert tip == "tabby.png · detail auto · sent as a link\n" + url
    assert "not available" not in tip
    viewer = user.images.open_viewer(0)
    assert viewer is not None
    assert viewer.info_label.text().endswith(" · " + url)
    viewer.close()
    exported = studio.manager.export(page.session.conversation_id, "md")
    assert f"![tabby.png](<{url}>)" in exported


def test_the_viewer_says_when_the_stored_file_is_gone(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_vision_studio()
    refs = send_two_photos(qtbot, first, tmp_path)
    first.window.close()
    first.images.path(refs[1]["hash"]).unlink()  # the data folder was tidied by hand

    again = make_vision_studio(settings_name="again.ini")
    page = again.page
    page.open_conversation(again.manager.latest())
    (user,) = user_views(page)
    present, missing = user.images.buttons
    qtbot.waitUntil(lambda: not present.icon().isNull() and present.isEnabled(), timeout=WAIT_MS)
    assert not missing.isEnabled()
    assert missing.toolTip().endswith("\nThe image file is not available.")
    viewer = user.images.open_viewer(0)
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=WAIT_MS)
    assert "not available" not in viewer.info_label.text()
    viewer.next_button.click()  # walk on to the image whose file is gone
    assert viewer.index == 1
    assert viewer.info_label.text().endswith(" · The image file is not available.")
    assert not viewer.save_button.isEnabled() and not viewer.copy_button.isEnabled()
    viewer.close()

    exported = again.manager.export(page.session.conversation_id, "md")
    kept = again.images.path(refs[0]["hash"]).as_uri()
    assert f"![a.jpg]({kept})" in exported
    assert f"*[b \\[draft\\].jpg: image file missing, {refs[1]['hash'][:12]}]*" in exported
    assert "base64" not in exported
    assert "base64" not in again.manager.export(page.session.conversation_id, "json")
