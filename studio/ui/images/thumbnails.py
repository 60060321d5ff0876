"""Thumbnails decoded off the GUI thread, kept in a small least-recently-used cache.

:class:`ThumbnailCache` hands a decode job (a pure function of :mod:`studio.media.display`)
to a worker thread through the asyncio loop (which, with qasync, is the Qt loop) and builds the
``QPixmap`` on the GUI thread when the pixels come back. The newest request is served first,
so the thumbnails on screen arrive before those scrolled past.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from studio.media.display import Pixels, full_pixels, thumbnail_pixels

log = logging.getLogger(__name__)

THUMB_SIDE = 240
CAPACITY = 300
WORKERS = 2

Source = Path | bytes


def to_image(pixels: Pixels) -> QImage:
    """A ``QImage`` owning a copy of ``pixels`` (call on the GUI thread)."""
    image = QImage(
        pixels.data,
        pixels.width,
        pixels.height,
        pixels.width * 4,
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    return image.copy()


class ThumbnailCache(QObject):
    """Decodes pictures in worker threads; emits :attr:`ready` with the key when one is in.

    Signals:
        ready(str key): the thumbnail for ``key`` is available (or failed: see :meth:`failed`).
    """

    ready = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_side: int = THUMB_SIDE,
        capacity: int = CAPACITY,
        workers: int = WORKERS,
    ) -> None:
        super().__init__(parent)
        self.max_side = max_side
        self._capacity = capacity
        self._workers = workers
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._sizes: dict[str, tuple[int, int]] = {}
        self._failed: set[str] = set()
        self._waiting: OrderedDict[str, Source] = OrderedDict()
        self._running: set[str] = set()
        self._aliases: dict[str, list[str]] = {}  # a decode in flight → keys waiting for it
        self._awaited: set[str] = set()  # keys served by another key's decode in flight
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="studio-thumbnails")
        self._closed = False

    # -- public --------------------------------------------------------------------------

    def pixmap(self, key: str) -> QPixmap | None:
        """The cached thumbnail for ``key`` (marks it recently used), or ``None``."""
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
        return found

    def source_size(self, key: str) -> tuple[int, int] | None:
        """The size of the original picture behind a decoded thumbnail."""
        return self._sizes.get(key)

    def failed(self, key: str) -> bool:
        """True when ``key`` could not be decoded (a missing or broken file)."""
        return key in self._failed

    def request(self, key: str, source: Source) -> QPixmap | None:
        """The thumbnail for ``key`` if cached; otherwise start decoding ``source``."""
        found = self.pixmap(key)
        if found is not None or key in self._failed or self._closed:
            return found
        if key in self._running or key in self._awaited:
            return None
        self._waiting[key] = source
        self._waiting.move_to_end(key)  # newest first: it is the one on screen now
        self._pump()
        return None

    def prefetch(self, key: str, source: Source) -> None:
        """Start decoding ``source`` under the temporary ``key`` ahead of everything queued.

        For a picture that has just arrived and is still being saved: its thumbnail is made
        while the file is written, and :meth:`alias` hands it to the saved picture's key.
        """
        self.request(key, source)

    def alias(self, key: str, existing: str) -> None:
        """Serve the thumbnail of ``existing`` (a :meth:`prefetch` key) as ``key``.

        When ``existing`` is decoded, it moves to ``key`` and :attr:`ready` is emitted for
        ``key``; while its decode runs, :meth:`request` of ``key`` waits for it instead of
        decoding the same picture again. Unknown or failed ``existing``: nothing happens.
        """
        if key == existing or self._closed:
            return
        found = self._pixmaps.pop(existing, None)
        if found is not None:
            self._store(key, found, self._sizes.pop(existing, None))
            self.ready.emit(key)
        elif existing in self._running or existing in self._waiting:
            self._aliases.setdefault(existing, []).append(key)
            self._awaited.add(key)

    def forget(self, key: str) -> None:
        """Drop ``key`` from the cache and from the failures (e.g. a file came back)."""
        self._pixmaps.pop(key, None)
        self._failed.discard(key)

    def load_full(
        self, source: Source, owner: QObject, done: Callable[[QImage | None], None]
    ) -> None:
        """Decode the whole picture in a worker; ``done`` gets the image (None on failure).

        ``done`` runs on the GUI thread, unless ``owner`` was deleted or :meth:`close` was
        called meanwhile.
        """
        if self._closed:
            return
        future = self._submit(full_pixels, source)
        if future is not None:
            future.add_done_callback(partial(self._on_full_done, owner, done))

    def close(self) -> None:
        """Stop decoding: queued work is dropped, running work is ignored when it ends."""
        self._closed = True
        self._waiting.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)

    @property
    def busy(self) -> bool:
        """True while decodes are queued or running."""
        return bool(self._waiting or self._running)

    # -- internals -----------------------------------------------------------------------

    def _submit(
        self, function: Callable[..., Pixels], *args: object
    ) -> asyncio.Future[Pixels] | Future[Pixels] | None:
        try:
            loop = asyncio.get_event_loop()
            return loop.run_in_executor(self._executor, function, *args)
        except RuntimeError:  # no loop (or shutting down): nothing to decode for
            log.debug("no event loop for a thumbnail decode", exc_info=True)
            return None

    def _pump(self) -> None:
        while self._waiting and len(self._running) < self._workers:
            key, source = self._waiting.popitem(last=True)
            future = self._submit(thumbnail_pixels, source, self.max_side)
            if future is None:
                return
            self._running.add(key)
            future.add_done_callback(partial(self._on_done, key))

    def _on_done(self, key: str, future: asyncio.Future[Pixels] | Future[Pixels]) -> None:
        if self._closed or not shiboken6.isValid(self):
            return
        self._running.discard(key)
        aliases = self._aliases.pop(key, [])
        self._awaited.difference_update(aliases)
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.info("cannot make a thumbnail for %s: %s", key, error)
            self._failed.add(key)
        else:
            pixels = future.result()
            pixmap = QPixmap.fromImage(to_image(pixels))
            size = (pixels.source_width, pixels.source_height)
            for name in aliases or [key]:
                self._store(name, pixmap, size)
        self._pump()
        for name in (key, *aliases):
            self.ready.emit(name)  # a failed alias is asked for again from its own source

    def _store(self, key: str, pixmap: QPixmap, size: tuple[int, int] | None) -> None:
        self._pixmaps[key] = pixmap
        self._pixmaps.move_to_end(key)
        if size is not None:
            self._sizes[key] = size
        while len(self._pixmaps) > self._capacity:
            old, _ = self._pixmaps.popitem(last=False)
            self._sizes.pop(old, None)

    def _on_full_done(
        self,
        owner: QObject,
        done: Callable[[QImage | None], None],
        future: asyncio.Future[Pixels] | Future[Pixels],
    ) -> None:
        if future.cancelled() or self._closed or not shiboken6.isValid(self):
            return
        if not shiboken6.isValid(owner):
            return
        error = future.exception()
        if error is not None:
            log.info("cannot open a picture: %s", error)
            done(None)
            return
        done(to_image(future.result()))


def scaled_into(pixmap: QPixmap, side: int, widget: QWidget) -> QPixmap:
    """``pixmap`` scaled to fit a ``side``×``side`` square at the widget's pixel ratio."""
    ratio = widget.devicePixelRatioF()
    physical = max(1, round(side * ratio))
    result = pixmap.scaled(
        physical,
        physical,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    result.setDevicePixelRatio(ratio)
    return result
