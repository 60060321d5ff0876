"""One edit round as a plain async workflow: :class:`EditRound`.

:meth:`EditRound.begin` checks the draft and saves the round's row (``running``) with every
input; :meth:`EditRound.events` prepares the pictures in a worker thread, sends the edit
(``images/edits`` or, on the chat route, ``chat/completions``), saves each result the
moment it is decoded and ends the row with its status, usage and cost. At most two POSTs go
out: a 400/422 about the image field is retried once with the other form, a 413 once with
inputs prepared smaller (scale 0.7); a 2xx, a 5xx or any other failure is never retried.
Cancelling the task that iterates :meth:`~EditRound.events` saves the round as
``cancelled`` (inputs kept, session untouched); a result whose file is being written is
finished first and kept.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any, Final, cast

from studio.api.client import ApiClient
from studio.api.errors import ApiError, ImageFieldRejectedError, RequestTooLargeError
from studio.api.images import ImageEditRequest, ImageResult, PartialImage
from studio.config.image_models import EditCapability, ImageModelSpec
from studio.core.edit.cost import PriceLookup, no_price, usage_cost
from studio.core.edit.events import (
    API_ERROR,
    CANCELLED,
    CANNOT_EDIT,
    DONE,
    EMPTY_PROMPT,
    FAILED,
    FIELD_REJECTED,
    NO_BASE,
    SAVE_FAILED,
    TOO_LARGE,
    TOO_MANY_IMAGES,
    UNEXPECTED,
    EditRefused,
    EditRoundEvent,
    FieldLearned,
    InputsPrepared,
    PreviewArrived,
    Problem,
    Retrying,
    RoundFinished,
    RoundStarted,
    SentInputs,
    VersionSaved,
    english,
)
from studio.core.edit.inputs import (
    InputError,
    PreparedInputs,
    RoundPictures,
    load_inputs,
    prepare_inputs,
)
from studio.core.edit.request import edit_request, wire_params
from studio.core.edit.results import KeepOutside, SavedResult, save_result
from studio.media.edit_inputs import EDIT_FILE_LIMIT
from studio.store.database import StoreError
from studio.store.edits import EditSession, EditStore, EditVersion, RoundRecord

Describe = Callable[[Problem], str]
ClientSource = ApiClient | Callable[[], ApiClient]

MAX_POSTS: Final = 2
"""Requests one round sends at most (the first and one retry)."""
SHRINK: Final = 0.7
"""The scale asked of the inputs after a 413."""
FEATHER_PARAM: Final = "mask_feather"
"""The session parameter holding the keep-outside seam in pixels (never sent: no model's
capability names it)."""
DEFAULT_FEATHER: Final = 4.0
"""The seam when the session sets none."""
_STORE_ERRORS: Final = (StoreError, OSError)


class _Failed(Exception):
    """Ends the round as failed with ``problem``."""

    def __init__(self, problem: Problem, error: BaseException | None = None) -> None:
        super().__init__(problem.code)
        self.problem = problem
        self.error = error


def other_field(field: str) -> str:
    """The other image field form (``image`` ↔ ``image[]``)."""
    return "image" if field == "image[]" else "image[]"


class EditRound:
    """One round of ``session``'s draft on ``client`` with the model described by ``spec``.

    ``client`` is an :class:`ApiClient` or a function giving one (called once, at
    :meth:`begin`). ``image_field`` names the image parts of the first request (default: the
    session's learned form, else the provider's way: ``image`` for one picture, the
    provider's form for several); ``route`` overrides the capability's (a provider may
    serve the model through chat). ``prices`` prices the usage; ``describe`` words the
    problem stored in the row (English by default); ``max_bytes`` is the provider's per-file
    limit (:data:`~studio.media.edit_inputs.EDIT_FILE_LIMIT` where it is unknown). With
    ``field_retry`` False a refusal of the image field is not retried in the other form: the
    round fails after that one POST (the command line's ``--field``, a form the user forced).

    Attributes after the run: ``record`` (the round's row), ``versions`` (saved, also those
    saved while being cancelled), ``sent`` (the last :class:`SentInputs`), ``field`` (the
    form that worked), ``usage``, ``cost`` and ``posts`` (requests sent).
    """

    def __init__(
        self,
        store: EditStore,
        client: ClientSource,
        spec: ImageModelSpec,
        session: EditSession,
        *,
        image_field: str | None = None,
        route: str | None = None,
        prices: PriceLookup = no_price,
        describe: Describe = english,
        max_bytes: int = EDIT_FILE_LIMIT,
        field_retry: bool = True,
    ) -> None:
        self.session = session
        self.spec = spec
        self.record: RoundRecord | None = None
        self.versions: list[EditVersion] = []
        self.sent: SentInputs | None = None
        self.field: str | None = None
        self._override: str | None = image_field or session.field
        self.usage: dict[str, Any] | None = None
        self.cost: float | None = None
        self.posts = 0
        self._store = store
        self._client_source = client
        self._client: ApiClient | None = None
        self._route = route
        self._prices = prices
        self._describe = describe
        self._max_bytes = max_bytes
        self._field_retry = field_retry
        self._finished = False
        self._warning: Problem | None = None

    # ---- public ------------------------------------------------------------------------------

    @property
    def capability(self) -> EditCapability:
        """The model's edit capability (``begin`` refuses a model without one)."""
        if self.spec.edit is None:
            raise EditRefused(Problem(CANNOT_EDIT, {"model": self.spec.id}))
        return self.spec.edit

    @property
    def route(self) -> str:
        """``images`` or ``chat``."""
        return self._route or self.capability.route

    def begin(self) -> RoundRecord:
        """Check the draft and save the round (``running``) with every input; once.

        Raises :class:`EditRefused` (nothing recorded) for a model that cannot edit, an
        empty prompt, no base, or more pictures than the model takes, and the store's
        :class:`~studio.store.database.StoreError` when the row cannot be written.
        """
        if self.record is not None:
            return self.record
        session = self.session
        capability = self.capability
        if not session.prompt.strip():
            raise EditRefused(Problem(EMPTY_PROMPT))
        base = session.base_version_id
        if base is None or self._store.version(base) is None:
            raise EditRefused(Problem(NO_BASE))
        count = 1 + len(session.references)
        if count > capability.max_images:
            data = {"model": self.spec.id, "count": count, "limit": capability.max_images}
            raise EditRefused(Problem(TOO_MANY_IMAGES, data))
        if self._client is None:
            source = self._client_source
            if callable(source) and not hasattr(source, "images"):
                self._client = source()
            else:  # a client (ApiClient, or the tests' FakeClient with the same interface)
                self._client = cast(ApiClient, source)
        self.record = self._store.start_round(
            session.id,
            parent_version_id=base,
            prompt=session.prompt,
            model=session.model or self.spec.id,
            params=session.params,
            mask_hash=session.mask_hash,
            references=session.references,
            keep_outside=session.keep_outside,
        )
        return self.record

    async def events(self) -> AsyncGenerator[EditRoundEvent, None]:
        """Run the round, yielding its progress (see :mod:`studio.core.edit.events`)."""
        record = self.begin()
        yield RoundStarted(record)
        try:
            pictures = await asyncio.to_thread(self._load)
            prepared = await self._prepare(pictures, 1.0)
            yield InputsPrepared(self._sent_now(prepared, 1.0))
            result: ImageResult | None = None
            first_field = self.field
            scale = 1.0
            while result is None:
                self.posts += 1
                try:
                    async for answer in self._answer(prepared):
                        if isinstance(answer, PartialImage):
                            yield PreviewArrived(answer.index, answer.data, answer.mime)
                        else:
                            result = answer
                except ImageFieldRejectedError as error:
                    retry = self._field_retry and self.route != "chat"
                    if not retry or self.posts >= MAX_POSTS:
                        tried = [f for f in (first_field, self.field) if f is not None]
                        message = _one_line(error)
                        data = {"message": message, "fields": list(dict.fromkeys(tried))}
                        raise _Failed(Problem(FIELD_REJECTED, data), error) from error
                    self._override = other_field(error.field or self.field or "image[]")
                    yield Retrying("field", self._override, scale, _one_line(error))
                    yield InputsPrepared(self._sent_now(prepared, scale))
                except RequestTooLargeError as error:
                    if self.posts >= MAX_POSTS:
                        problem = Problem(TOO_LARGE, {"message": _one_line(error)})
                        raise _Failed(problem, error) from error
                    scale = round(scale * SHRINK, 6)
                    yield Retrying("too_large", self.field, scale, _one_line(error))
                    prepared = await self._prepare(pictures, scale)
                    yield InputsPrepared(self._sent_now(prepared, scale))
            if self.route == "images" and self.field is not None and self.field != first_field:
                yield FieldLearned(self.field)
                self._remember_field(self.field)
            self._take_usage(result)
            keep = self._keep(pictures)
            for index, image in enumerate(result.images):
                saved = await self._save(index, image.data, keep)
                yield VersionSaved(index, saved.version)
            note = self._describe(self._warning) if self._warning is not None else None
            final = self._finish(DONE, note)
            yield RoundFinished(DONE, final, tuple(self.versions), warning=self._warning)
        except (asyncio.CancelledError, GeneratorExit):
            self._finish(CANCELLED)
            raise
        except InputError as exc:
            yield self._failed(exc.problem, traceback.format_exc(), exc)
        except _Failed as exc:
            details = exc.error.copyable_details() if isinstance(exc.error, ApiError) else ""
            yield self._failed(exc.problem, details, exc.error)
        except ApiError as error:
            problem = Problem(API_ERROR, {"message": _one_line(error)})
            yield self._failed(problem, error.copyable_details(), error)
        except _STORE_ERRORS as exc:
            yield self._failed(
                Problem(SAVE_FAILED, {"reason": str(exc)}), traceback.format_exc(), exc
            )
        except Exception as exc:
            yield self._failed(
                Problem(UNEXPECTED, {"reason": str(exc)}), traceback.format_exc(), exc
            )

    # ---- steps -------------------------------------------------------------------------------

    def _load(self) -> RoundPictures:
        base = self._store.version(self.session.base_version_id or 0)
        if base is None:
            raise _Failed(Problem(NO_BASE))
        return load_inputs(
            self._store, base.image_hash, self.session.references, self.session.mask_hash
        )

    async def _prepare(self, pictures: RoundPictures, scale: float) -> PreparedInputs:
        send_mask = self.capability.mask != "none" and self.route == "images"
        return await asyncio.to_thread(
            prepare_inputs, pictures, send_mask=send_mask, scale=scale, max_bytes=self._max_bytes
        )

    def _sent_now(self, prepared: PreparedInputs, scale: float) -> SentInputs:
        """What this request sends; kept in the row at once (a crash keeps it too)."""
        chat = self.route == "chat"
        self.field = None if chat else self._field_for(prepared)
        self.sent = SentInputs(
            images=prepared.sent_images,
            mask=prepared.sent_mask,
            field=self.field,
            route=self.route,
            scale=scale,
            params=self._params,
        )
        assert self.record is not None
        try:
            self._store.record_sent(self.record.id, self.sent.as_dict())
        except _STORE_ERRORS:
            pass  # only a description; the row gets it again at the end
        return self.sent

    @property
    def _params(self) -> dict[str, Any]:
        return wire_params(self.spec, self.session.params)

    @property
    def _api(self) -> ApiClient:
        assert self._client is not None  # set by begin()
        return self._client

    def _request(self, prepared: PreparedInputs) -> ImageEditRequest:
        session = self.session
        return edit_request(
            session.model or self.spec.id,
            session.prompt,
            prepared.images,
            prepared.mask,
            self._params,
            stream=self.spec.streams_partials,
        )

    def _field_for(self, prepared: PreparedInputs) -> str:
        """The name the image parts go under in the next request."""
        return self._api.images.edit_field(self._request(prepared), self._override)

    async def _answer(self, prepared: PreparedInputs) -> AsyncIterator[PartialImage | ImageResult]:
        client = self._api
        session = self.session
        if self.route == "chat":
            model = session.model or self.spec.id
            yield await client.chat_image_edit(model, session.prompt, prepared.images, self._params)
            return
        request = self._request(prepared)
        if not request.stream:
            yield await client.images.edit(request, image_field=self._override)
            return
        async for item in client.images.edit_stream(request, image_field=self._override):
            yield item

    def _remember_field(self, field: str) -> None:
        try:
            self.session = self._store.update_draft(self.session.id, field=field)
        except _STORE_ERRORS:
            pass  # the event tells the session; the draft learns it next time

    def _take_usage(self, result: ImageResult) -> None:
        if result.usage:
            self.usage = dict(result.usage)
            self.cost = usage_cost(self.usage, self.session.model or self.spec.id, self._prices)

    def _keep(self, pictures: RoundPictures) -> KeepOutside | None:
        if not self.session.keep_outside or pictures.mask is None:
            return None
        feather = self.session.params.get(FEATHER_PARAM, DEFAULT_FEATHER)
        if not isinstance(feather, int | float) or isinstance(feather, bool) or feather < 0:
            feather = DEFAULT_FEATHER
        return KeepOutside(pictures.base, pictures.mask, float(feather))

    async def _save(self, index: int, data: bytes, keep: KeepOutside | None) -> SavedResult:
        """Store one result in a worker thread; a cancel waits for its files, keeps it."""
        record = self.record
        assert record is not None and record.parent_version_id is not None
        saving = asyncio.ensure_future(
            asyncio.to_thread(
                save_result,
                self._store,
                session_id=self.session.id,
                round_id=record.id,
                parent_id=record.parent_version_id,
                index=index,
                data=data,
                keep=keep,
            )
        )
        try:
            saved = await asyncio.shield(saving)
        except asyncio.CancelledError:
            self._kept(await saving)
            raise
        self._kept(saved)
        return saved

    def _kept(self, saved: SavedResult) -> None:
        self.versions.append(saved.version)
        if saved.warning is not None and self._warning is None:
            self._warning = saved.warning

    def _failed(self, problem: Problem, details: str, error: BaseException | None) -> RoundFinished:
        record = self._finish(FAILED, self._describe(problem))
        return RoundFinished(
            FAILED, record, tuple(self.versions), problem=problem, details=details, error=error
        )

    def _finish(self, status: str, error: str | None = None) -> RoundRecord | None:
        """End the row once with ``status``; a store that fails leaves it running (it comes
        back as interrupted at the next start)."""
        if self._finished or self.record is None:
            return self.record
        self._finished = True
        sent = self.sent.as_dict() if self.sent is not None else None
        try:
            self.record = self._store.finish_round(
                self.record.id, status, error=error, usage=self.usage, cost=self.cost, sent=sent
            )
        except _STORE_ERRORS:
            pass
        return self.record


def _one_line(error: ApiError) -> str:
    return " ".join(error.message.split())
