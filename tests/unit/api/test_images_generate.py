"""ImagesClient.generate against a real loopback server: answers, downloads and errors."""

from __future__ import annotations

import asyncio
import base64
import io
import os
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PIL import Image

from studio.api import errors as E
from studio.api.http import HttpSession
from studio.api.images import ImageGenerationRequest, ImagesClient
from studio.api.provider import ProviderConfig
from tests.fakes.image_server import Cut, ImageServer, Reply, b64, image_bytes

KEY = "sk-test-images-0123456789"
GEN = "/v1/images/generations"


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def make_images(server: ImageServer) -> AsyncIterator[Callable[..., ImagesClient]]:
    sessions: list[HttpSession] = []

    def make(language: str = "en", **config: Any) -> ImagesClient:
        cfg = ProviderConfig(base_url=server.base_url, api_key=KEY, proxy_mode="none", **config)
        session = HttpSession(cfg, language=language)
        sessions.append(session)
        return ImagesClient(session)

    yield make
    for session in sessions:
        await session.aclose()


@pytest.fixture
def images(make_images: Callable[..., ImagesClient]) -> ImagesClient:
    return make_images()


def request(**fields: Any) -> ImageGenerationRequest:
    return ImageGenerationRequest(model="gpt-image-1", prompt="a red square", **fields)


def pixel(data: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(data)) as img:
        value = img.convert("RGB").getpixel((0, 0))
    assert isinstance(value, tuple)
    return tuple(int(channel) for channel in value)


# -- answers ---------------------------------------------------------------------------------


async def test_b64_answer_gives_the_png_with_usage_and_meta(
    server: ImageServer, images: ImagesClient
) -> None:
    png = image_bytes("PNG", color=(10, 200, 30))
    server.script(
        GEN,
        Reply(
            body={
                "created": 1700000000,
                "data": [{"b64_json": b64(png)}],
                "usage": {"input_tokens": 10, "output_tokens": 272, "total_tokens": 282},
                "background": "opaque",
                "output_format": "png",
                "quality": "low",
                "size": "1024x1024",
            }
        ),
    )

    result = await images.generate(request())

    (image,) = result.images
    assert image.data == png
    assert (image.mime, image.ext, image.source) == ("image/png", "png", "b64")
    assert pixel(image.data) == (10, 200, 30)
    assert result.created == 1700000000
    assert result.usage is not None and result.usage["output_tokens"] == 272
    assert result.meta == {
        "background": "opaque",
        "output_format": "png",
        "quality": "low",
        "size": "1024x1024",
    }
    post = server.requests_to(GEN)[0]
    assert post.headers["authorization"] == f"Bearer {KEY}"


async def test_url_answer_is_downloaded_from_the_relay(
    server: ImageServer, images: ImagesClient
) -> None:
    png = image_bytes("PNG", color=(1, 2, 3))
    server.script("/files/abc.png", Reply(body=png, content_type="image/png"))
    server.script(
        GEN,
        Reply(
            body={
                "created": 1,
                "data": [
                    {"url": server.url("/files/abc.png"), "revised_prompt": "a bright red square"}
                ],
            }
        ),
    )

    result = await images.generate(request(response_format="url"))

    (image,) = result.images
    assert image.data == png and image.source == "url"
    assert image.url == server.url("/files/abc.png")
    assert image.revised_prompt == "a bright red square"
    assert len(server.requests_to("/files/abc.png")) == 1


async def test_relative_url_answer_resolves_against_the_api_root(
    server: ImageServer, images: ImagesClient
) -> None:
    png = image_bytes("PNG")
    server.script("/v1/files/rel.png", Reply(body=png, content_type="image/png"))
    server.script(GEN, Reply(body={"data": [{"url": "files/rel.png"}]}))

    result = await images.generate(request())

    assert result.images[0].data == png


async def test_data_url_prefix_in_b64_json_or_url_is_stripped(
    server: ImageServer, images: ImagesClient
) -> None:
    png = image_bytes("PNG", color=(9, 9, 9))
    server.script(
        GEN,
        Reply(
            body={
                "data": [
                    {"b64_json": "data:image/png;base64," + b64(png)},
                    {"url": "data:image/png;base64," + b64(png)},
                ]
            }
        ),
    )

    result = await images.generate(request(n=2))

    assert [image.data for image in result.images] == [png, png]
    assert all(image.source == "b64" for image in result.images)


async def test_b64_is_used_when_both_b64_and_url_are_present(
    server: ImageServer, images: ImagesClient
) -> None:
    png = image_bytes("PNG", color=(7, 7, 7))
    server.script(
        GEN,
        Reply(
            body={
                "data": [
                    {
                        "b64_json": b64(png),
                        "url": server.url("/never.png"),
                        "file_id": "f1",
                        "task_id": "t1",
                    }
                ]
            }
        ),
    )

    result = await images.generate(request())

    assert result.images[0].data == png
    assert server.requests_to("/never.png") == []


async def test_unknown_fields_are_ignored(server: ImageServer, images: ImagesClient) -> None:
    png = image_bytes("PNG")
    server.script(
        GEN,
        Reply(
            body={
                "created": 2,
                "id": "img-1",
                "object": "list",
                "model": "seedream-3.0",
                "data": [{"b64_json": b64(png), "index": 0, "seed": 42, "finish_reason": "stop"}],
                "extra": {"nested": [1, 2]},
            }
        ),
    )

    result = await images.generate(request())

    assert result.images[0].data == png and result.created == 2


async def test_whitespace_and_urlsafe_base64_are_tolerated(
    server: ImageServer, images: ImagesClient
) -> None:
    png = image_bytes("PNG", size=(64, 64), color=(250, 250, 250, 128))
    text = b64(png)
    wrapped = "\n".join(text[i : i + 76] for i in range(0, len(text), 76)) + "\r\n"
    urlsafe = base64.urlsafe_b64encode(png).decode().rstrip("=")
    server.script(GEN, Reply(body={"data": [{"b64_json": wrapped}, {"b64_json": urlsafe}]}))

    result = await images.generate(request(n=2))

    assert [image.data for image in result.images] == [png, png]


async def test_two_images_for_n_2(server: ImageServer, images: ImagesClient) -> None:
    red, blue = image_bytes("PNG", color=(255, 0, 0)), image_bytes("PNG", color=(0, 0, 255))
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(red)}, {"b64_json": b64(blue)}]}))

    result = await images.generate(request(n=2))

    assert [pixel(image.data) for image in result.images] == [(255, 0, 0), (0, 0, 255)]
    assert server.requests_to(GEN)[0].json["n"] == 2


async def test_real_format_comes_from_the_bytes(
    server: ImageServer,
    images: ImagesClient,
) -> None:
    jpeg = image_bytes("JPEG")
    server.script(GEN, Reply(body={"output_format": "png", "data": [{"b64_json": b64(jpeg)}]}))

    result = await images.generate(request(output_format="png"))

    assert (result.images[0].mime, result.images[0].ext) == ("image/jpeg", "jpg")


async def test_slow_answer_still_succeeds(server: ImageServer, images: ImagesClient) -> None:
    png = image_bytes("PNG")
    gate = server.gate()
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(png)}]}, wait=gate))

    task = asyncio.create_task(images.generate(request()))
    await server.wait_for_requests(1)
    assert not task.done()
    gate.set()

    assert (await task).images[0].data == png


# -- request shape ---------------------------------------------------------------------------


async def test_only_set_fields_are_sent(server: ImageServer, images: ImagesClient) -> None:
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(image_bytes())}]}))

    await images.generate(request())

    assert server.requests_to(GEN)[0].json == {
        "model": "gpt-image-1",
        "prompt": "a red square",
        "n": 1,
    }


async def test_every_field_goes_out_under_its_wire_name_and_extra_wins(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(image_bytes())}]}))

    await images.generate(
        request(
            n=2,
            size="1536x1024",
            aspect_ratio="16:9",
            image_size="2K",
            seed=-1,
            quality="high",
            background="transparent",
            output_format="webp",
            output_compression=80,
            moderation="low",
            style="vivid",
            response_format="b64_json",
            negative_prompt="blur",
            user="u1",
            extra={"watermark": False, "quality": "medium", "guidance": {"scale": 3}},
        )
    )

    assert server.requests_to(GEN)[0].json == {
        "model": "gpt-image-1",
        "prompt": "a red square",
        "n": 2,
        "size": "1536x1024",
        "aspect_ratio": "16:9",
        "image_size": "2K",
        "seed": -1,
        "quality": "medium",
        "background": "transparent",
        "output_format": "webp",
        "output_compression": 80,
        "moderation": "low",
        "style": "vivid",
        "response_format": "b64_json",
        "negative_prompt": "blur",
        "user": "u1",
        "watermark": False,
        "guidance": {"scale": 3},
    }


# -- bad answers -----------------------------------------------------------------------------


async def test_invalid_base64_is_a_clear_error(server: ImageServer, images: ImagesClient) -> None:
    server.script(GEN, Reply(body={"data": [{"b64_json": "iVBORw0KGgo$$not*base64"}]}))

    with pytest.raises(E.BadResponseError) as caught:
        await images.generate(request())

    assert "could not be decoded" in str(caught.value)


async def test_base64_of_something_not_an_image_is_rejected(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(b"<html>hello</html>")}]}))

    with pytest.raises(E.BadResponseError, match="could not be decoded"):
        await images.generate(request())


async def test_one_bad_item_keeps_the_good_ones(server: ImageServer, images: ImagesClient) -> None:
    png = image_bytes("PNG")
    server.script(GEN, Reply(body={"data": [{"b64_json": "%%%"}, {"b64_json": b64(png)}]}))

    result = await images.generate(request(n=2))

    assert [image.data for image in result.images] == [png]
    assert result.meta["failed"] == 1
    assert "could not be decoded" in result.meta["errors"][0]


@pytest.mark.parametrize(
    "body", [{"created": 1, "data": []}, {"created": 1}, {"data": [{"revised_prompt": "x"}]}, ""]
)
async def test_no_image_is_an_empty_response(
    server: ImageServer, images: ImagesClient, body: Any
) -> None:
    server.script(GEN, Reply(body=body))

    with pytest.raises(E.EmptyResponseError, match="without any image"):
        await images.generate(request())


async def test_200_error_envelope_is_raised_with_the_relay_text(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(
        GEN,
        Reply(
            body={
                "error": {"message": "No candidates returned", "type": "server_error", "code": 500}
            }
        ),
    )

    with pytest.raises(E.ApiError, match="No candidates returned") as caught:
        await images.generate(request())

    assert not isinstance(caught.value, E.EmptyResponseError)


async def test_html_page_with_200_means_a_wrong_base_url(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(
        GEN,
        Reply(
            body="<!doctype html><html><head><title>My Relay</title></head><body>app</body></html>",
            content_type="text/html",
        ),
    )

    with pytest.raises(E.BaseUrlError) as caught:
        await images.generate(request())

    assert "My Relay" in str(caught.value) and "<" not in str(caught.value)


async def test_async_task_answer_says_it_is_not_supported(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(GEN, Reply(body={"task_id": "task-77", "status": "queued"}))

    with pytest.raises(E.NotSupportedError, match="task-77"):
        await images.generate(request())


async def test_answer_cut_half_way_warns_it_may_be_billed(
    server: ImageServer, images: ImagesClient
) -> None:
    body = b'{"created":1,"data":[{"b64_json":"' + b64(image_bytes()).encode()
    server.script(GEN, Reply(chunks=[body[:40], body[40:], Cut()]))

    with pytest.raises(E.IncompleteAnswerError, match="may already be billed"):
        await images.generate(request())

    assert len(server.requests_to(GEN)) == 1


async def test_server_error_is_not_retried(server: ImageServer, images: ImagesClient) -> None:
    server.script(
        GEN,
        Reply(status=500, body={"error": {"message": "upstream failed", "type": "server_error"}}),
    )

    with pytest.raises(E.ServerError, match="upstream failed"):
        await images.generate(request())

    assert len(server.requests_to(GEN)) == 1


async def test_moderation_block_tells_the_user_to_change_the_prompt(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script(
        GEN,
        Reply(
            status=400,
            body={
                "error": {
                    "message": "Your request was rejected by the safety system. "
                    "safety_violations=[sexual].",
                    "type": "image_generation_user_error",
                    "code": "moderation_blocked",
                }
            },
        ),
    )

    with pytest.raises(E.BadRequestError) as caught:
        await images.generate(request())

    assert "Blocked by the safety system" in str(caught.value)
    assert caught.value.code == "moderation_blocked"
    assert len(server.requests_to(GEN)) == 1


async def test_messages_follow_the_session_language(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    server.script(GEN, Reply(body={"data": []}))

    with pytest.raises(E.EmptyResponseError, match="没有图片"):
        await make_images(language="zh_CN").generate(request())


# -- URL downloads ---------------------------------------------------------------------------


async def test_key_is_not_sent_to_another_host(server: ImageServer, images: ImagesClient) -> None:
    png = image_bytes("PNG")
    server.script("/cdn/x.png", Reply(body=png, content_type="image/png"))
    server.script(GEN, Reply(body={"data": [{"url": server.other_url("/cdn/x.png")}]}))

    result = await images.generate(request())

    assert result.images[0].data == png
    (download,) = server.requests_to("/cdn/x.png")
    assert download.host == "127.0.0.2"
    assert "authorization" not in download.headers
    assert KEY not in str(download.headers)
    assert server.requests_to(GEN)[0].headers["authorization"] == f"Bearer {KEY}"


def noise_png(side: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(
        out, format="PNG", compress_level=0
    )
    return out.getvalue()


@pytest.mark.parametrize("chunked", [False, True])
async def test_download_over_the_cap_is_refused(
    server: ImageServer, make_images: Callable[..., ImagesClient], chunked: bool
) -> None:
    big = noise_png(64)  # about 12 KB
    reply = (
        Reply(chunks=[big[:4000], big[4000:]], content_type="image/png")
        if chunked
        else Reply(body=big, content_type="image/png")
    )
    server.script("/big.png", reply)
    server.script(GEN, Reply(body={"data": [{"url": server.url("/big.png")}]}))
    images = make_images(max_image_download=8000)

    with pytest.raises(E.BadResponseError, match="larger than") as caught:
        await images.generate(request())

    assert caught.value.code == "image_too_big"


async def test_expired_url_is_a_download_error(server: ImageServer, images: ImagesClient) -> None:
    server.script("/gone.png", Reply(status=404, body="Not Found", content_type="text/plain"))
    server.script(GEN, Reply(body={"data": [{"url": server.url("/gone.png")}]}))

    with pytest.raises(E.BadResponseError, match="Could not download the generated image"):
        await images.generate(request())


async def test_unreachable_url_is_a_connection_error(
    server: ImageServer, images: ImagesClient
) -> None:
    import socket

    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/x.png"
    server.script(GEN, Reply(body={"data": [{"url": dead}]}))

    with pytest.raises(E.ApiConnectionError, match="Could not download the generated image"):
        await images.generate(request())


async def test_url_that_is_not_an_image_is_rejected(
    server: ImageServer, images: ImagesClient
) -> None:
    server.script("/page", Reply(body="<html>login</html>", content_type="text/html"))
    server.script(GEN, Reply(body={"data": [{"url": server.url("/page")}]}))

    with pytest.raises(E.BadResponseError, match="could not be decoded"):
        await images.generate(request())


# -- big answers -----------------------------------------------------------------------------


class RecordingExecutor(ThreadPoolExecutor):
    """A real thread pool that remembers which functions were sent to it."""

    def __init__(self) -> None:
        super().__init__(max_workers=4)
        self.names: list[str] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        # asyncio.to_thread submits functools.partial(context.run, func, *args).
        inner = fn.args[0] if getattr(fn, "args", None) else fn
        self.names.append(getattr(inner, "__name__", repr(inner)))
        return super().submit(fn, *args, **kwargs)


async def test_50_mb_answer_decodes_off_the_event_loop(
    server: ImageServer, images: ImagesClient
) -> None:
    png = noise_png(3500)  # about 37 MB of PNG, 49 MB of base64
    body = b'{"created":3,"data":[{"b64_json":"' + base64.b64encode(png) + b'"}]}'
    assert len(body) > 45 * 1024 * 1024
    server.script(GEN, Reply(body=body))
    executor = RecordingExecutor()
    asyncio.get_running_loop().set_default_executor(executor)
    ticks = 0

    async def probe() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    ticker = asyncio.create_task(probe())
    try:
        result = await images.generate(request())
    finally:
        ticker.cancel()

    assert result.images[0].data == png
    assert ticks > 0
    # The answer was parsed and decoded in worker threads, in many short batches, and never
    # by one json.loads of the whole body.
    assert executor.names.count("_feed_all") > 100
    assert "close" in executor.names
    assert "loads" not in executor.names
