"""The request size limit in the chat window: with "all", the oldest earlier images are left out
(notes stand in for them) and the user is told once; a message whose own images are over the
limit is not sent, and the composer keeps its text and images.

The chat window talks to the recording loopback relay (real SQLite and image files). The
limit is lowered through ``studio.core.chat.request_images.MAX_REQUEST_BYTES`` so that a
few small pictures reach it; the composer's own check keeps the real limit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.core.chat import request_images
from studio.core.chat.request_messages import LEFT_OUT
from studio.media.limits import RequestTooLarge
from studio.store.messages import MessageStore
from tests.fakes.raw_server import RawServer
from tests.qt.vision.conftest import image_parts, photo, texts, wait_answer, wait_ready

COLOURS = ((200, 30, 30), (30, 160, 40), (40, 40, 210), (220, 200, 20))


def send(qtbot: QtBot, page: Any, text: str) -> None:
    page.composer.setPlainText(text)
    page.send_button.click()
    assert page.composer.toPlainText() == ""
    assert len(page.attachments) == 0


def attach(qtbot: QtBot, page: Any, path: Path) -> dict[str, Any]:
    """Attach a picture and wait until it is prepared; its reference."""
    page.attach_image(str(path))
    wait_ready(qtbot, page, 1)
    ref = page.attachments.items[0].ref
    assert ref is not None
    return dict(ref)


def test_all_leaves_the_oldest_images_out_to_fit_and_says_so(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    tmp_path: Path,
    recorder: RawServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = make_vision_studio(recorder.url).page
    page.composer_bar.policy_actions["all"].trigger()
    refs = []
    for number, (name, colour) in enumerate(zip(("one", "two", "three"), COLOURS, strict=False)):
        refs.append(attach(qtbot, page, photo(tmp_path / f"{name}.jpg", (1200, 900), colour)))
        send(qtbot, page, name.title())
        wait_answer(qtbot, page, number + 1)
    session = page.session
    told: list[tuple[int, str]] = []
    session.images_left_out.connect(lambda count, text: told.append((count, text)))

    newest = attach(qtbot, page, photo(tmp_path / "four.jpg", (1000, 800), COLOURS[3]))
    # Room for the third picture and the new one, not for the second as well.
    monkeypatch.setattr(request_images, "MAX_REQUEST_BYTES", refs[2]["bytes"] + newest["bytes"])
    send(qtbot, page, "Four")
    wait_answer(qtbot, page, 4)

    body = recorder.requests[-1].json()
    assert [len(parts) for parts in image_parts(body)] == [0, 0, 1, 1]
    users = [m for m in body["messages"] if m["role"] == "user"]
    for message, ref, text in zip(users, refs, ("One", "Two"), strict=False):
        size = f"{ref['width']}×{ref['height']}"
        assert message["content"] == f"{text}\n[image: {ref['name']}, {size}, {LEFT_OUT}]"
    assert texts(users[3]) == ["Four"]
    # Told once, for this send only, where the composer shows image problems.
    assert len(told) == 1 and told[0][0] == 2
    assert told[0][1].startswith("2 earlier images were left out to keep the request under")
    assert page.attachment_strip.error_text == told[0][1]
    assert page.attachment_strip.error_bar.property("notice") is True  # a notice, not an error

    # The next send starts clean; the same images are left out again, and said again.
    send(qtbot, page, "Five")
    assert page.attachment_strip.error_text == ""
    wait_answer(qtbot, page, 5)
    assert [len(p) for p in image_parts(recorder.requests[-1].json())] == [0, 0, 1, 1, 0]
    assert [count for count, _ in told] == [2, 2]


def test_a_message_over_the_limit_alone_stays_in_the_composer(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    tmp_path: Path,
    recorder: RawServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    studio = make_vision_studio(recorder.url)
    page = studio.page
    send(qtbot, page, "Hello")
    wait_answer(qtbot, page, 1)
    session = page.session
    ref = attach(qtbot, page, photo(tmp_path / "big.jpg", (1600, 1200)))
    monkeypatch.setattr(request_images, "MAX_REQUEST_BYTES", ref["bytes"] - 1)

    page.composer.setPlainText("What is this?")
    page.send_button.click()

    expected = RequestTooLarge(size=ref["bytes"], count=1, limit=ref["bytes"] - 1).message("en")
    assert page.attachment_strip.error_text == expected
    assert page.composer.toPlainText() == "What is this?"
    assert [(i.state, i.ref) for i in page.attachments.items] == [("ready", ref)]
    assert not session.busy
    stored = MessageStore(studio.database).list(session.conversation_id)
    assert [(m.role, m.text) for m in stored] == [("user", "Hello"), ("assistant", "Seen.")]
    assert len(recorder.requests) == 1

    # Under the limit again, the same text and picture go out.
    monkeypatch.setattr(request_images, "MAX_REQUEST_BYTES", ref["bytes"])
    send(qtbot, page, page.composer.toPlainText())
    wait_answer(qtbot, page, 2)
    last = recorder.requests[-1].json()["messages"][-1]
    assert texts(last) == ["What is this?"]
    assert [len(p) for p in image_parts(recorder.requests[-1].json())] == [0, 1]


def test_the_refusal_is_in_the_relay_language(
    make_vision_studio: Callable[..., Any],
    qtbot: QtBot,
    tmp_path: Path,
    recorder: RawServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = make_vision_studio(recorder.url, language="zh_CN").page
    send(qtbot, page, "你好")
    wait_answer(qtbot, page, 1)
    ref = attach(qtbot, page, photo(tmp_path / "大图.jpg", (1600, 1200)))
    monkeypatch.setattr(request_images, "MAX_REQUEST_BYTES", ref["bytes"] - 1)
    page.composer.setPlainText("这是什么？")
    page.send_button.click()
    assert page.attachment_strip.error_text.startswith("此消息中的图片有")
    assert page.composer.toPlainText() == "这是什么？" and len(page.attachments) == 1
