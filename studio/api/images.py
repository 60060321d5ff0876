"""The Images API client: generations and edits, plain or streamed (images.md §1).

Image POSTs are never retried (they may already be billed) and get the long image timeout.
Answers can be 50 MB+ of base64. They are never parsed by one long ``json.loads``: the
huge base64 strings are lifted out of the JSON and decoded in a worker thread, in short
slices, while the answer is still arriving (:mod:`studio.api.imagebody`), so the event loop
(the GUI thread) never waits long for the GIL.
Edits send their images under the provider's form (``image[]`` or ``image`` repeated; one
image always as ``image``) unless the call names one (``image_field=``, used for every part);
a 400/422 that complains about that name raises
:class:`~studio.api.errors.ImageFieldRejectedError` (see :mod:`studio.api.imagefield`).
Results carry the real format of the bytes (sniffed), whatever format was requested. URL
results are downloaded at once, with a size cap, and without the API key when the URL is on
another host than the API.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from studio.api import errors as E
from studio.api import phrases
from studio.api.chat_images import ImageRef, answer_images, chat_edit_body
from studio.api.http import HttpSession
from studio.api.image_params import (
    ImageEditRequest,
    ImageGenerationRequest,
    InputImage,
    edit_form,
    generation_body,
)
from studio.api.imagebody import (
    ImageBodyParser,
    parse_image_body,
    parse_image_text,
    read_image_body,
)
from studio.api.imagedata import (
    InlineImage,
    InvalidImageData,
    decode_image_base64,
    item_sources,
    sniff_image,
    task_id,
)
from studio.api.imagefetch import download_image
from studio.api.imagefield import complains_about_field, part_name, rejected
from studio.api.sse import RawBody, RawLine, SseEvent, iter_sse

__all__ = [
    "GeneratedImage",
    "ImageEditRequest",
    "ImageGenerationRequest",
    "ImageResult",
    "ImagesClient",
    "InputImage",
    "PartialImage",
    "sniff_image",
]

META_FIELDS = ("background", "output_format", "quality", "size")
_INLINE_JSON = 64 * 1024


@dataclass(frozen=True)
class GeneratedImage:
    """One finished image; ``mime``/``ext`` come from the bytes, not from the request."""

    data: bytes
    mime: str
    ext: str
    source: Literal["b64", "url"]
    url: str | None = None
    revised_prompt: str | None = None


@dataclass(frozen=True)
class PartialImage:
    """A preview sent while a streamed image is being made (``partial_image_index``)."""

    index: int
    data: bytes
    mime: str


@dataclass(frozen=True)
class ImageResult:
    """The images of one answer with ``created``, ``usage`` and response ``meta``.

    ``meta`` holds the answer's background/output_format/quality/size fields, and
    ``failed`` (count) plus ``errors`` (messages) when some images could not be read.
    """

    images: tuple[GeneratedImage, ...]
    created: int | None
    usage: Mapping[str, Any] | None
    meta: Mapping[str, Any] = field(default_factory=dict)


StreamItem = PartialImage | ImageResult


class ImagesClient:
    """Calls ``images/generations`` and ``images/edits`` through one :class:`HttpSession`."""

    def __init__(self, session: HttpSession) -> None:
        self._session = session

    # -- public -------------------------------------------------------------------------

    async def generate(self, request: ImageGenerationRequest) -> ImageResult:
        """Generate images from a prompt (a streamed request is read to its end)."""
        if request.stream:
            return await _last_result(self.generate_stream(request))
        return await self._post("images/generations", json_body=generation_body(request))

    async def edit(
        self, request: ImageEditRequest, *, image_field: str | None = None
    ) -> ImageResult:
        """Edit (or merge) source images under a prompt, with an optional mask.

        ``image_field`` (``image`` or ``image[]``) overrides the provider's form for this call
        and names every image part. Raises :class:`~studio.api.errors.ImageFieldRejectedError`
        when the relay refuses the name that was sent (its ``field``).
        """
        if request.stream:
            return await _last_result(self.edit_stream(request, image_field=image_field))
        name = self.edit_field(request, image_field)
        fields, files = self._edit_parts(request, name, stream=None)
        try:
            return await self._post("images/edits", data=fields, files=files)
        except E.BadRequestError as error:
            raise self._field_error(error, name) from None

    def edit_field(self, request: ImageEditRequest, image_field: str | None = None) -> str:
        """The name the image parts of ``request`` go under (``image_field`` overrides)."""
        return part_name(len(request.images), self._session.config.image_field, image_field)

    async def generate_stream(
        self,
        request: ImageGenerationRequest,
    ) -> AsyncIterator[PartialImage | ImageResult]:
        """Stream a generation: :class:`PartialImage` previews, then one :class:`ImageResult`.

        A relay that ignores ``stream`` and answers plain JSON yields just the result.
        """
        body = generation_body(request, stream=True)
        async for item in self._stream("images/generations", json_body=body):
            yield item

    async def edit_stream(
        self,
        request: ImageEditRequest,
        *,
        image_field: str | None = None,
    ) -> AsyncIterator[PartialImage | ImageResult]:
        """Stream an edit: :class:`PartialImage` previews, then one :class:`ImageResult`.

        ``image_field`` as for :meth:`edit`; a refused name raises before any preview.
        """
        name = self.edit_field(request, image_field)
        fields, files = self._edit_parts(request, name, stream=True)
        try:
            async for item in self._stream("images/edits", data=fields, files=files):
                yield item
        except E.BadRequestError as error:
            raise self._field_error(error, name) from None

    async def chat_image_edit(
        self,
        model: str,
        prompt: str,
        images: Sequence[InputImage],
        params: Mapping[str, Any],
    ) -> ImageResult:
        """Edit through ``chat/completions`` (see :mod:`studio.api.chat_images`).

        One non-streamed POST, never retried. The answer's images (``message.images`` or
        data-URL / Markdown images in the content) are decoded or downloaded; its ``usage``
        is kept and the text beside the images goes in ``meta["text"]``. An answer without
        any image raises :class:`~studio.api.errors.EmptyResponseError` quoting its text.
        """
        if not images:
            raise ValueError("an image edit needs at least one source image")
        body = await asyncio.to_thread(chat_edit_body, model, prompt, images, params)
        async with self._session.open(
            "POST",
            "chat/completions",
            json_body=body,
            retry=False,
            timeout=self._timeout(),
            accept="application/json",
        ) as response:
            parser = await self._read(response)
            headers = response.headers
        head = parser.head.lstrip()
        if not head:
            raise self._error(E.EmptyResponseError, "no_images")
        if not head.startswith(b"{"):
            raise self._session.status_error(200, parser.raw_text(), headers)
        try:
            obj = await asyncio.to_thread(parser.close)
        except (ValueError, RecursionError):
            raise self._error(
                E.BadResponseError,
                "bad_response",
                server="invalid JSON",
                details=parser.head[:300].decode("utf-8", "replace"),
            ) from None
        if not isinstance(obj, dict) or E.is_error_body(obj):
            raise self._session.status_error(200, parser.raw_text(), headers)
        refs, text = await asyncio.to_thread(answer_images, obj)
        if not refs:
            if text.strip():
                shown = " ".join(text.split())
                raise self._error(
                    E.EmptyResponseError,
                    "chat_text_only",
                    server=shown[:200],
                    code="no_images",
                    details=text[:2000],
                )
            raise self._error(E.EmptyResponseError, "no_images")
        loaded = await asyncio.gather(*(self._load_ref(ref) for ref in refs))
        result = self._result(loaded, obj, "created")
        meta = dict(result.meta)
        if text.strip():
            meta["text"] = text.strip()
        return ImageResult(result.images, result.created, result.usage, meta)

    async def load_image(self, url: str) -> GeneratedImage:
        """Decode a data URL or download an http(s) URL, such as one of the images of a chat
        answer (:class:`~studio.api.events.ImagesReceived`); raises an ``ApiError``."""
        loaded = await self._load_ref(url)
        if isinstance(loaded, E.ApiError):
            raise loaded
        return loaded

    async def _load_ref(self, ref: ImageRef) -> GeneratedImage | E.ApiError:
        return await self._load_item({"url": ref})

    # -- requests -----------------------------------------------------------------------

    def _edit_parts(
        self,
        request: ImageEditRequest,
        name: str,
        *,
        stream: bool | None,
    ) -> tuple[Any, Any]:
        if not request.images:
            raise ValueError("an image edit needs at least one source image")
        return edit_form(request, image_field=name, stream=stream, single=name)

    def _field_error(self, error: E.BadRequestError, name: str) -> E.BadRequestError:
        """``error``, or an :class:`~studio.api.errors.ImageFieldRejectedError` for ``name``."""
        if isinstance(error, E.ImageFieldRejectedError) or not complains_about_field(error):
            return error
        return rejected(error, name, self._session.language)

    def _timeout(self) -> httpx.Timeout:
        t = self._session.config.timeouts
        return httpx.Timeout(connect=t.connect, read=t.image, write=t.image, pool=t.connect)

    async def _post(self, path: str, **body: Any) -> ImageResult:
        async with self._session.open(
            "POST", path, retry=False, timeout=self._timeout(), **body
        ) as response:
            parser = await self._read(response)
            headers = response.headers
        return await self._result_from_parsed(parser, headers)

    async def _read(self, response: httpx.Response) -> ImageBodyParser:
        """Read the answer, decoding its images on the way (in a worker thread)."""
        try:
            return await read_image_body(response.aiter_bytes())
        except httpx.HTTPError as exc:
            raise self._broken(exc) from None

    def _broken(self, exc: httpx.HTTPError) -> E.ApiError:
        """The answer stopped half-way (the POST was sent, so it may be billed)."""
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return self._error(
                E.IncompleteAnswerError, "image_cut", details=f"{type(exc).__name__}: {exc}"
            )
        return self._session.transport_error(exc, read_timeout=self._session.config.timeouts.image)

    async def _stream(self, path: str, **body: Any) -> AsyncIterator[StreamItem]:
        async with self._session.open(
            "POST", path, retry=False, timeout=self._timeout(), accept="text/event-stream", **body
        ) as response:
            ctype = response.headers.get("content-type", "").lower()
            if "text/event-stream" in ctype:
                async for item in self._events(response):
                    yield item
                return
            parser = await self._read(response)
        yield await self._result_from_parsed(parser, response.headers)

    # -- plain answers ------------------------------------------------------------------

    async def _result_from_body(self, raw: str, headers: httpx.Headers | None) -> ImageResult:
        parser = await asyncio.to_thread(parse_image_body, raw)
        return await self._result_from_parsed(parser, headers)

    async def _result_from_parsed(
        self, parser: ImageBodyParser, headers: httpx.Headers | None
    ) -> ImageResult:
        head = parser.head.lstrip()
        if not head:
            raise self._error(E.EmptyResponseError, "no_images")
        if not head.startswith(b"{"):
            raise self._session.status_error(200, parser.raw_text(), headers)
        try:
            # Small by now: the skeleton, and the strings that are not decoded images.
            obj = await asyncio.to_thread(parser.close)
        except (ValueError, RecursionError):
            raise self._error(
                E.BadResponseError,
                "bad_response",
                server="invalid JSON",
                details=parser.head[:300].decode("utf-8", "replace"),
            ) from None
        raw = parser.raw_text()  # the answer, its long strings replaced by placeholders
        if not isinstance(obj, dict):
            raise self._session.status_error(200, raw, headers)
        data = obj.get("data")
        items = [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []
        usable = [item for item in items if item_sources(item)]
        if E.is_error_body(obj) and not usable:
            raise self._session.status_error(200, raw, headers)
        if not usable:
            task = task_id(obj, items)
            if task is not None:
                raise self._error(
                    E.NotSupportedError, "image_async_task", server=task, code="async_task"
                )
            raise self._error(E.EmptyResponseError, "no_images")
        loaded = await asyncio.gather(*(self._load_item(item) for item in usable))
        return self._result(loaded, obj, "created")

    def _result(
        self, loaded: list[GeneratedImage | E.ApiError], obj: Mapping[str, Any], created_key: str
    ) -> ImageResult:
        images = tuple(item for item in loaded if isinstance(item, GeneratedImage))
        failures = [item for item in loaded if isinstance(item, E.ApiError)]
        if not images:
            if failures:
                raise failures[0]
            raise self._error(E.EmptyResponseError, "no_images")
        meta: dict[str, Any] = {key: obj[key] for key in META_FIELDS if obj.get(key) is not None}
        if failures:
            meta["failed"] = len(failures)
            meta["errors"] = tuple(failure.message for failure in failures)
        created = obj.get(created_key)
        usage = obj.get("usage")
        return ImageResult(
            images=images,
            created=created if isinstance(created, int) and not isinstance(created, bool) else None,
            usage=usage if isinstance(usage, dict) else None,
            meta=meta,
        )

    async def _load_item(self, item: Mapping[str, Any]) -> GeneratedImage | E.ApiError:
        """Decode or download one result item; an error is returned, not raised."""
        revised = item.get("revised_prompt")
        revised = revised if isinstance(revised, str) else None
        first: E.ApiError | None = None
        for kind, value in item_sources(item):
            try:
                if kind == "url":
                    url = value if isinstance(value, str) else value.text()
                    data, mime, ext = await download_image(self._session, url, self._error)
                    return GeneratedImage(data, mime, ext, "url", url, revised)
                data, mime, ext = await self._decode(value)
                return GeneratedImage(data, mime, ext, "b64", None, revised)
            except E.ApiError as error:
                first = first or error
        assert first is not None
        return first

    async def _decode(self, text: str | InlineImage) -> tuple[bytes, str, str]:
        try:
            if isinstance(text, InlineImage):
                return decode_image_base64(text)  # decoded already: only sniffs the format
            return await asyncio.to_thread(decode_image_base64, text)
        except InvalidImageData as exc:
            raise self._error(E.BadResponseError, "invalid_image_data", server=str(exc)) from None

    # -- streamed answers ---------------------------------------------------------------

    async def _events(self, response: httpx.Response) -> AsyncIterator[StreamItem]:
        loaded: list[GeneratedImage | E.ApiError] = []
        final: dict[str, Any] = {}
        started = False
        try:
            async for sse in iter_sse(response.aiter_text()):
                if isinstance(sse, RawBody):
                    # No data line at all: a JSON answer (or error) served as event-stream.
                    if not loaded:
                        yield await self._result_from_body(sse.text, response.headers)
                        return
                    continue
                if isinstance(sse, RawLine):
                    # A JSON error written into the stream without "data:" (protocol case 52).
                    obj = E.parse_json_object(sse.text)
                    if obj is not None and E.is_error_body(obj):
                        if started:
                            raise self._stream_error(obj)
                        raise self._session.status_error(
                            200, sse.text.encode("utf-8"), response.headers
                        )
                    continue
                if not isinstance(sse, SseEvent):
                    continue
                started = True
                if sse.data.strip() == "[DONE]":
                    break
                obj = await _parse_event(sse.data)
                if obj is None:
                    continue
                partial = await self._on_event(obj, sse.event, loaded, final)
                if partial is not None:
                    yield partial
        except httpx.HTTPError as exc:
            if not any(isinstance(item, GeneratedImage) for item in loaded):
                raise self._broken(exc) from None
            final["incomplete"] = True
        result = self._result(loaded, final, "created_at")
        if final.get("incomplete"):
            result = ImageResult(
                result.images, result.created, result.usage, {**result.meta, "incomplete": True}
            )
        yield result

    async def _on_event(
        self,
        obj: dict[str, Any],
        event: str,
        loaded: list[GeneratedImage | E.ApiError],
        final: dict[str, Any],
    ) -> PartialImage | None:
        declared = obj.get("type")
        kind = declared if isinstance(declared, str) else event
        if kind.endswith("partial_failed"):  # one image of several failed (Seedream)
            message, _, _ = E.extract_error_fields(obj)
            loaded.append(
                self._error(E.StreamError, "stream_error", server=message or "image failed")
            )
            return None
        if E.is_error_body(obj):
            raise self._stream_error(obj)
        if kind.endswith("partial_image"):
            text = obj.get("b64_json") or obj.get("partial_image_b64")
            if not isinstance(text, str | InlineImage):
                return None
            try:
                if isinstance(text, InlineImage):
                    data, mime, _ = decode_image_base64(text)
                else:
                    data, mime, _ = await asyncio.to_thread(decode_image_base64, text)
            except InvalidImageData:
                return None  # a broken preview is not worth failing the job
            index = obj.get("partial_image_index")
            return PartialImage(index if isinstance(index, int) else 0, data, mime)
        items: list[Mapping[str, Any]] = []
        if isinstance(obj.get("data"), list):
            items = [item for item in obj["data"] if isinstance(item, dict)]
        elif item_sources(obj):
            items = [obj]
        for item in items:
            if item_sources(item):
                loaded.append(await self._load_item(item))
        if items:
            final.update(
                {
                    key: obj[key]
                    for key in (*META_FIELDS, "usage", "created_at", "created")
                    if key in obj
                }
            )
            if "created_at" not in final and "created" in obj:
                final["created_at"] = obj["created"]
        return None

    def _stream_error(self, obj: dict[str, Any]) -> E.ApiError:
        message, code, etype = E.extract_error_fields(obj)
        server = message or "error"
        low = (code or "").lower()
        key = (
            "moderation"
            if low in ("moderation_blocked", "content_policy_violation")
            or ("safety system" in server.lower())
            else "stream_error"
        )
        return self._error(
            E.StreamError,
            key,
            server=server,
            code=code,
            error_type=etype,
            details=json.dumps(obj, ensure_ascii=False, default=_no_image)[:2000],
        )

    # -- helpers ------------------------------------------------------------------------

    def _error(
        self,
        cls: type[E.ApiError],
        key: str,
        *,
        details: str = "",
        code: str | None = None,
        error_type: str | None = None,
        status: int | None = None,
        **params: Any,
    ) -> E.ApiError:
        params.setdefault("server", "")
        text = phrases.text(key, self._session.language, **params)
        secrets = (self._session.config.api_key,)
        return cls(
            E.redact(text, *secrets),
            status=status,
            server_message=params["server"] or None,
            code=code or key,
            error_type=error_type,
            details=E.redact(details, *secrets),
        )


async def _last_result(stream: AsyncIterator[StreamItem]) -> ImageResult:
    result: ImageResult | None = None
    async for item in stream:
        if isinstance(item, ImageResult):
            result = item
    assert result is not None  # the stream always ends with a result or an error
    return result


def _no_image(value: object) -> str:
    """How :func:`json.dumps` shows an :class:`InlineImage` in error details."""
    return f"<{type(value).__name__}>"


async def _parse_event(data: str) -> dict[str, Any] | None:
    try:
        if len(data) > _INLINE_JSON:
            # A final image event can be tens of MB: no single long json.loads.
            value = await asyncio.to_thread(parse_image_text, data)
        else:
            value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
