"""``demo-banana``: an image model served through ``/v1/chat/completions``, as relays serve
nano-banana (OpenRouter, LiteLLM, new-api channels; images.md §6).

The last user message's ``image_url`` parts (data URLs, or loopback URLs) are the inputs, in
order. One input gets :func:`~studio.demo.imageedit.global_edit`, several are merged side by
side; with no input a picture is drawn from the prompt (1024² or the ratio). The result is
cropped to ``image_config.aspect_ratio`` when one is given (the long side kept) and answered
as ``message.images[0].image_url.url`` (a PNG data URL) beside a short text, non-streamed, or
streamed as a role chunk, a content chunk, a ``delta.images`` chunk and a finish chunk. The
same request always gives the same bytes.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response, StreamingResponse

from studio.demo.content import text_of
from studio.demo.errors import RequestError
from studio.demo.image_options import parse_ratio, size_for_ratio
from studio.demo.imageedit import edit_picture, fit, open_upload
from studio.demo.imagegen import PictureSpec, encode, render_picture
from studio.demo.seeding import stable_int
from studio.demo.tokens import count_tokens
from studio.demo.vision import image_parts, load_part

BANANA_MODEL = "demo-banana"
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
IMAGE_TOKENS = 1290  # what Gemini image models bill per output image


def is_banana(model: object) -> bool:
    """Whether ``model`` is the demo chat image model."""
    return isinstance(model, str) and model.strip() == BANANA_MODEL


def _last_user(body: Mapping[str, Any]) -> Mapping[str, Any]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError("'messages' must be a non-empty array.", param="messages")
    users = [m for m in messages if isinstance(m, Mapping) and m.get("role") == "user"]
    if not users:
        raise RequestError("A user message is required.", param="messages")
    return users[-1]


def _ratio(body: Mapping[str, Any]) -> tuple[float, float] | None:
    config = body.get("image_config")
    value = config.get("aspect_ratio") if isinstance(config, Mapping) else None
    if value is None:
        value = body.get("aspect_ratio")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RequestError("'aspect_ratio' must be a string such as 16:9.", param="aspect_ratio")
    return parse_ratio(value)


def _paint(
    sources: list[bytes], prompt: str, ratio: tuple[float, float] | None, seed: int
) -> bytes:
    images = [open_upload(data, "image_url") for data in sources]
    picture: Image.Image
    if images:
        picture = edit_picture(images, None, prompt, seed, 0, None)
        if ratio is not None:
            picture = fit(picture, size_for_ratio(ratio, max(picture.size)))
    else:
        width, height = size_for_ratio(ratio, 1024) if ratio else (1024, 1024)
        picture = render_picture(PictureSpec(prompt, width, height, seed, 0))
    return encode(picture, "png")


async def banana_answer(body: Mapping[str, Any]) -> Response:
    """The answer of ``demo-banana`` to a chat completion request."""
    message = _last_user(body)
    prompt = text_of(message.get("content"))
    loaded = [await load_part(part) for part in image_parts(message.get("content"))]
    missing = [item.note for item in loaded if item.data is None]
    if missing:
        raise RequestError(f"An image could not be read: {missing[0]}.", param="messages")
    sources = [item.data for item in loaded if item.data is not None]
    seed = stable_int("banana", prompt, *(base64.b64encode(s[:4096]) for s in sources)) % 2**31
    png = await run_in_threadpool(_paint, sources, prompt, _ratio(body), seed)
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    text = "Here is the edited picture." if sources else "Here is the picture."
    prompt_tokens = 3 + count_tokens(prompt) + 258 * len(sources)
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": IMAGE_TOKENS + count_tokens(text),
        "total_tokens": prompt_tokens + IMAGE_TOKENS + count_tokens(text),
    }
    envelope = {
        "id": f"chatcmpl-banana{seed:08x}",
        "created": int(time.time()),
        "model": BANANA_MODEL,
    }
    images = [{"type": "image_url", "image_url": {"url": url}}]
    if body.get("stream") is True:
        return StreamingResponse(
            _stream(envelope, text, images, usage),
            media_type="text/event-stream",
            headers=SSE_HEADERS,
        )
    answer = {
        **envelope,
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "images": images},
                "finish_reason": "stop",
            }
        ],
        "usage": usage,
    }
    return JSONResponse(answer)


async def _stream(
    envelope: dict[str, Any], text: str, images: list[dict[str, Any]], usage: dict[str, Any]
) -> AsyncIterator[bytes]:
    head = {**envelope, "object": "chat.completion.chunk"}
    deltas: list[tuple[dict[str, Any], str | None]] = [
        ({"role": "assistant", "content": ""}, None),
        ({"content": text}, None),
        ({"images": images}, None),
        ({}, "stop"),
    ]
    for delta, finish in deltas:
        chunk = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        yield f"data: {json.dumps(chunk)}\n\n".encode()
    yield f"data: {json.dumps({**head, 'choices': [], 'usage': usage})}\n\n".encode()
    yield b"data: [DONE]\n\n"
