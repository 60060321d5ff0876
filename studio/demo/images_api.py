"""The demo relay's Images API endpoints: generations (JSON), edits (multipart) and ``/files``.

Pictures are drawn in a worker thread so streamed chat answers keep flowing meanwhile.
``response_format=url`` stores the bytes in the app's :class:`~studio.demo.files.FileStore`
and answers with ``http://<relay>/files/<name>``. ``stream=true`` answers with SSE events
``<kind>.partial_image`` (``partial_images`` of them) and ``<kind>.completed`` per picture.

Edits take their images as ``image`` (one or repeated) or ``image[]`` parts, in order (the
first is the base the mask applies to), honour ``n`` and ``size`` (each result is cropped and
scaled to exactly that size; without it the result keeps the base's size) and answer for the
models of :mod:`studio.demo.imageedit` (``demo-image-remix`` changes the whole picture) and of
:mod:`studio.demo.errors` (models and a relay option that refuse one image field form).

``demo-image-slow-try-cancel`` draws like ``demo-image`` but takes
:data:`~studio.demo.catalog.SLOW_IMAGE_SECONDS` per request (its previews spread over that
time), so a job can be cancelled while it runs.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from studio.demo.catalog import SLOW_IMAGE_MODEL, SLOW_IMAGE_SECONDS
from studio.demo.errors import (
    FAULT_CUT,
    FIELD_MODELS,
    DemoConnectionCut,
    RequestError,
    fault_response,
    refused_field,
)
from studio.demo.files import FileStore
from studio.demo.http_util import read_json_object
from studio.demo.image_options import ImageOptions, parse_options
from studio.demo.imageedit import edit_picture, mask_alpha, open_upload
from studio.demo.imagegen import MEDIA_TYPES, PictureSpec, encode, preview, render_picture
from studio.demo.tokens import count_tokens

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
REMIX_MODEL = "demo-image-remix"
"""Takes a mask as a hint and changes every pixel (:func:`~studio.demo.imageedit.remix_edit`)."""

Painter = Callable[[int], Image.Image]


def _usage(options: ImageOptions, size: tuple[int, int], input_images: int) -> dict[str, Any]:
    text_tokens = count_tokens(options.prompt)
    image_tokens = 65 * input_images
    output_tokens = options.n * max(16, size[0] * size[1] // 1000)
    return {
        "input_tokens": text_tokens + image_tokens,
        "input_tokens_details": {"image_tokens": image_tokens, "text_tokens": text_tokens},
        "output_tokens": output_tokens,
        "total_tokens": text_tokens + image_tokens + output_tokens,
    }


def _files(request: Request) -> FileStore:
    store: FileStore = request.app.state.files
    return store


def _paint_all(painter: Painter, options: ImageOptions) -> list[tuple[bytes, tuple[int, int]]]:
    results = []
    for index in range(options.n):
        picture = painter(index)
        results.append((encode(picture, options.output_format), picture.size))
    return results


async def _answer(
    request: Request, options: ImageOptions, painter: Painter, kind: str, inputs: int
) -> Response:
    if options.stream:
        return StreamingResponse(
            _events(options, painter, kind, inputs),
            media_type="text/event-stream",
            headers=SSE_HEADERS,
        )
    clock = _SlowClock(options)
    encoded = await run_in_threadpool(_paint_all, painter, options)
    await clock.wait(1.0)
    data: list[dict[str, Any]] = []
    for payload, _size in encoded:
        item: dict[str, Any]
        if options.response_format == "url":
            name = _files(request).put(
                payload, MEDIA_TYPES[options.output_format], options.output_format
            )
            item = {"url": f"{str(request.base_url).rstrip('/')}/files/{name}"}
        else:
            item = {"b64_json": base64.b64encode(payload).decode("ascii")}
        if options.model.startswith("dall-e-3"):
            item["revised_prompt"] = f"A procedural demo picture of: {options.prompt}"
        data.append(item)
    size = encoded[0][1]
    body = {
        "created": int(time.time()),
        "data": data,
        "background": "transparent" if options.transparent else "opaque",
        "output_format": options.output_format,
        "quality": options.quality if options.quality != "auto" else "medium",
        "size": f"{size[0]}x{size[1]}",
        "usage": _usage(options, size, inputs),
    }
    if options.model == FAULT_CUT:
        return StreamingResponse(_cut_body(body), media_type="application/json")
    return JSONResponse(body)


async def _cut_body(body: dict[str, Any]) -> AsyncIterator[bytes]:
    raw = json.dumps(body).encode()
    yield raw[: max(1, min(len(raw) // 2, 4096))]
    raise DemoConnectionCut("demo-fault-cut drops the connection on purpose")


def _event(kind: str, payload: dict[str, Any]) -> bytes:
    data = json.dumps({"type": kind, **payload}, separators=(",", ":"))
    return f"event: {kind}\ndata: {data}\n\n".encode()


def _encode_preview(picture: Image.Image, step: int, steps: int, output_format: str) -> bytes:
    return encode(preview(picture, step, steps), output_format)


class _SlowClock:
    """Spreads the answer of ``demo-image-slow-try-cancel`` over :data:`SLOW_IMAGE_SECONDS`
    (other models never wait): :meth:`wait` returns when that share of the time has passed."""

    def __init__(self, options: ImageOptions) -> None:
        self._seconds = SLOW_IMAGE_SECONDS if options.model == SLOW_IMAGE_MODEL else 0.0
        self._start = time.monotonic()

    async def wait(self, share: float) -> None:
        delay = self._start + self._seconds * share - time.monotonic()
        if self._seconds and delay > 0:
            await asyncio.sleep(delay)


async def _events(
    options: ImageOptions, painter: Painter, kind: str, inputs: int
) -> AsyncIterator[bytes]:
    clock = _SlowClock(options)
    steps = options.partial_images + 1
    for index in range(options.n):
        picture = await run_in_threadpool(painter, index)
        common = {
            "background": "transparent" if options.transparent else "opaque",
            "output_format": options.output_format,
            "quality": options.quality if options.quality != "auto" else "medium",
            "size": f"{picture.width}x{picture.height}",
            "created_at": int(time.time()),
        }
        for step in range(options.partial_images):
            partial = await run_in_threadpool(
                _encode_preview, picture, step, options.partial_images, options.output_format
            )
            await clock.wait((index + (step + 1) / steps) / options.n)
            yield _event(
                f"{kind}.partial_image",
                {
                    "b64_json": base64.b64encode(partial).decode("ascii"),
                    "partial_image_index": step,
                    "image_index": index,
                    **common,
                },
            )
        final = await run_in_threadpool(encode, picture, options.output_format)
        await clock.wait((index + 1) / options.n)
        if options.model == FAULT_CUT:
            raise DemoConnectionCut("demo-fault-cut drops the connection on purpose")
        yield _event(
            f"{kind}.completed",
            {
                "b64_json": base64.b64encode(final).decode("ascii"),
                "image_index": index,
                "usage": _usage(options, picture.size, inputs),
                **common,
            },
        )


def _generation_painter(options: ImageOptions) -> Painter:
    width, height = options.size or (1024, 1024)

    def paint(index: int) -> Image.Image:
        spec = PictureSpec(options.prompt, width, height, options.seed, index, options.transparent)
        return render_picture(spec)

    return paint


async def generations(request: Request) -> Response:
    """``POST /v1/images/generations``."""
    body = await read_json_object(request)
    fault = fault_response(str(body.get("model", "")))
    if fault is not None:
        return fault
    options = parse_options(body, default_model="gpt-image-1", edit=False)
    return await _answer(request, options, _generation_painter(options), "image_generation", 0)


async def edits(request: Request) -> Response:
    """``POST /v1/images/edits`` (multipart: ``image``/``image[]``, optional ``mask``)."""
    content_type = request.headers.get("content-type", "")
    if "multipart/form-data" not in content_type:
        raise RequestError("Image edits must be sent as multipart/form-data.")
    async with request.form(max_files=64, max_part_size=4 * 1024 * 1024) as form:
        fields = {key: value for key, value in form.multi_items() if isinstance(value, str)}
        fault = fault_response(fields.get("model", ""))
        if fault is not None:
            return fault
        options = parse_options(fields, default_model="gpt-image-1", edit=True)
        uploads = [
            (key, value)
            for key, value in form.multi_items()
            if key in ("image", "image[]") and isinstance(value, UploadFile)
        ]
        wanted = FIELD_MODELS.get(options.model, request.app.state.edit_field)
        refusal = refused_field(wanted, [key for key, _ in uploads])
        if refusal is not None:
            return refusal
        images = [open_upload(await upload.read(), key) for key, upload in uploads]
        mask_upload = form.get("mask")
        mask_image = None
        if isinstance(mask_upload, UploadFile):
            mask_image = open_upload(await mask_upload.read(), "mask")
    if not images:
        if "nano-banana" not in options.model:
            raise RequestError("'image' is required: send one or more image files.", param="image")
        painter = _generation_painter(options)
        return await _answer(request, options, painter, "image_edit", 0)
    alpha = mask_alpha(mask_image, images[0].size) if mask_image is not None else None

    remix = options.model == REMIX_MODEL

    def paint(index: int) -> Image.Image:
        return edit_picture(
            images, alpha, options.prompt, options.seed, index, options.size, remix=remix
        )

    return await _answer(request, options, paint, "image_edit", len(images))


async def serve_file(request: Request) -> Response:
    """``GET /files/<name>``: an image produced with ``response_format=url``."""
    stored = _files(request).get(request.path_params["name"])
    if stored is None:
        body = {"error": {"message": "File not found.", "type": "invalid_request_error"}}
        return JSONResponse(body, 404)
    return Response(stored.data, media_type=stored.media_type)
