"""ImagesClient.edit: the multipart request a relay receives, and its answers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from studio.api import errors as E
from studio.api.http import HttpSession
from studio.api.images import ImageEditRequest, ImagesClient, InputImage
from studio.api.provider import ProviderConfig
from tests.fakes.image_server import ImageServer, Reply, b64, image_bytes

KEY = "sk-test-images-0123456789"
EDITS = "/v1/images/edits"


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def make_images(server: ImageServer) -> AsyncIterator[Callable[..., ImagesClient]]:
    sessions: list[HttpSession] = []

    def make(**config: Any) -> ImagesClient:
        cfg = ProviderConfig(base_url=server.base_url, api_key=KEY, proxy_mode="none", **config)
        session = HttpSession(cfg)
        sessions.append(session)
        return ImagesClient(session)

    yield make
    for session in sessions:
        await session.aclose()


def answer(server: ImageServer) -> bytes:
    png = image_bytes("PNG", color=(0, 128, 0))
    server.script(EDITS, Reply(body={"created": 5, "data": [{"b64_json": b64(png)}]}))
    return png


async def test_one_image_goes_in_a_part_named_image(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    png = answer(server)
    source = image_bytes("PNG", color=(1, 1, 1))

    result = await make_images().edit(
        ImageEditRequest(
            model="gpt-image-1",
            prompt="make it green",
            images=[InputImage(source)],
            size="1024x1024",
            output_compression=80,
            seed=5,
            input_fidelity="high",
            extra={"watermark": False, "quality": "high"},
        )
    )

    assert result.images[0].data == png and result.created == 5
    (sent,) = server.requests_to(EDITS)
    assert sent.headers["content-type"].startswith("multipart/form-data")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert dict(sent.fields) == {
        "model": "gpt-image-1",
        "prompt": "make it green",
        "n": "1",
        "size": "1024x1024",
        "output_compression": "80",
        "seed": "5",
        "input_fidelity": "high",
        "watermark": "false",
        "quality": "high",
    }
    (part,) = sent.files
    assert (part.name, part.filename, part.content_type) == ("image", "image.png", "image/png")
    assert part.data == source


async def test_two_images_go_under_image_brackets_by_default(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    answer(server)
    first, second = image_bytes("PNG", color=(1, 0, 0)), image_bytes("WEBP", color=(0, 1, 0))

    await make_images().edit(
        ImageEditRequest(
            model="nano-banana",
            prompt="merge",
            images=[InputImage(first, "a.png"), InputImage(second, "b.webp")],
        )
    )

    sent = server.requests_to(EDITS)[0]
    assert [(p.name, p.filename, p.content_type, p.data) for p in sent.files] == [
        ("image[]", "a.png", "image/png", first),
        ("image[]", "b.webp", "image/webp", second),
    ]
    assert sent.files_named("image") == []


async def test_two_images_go_under_repeated_image_when_configured(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    answer(server)
    first, second = image_bytes("PNG", color=(1, 0, 0)), image_bytes("PNG", color=(0, 1, 0))

    await make_images(image_field="image").edit(
        ImageEditRequest(
            model="nano-banana",
            prompt="merge",
            images=[InputImage(first, "a.png"), InputImage(second, "b.png")],
        )
    )

    sent = server.requests_to(EDITS)[0]
    assert [p.data for p in sent.files_named("image")] == [first, second]
    assert sent.files_named("image[]") == []


async def test_mask_goes_in_its_own_part(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    answer(server)
    source = image_bytes("PNG", size=(16, 16), color=(9, 9, 9))
    mask = image_bytes("PNG", size=(16, 16), color=(0, 0, 0, 0))

    await make_images().edit(
        ImageEditRequest(
            model="gpt-image-1",
            prompt="a hat",
            images=[InputImage(source)],
            mask=InputImage(mask, "mask.png"),
        )
    )

    sent = server.requests_to(EDITS)[0]
    assert [p.data for p in sent.files_named("image")] == [source]
    (part,) = sent.files_named("mask")
    assert (part.filename, part.content_type, part.data) == ("mask.png", "image/png", mask)


async def test_mime_and_extension_are_sniffed_from_the_bytes(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    answer(server)
    jpeg = image_bytes("JPEG")

    await make_images().edit(
        ImageEditRequest(model="gpt-image-1", prompt="x", images=[InputImage(jpeg, "photo.png")])
    )

    (part,) = server.requests_to(EDITS)[0].files
    assert (part.filename, part.content_type) == ("photo.jpg", "image/jpeg")


async def test_edits_not_implemented_says_not_supported(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    server.script(
        EDITS,
        Reply(
            status=501,
            body={
                "error": {
                    "message": "API not implemented",
                    "type": "new_api_error",
                    "param": "",
                    "code": "api_not_implemented",
                }
            },
        ),
    )

    with pytest.raises(E.NotSupportedError, match="does not support"):
        await make_images().edit(
            ImageEditRequest(model="gpt-image-1", prompt="x", images=[InputImage(image_bytes())])
        )

    assert len(server.requests_to(EDITS)) == 1


async def test_edit_server_error_is_not_retried(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    server.script(EDITS, Reply(status=502, body={"error": {"message": "bad gateway upstream"}}))

    with pytest.raises(E.ApiStatusError):
        await make_images().edit(
            ImageEditRequest(model="gpt-image-1", prompt="x", images=[InputImage(image_bytes())])
        )

    assert len(server.requests_to(EDITS)) == 1


async def test_edit_without_a_source_image_is_refused_before_sending(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    with pytest.raises(ValueError, match="at least one"):
        await make_images().edit(ImageEditRequest(model="m", prompt="x", images=[]))

    assert server.requests == []
