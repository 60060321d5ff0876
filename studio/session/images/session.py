"""The image studio's state: the model table, the job queue and the gallery.

:class:`ImageStudioSession` is what the Images page talks to. ``generate`` records the job
(prompt and parameters first, so nothing is lost) and starts it at once, or queues it visibly
while ``max_concurrent`` jobs are running. Each job is its own asyncio task; there is no
automatic retry. The gallery methods are thin wrappers over :class:`GalleryStore` that also
emit ``gallery_changed``, so widgets never touch the store.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.config.image_models import ImageModelSpec, spec_for
from studio.core.images import (
    BAD_EXTRA_JSON,
    SIZE_REFUSED,
    FormRefused,
    JobRow,
    Problem,
    prepare_generation,
    request_from_stored,
)
from studio.session.images.job import QUEUED, RUNNING, ImageJob
from studio.session.images.size_text import describe_size_problem
from studio.store.gallery import GalleryItem, GalleryStore, JobRecord

ClientFactory = Callable[[], ApiClient]


MAX_RECOVERED_CARDS = 8
"""Jobs interrupted by a crash or a quit shown again as cards at the next start."""


class ImageStudioSession(QObject):
    """Image generation jobs and the gallery.

    Signals:
        job_added(object): a new :class:`ImageJob` (queued or already running).
        gallery_changed(): an image was saved, deleted or restored.
        item_deleted(int): a gallery item went to the trash (:meth:`restore_item` undoes).
    """

    job_added = Signal(object)
    gallery_changed = Signal()
    item_deleted = Signal(int)

    def __init__(
        self,
        gallery: GalleryStore,
        client_factory: ClientFactory,
        specs: Sequence[ImageModelSpec],
        *,
        max_concurrent: int = 2,
        clock: Callable[[], float] = time.time,
        recover_interrupted: bool = True,
        parent: QObject | None = None,
    ) -> None:
        """``client_factory`` is called when a job starts, so a provider change applies to
        the next job; the caller owns and closes the clients. With ``recover_interrupted``
        (no other Studio process uses the gallery) jobs a crash or a quit left queued or
        running are failed and shown again as cards."""
        super().__init__(parent)
        self._gallery = gallery
        self._client_factory = client_factory
        self._specs = list(specs)
        self._max_concurrent = max(1, max_concurrent)
        self._clock = clock
        self._jobs: list[ImageJob] = []
        self._queue: list[ImageJob] = []
        self._running: set[ImageJob] = set()
        # Shown as failed cards to retry; only the latest few (a crash leaves one or two, and
        # a page of hundreds of cards would help nobody; the rest stay in the history).
        # A CLI edit's input images are not stored: Retry could only generate, and bill, a new
        # picture; such jobs stay failed in the history without a card.
        unfinished = gallery.unfinished_jobs(MAX_RECOVERED_CARDS) if recover_interrupted else []
        self.recovered_at_startup = gallery.mark_interrupted_at_startup() if unfinished else 0
        """How many jobs a crash or a quit had left queued or running (now failed)."""
        for record in reversed(unfinished):  # oldest first, like the jobs of this run
            if record.params.get("operation") == "edit":
                continue
            self._jobs.append(self._interrupted_job(record))

    # ---- models ------------------------------------------------------------------------

    @property
    def specs(self) -> list[ImageModelSpec]:
        """The model table (built-in merged with the user's file)."""
        return list(self._specs)

    def spec(self, model_id: str) -> ImageModelSpec:
        """The spec of ``model_id`` (a generic one for models the table does not know)."""
        return spec_for(model_id, self._specs)

    @property
    def max_concurrent(self) -> int:
        """How many jobs may run at the same time; the rest wait as ``queued``."""
        return self._max_concurrent

    def set_max_concurrent(self, limit: int) -> None:
        """Change the limit (at least 1); queued jobs start if slots opened."""
        self._max_concurrent = max(1, limit)
        self._pump()

    # ---- jobs ----------------------------------------------------------------------------

    def generate(
        self,
        model: str,
        prompt: str,
        values: Mapping[str, Any],
        negative_prompt: str | None = None,
        extra_json: str | None = None,
    ) -> ImageJob:
        """Start a job (or queue it) and return it.

        ``values`` are the controls' values by wire name; only what the model takes is sent.
        The negative prompt is sent only to models that take one; ``extra_json`` (a JSON
        object) is merged into the request last. Raises ``ValueError`` with a message for the
        user when the prompt is empty or the extra JSON is not an object; nothing is recorded
        then.
        """
        try:
            prepared = prepare_generation(
                self.spec(model.strip()), model, prompt, values, negative_prompt, extra_json
            )
        except FormRefused as exc:
            raise ValueError(self._refusal(exc.problem)) from None
        row = JobRow.record(
            self._gallery, prepared.model, prepared.prompt, prepared.params, self._provider_name()
        )
        assert row.id is not None  # a required row is recorded or raises
        job = ImageJob(
            row.id,
            prepared.request,
            prepared.params,
            self._gallery,
            clock=self._clock,
            parent=self,
        )
        job.item_saved.connect(self._on_job_item_saved)
        self._jobs.append(job)
        self._queue.append(job)
        self.job_added.emit(job)
        self._pump()
        return job

    def jobs(self) -> list[ImageJob]:
        """Every job of this run, oldest first, after the jobs that the end of the previous
        run interrupted (failed, so that they can be seen and retried)."""
        return list(self._jobs)

    def running_jobs(self) -> list[ImageJob]:
        """The jobs whose request is in flight."""
        return [job for job in self._jobs if job.state == RUNNING]

    def queued_jobs(self) -> list[ImageJob]:
        """The jobs waiting for a free slot, in the order they will start."""
        return [job for job in self._queue if job.state == QUEUED]

    def cancel_all(self) -> None:
        """Cancel every queued and running job (on quit)."""
        for job in list(self._jobs):
            job.cancel()

    async def aclose(self, timeout: float = 15.0) -> None:
        """Cancel every job and wait (up to ``timeout`` seconds) until their tasks have ended:
        a picture that was being saved is finished first, so close the database after this."""
        tasks = [job.task for job in self._jobs if job.task is not None and not job.task.done()]
        self.cancel_all()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)

    def clear_finished(self) -> None:
        """Forget done, failed and cancelled jobs (their images stay in the gallery)."""
        self._jobs = [job for job in self._jobs if not job.is_finished]

    def job_history(self, limit: int = 100) -> list[JobRecord]:
        """Stored jobs, most recent first, failed and cancelled ones included."""
        return self._gallery.jobs(limit)

    # ---- reuse and history -----------------------------------------------------------------

    def reuse(self, item_id: int) -> tuple[str, str, dict[str, Any]]:
        """Model, prompt and parameters of a gallery item, to fill the form again.

        The parameters are the wire values, plus ``negative_prompt`` (text) and ``extra`` (a
        dict, the extra JSON) when the job had them. ``KeyError`` for an unknown item.
        """
        item = self._gallery.get(item_id, include_deleted=True)
        if item is None:
            raise KeyError(item_id)
        return item.model, item.prompt, dict(item.params)

    def reuse_job(self, job_id: int) -> tuple[str, str, dict[str, Any]]:
        """Like :meth:`reuse` for a job (also one that failed or was cancelled)."""
        record = self._gallery.job(job_id)
        if record is None:
            raise KeyError(job_id)
        return record.model, record.prompt, dict(record.params)

    def prompt_history(self) -> list[str]:
        """Prompts used before, most recent first, each once (kept in the database)."""
        return self._gallery.prompt_history()

    # ---- gallery ---------------------------------------------------------------------------

    def items(
        self, model: str | None = None, text: str | None = None, limit: int = 200, offset: int = 0
    ) -> list[GalleryItem]:
        """Gallery items, newest job first, each job's images in order (see GalleryStore)."""
        return self._gallery.list(model, text, limit, offset)

    def count_items(self, model: str | None = None, text: str | None = None) -> int:
        """How many items match the filters."""
        return self._gallery.count(model, text)

    def item(self, item_id: int) -> GalleryItem | None:
        """One gallery item (None if unknown or deleted)."""
        return self._gallery.get(item_id)

    def gallery_models(self) -> list[str]:
        """The models that have images in the gallery (for the model filter)."""
        return self._gallery.models()

    def delete_item(self, item_id: int) -> None:
        """Move an item to the trash; :meth:`restore_item` undoes it."""
        if self._gallery.delete(item_id):
            self.item_deleted.emit(item_id)
            self.gallery_changed.emit()

    def restore_item(self, item_id: int) -> None:
        """Bring a deleted item back."""
        if self._gallery.restore(item_id):
            self.gallery_changed.emit()

    # ---- internals -------------------------------------------------------------------------

    def _refusal(self, problem: Problem) -> str:
        """Why the form cannot become a job, in the UI language."""
        data = problem.data
        if problem.code == BAD_EXTRA_JSON:
            return self.tr("The extra fields are not a valid JSON object: {0}").format(
                data["detail"]
            )
        if problem.code == SIZE_REFUSED:
            width, height = data["width"], data["height"]
            return self.tr("{model} cannot make {size} pictures: {reason}").format(
                model=data["model"],
                size=f"{width}×{height}",
                reason=describe_size_problem(data["problem"], data["rules"], width, height),
            )
        return self.tr("Write a prompt first.")

    def _provider_name(self) -> str:
        try:
            return self._client_factory().config.name
        except Exception:
            return ""

    def _interrupted_job(self, record: JobRecord) -> ImageJob:
        request = request_from_stored(record.model, record.prompt, record.params)
        if record.status == QUEUED:  # never sent: nothing to bill
            message = self.tr("Studio stopped before this job started.")
        else:
            message = self.tr("Studio stopped before this job finished; it may still be billed.")
        return ImageJob.interrupted(
            record, request, self._gallery, message, clock=self._clock, parent=self
        )

    def _pump(self) -> None:
        """Start queued jobs while there are free slots."""
        self._queue = [job for job in self._queue if job.state == QUEUED]
        while self._queue and len(self._running) < self._max_concurrent:
            job = self._queue.pop(0)
            try:
                client = self._client_factory()
            except Exception as exc:
                job.fail_to_start(
                    self.tr("No connection to the relay: {0}").format(exc), traceback.format_exc()
                )
                continue
            self._running.add(job)
            job.start(client, self._on_job_ended)

    def _on_job_ended(self, job: ImageJob) -> None:
        self._running.discard(job)
        self._pump()

    def _on_job_item_saved(self, _item: object) -> None:
        self.gallery_changed.emit()
