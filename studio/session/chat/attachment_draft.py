"""The images waiting in the composer: each prepared in the background as soon as it arrives.

:class:`AttachmentDraft` owns one ``asyncio.Task`` per image being prepared (at most
:data:`PARALLEL` run at once, so ten 12 MP photos do not decode ten times 36 MB together,
and a core stays free for the GUI).
Changing an image's detail, the model's provider or the "send originals" switch prepares
it again; removing it cancels its task and its result is dropped. What failed is removed
and announced with one sentence; nothing else in the composer is touched.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, cast

from PySide6.QtCore import QCoreApplication, QObject, Signal

from studio.media.limits import RequestTooLarge
from studio.media.prepare import Detail, VisionTarget
from studio.media.tokens import DETAILS
from studio.media.vision_targets import provider_kind, target_for_model
from studio.session.chat.attachments import (
    AttachmentError,
    AttachmentService,
    FetchError,
    Pixels,
    Source,
    notes_in,
    url_file_name,
)

PARALLEL: Final = max(1, min(3, (os.cpu_count() or 2) - 1))
"""Images prepared at once: one core is left to the GUI (a 2-core laptop prepares one)."""
MAX_IMAGES: Final = 20
"""Images per message (Claude's consumer apps allow 20; relays often fewer than the API)."""

State = Literal["fetching", "preparing", "ready", "link"]


@dataclass
class DraftImage:
    """One image in the composer.

    ``state``: ``fetching`` (downloading an address), ``preparing``, ``ready`` (``ref`` is
    the stored reference) or ``link`` (the address is sent as is; nothing was fetched).
    ``url`` is the address the image came from, if any; with ``send_url`` the address is
    sent instead of the bytes.
    """

    key: int
    name: str
    source: Source | None = field(repr=False)
    detail: Detail = "auto"
    url: str = ""
    send_url: bool = False
    state: State = "preparing"
    ref: dict[str, Any] | None = None
    thumb: bytes = field(default=b"", repr=False)
    notes: tuple[str, ...] = ()
    generation: int = 0

    @property
    def busy(self) -> bool:
        """True while it is being fetched or prepared."""
        return self.state in ("fetching", "preparing")

    @property
    def tokens(self) -> int | None:
        """Estimated prompt tokens (None while unknown)."""
        if self.ref is None:
            return None
        tokens = self.ref.get("tokens")
        return tokens if isinstance(tokens, int) else None

    @property
    def sent_size(self) -> tuple[int, int] | None:
        """The size that will be sent (None while unknown)."""
        if self.ref is None:
            return None
        return int(self.ref["width"]), int(self.ref["height"])

    def message_ref(self) -> dict[str, Any]:
        """The reference stored with the message."""
        ref = dict(self.ref) if self.ref is not None else {"hash": "", "name": self.name}
        ref["detail"] = self.detail
        if self.url:
            ref["source_url"] = self.url
        if self.send_url:
            ref["url"] = self.url
        return ref


class AttachmentDraft(QObject):
    """The composer's images, in order.

    Signals:
        changed(): images were added, removed or reordered (or the draft was cleared).
        item_changed(int): one image's state, detail, preview or estimate changed (its key).
        failed(str): an image could not be attached (it was removed); one sentence.
        url_failed(str, str): an address could not be fetched: the address and the sentence
            (the composer can offer to send the address as is).
    """

    changed = Signal()
    item_changed = Signal(int)
    failed = Signal(str)
    url_failed = Signal(str, str)

    def __init__(self, service: AttachmentService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._items: list[DraftImage] = []
        self._keys = itertools.count(1)
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._limit = asyncio.Semaphore(PARALLEL)
        self._model = ""
        self._send_original = False

    # ---- reading -----------------------------------------------------------------------

    @property
    def service(self) -> AttachmentService:
        """The service the draft prepares with."""
        return self._service

    @property
    def items(self) -> list[DraftImage]:
        """The images in order (a copy of the list; the items are live)."""
        return list(self._items)

    def item(self, key: int) -> DraftImage | None:
        """The image with ``key``, if it is still there."""
        return next((i for i in self._items if i.key == key), None)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def busy(self) -> bool:
        """True while any image is being fetched or prepared."""
        return any(item.busy for item in self._items)

    @property
    def send_original(self) -> bool:
        """True when files are sent unchanged where the provider accepts them (expert)."""
        return self._send_original

    def target(self) -> VisionTarget:
        """How images are prepared for the current model."""
        return target_for_model(self._model, send_original=self._send_original)

    def total_tokens(self) -> int:
        """Estimated image tokens of the message (images whose estimate is known)."""
        return sum(item.tokens or 0 for item in self._items)

    def total_bytes(self) -> int:
        """Bytes of the prepared images that will be sent inline."""
        return sum(
            int(item.ref.get("bytes", 0))
            for item in self._items
            if item.ref is not None and not item.send_url
        )

    def problem(self) -> str:
        """Why the message cannot be sent as it is (one sentence), or ``""``."""
        if self.busy:
            return QCoreApplication.translate(
                "AttachmentDraft", "Wait a moment: the images are still being prepared."
            )
        limit = self.target().max_request_bytes
        total = self.total_bytes()
        if total > limit:
            count = sum(1 for i in self._items if i.ref is not None and not i.send_url)
            return RequestTooLarge(size=total, count=count, limit=limit).message(
                self._service.language
            )
        return ""

    def refs(self) -> list[dict[str, Any]]:
        """The references of the ready images, in order, to store with the message."""
        return [i.message_ref() for i in self._items if i.state in ("ready", "link")]

    # ---- adding ------------------------------------------------------------------------

    def add_file(self, path: Path | str) -> int | None:
        """Attach an image file; returns its key (None when the draft is full)."""
        path = Path(path)
        return self._add(DraftImage(0, path.name, path))

    def add_data(self, data: bytes, name: str) -> int | None:
        """Attach encoded image bytes (pasted or dropped without a file)."""
        return self._add(DraftImage(0, name, data))

    def add_pixels(self, pixels: Pixels, name: str) -> int | None:
        """Attach raw RGBA pixels (a pasted picture); encoded in the worker thread."""
        return self._add(DraftImage(0, name, pixels))

    def add_url(self, url: str, *, send_as_is: bool = False) -> int | None:
        """Attach an image address: fetched and sent inline, or sent as is."""
        url = url.strip()
        item = DraftImage(0, url_file_name(url), None, url=url, send_url=send_as_is)
        if send_as_is:
            item.state = "link"
        else:
            item.state = "fetching"
        return self._add(item)

    def _add(self, item: DraftImage) -> int | None:
        if len(self._items) >= MAX_IMAGES:
            self.failed.emit(
                QCoreApplication.translate(
                    "AttachmentDraft",
                    "A message can carry at most {count} images; remove one first.",
                ).format(count=MAX_IMAGES)
            )
            return None
        item.key = next(self._keys)
        self._items.append(item)
        if item.state != "link":
            self._start(item)
        self.changed.emit()
        return item.key

    # ---- changing ----------------------------------------------------------------------

    def set_detail(self, key: int, detail: str) -> None:
        """Choose ``low``, ``high`` or ``auto`` for one image; it is prepared again."""
        item = self.item(key)
        if item is None or detail == item.detail:
            return
        if detail not in DETAILS:
            raise ValueError(f"detail must be one of {DETAILS}, not {detail!r}")
        item.detail = cast(Detail, detail)
        if item.state == "link" or item.source is None:
            self.item_changed.emit(key)
            return
        self._start(item)

    def set_send_url(self, key: int, send_url: bool) -> None:
        """Send an image's address as is (True) or its fetched bytes inline (False)."""
        item = self.item(key)
        if item is None or not item.url or item.send_url == send_url:
            return
        item.send_url = send_url
        if send_url and item.busy:
            # The address is all that is sent now: stop fetching (a slow or failing host
            # must neither hold up sending nor take the image away).
            self._cancel(key)
            item.generation += 1
            item.state = "link"
        elif not send_url and item.state == "link":
            item.state = "fetching" if item.source is None else "preparing"
            self._start(item)
            return
        self.item_changed.emit(key)

    def set_model(self, model: str) -> None:
        """Prepare for ``model`` from now on (ready images are redone if its provider differs)."""
        old = provider_kind(self._model)
        self._model = model
        if provider_kind(model) != old:
            self._redo_all()

    def set_send_original(self, send_original: bool) -> None:
        """Send files unchanged where the provider accepts them (an expert switch)."""
        if send_original != self._send_original:
            self._send_original = send_original
            self._redo_all()

    def remove(self, key: int) -> None:
        """Take an image out of the message."""
        item = self.item(key)
        if item is None:
            return
        self._cancel(key)
        self._items.remove(item)
        self.changed.emit()

    def move(self, key: int, index: int) -> None:
        """Put an image at position ``index`` (clamped)."""
        item = self.item(key)
        if item is None:
            return
        index = max(0, min(index, len(self._items) - 1))
        if self._items.index(item) == index:
            return
        self._items.remove(item)
        self._items.insert(index, item)
        self.changed.emit()

    def clear(self) -> None:
        """Forget every image (after sending); running preparations are cancelled."""
        for key in list(self._tasks):
            self._cancel(key)
        if self._items:
            self._items.clear()
            self.changed.emit()

    # ---- work --------------------------------------------------------------------------

    def _redo_all(self) -> None:
        for item in self._items:
            if item.source is not None and item.state != "link":
                self._start(item)

    def _start(self, item: DraftImage) -> None:
        self._cancel(item.key)
        item.generation += 1
        if item.state != "fetching":
            item.state = "preparing"
        task = asyncio.get_running_loop().create_task(self._work(item, item.generation))
        self._tasks[item.key] = task
        task.add_done_callback(functools.partial(self._on_task_done, item.key))
        self.item_changed.emit(item.key)

    def _cancel(self, key: int) -> None:
        task = self._tasks.pop(key, None)
        if task is not None and not task.done():
            task.cancel()

    def _current(self, item: DraftImage, generation: int) -> bool:
        return item.generation == generation and self.item(item.key) is item

    async def _work(self, item: DraftImage, generation: int) -> None:
        async with self._limit:
            if item.source is None:
                try:
                    data = await self._service.fetch(item.url)
                except FetchError as error:
                    if self._current(item, generation):
                        self._drop(item)
                        self.url_failed.emit(item.url, error.message)
                    return
                if not self._current(item, generation):
                    return
                item.source = data
                item.state = "preparing"
                self.item_changed.emit(item.key)
            target = self.target()
            try:
                prepared = await self._service.prepare(item.source, item.name, item.detail, target)
            except AttachmentError as error:
                if self._current(item, generation):
                    self._drop(item)
                    self.failed.emit(error.message)
                return
        if not self._current(item, generation):
            return
        item.ref = prepared.ref
        item.thumb = prepared.thumb
        item.notes = tuple(notes_in(prepared.ref, self._service.language))
        item.state = "ready"
        self.item_changed.emit(item.key)

    def _drop(self, item: DraftImage) -> None:
        self._items.remove(item)
        self.changed.emit()

    def _on_task_done(self, key: int, task: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]
        if not task.cancelled() and task.exception() is not None:
            task.get_loop().call_exception_handler(
                {"message": "preparing an attachment failed", "exception": task.exception()}
            )
