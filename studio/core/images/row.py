"""The gallery row of one image job: recorded before the request, updated on each change.

:class:`JobRow` is the one writer of a job's row. A job without a gallery (``gallery`` None)
is simply not recorded. A status or usage write that fails is logged and the job goes on;
an *optional* row (the command line's) instead gives the gallery up and says so in
:attr:`JobRow.lost`, so the run can go on without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from studio.core.images.events import FINISHED_STATES, QUEUED, RUNNING
from studio.store.database import StoreError
from studio.store.gallery import GalleryItem, GalleryStore

log = logging.getLogger(__name__)

# The store wraps its sqlite errors in StoreError; OSError for the files.
STORE_ERRORS: tuple[type[BaseException], ...] = (StoreError, OSError)


class JobRow:
    """The row ``job_id`` of ``gallery`` (None: not recorded) in state ``status``."""

    def __init__(
        self,
        gallery: GalleryStore | None,
        job_id: int | None = None,
        *,
        status: str = QUEUED,
        optional: bool = False,
    ) -> None:
        self.gallery = gallery
        self.id = job_id
        self.status = status
        self.optional = optional
        self.lost: BaseException | None = None
        """Why an optional row gave the gallery up (None while it records)."""

    @classmethod
    def record(
        cls,
        gallery: GalleryStore | None,
        model: str,
        prompt: str,
        params: Mapping[str, Any],
        provider: str = "",
        *,
        optional: bool = False,
    ) -> JobRow:
        """Write a new ``queued`` row and remember the prompt; the row of the new job.

        Raises the store's error, unless ``optional`` (then the row is not recorded).
        """
        row = cls(gallery, optional=optional)
        row.add(model, prompt, params, provider)
        return row

    @property
    def recorded(self) -> bool:
        """True while the job has a row in a gallery."""
        return self.gallery is not None and self.id is not None

    @property
    def finished(self) -> bool:
        """True once the row is done, failed or cancelled."""
        return self.status in FINISHED_STATES

    def add(self, model: str, prompt: str, params: Mapping[str, Any], provider: str = "") -> None:
        """Write the row (``queued``) if there is a gallery and no row yet."""
        if self.gallery is None or self.id is not None:
            return
        try:
            self.id = self.gallery.add_job(model, prompt, params, provider)
            self.gallery.remember_prompt(prompt)
        except STORE_ERRORS as exc:
            if not self.optional:
                raise
            self._lose(exc)

    def set_running(self) -> None:
        """The request is about to go out."""
        self.status = RUNNING
        self._write(lambda gallery, job_id: gallery.set_job_status(job_id, RUNNING))

    def set_usage(self, usage: Mapping[str, Any]) -> None:
        """Keep the tokens the answer reported."""
        self._write(lambda gallery, job_id: gallery.set_job_usage(job_id, usage))

    def finish(self, status: str, note: str | None = None) -> bool:
        """Enter the final ``status`` with ``note`` (the error, or a done job's warning).

        Only the first call counts; False for the later ones.
        """
        if self.finished:
            return False
        self.status = status
        self._write(lambda gallery, job_id: gallery.set_job_status(job_id, status, note))
        return True

    def add_image(
        self,
        index: int,
        data: bytes,
        mime: str,
        ext: str,
        size: tuple[int, int],
        seed: int | None,
        revised_prompt: str | None,
    ) -> GalleryItem | None:
        """Store one image (safe in a worker thread); None when the job is not recorded.

        Raises the store's error (an optional row gives the gallery up first).
        """
        gallery, job_id = self.gallery, self.id
        if gallery is None or job_id is None:
            return None
        try:
            return gallery.add_image(
                job_id, index, data, mime, ext, size[0], size[1], seed, revised_prompt
            )
        except STORE_ERRORS as exc:
            if self.optional:
                self._lose(exc)
            raise

    def _write(self, action: Callable[[GalleryStore, int], None]) -> None:
        if self.gallery is None or self.id is None:
            return
        try:
            action(self.gallery, self.id)
        except STORE_ERRORS as exc:
            if self.optional:
                self._lose(exc)
            else:
                log.exception("could not record image job %s", self.id)

    def _lose(self, exc: BaseException) -> None:
        self.gallery = None
        if self.lost is None:
            self.lost = exc
