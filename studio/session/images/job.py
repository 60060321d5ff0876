"""One image generation job: a QObject that owns the asyncio task running the workflow.

States: ``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled`` (a queued job can go
straight to ``cancelled``). The work itself — the request, saving each image the moment it
is decoded, the usage and the database row — is :class:`studio.core.images.ImageJobRun`;
this object iterates its events, turns them into signals and puts its problems into words.
A generation is never retried automatically (it may already be billed). Cancelling closes
the connection at once; the relay may still bill the request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.api.images import ImageGenerationRequest
from studio.core.images import (
    API_ERROR,
    CANCELLED,
    DONE,
    FAILED,
    FINISHED_STATES,
    IMAGES_UNREADABLE,
    QUEUED,
    RUNNING,
    SAVE_FAILED,
    UNEXPECTED,
    ImageArrived,
    ImageJobEvent,
    ImageJobRun,
    ItemSaved,
    JobFailed,
    JobFinished,
    JobRow,
    PreviewArrived,
    Problem,
    UsageReported,
)
from studio.store.gallery import GalleryItem, GalleryStore, JobRecord

__all__ = ["CANCELLED", "DONE", "FAILED", "FINISHED", "QUEUED", "RUNNING", "ImageJob"]

FINISHED = FINISHED_STATES


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
        self._row = JobRow(gallery, job_id)
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
        job._row.status = FAILED  # the row says so already
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
        run = ImageJobRun(
            self._gallery, client, self.request, self.params, row=self._row, describe=self._words
        )
        run.begin()
        task = asyncio.get_running_loop().create_task(self._run(run))
        self._task = task
        task.add_done_callback(lambda _task: on_end(self))
        self.state_changed.emit(RUNNING)

    def fail_to_start(self, message: str, details: str) -> None:
        """Mark a job failed before any request was sent (no client could be made)."""
        self._fail(message, details)

    # ---- the task ----------------------------------------------------------------------------

    async def _run(self, run: ImageJobRun) -> None:
        try:
            async for event in run.events():
                self._on_event(event)
        except asyncio.CancelledError:
            for item in run.items[len(self.items) :]:  # saved while the cancel waited
                self._add_item(item)
            self._set_finished(CANCELLED, None)
            raise

    def _on_event(self, event: ImageJobEvent) -> None:
        if isinstance(event, PreviewArrived):
            self.last_partial = event.data
            self.partial_image.emit(event.data)
        elif isinstance(event, ImageArrived):
            self.image_arrived.emit(event.index, event.data)
        elif isinstance(event, ItemSaved):
            self._add_item(event.item)
        elif isinstance(event, UsageReported):
            self.usage = dict(event.usage)
        elif isinstance(event, JobFailed):
            self._fail(self._words(event.problem), event.details)
            if event.problem.code == UNEXPECTED and event.error is not None:
                asyncio.get_running_loop().call_exception_handler(
                    {"message": f"image job {self.id} failed", "exception": event.error}
                )
        elif isinstance(event, JobFinished) and event.status == DONE:
            self.warning = self._words(event.warning) if event.warning is not None else None
            self._set_finished(DONE, None, note=self.warning)
            self.finished.emit(list(self.items))

    def _words(self, problem: Problem) -> str:
        """``problem`` in the UI language (also what the job's row keeps)."""
        data = problem.data
        if problem.code == API_ERROR:
            return str(data["message"])
        if problem.code == IMAGES_UNREADABLE:
            return self.tr("{0} of {1} images could not be read: {2}").format(
                data["failed"], data["total"], data["first"]
            )
        if problem.code == SAVE_FAILED:
            return self.tr("The image arrived but could not be saved: {0}").format(data["reason"])
        return self.tr("Unexpected error: {0}").format(data.get("reason", problem.code))

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
        self._row.finish(state, error or note)  # the workflow may have written it already
        self.state_changed.emit(state)
