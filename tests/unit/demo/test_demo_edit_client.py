"""The real service layer against the demo relay: the field rejection and the per-call
override that gets past it, and the chat edit route of ``demo-banana``."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from studio.api import errors as E
from studio.api.client import ApiClient
from studio.api.imagefield import other_field
from studio.api.images import ImageEditRequest, InputImage
from studio.api.provider import ImageField, ProviderConfig


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (32, 24)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _client(base_url: str, image_field: ImageField = "image[]") -> ApiClient:
    return ApiClient(ProviderConfig(base_url=base_url, proxy_mode="none", image_field=image_field))


async def test_a_refused_form_then_the_other_one(base_url: str) -> None:
    request = ImageEditRequest(
        model="demo-edit-wants-image",
        prompt="merge",
        images=[InputImage(_png((200, 0, 0))), InputImage(_png((0, 0, 200)))],
        n=2,
        size="64x48",
    )
    async with _client(base_url, image_field="image[]") as client:
        with pytest.raises(E.ImageFieldRejectedError) as caught:
            await client.images.edit(request)
        assert caught.value.field == "image[]"
        assert caught.value.server_message == "Unknown parameter: 'image[]'."
        result = await client.images.edit(request, image_field=other_field(caught.value.field))
    assert len(result.images) == 2
    assert all(Image.open(io.BytesIO(i.data)).size == (64, 48) for i in result.images)


async def test_a_single_image_is_refused_and_retried_under_brackets(base_url: str) -> None:
    request = ImageEditRequest(
        model="demo-edit-wants-brackets", prompt="x", images=[InputImage(_png((9, 9, 9)))]
    )
    async with _client(base_url) as client:
        with pytest.raises(E.ImageFieldRejectedError) as caught:
            await client.images.edit(request)
        assert caught.value.field == "image" and caught.value.status == 422
        result = await client.images.edit(request, image_field=other_field(caught.value.field))
    assert result.images


async def test_the_chat_route_edits_through_demo_banana(base_url: str) -> None:
    source = _png((40, 120, 200), (48, 32))
    async with _client(base_url) as client:
        result = await client.chat_image_edit(
            "demo-banana", "make it sunny", [InputImage(source)], {"aspect_ratio": "1:1"}
        )
    (image,) = result.images
    picture = Image.open(io.BytesIO(image.data))
    assert picture.size == (48, 48) and image.mime == "image/png"
    assert result.usage is not None and result.usage["total_tokens"] > 0
    assert result.meta["text"] == "Here is the edited picture."
    original = Image.open(io.BytesIO(source)).convert("RGB")
    assert ImageChops.difference(picture.convert("RGB").crop((0, 8, 48, 40)), original).getbbox()
