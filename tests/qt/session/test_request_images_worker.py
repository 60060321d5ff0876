"""Attached images are read and encoded off the GUI thread when a request is built.

A conversation on a real SQLite file and image store talks to the recording loopback relay.
Which thread reads the stored image files is seen through a Python audit hook on ``open``
(nothing of Studio is patched). The request must carry the same data URLs as the old
GUI-thread build, a missing file still becomes a note, and Stop during the build leaves
everything as it was.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from PIL import Image

from studio.api.client import ApiClient
from studio.core.chat.options import ChatSettings
from studio.core.chat.request import build_request
from studio.core.chat.request_messages import LEFT_OUT, images_to_send, load_images
from studio.media.limits import RequestTooLarge
from studio.media.vision_targets import target_for_model
from studio.session.chat import ChatManager, ConversationSession, ToolRegistry
from studio.session.chat.attachments import prepare_attachment
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.store.messages import MessageStore
from tests.fakes.raw_server import D, RawServer, content, finish, role, sse
from tests.qt.signals import Recorder, expect
from tests.unit.session.test_history import msg

Run = Callable[[Awaitable[Any]], Any]
WAIT_S = 15.0


# -- who reads the image files -----------------------------------------------------------------

_WATCHERS: list[FileReads] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _WATCHERS or isinstance(args[0], int):
        return
    mode = args[1] if isinstance(args[1], str) else ""
    for watcher in list(_WATCHERS):
        watcher.saw(os.fspath(args[0]), mode)


_HOOKED: list[bool] = []


class FileReads:
    """Records, for each file under ``root`` opened for reading, whether the GUI (main)
    thread opened it; can hold the first read made by a worker thread until released."""

    def __init__(self, root: Path) -> None:
        self.root = os.fspath(root)
        self.on_main: list[bool] = []
        self._pause: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None = None
        self._release = threading.Event()

    def __enter__(self) -> FileReads:
        if not _HOOKED:  # audit hooks cannot be removed; this one does nothing unless watching
            sys.addaudithook(_audit)
            _HOOKED.append(True)
        _WATCHERS.append(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _WATCHERS.remove(self)
        self._release.set()

    def hold_next_worker_read(self) -> asyncio.Future[None]:
        """A future set when a worker thread starts reading; it waits for :meth:`release`."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._pause = (loop, future)
        return future

    def release(self) -> None:
        """Let the held read go on."""
        self._release.set()

    def saw(self, path: str, mode: str) -> None:
        if not path.startswith(self.root) or "r" not in mode or "+" in mode:
            return
        on_main = threading.current_thread() is threading.main_thread()
        self.on_main.append(on_main)
        pause = self._pause
        if pause is not None and not on_main:
            self._pause = None
            loop, future = pause
            loop.call_soon_threadsafe(future.set_result, None)
            self._release.wait(WAIT_S)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def images(db: Database, tmp_path: Path) -> ImageStore:
    """The content-addressed image store next to the database."""
    return ImageStore(tmp_path / "images", db)


@pytest.fixture
def recorder(raw_server: RawServer) -> RawServer:
    """The loopback relay; every request gets a short streamed answer."""
    raw_server.script(sse(role(), content("Seen."), finish("stop"), D))
    return raw_server


@pytest.fixture
def session(
    stores: tuple[ConversationStore, MessageStore],
    make_client: Callable[[str], ApiClient],
    registry: ToolRegistry,
    images: ImageStore,
    recorder: RawServer,
    run: Run,
) -> Iterator[ConversationSession]:
    """A conversation with images, talking to the recording relay."""
    client = make_client(recorder.url)
    manager = ChatManager(*stores, lambda: client, registry, images=images)
    yield manager.open(manager.new_conversation("gpt-4o"))
    run(manager.aclose())


def picture(seed: int, size: tuple[int, int] = (900, 700)) -> bytes:
    """A real JPEG with detail (so that each one has its own size)."""
    image = Image.effect_noise(size, 30 + seed * 7).convert("RGB")
    image.paste((seed * 40 % 256, 90, 160), (0, 0, size[0] // 3, size[1] // 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def attach(run: Run, images: ImageStore, seed: int, name: str) -> dict[str, Any]:
    """Prepare and store a picture as the chat does; its message reference."""
    target = target_for_model("gpt-4o")
    return dict(run(prepare_attachment(images, picture(seed), name, "high", target)).ref)


def send(run: Run, session: ConversationSession, text: str, refs: list[dict[str, Any]]) -> str:
    """Send a message and wait until its answer ends; the answer's status."""

    async def scenario() -> str:
        finished = expect(session.answer_finished)
        assert session.send(text, refs or None) is not None
        _answer_id, status = await finished
        return str(status)

    return str(run(scenario()))


def data_url(images: ImageStore, ref: dict[str, Any]) -> str:
    stored = images.path(ref["hash"]).read_bytes()
    return f"data:{ref['mime']};base64,{base64.b64encode(stored).decode()}"


def image_urls(body: dict[str, Any]) -> list[list[str]]:
    """For each user message of a request body: the URLs of its image parts."""
    out = []
    for message in body["messages"]:
        if message["role"] == "user":
            parts = message["content"] if isinstance(message["content"], list) else []
            out.append([p["image_url"]["url"] for p in parts if p["type"] == "image_url"])
    return out


# -- tests -------------------------------------------------------------------------------------


def test_images_are_read_off_the_gui_thread_and_sent_as_before(
    run: Run,
    session: ConversationSession,
    images: ImageStore,
    registry: ToolRegistry,
    recorder: RawServer,
) -> None:
    session.set_image_policy("all")
    cat, dog, bird = (attach(run, images, i, f"{n}.jpg") for i, n in enumerate("abc"))
    with FileReads(images.root) as reads:
        assert send(run, session, "Two pictures", [cat, dog]) == "complete"
        assert send(run, session, "And a third", [bird]) == "complete"
        assert send(run, session, "Compare all three", []) == "complete"
    # 2 + 3 + 3 reads (each image once per request), every one on a worker thread.
    assert reads.on_main == [False] * 8

    body = recorder.requests[-1].json()
    assert image_urls(body) == [
        [data_url(images, cat), data_url(images, dog)],
        [data_url(images, bird)],
        [],
    ]
    # Exactly what the request built on the GUI thread (the pure build reading the store).
    branch = session.branch()[:-1]
    before = build_request(session.settings, registry, branch, load_image=images.get)
    assert body["messages"] == before.to_body()["messages"]


def test_a_missing_file_is_still_a_note(
    run: Run, session: ConversationSession, images: ImageStore, recorder: RawServer
) -> None:
    session.set_image_policy("all")
    lost, kept = attach(run, images, 1, "lost.jpg"), attach(run, images, 2, "kept.jpg")
    assert send(run, session, "Look", [lost, kept]) == "complete"
    images.path(lost["hash"]).unlink()
    assert send(run, session, "Again", []) == "complete"
    first = recorder.requests[-1].json()["messages"][0]["content"]
    note = f"[image: lost.jpg, {lost['width']}×{lost['height']}, no longer available]"
    assert first[0] == {"type": "text", "text": "Look"}
    assert first[1] == {"type": "text", "text": note}
    assert first[2]["image_url"]["url"] == data_url(images, kept)


def test_stop_while_the_images_are_read_leaves_everything_intact(
    run: Run,
    session: ConversationSession,
    images: ImageStore,
    stores: tuple[ConversationStore, MessageStore],
    recorder: RawServer,
) -> None:
    photo = attach(run, images, 3, "photo.jpg")
    seen = Recorder(failed=session.answer_failed, busy=session.busy_changed)

    async def scenario(reads: FileReads) -> tuple[int, int, str]:
        reading = reads.hold_next_worker_read()
        finished = expect(session.answer_finished)
        user_id = session.send("What is it?", [photo])
        assert user_id is not None
        await reading  # the worker is reading the picture right now
        session.stop()
        answer_id, status = await finished
        reads.release()
        return user_id, answer_id, status

    with FileReads(images.root) as reads:
        user_id, answer_id, status = run(scenario(reads))
    assert status == "interrupted"
    assert recorder.requests == []  # nothing reached the relay
    assert not session.busy and seen.of("failed") == []
    assert seen.of("busy") == [(True,), (False,)]
    messages = stores[1]
    user, answer = messages.get(user_id), messages.get(answer_id)
    assert user is not None and user.text == "What is it?" and user.attachments == [photo]
    assert answer is not None and answer.status == "interrupted" and answer.text == ""
    assert images.verify(photo["hash"])

    # Nothing was lost: asking again sends the picture.
    async def again() -> str:
        finished = expect(session.answer_finished)
        assert session.retry(answer_id) is not None
        _id, status = await finished
        return str(status)

    assert run(again()) == "complete"
    assert image_urls(recorder.requests[-1].json()) == [[data_url(images, photo)]]


def test_text_only_requests_need_no_worker(
    run: Run, session: ConversationSession, images: ImageStore, recorder: RawServer
) -> None:
    with FileReads(images.root) as reads:
        assert send(run, session, "Hello", []) == "complete"
    assert reads.on_main == []
    assert recorder.requests[-1].json()["messages"] == [{"role": "user", "content": "Hello"}]


# -- the pure part: which earlier images are left out -------------------------------------------


STORED = {"a" * 64: b"a" * 400, "b" * 64: b"b" * 300, "c" * 64: b"c" * 200, "d" * 64: b"d" * 100}


def ref(letter: str) -> dict[str, Any]:
    return {"hash": letter * 64, "mime": "image/png", "name": f"{letter}.png", "detail": "low"}


def chat() -> list[Any]:
    return [
        msg(1, None, "user", "one", attachments=[ref("a"), ref("b")]),
        msg(2, 1, "assistant", "ok"),
        msg(3, 2, "user", "two", attachments=[ref("c")]),
        msg(4, 3, "assistant", "ok"),
        msg(5, 4, "user", "three", attachments=[ref("d")]),
    ]


def test_the_oldest_earlier_images_are_left_out_first() -> None:
    branch = chat()
    assert len(images_to_send(branch, "all")) == 4
    everything = load_images(branch, "all", STORED.__getitem__, limit=1000)
    assert everything.left_out == frozenset() and everything.size == 1000
    fitted = load_images(branch, "all", STORED.__getitem__, limit=550)
    assert fitted.left_out == {(1, 0), (1, 1)} and fitted.size == 300
    settings = ChatSettings(model="gpt-4o", image_policy="all")
    first = build_request(settings, ToolRegistry(), branch, images=fitted).messages[0]["content"]
    assert first == "one\n[image: a.png, " + LEFT_OUT + "]\n[image: b.png, " + LEFT_OUT + "]"
    # The message being answered keeps its images; alone over the limit, nothing is sent.
    with pytest.raises(RequestTooLarge) as error:
        load_images(branch, "all", STORED.__getitem__, limit=99)
    assert (error.value.size, error.value.count) == (100, 1)
    # "last" and "none" never send these earlier images, so nothing is left out.
    assert load_images(branch, "none", STORED.__getitem__, limit=100).left_out == frozenset()
