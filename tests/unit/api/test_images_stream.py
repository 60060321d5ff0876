"""Streamed image generation and editing (SSE partial images, images.md §1.7)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from studio.api import errors as E
from studio.api.http import HttpSession
from studio.api.images import (
    ImageEditRequest,
    ImageGenerationRequest,
    ImageResult,
    ImagesClient,
    InputImage,
    PartialImage,
)
from studio.api.provider import ProviderConfig
from tests.fakes.image_server import Cut, ImageServer, Reply, b64, image_bytes

KEY = "sk-test-images-0123456789"
GEN = "/v1/images/generations"
EDITS = "/v1/images/edits"
SSE = "text/event-stream"


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def images(server: ImageServer) -> AsyncIterator[ImagesClient]:
    session = HttpSession(ProviderConfig(base_url=server.base_url, api_key=KEY, proxy_mode="none"))
    yield ImagesClient(session)
    await session.aclose()


def event(payload: dict[str, Any], *, newline: str = "\n") -> bytes:
    text = f"event: {payload.get('type', 'message')}{newline}data: {json.dumps(payload)}"
    return (text + newline + newline).encode()


def request(**fields: Any) -> ImageGenerationRequest:
    return ImageGenerationRequest(
        model="gpt-image-1", prompt="a fox", stream=True, partial_images=2, **fields
    )


async def collect(
    stream: AsyncIterator[PartialImage | ImageResult],
) -> list[PartialImage | ImageResult]:
    return [item async for item in stream]


async def test_partial_images_arrive_before_the_final_image(
    server: ImageServer, images: ImagesClient
) -> None:
    preview = image_bytes("PNG", color=(50, 50, 50))
    final = image_bytes("PNG", color=(200, 100, 0))
    gate = server.gate()
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                event(
                    {
                        "type": "image_generation.partial_image",
                        "b64_json": b64(preview),
                        "partial_image_index": 0,
                        "size": "1024x1024",
                        "created_at": 1,
                    }
                ),
                gate,
                event(
                    {
                        "type": "image_generation.completed",
                        "b64_json": b64(final),
                        "background": "opaque",
                        "output_format": "png",
                        "quality": "medium",
                        "size": "1024x1024",
                        "created_at": 2,
                        "usage": {"input_tokens": 5, "output_tokens": 1056, "total_tokens": 1061},
                    }
                ),
            ],
        ),
    )

    stream = images.generate_stream(request())
    first = await anext(stream)
    # The server has not sent the final image yet: the preview really came first.
    assert not gate.is_set()
    assert first == PartialImage(index=0, data=preview, mime="image/png")
    gate.set()
    rest = await collect(stream)

    (result,) = rest
    assert isinstance(result, ImageResult)
    assert result.images[0].data == final and result.created == 2
    assert result.usage is not None and result.usage["output_tokens"] == 1056
    assert result.meta["quality"] == "medium"
    sent = server.requests_to(GEN)[0]
    assert sent.json["stream"] is True and sent.json["partial_images"] == 2
    assert sent.headers["accept"] == SSE


async def test_crlf_framing_split_chunks_and_done(
    server: ImageServer,
    images: ImagesClient,
) -> None:
    final = image_bytes("PNG", color=(1, 2, 3))
    body = (
        b": keep-alive\r\n\r\n"
        + event(
            {
                "type": "image_generation.partial_image",
                "b64_json": b64(final),
                "partial_image_index": 1,
            },
            newline="\r\n",
        )
        + event({"type": "image_generation.completed", "b64_json": b64(final)}, newline="\r\n")
        + b"data: [DONE]\r\n\r\n"
    )
    pieces = [body[i : i + 37] for i in range(0, len(body), 37)]
    server.script(GEN, Reply(content_type=SSE, chunks=pieces))

    items = await collect(images.generate_stream(request()))

    assert [type(item) for item in items] == [PartialImage, ImageResult]
    assert isinstance(items[0], PartialImage) and items[0].index == 1
    assert isinstance(items[1], ImageResult) and items[1].images[0].data == final


async def test_last_event_without_blank_line_is_not_lost(
    server: ImageServer, images: ImagesClient
) -> None:
    final = image_bytes("PNG")
    body = event({"type": "image_generation.completed", "b64_json": b64(final)}).rstrip()
    server.script(GEN, Reply(content_type=SSE, chunks=[body]))

    (result,) = await collect(images.generate_stream(request()))

    assert isinstance(result, ImageResult) and result.images[0].data == final


async def test_relay_that_ignores_stream_answers_plain_json(
    server: ImageServer, images: ImagesClient
) -> None:
    final = image_bytes("JPEG")
    server.script(GEN, Reply(body={"created": 9, "data": [{"b64_json": b64(final)}]}))

    items = await collect(images.generate_stream(request()))

    (result,) = items
    assert isinstance(result, ImageResult)
    assert result.images[0].mime == "image/jpeg" and result.created == 9


async def test_error_event_in_the_stream_is_raised(
    server: ImageServer,
    images: ImagesClient,
) -> None:
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                b'data: {"type":"error","error":{"message":"Image generation failed upstream",'
                b'"code":"server_error"}}\n\n'
            ],
        ),
    )

    with pytest.raises(E.StreamError, match="Image generation failed upstream"):
        await collect(images.generate_stream(request()))


async def test_json_error_served_as_event_stream_is_classified(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                b'{"error":{"message":"Your request was rejected by the safety system.",'
                b'"type":"image_generation_user_error","code":"moderation_blocked"}}'
            ],
        ),
    )

    # Classified like a plain 200 error body (not parsed as SSE, not an empty answer).
    with pytest.raises(E.ApiStatusError, match="rejected by the safety system"):
        await collect(images.generate_stream(request()))


async def test_stream_without_a_final_image_is_empty(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                event(
                    {
                        "type": "image_generation.partial_image",
                        "b64_json": b64(image_bytes()),
                        "partial_image_index": 0,
                    }
                ),
                b"data: [DONE]\n\n",
            ],
        ),
    )

    with pytest.raises(E.EmptyResponseError):
        await collect(images.generate_stream(request()))


async def test_per_image_success_and_failure_events(
    server: ImageServer, images: ImagesClient
) -> None:
    good = image_bytes("PNG", color=(3, 3, 3))
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                event(
                    {
                        "type": "image_generation.partial_succeeded",
                        "image_index": 0,
                        "b64_json": b64(good),
                        "size": "1664x936",
                    }
                ),
                event(
                    {
                        "type": "image_generation.partial_failed",
                        "image_index": 1,
                        "error": {
                            "code": "OutputImageSensitiveContentDetected",
                            "message": "The generated image may contain sensitive content",
                        },
                    }
                ),
                event({"type": "image_generation.some_future_event", "x": 1}),
                b"data: [DONE]\n\n",
            ],
        ),
    )

    (result,) = await collect(images.generate_stream(request(n=2)))

    assert isinstance(result, ImageResult)
    assert [image.data for image in result.images] == [good]
    assert result.meta["failed"] == 1
    assert "sensitive content" in result.meta["errors"][0]


async def test_generate_with_stream_true_returns_the_final_result(
    server: ImageServer, images: ImagesClient
) -> None:
    final = image_bytes("PNG", color=(4, 4, 4))
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                event(
                    {
                        "type": "image_generation.partial_image",
                        "b64_json": b64(final),
                        "partial_image_index": 0,
                    }
                ),
                event({"type": "image_generation.completed", "b64_json": b64(final)}),
            ],
        ),
    )

    result = await images.generate(request())

    assert result.images[0].data == final


async def test_edit_stream_sends_stream_and_yields_previews(
    server: ImageServer, images: ImagesClient
) -> None:
    preview, final = image_bytes("PNG", color=(5, 5, 5)), image_bytes("WEBP", color=(6, 6, 6))
    server.script(
        EDITS,
        Reply(
            content_type=SSE,
            chunks=[
                event(
                    {
                        "type": "image_edit.partial_image",
                        "b64_json": b64(preview),
                        "partial_image_index": 0,
                    }
                ),
                event({"type": "image_edit.completed", "b64_json": b64(final), "created_at": 7}),
            ],
        ),
    )

    items = await collect(
        images.edit_stream(
            ImageEditRequest(
                model="gpt-image-1",
                prompt="x",
                images=[InputImage(image_bytes())],
                partial_images=1,
            )
        )
    )

    assert [type(item) for item in items] == [PartialImage, ImageResult]
    result = items[1]
    assert isinstance(result, ImageResult)
    assert result.images[0].mime == "image/webp" and result.created == 7
    sent = server.requests_to(EDITS)[0]
    assert sent.field("stream") == "true" and sent.field("partial_images") == "1"


async def test_stream_cut_before_the_final_image_is_an_error(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(
        GEN,
        Reply(
            content_type=SSE,
            chunks=[
                event(
                    {
                        "type": "image_generation.partial_image",
                        "b64_json": b64(image_bytes()),
                        "partial_image_index": 0,
                    }
                ),
                b'data: {"type":"image_generation.completed","b64_j',
                Cut(),
            ],
        ),
    )

    items: list[PartialImage | ImageResult] = []
    with pytest.raises(E.IncompleteAnswerError):
        async for item in images.generate_stream(request()):
            items.append(item)

    assert [type(item) for item in items] == [PartialImage]
