"""Big image answers against a real loopback server: every shape of base64 a relay writes.

Each answer here holds base64 strings far longer than the parser's lift threshold, so they go
the streaming way (lifted out of the JSON and decoded while they arrive). They are sent in
pieces cut at awkward places: inside an escape, inside the data-URL prefix, inside a key.
The image bytes must be exactly the PNG that was encoded.
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import json
import random
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PIL import Image

from studio.api import errors as E
from studio.api.http import HttpSession
from studio.api.imagebody import LIFT_AT
from studio.api.images import ImageGenerationRequest, ImageResult, ImagesClient, PartialImage
from studio.api.provider import ProviderConfig
from tests.fakes.image_server import Cut, ImageServer, Reply

KEY = "sk-test-images-0123456789"
GEN = "/v1/images/generations"


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def images(server: ImageServer) -> AsyncIterator[ImagesClient]:
    session = HttpSession(ProviderConfig(base_url=server.base_url, api_key=KEY, proxy_mode="none"))
    yield ImagesClient(session)
    await session.aclose()


def noise_png(side: int, seed: int) -> bytes:
    """A PNG that does not compress (so its base64 is long)."""
    rng = random.Random(seed)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(out, "PNG")
    return out.getvalue()


PNG_A = noise_png(160, 1)  # about 77 KB of PNG, 103 KB of base64
PNG_B = noise_png(150, 2)


def text_of(data: bytes) -> str:
    return base64.b64encode(data).decode()


def request(**fields: Any) -> ImageGenerationRequest:
    return ImageGenerationRequest(model="gpt-image-1", prompt="noise", **fields)


def pieces(body: bytes, *marks: bytes, size: int = 7_001) -> list[bytes | Cut]:
    """``body`` in pieces of ``size`` bytes, also cut right after each of ``marks``."""
    cuts = set(range(size, len(body), size))
    for mark in marks:
        start = body.find(mark)
        assert start >= 0, mark
        cuts.add(start + len(mark))
    bounds = [0, *sorted(cuts), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def test_the_images_here_are_big_enough_to_be_streamed() -> None:
    assert len(text_of(PNG_A)) > 2 * LIFT_AT and len(text_of(PNG_B)) > 2 * LIFT_AT


async def test_escaped_slashes_give_the_same_bytes(
    server: ImageServer, images: ImagesClient
) -> None:
    # PHP's json_encode writes every "/" as "\/"; the cut falls between "\" and "/".
    body = json.dumps({"created": 5, "data": [{"b64_json": text_of(PNG_A)}]})
    escaped = body.replace("/", "\\/").encode()
    assert b"\\/" in escaped
    server.script(GEN, Reply(chunks=pieces(escaped, escaped[: escaped.find(b"\\/") + 1])))

    result = await images.generate(request())

    assert result.images[0].data == PNG_A
    assert (result.images[0].mime, result.images[0].ext) == ("image/png", "png")
    assert result.created == 5


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
async def test_newlines_inside_the_base64_are_ignored(
    server: ImageServer, images: ImagesClient, newline: str
) -> None:
    text = text_of(PNG_A)
    wrapped = newline.join(text[i : i + 76] for i in range(0, len(text), 76)) + newline
    body = json.dumps({"data": [{"b64_json": wrapped}]}).encode()
    server.script(GEN, Reply(chunks=pieces(body, b"\\")))  # cut inside the first "\n"

    result = await images.generate(request())

    assert result.images[0].data == PNG_A


async def test_data_url_prefixes_are_stripped_even_when_escaped_or_cut(
    server: ImageServer, images: ImagesClient
) -> None:
    body = json.dumps(
        {
            "data": [
                {"b64_json": "data:image/png;base64," + text_of(PNG_A)},
                {"url": "data:image/png;base64," + text_of(PNG_B)},
            ]
        }
    )
    escaped = body.replace("/", "\\/").encode()
    server.script(GEN, Reply(chunks=pieces(escaped, b'"data:ima', b"image\\")))

    result = await images.generate(request(n=2))

    assert [image.data for image in result.images] == [PNG_A, PNG_B]
    assert all(image.source == "b64" for image in result.images)


async def test_url_safe_base64_without_padding(server: ImageServer, images: ImagesClient) -> None:
    urlsafe = base64.urlsafe_b64encode(PNG_B).decode().rstrip("=")
    body = json.dumps({"data": [{"b64_json": urlsafe}]}).encode()
    server.script(GEN, Reply(body=body))

    result = await images.generate(request())

    assert result.images[0].data == PNG_B


async def test_two_big_images_keep_their_order_and_the_other_fields(
    server: ImageServer, images: ImagesClient
) -> None:
    revised = "一只狐狸 in the snow, " * 3_000  # a long text that is not an image
    body = json.dumps(
        {
            "created": 7,
            "data": [
                {"b64_json": text_of(PNG_A), "revised_prompt": revised, "seed": 1},
                {"b64_json": text_of(PNG_B), "index": 1},
            ],
            "usage": {"total_tokens": 9},
            "size": "160x160",
            "extra": {"nested": [1, {"b64_json": "not an image"}]},
        },
        ensure_ascii=False,
    ).encode()
    server.script(GEN, Reply(chunks=pieces(body, b'"b64_', b'"revised_prompt": "')))

    result = await images.generate(request(n=2))

    assert [image.data for image in result.images] == [PNG_A, PNG_B]
    assert result.images[0].revised_prompt == revised
    assert result.images[1].revised_prompt is None
    assert result.usage == {"total_tokens": 9} and result.meta == {"size": "160x160"}
    assert result.created == 7


async def test_invalid_base64_in_one_big_item_fails_that_item_only(
    server: ImageServer, images: ImagesClient
) -> None:
    broken = text_of(PNG_A)
    broken = broken[:50_000] + "*" + broken[50_000:]
    body = json.dumps({"data": [{"b64_json": broken}, {"b64_json": text_of(PNG_B)}]}).encode()
    server.script(GEN, Reply(body=body))

    result = await images.generate(request(n=2))

    assert [image.data for image in result.images] == [PNG_B]
    assert result.meta["failed"] == 1
    assert "could not be decoded" in result.meta["errors"][0]


async def test_big_base64_of_something_that_is_not_an_image_is_refused(
    server: ImageServer, images: ImagesClient
) -> None:
    body = json.dumps({"data": [{"b64_json": text_of(bytes(200_000))}]}).encode()
    server.script(GEN, Reply(body=body))

    with pytest.raises(E.BadResponseError, match="could not be decoded"):
        await images.generate(request())


async def test_a_big_answer_that_is_not_valid_json_is_a_clear_error(
    server: ImageServer, images: ImagesClient
) -> None:
    body = b'{"data": [{"b64_json": "' + text_of(PNG_A).encode() + b'"}'  # "]}" missing
    server.script(GEN, Reply(body=body))

    with pytest.raises(E.BadResponseError) as caught:
        await images.generate(request())

    assert "invalid JSON" in str(caught.value)


async def test_a_big_answer_cut_half_way_warns_it_may_be_billed(
    server: ImageServer, images: ImagesClient
) -> None:
    body = json.dumps({"data": [{"b64_json": text_of(PNG_A)}]}).encode()
    server.script(GEN, Reply(chunks=[*pieces(body[:60_000]), Cut()]))

    with pytest.raises(E.IncompleteAnswerError, match="may already be billed"):
        await images.generate(request())


async def test_a_huge_final_stream_event_is_decoded(
    server: ImageServer, images: ImagesClient
) -> None:
    events = [
        {"type": "image_generation.partial_image", "b64_json": text_of(PNG_B), "created_at": 1},
        {"type": "image_generation.completed", "b64_json": text_of(PNG_A), "created_at": 2},
    ]
    stream = b"".join(
        f"event: {e['type']}\ndata: {json.dumps(e).replace('/', chr(92) + '/')}\n\n".encode()
        for e in events
    )
    server.script(GEN, Reply(content_type="text/event-stream", chunks=pieces(stream)))

    items = [item async for item in images.generate_stream(request(stream=True))]

    preview, result = items
    assert isinstance(preview, PartialImage) and preview.data == PNG_B
    assert isinstance(result, ImageResult) and result.images[0].data == PNG_A


class RecordingExecutor(ThreadPoolExecutor):
    """A real thread pool that remembers which functions were sent to it."""

    def __init__(self, feeds_wanted: int) -> None:
        super().__init__(max_workers=4)
        self.names: list[str] = []
        self.fed = asyncio.Event()  # set once ``feeds_wanted`` batches went to the pool
        self._wanted = feeds_wanted

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        # asyncio.to_thread submits functools.partial(context.run, func, *args), from the
        # loop's thread, so the event can be set here.
        inner = fn.args[0] if getattr(fn, "args", None) else fn
        self.names.append(getattr(inner, "__name__", repr(inner)))
        if self.names.count("_feed_all") >= self._wanted:
            self.fed.set()
        return super().submit(fn, *args, **kwargs)


async def test_a_big_answer_is_decoded_in_worker_threads_while_it_arrives(
    server: ImageServer, images: ImagesClient
) -> None:
    png = noise_png(700, 3)  # about 1.5 MB of PNG, 2 MB of base64
    body = json.dumps({"data": [{"b64_json": text_of(png)}]}).encode()
    gate = server.gate()
    half = len(body) // 2
    server.script(GEN, Reply(chunks=[*pieces(body[:half], size=65_536), gate, body[half:]]))
    executor = RecordingExecutor(feeds_wanted=3)
    asyncio.get_running_loop().set_default_executor(executor)

    task = asyncio.create_task(images.generate(request()))
    # The first half goes to the decoder before the second half is even sent. (The time
    # limit only keeps a regression from hanging the suite.)
    await asyncio.wait_for(executor.fed.wait(), 60)
    assert not task.done()
    gate.set()
    result = await task

    assert result.images[0].data == png
    assert "loads" not in executor.names  # never one json.loads of the whole answer
    assert "decode_image_base64" not in executor.names  # nothing left to decode at the end
