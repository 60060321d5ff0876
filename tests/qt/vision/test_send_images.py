"""What reaches the relay when images are sent from the chat window: prepared data URLs with
the chosen detail, earlier images per the conversation's policy, and the transcript after a
restart (demo relay and a recording loopback relay; real SQLite and image files)."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from studio.store.conversations import ConversationStore
from tests.fakes.raw_server import RawServer
from tests.qt.vision.conftest import (
    WAIT_MS,
    drop,
    file_mime,
    image_parts,
    photo,
    texts,
    user_views,
    wait_answer,
    wait_ready,
)


def set_detail(qtbot: QtBot, page: Any, index: int, detail: str) -> None:
    tile = page.attachment_strip.tiles[index]
    combo = tile.detail_combo
    combo.setCurrentIndex(combo.findData(detail))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(
        lambda: not page.attachments.busy and page.attachments.items[index].detail == detail,
        timeout=WAIT_MS,
    )


def send(qtbot: QtBot, page: Any, text: str) -> None:
    page.composer.setPlainText(text)
    page.send_button.click()
    assert page.composer.toPlainText() == ""
    assert len(page.attachments) == 0


def decoded_size(url: str) -> tuple[int, int]:
    assert url.startswith(("data:image/png;base64,", "data:image/jpeg;base64,")), url[:40]
    data = base64.b64decode(url.split(",", 1)[1])
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_the_demo_relay_sees_the_prepared_sizes_and_details(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    page = make_vision_studio().page
    big = photo(tmp_path / "big.jpg", (4000, 3000))
    tall = photo(tmp_path / "tall.jpg", (1500, 3000))
    drop(page, file_mime(big, tall))
    wait_ready(qtbot, page, 2)
    set_detail(qtbot, page, 0, "high")
    set_detail(qtbot, page, 1, "low")
    send(qtbot, page, "What do you see?")
    answer = wait_answer(qtbot, page).body.markdown()
    image_1, image_2 = answer.split("### Image 2")
    assert "1024×768 px" in image_1 and "`high` (about 765 tokens)" in image_1
    assert "256×512 px" in image_2 and "`low` (about 85 tokens)" in image_2
    assert "4000" not in answer  # never the original


def test_the_request_carries_data_urls_of_the_size_shown(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path, recorder: RawServer
) -> None:
    page = make_vision_studio(recorder.url).page
    page.attach_image(str(photo(tmp_path / "photo.jpg", (4032, 3024), orientation=6)))
    page.attach_image(str(photo(tmp_path / "chart.png", (2000, 1000), fmt="PNG")))
    wait_ready(qtbot, page, 2)
    set_detail(qtbot, page, 1, "low")
    shown = [tile.info_label.text().split("\n")[0] for tile in page.attachment_strip.tiles]
    assert shown == ["3024×4032 → 768×1024", "2000×1000 → 512×256"]
    send(qtbot, page, "Compare them")
    wait_answer(qtbot, page)
    body = recorder.requests[-1].json()
    (parts,) = image_parts(body)
    assert [p["image_url"]["detail"] for p in parts] == ["auto", "low"]
    assert [decoded_size(p["image_url"]["url"]) for p in parts] == [(768, 1024), (512, 256)]
    assert texts(body["messages"][-1]) == ["Compare them"]


def test_only_the_last_turns_images_are_sent_again_by_default(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path, recorder: RawServer
) -> None:
    page = make_vision_studio(recorder.url).page
    page.attach_image(str(photo(tmp_path / "first.jpg", (1024, 768))))
    wait_ready(qtbot, page, 1)
    send(qtbot, page, "One")
    wait_answer(qtbot, page, 1)
    page.attach_image(str(photo(tmp_path / "second.jpg", (800, 600), (0, 200, 0))))
    wait_ready(qtbot, page, 1)
    send(qtbot, page, "Two")
    wait_answer(qtbot, page, 2)
    send(qtbot, page, "And now?")
    wait_answer(qtbot, page, 3)

    second, third = recorder.requests[1].json(), recorder.requests[2].json()
    assert [len(p) for p in image_parts(second)] == [0, 1]
    first_user = second["messages"][0]
    assert first_user["content"] == "One\n[image: first.jpg, 1024×768, not re-sent]"
    # A follow-up without images still shows the model the last pictures it was given.
    assert [len(p) for p in image_parts(third)] == [0, 1, 0]
    assert decoded_size(image_parts(third)[1][0]["image_url"]["url"]) == (800, 600)


def test_the_earlier_images_choice_is_kept_with_the_conversation(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path, recorder: RawServer
) -> None:
    studio = make_vision_studio(recorder.url)
    page = studio.page
    menu = page.composer_bar.policy_actions
    assert menu["last"].isChecked()
    menu["all"].trigger()  # chosen before the conversation exists
    page.attach_image(str(photo(tmp_path / "a.jpg", (600, 400))))
    wait_ready(qtbot, page, 1)
    send(qtbot, page, "First")
    wait_answer(qtbot, page, 1)
    assert page.session.settings.image_policy == "all"
    send(qtbot, page, "Second")
    wait_answer(qtbot, page, 2)
    assert [len(p) for p in image_parts(recorder.requests[1].json())] == [1, 0]

    menu["none"].trigger()
    send(qtbot, page, "Third")
    wait_answer(qtbot, page, 3)
    third = recorder.requests[2].json()
    assert [len(p) for p in image_parts(third)] == [0, 0, 0]
    assert third["messages"][0]["content"] == "First\n[image: a.jpg, 600×400, not re-sent]"
    stored = ConversationStore(studio.database).get(page.session.conversation_id)
    assert stored is not None and stored.params["image_policy"] == "none"

    page.new_chat()
    assert menu["last"].isChecked()  # a new chat starts with the default
    page.open_conversation(stored.id)
    assert menu["none"].isChecked()


def test_the_transcript_shows_the_images_after_reopening(
    make_vision_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_vision_studio()
    page = first.page
    page.attach_image(str(photo(tmp_path / "holiday.jpg", (3000, 2000))))
    page.attach_image(str(photo(tmp_path / "map.png", (700, 500), fmt="PNG")))
    wait_ready(qtbot, page, 2)
    send(qtbot, page, "Where was this?")
    wait_answer(qtbot, page)
    first.window.close()

    again = make_vision_studio(settings_name="again.ini")  # a new manager on the same file
    page = again.page
    conversation = again.manager.latest()
    assert conversation is not None
    page.open_conversation(conversation)
    (user,) = user_views(page)
    assert user.user_text.text() == "Where was this?"
    buttons = user.images.buttons
    assert len(buttons) == 2
    qtbot.waitUntil(lambda: all(not b.icon().isNull() and b.isEnabled() for b in buttons))
    assert user.images.caption.text() == "2 images · about 1,530 tokens"
    assert "holiday.jpg · 1152×768 · detail auto · about 1,105 tokens" in buttons[0].toolTip()

    viewer = user.images.open_viewer(0)
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=WAIT_MS)
    assert (viewer.image.width(), viewer.image.height()) == (1152, 768)  # what was sent
    viewer.actual_button.click()
    assert viewer.canvas.zoom == 1.0
    viewer.fit_button.click()
    assert viewer.canvas.fitting
    viewer.copy_button.click()
    assert QGuiApplication.clipboard().image().size() == viewer.image.size()
    saved = tmp_path / "saved.png"
    viewer.save_to(saved)
    with Image.open(saved) as image:
        assert image.size == (1152, 768)
    viewer.next_button.click()
    qtbot.waitUntil(lambda: viewer.image is not None and viewer.index == 1, timeout=WAIT_MS)
    assert viewer.image.width() == 700
    viewer.close()
