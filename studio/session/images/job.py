"""One image generation job: a QObject that owns the asyncio task doing the request.

States: ``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled`` (a queued job can go
straight to ``cancelled``). The database row follows every change. Each image is saved the
moment the answer is decoded; a generation is never retried automatically (it may already be
billed). Cancelling closes the connection at once; the relay may still bill the request.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.api.errors import ApiError
from studio.api.images import GeneratedImage, ImageGenerationRequest, ImageResult, PartialImage
from studio.media.metadata import image_dimensions
from studio.store.database import StoreError
from studio.store.gallery import GalleryItem, GalleryStore, JobRecord

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = frozenset({DONE, FAILED, CANCELLED})


class ImageJob(QObject):
    """A generation job as the job list shows it.

    Attributes: ``id`` (the job's database id), ``model``, ``prompt``, ``params`` (what is
    stored and reused: wire parameters plus ``negative_prompt`` and ``extra`` when given),
    ``state``, ``created_at``, ``started_at``, ``finished_at``, ``error`` (one line),
    ``details`` (copyable), ``warning`` (some images of a done job could not be read),
    ``usage`` (the relay's token usage), ``items`` (saved :class:`GalleryItem` objects) and
    ``last_partial`` (the latest preview while running).

    Signals:
        state_changed(str): the new state.
        partial_image(bytes): a preview of a streamed image (PNG/JPEG/WebP bytes).
        image_arrived(int, object): image ``index`` of the answer is decoded (its ``bytes``)
            and about to be saved; ``item_saved`` for the same index follows, unless saving
            fails. Lets a view start making its thumbnail while the file is written.
        item_saved(object): a :class:`GalleryItem` is on disk and in the gallery.
        finished(list): the job is done; the list holds its :class:`GalleryItem` objects.
        failed(str, str): a one-line message and copyable details.
    """

    state_changed = Signal(str)
    partial_image = Signal(bytes)
    image_arrived = Signal(int, object)
    item_saved = Signal(object)
    finished = Signal(list)
    failed = Signal(str, str)

    def __init__(
        self,
        job_id: int,
        request: ImageGenerationRequest,
        params: dict[str, Any],
        gallery: GalleryStore,
        *,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        """A queued job for ``request`` whose row ``job_id`` already exists in ``gallery``."""
        super().__init__(parent)
        self.id = job_id
        self.model = request.model
        self.prompt = request.prompt
        self.params = params
        self.request = request
        self.state = QUEUED
        self.created_at = clock()
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.error: str | None = None
        self.details = ""
        self.warning: str | None = None
        self.usage: dict[str, Any] | None = None
        self.items: list[GalleryItem] = []
        self.last_partial: bytes | None = None
        self._gallery = gallery
        self._clock = clock
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def interrupted(
        cls,
        record: JobRecord,
        request: ImageGenerationRequest,
        gallery: GalleryStore,
        message: str,
        *,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> ImageJob:
        """A job of an earlier run that a crash or a quit stopped, shown as failed with
        ``message`` (so that it can be seen and retried)."""
        job = cls(record.id, request, dict(record.params), gallery, clock=clock, parent=parent)
        job.created_at = record.created_at
        job.finished_at = record.finished_at or clock()
        job.state = FAILED
        job.error = message
        job.details = message
        return job

    # ---- public ----------------------------------------------------------------------------

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The asyncio task of the request while it runs (None before it starts)."""
        return self._task

    @property
    def streams(self) -> bool:
        """True when the request asks for partial previews."""
        return self.request.stream

    @property
    def is_finished(self) -> bool:
        """True once done, failed or cancelled."""
        return self.state in FINISHED

    def elapsed(self) -> float:
        """Seconds since the job started running (0 while queued)."""
        if self.started_at is None:
            return 0.0
        end = self.finished_at if self.finished_at is not None else self._clock()
        return max(0.0, end - self.started_at)

    def cancel(self) -> None:
        """Stop the job now: a queued job never starts; a running one's connection is closed.

        The state becomes ``cancelled`` at once. Images already saved are kept.
        """
        if self.is_finished:
            return
        task = self._task
        self._set_finished(CANCELLED, None)
        if task is not None and not task.done():
            task.cancel()

    # ---- driven by the session ---------------------------------------------------------------

    def start(self, client: ApiClient, on_end: Callable[[ImageJob], None]) -> None:
        """Run the request on the running loop; ``on_end`` is called when the task ends."""
        if self.state != QUEUED:
            return
        self.started_at = self._clock()
        self.state = RUNNING
        self._gallery.set_job_status(self.id, RUNNING)
        task = asyncio.get_running_loop().create_task(self._run(client))
        self._task = task
        task.add_done_callback(lambda _task: on_end(self))
        self.state_changed.emit(RUNNING)

    def fail_to_start(self, message: str, details: str) -> None:
        """Mark a job failed before any request was sent (no client could be made)."""
        self._fail(message, details)

    # ---- the task ----------------------------------------------------------------------------

    async def _run(self, client: ApiClient) -> None:
        try:
            result = await self._request(client)
            self.usage = dict(result.usage) if result.usage else None
            if self.usage:
                try:
                    self._gallery.set_job_usage(self.id, self.usage)
                except (StoreError, sqlite3.Error):
                    log.exception("could not record the usage of image job %s", self.id)
            for index, image in enumerate(result.images):
                await self._save(index, image)
            errors = result.meta.get("errors") or ()
            if errors:
                self.warning = self.tr("{0} of {1} images could not be read: {2}").format(
                    len(errors), len(errors) + len(result.images), errors[0]
                )
            self._set_finished(DONE, None, note=self.warning)
            self.finished.emit(list(self.items))
        except asyncio.CancelledError:
            self._set_finished(CANCELLED, None)
            raise
        except ApiError as error:
            self._fail(" ".join(error.message.split()), error.copyable_details())
        except (OSError, StoreError, sqlite3.Error) as exc:
            message = self.tr("The image arrived but could not be saved: {0}").format(exc)
            self._fail(message, traceback.format_exc())
        except Exception as exc:
            self._fail(self.tr("Unexpected error: {0}").format(exc), traceback.format_exc())
            asyncio.get_running_loop().call_exception_handler(
                {"message": f"image job {self.id} failed", "exception": exc}
            )

    async def _request(self, client: ApiClient) -> ImageResult:
        if not self.request.stream:
            return await client.images.generate(self.request)
        result: ImageResult | None = None
        async for item in client.images.generate_stream(self.request):
            if isinstance(item, PartialImage):
                self.last_partial = item.data
                self.partial_image.emit(item.data)
            else:
                result = item
        assert result is not None  # the stream ends with a result or raises
        return result

    async def _save(self, index: int, image: GeneratedImage) -> None:
        """Store one image in a worker thread; a cancel waits for the file to be complete."""
        seed = self.params.get("seed")
        self.image_arrived.emit(index, image.data)
        saving = asyncio.ensure_future(asyncio.to_thread(self._store, index, image, seed))
        try:
            item = await asyncio.shield(saving)
        except asyncio.CancelledError:
            # The image is here and may be billed: finish writing it, then stop.
            item = await saving
            self._add_item(item)
            raise
        self._add_item(item)

    def _store(self, index: int, image: GeneratedImage, seed: Any) -> GalleryItem:
        width, height = image_dimensions(image.data)
        return self._gallery.add_image(
            self.id,
            index,
            image.data,
            image.mime,
            image.ext,
            width,
            height,
            seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            image.revised_prompt,
        )

    def _add_item(self, item: GalleryItem) -> None:
        self.items.append(item)
        self.item_saved.emit(item)

    # ---- state -------------------------------------------------------------------------------

    def _fail(self, message: str, details: str) -> None:
        if self.is_finished:
            return
        self.details = details
        self._set_finished(FAILED, message)
        self.failed.emit(message, details)

    def _set_finished(self, state: str, error: str | None, *, note: str | None = None) -> None:
        """Enter a final state; the stored row gets ``error`` (or, for a done job, ``note``)."""
        if self.is_finished:
            return
        self.state = state
        self.error = error
        self.finished_at = self._clock()
        self.last_partial = None
        try:
            self._gallery.set_job_status(self.id, state, error or note)
        except (StoreError, sqlite3.Error):
            log.exception("could not record the end of image job %s", self.id)
        self.state_changed.emit(state)
