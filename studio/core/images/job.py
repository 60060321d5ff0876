"""One image job as a plain async workflow: :class:`ImageJobRun` (generate or edit).

The run records the job (unless it was recorded already), marks it running, sends the
request, saves each image the moment the answer is decoded (in a worker thread), keeps the
usage and ends the row with its final status. It is never retried: an image request may
already be billed. Cancelling the task that iterates :meth:`ImageJobRun.events` closes the
connection at once; an image whose file is being written is finished first and kept.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import Any

from studio.api.client import ApiClient
from studio.api.errors import ApiError
from studio.api.images import (
    GeneratedImage,
    ImageEditRequest,
    ImageGenerationRequest,
    ImageResult,
    PartialImage,
)
from studio.core.images.events import (
    API_ERROR,
    CANCELLED,
    DONE,
    FAILED,
    IMAGES_UNREADABLE,
    NOT_RECORDED,
    SAVE_FAILED,
    UNEXPECTED,
    GalleryUnavailable,
    ImageArrived,
    ImageJobEvent,
    ItemSaved,
    JobFailed,
    JobFinished,
    JobStarted,
    PreviewArrived,
    Problem,
    UsageReported,
    english,
)
from studio.core.images.row import STORE_ERRORS, JobRow
from studio.media.metadata import image_dimensions
from studio.store.gallery import GalleryItem, GalleryStore

ImageRequest = ImageGenerationRequest | ImageEditRequest
Describe = Callable[[Problem], str]


class ImageJobRun:
    """One run of ``request`` on ``client``, recorded in ``gallery`` (None: not recorded).

    ``params`` are what the gallery keeps and Reuse fills in again (wire parameters plus
    ``negative_prompt``/``extra``/``operation`` when given). Pass ``row`` when the job was
    recorded before (a queued job); otherwise :meth:`begin` records it, under ``provider``.
    ``describe`` puts a problem into the words stored in the row (English by default).
    With ``gallery_optional`` a gallery that fails is given up (:class:`GalleryUnavailable`)
    and the run goes on; otherwise an image that cannot be stored fails the job.

    Attributes: ``row`` (:class:`JobRow`), ``items`` (saved :class:`GalleryItem` objects,
    also those saved while the run was being cancelled), ``usage`` and ``warning``.
    """

    def __init__(
        self,
        gallery: GalleryStore | None,
        client: ApiClient,
        request: ImageRequest,
        params: Mapping[str, Any] | None = None,
        *,
        row: JobRow | None = None,
        provider: str = "",
        describe: Describe = english,
        gallery_optional: bool = False,
    ) -> None:
        self.request = request
        self.params: dict[str, Any] = dict(params) if params is not None else {}
        self.row = row if row is not None else JobRow(gallery, optional=gallery_optional)
        self.items: list[GalleryItem] = []
        self.usage: dict[str, Any] | None = None
        self.warning: Problem | None = None
        self._client = client
        self._provider = provider
        self._describe = describe
        self._begun = False
        self._told_lost = False

    def begin(self) -> None:
        """Record the job (if not yet) and mark it running; :meth:`events` does it too."""
        if self._begun:
            return
        self._begun = True
        self.row.add(self.request.model, self.request.prompt, self.params, self._provider)
        if not self.row.finished:
            self.row.set_running()

    async def events(self) -> AsyncGenerator[ImageJobEvent, None]:
        """Run the job, yielding its progress (see :mod:`studio.core.images.events`)."""
        self.begin()
        for news in self._news():
            yield news
        yield JobStarted(self.row.id)
        try:
            result: ImageResult | None = None
            async for answer in self._answer():
                if isinstance(answer, PartialImage):
                    yield PreviewArrived(answer.index, answer.data, answer.mime)
                else:
                    result = answer
            assert result is not None  # the stream ends with a result or raises
            if result.usage:
                self.usage = dict(result.usage)
                self.row.set_usage(self.usage)
                for news in self._news():
                    yield news
                yield UsageReported(self.usage)
            for index, image in enumerate(result.images):
                yield ImageArrived(index, image.data, image.mime, image.ext, image.revised_prompt)
                item = await self._save(index, image)
                for news in self._news():
                    yield news
                if item is not None:
                    yield ItemSaved(index, item)
            errors = result.meta.get("errors") or ()
            if errors:
                total = len(errors) + len(result.images)
                data = {"failed": len(errors), "total": total, "first": str(errors[0])}
                self.warning = Problem(IMAGES_UNREADABLE, data)
            note = self._describe(self.warning) if self.warning is not None else None
            self.row.finish(DONE, note)
            for news in self._news():
                yield news
            yield JobFinished(DONE, tuple(self.items), self.warning)
        except (asyncio.CancelledError, GeneratorExit):
            self.row.finish(CANCELLED)
            raise
        except ApiError as error:
            problem = Problem(API_ERROR, {"message": " ".join(error.message.split())})
            self.row.finish(FAILED, self._describe(problem))
            yield JobFailed(problem, error.copyable_details(), error)
            yield JobFinished(FAILED, tuple(self.items))
        except STORE_ERRORS as exc:
            problem = Problem(SAVE_FAILED, {"reason": str(exc)})
            self.row.finish(FAILED, self._describe(problem))
            yield JobFailed(problem, traceback.format_exc(), exc)
            yield JobFinished(FAILED, tuple(self.items))
        except Exception as exc:
            problem = Problem(UNEXPECTED, {"reason": str(exc)})
            self.row.finish(FAILED, self._describe(problem))
            yield JobFailed(problem, traceback.format_exc(), exc)
            yield JobFinished(FAILED, tuple(self.items))

    # ---- steps -------------------------------------------------------------------------------

    async def _answer(self) -> AsyncIterator[PartialImage | ImageResult]:
        images = self._client.images
        request = self.request
        if not request.stream:
            if isinstance(request, ImageEditRequest):
                yield await images.edit(request)
            else:
                yield await images.generate(request)
            return
        if isinstance(request, ImageEditRequest):
            stream = images.edit_stream(request)
        else:
            stream = images.generate_stream(request)
        async for item in stream:
            yield item

    async def _save(self, index: int, image: GeneratedImage) -> GalleryItem | None:
        """Store one image in a worker thread; a cancel waits for the file to be complete."""
        if not self.row.recorded:
            return None
        saving = asyncio.ensure_future(asyncio.to_thread(self._store, index, image))
        try:
            item = await asyncio.shield(saving)
        except asyncio.CancelledError:
            # The image is here and may be billed: finish writing it, then stop.
            item = await saving
            self._keep(item)
            raise
        except STORE_ERRORS:
            if self.row.optional:
                return None  # the gallery is given up; _news says so
            raise
        self._keep(item)
        return item

    def _store(self, index: int, image: GeneratedImage) -> GalleryItem | None:
        seed = self.params.get("seed")
        return self.row.add_image(
            index,
            image.data,
            image.mime,
            image.ext,
            image_dimensions(image.data),
            seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            image.revised_prompt,
        )

    def _keep(self, item: GalleryItem | None) -> None:
        if item is not None:
            self.items.append(item)

    def _news(self) -> list[ImageJobEvent]:
        """A :class:`GalleryUnavailable`, once, after an optional row gave the gallery up."""
        lost = self.row.lost
        if lost is None or self._told_lost:
            return []
        self._told_lost = True
        return [GalleryUnavailable(Problem(NOT_RECORDED, {"reason": str(lost)}))]
