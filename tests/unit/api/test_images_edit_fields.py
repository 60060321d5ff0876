"""The image parts' name on the wire (provider form, per-call override), reference order, the
mask part, and the relay answers that say the name is wrong (ImageFieldRejectedError)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from studio.api import errors as E
from studio.api import phrases
from studio.api.http import HttpSession
from studio.api.imagefield import complains_about_field, other_field, part_name
from studio.api.images import ImageEditRequest, ImagesClient, InputImage
from studio.api.provider import ProviderConfig
from tests.fakes.image_server import ImageServer, Reply, b64, image_bytes

KEY = "sk-test-fields-0123456789"
EDITS = "/v1/images/edits"


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


def ok(server: ImageServer) -> None:
    png = image_bytes("PNG", color=(0, 128, 0))
    server.script(EDITS, Reply(body={"created": 5, "data": [{"b64_json": b64(png)}]}))


def sources(count: int) -> list[InputImage]:
    return [
        InputImage(image_bytes("PNG", color=(i * 20, 0, 0)), f"ref{i}.png") for i in range(count)
    ]


def request(images: list[InputImage], **fields: Any) -> ImageEditRequest:
    return ImageEditRequest(model="gpt-image-1", prompt="edit", images=images, **fields)


@pytest.mark.parametrize(
    ("provider", "override", "count", "expected"),
    [
        ("image[]", None, 3, "image[]"),
        ("image", None, 3, "image"),
        ("image[]", None, 1, "image"),
        ("image[]", "image", 3, "image"),
        ("image", "image[]", 3, "image[]"),
        ("image", "image[]", 1, "image[]"),  # an override names a single part too
        ("image[]", "image", 1, "image"),
    ],
)
async def test_the_parts_go_under_the_provider_form_or_the_override(
    server: ImageServer,
    make_images: Callable[..., ImagesClient],
    provider: str,
    override: str | None,
    count: int,
    expected: str,
) -> None:
    ok(server)
    images = sources(count)
    client = make_images(image_field=provider)

    assert client.edit_field(request(images), override) == expected
    await client.edit(request(images), image_field=override)

    (sent,) = server.requests_to(EDITS)
    assert [part.name for part in sent.files] == [expected] * count
    assert [part.data for part in sent.files] == [image.data for image in images]


async def test_references_keep_their_order_and_the_mask_comes_only_when_given(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    ok(server)
    images = [
        InputImage(image_bytes("PNG", size=(16, 16), color=(9, 9, 9)), "base.png"),
        InputImage(image_bytes("JPEG", color=(0, 0, 200)), "second.jpg"),
        InputImage(image_bytes("WEBP", color=(0, 200, 0)), "third.webp"),
    ]
    mask = image_bytes("PNG", size=(16, 16), color=(0, 0, 0, 0))
    client = make_images()

    await client.edit(request(images, mask=InputImage(mask, "mask.png")), image_field="image")
    await client.edit(request(images))

    with_mask, without = server.requests_to(EDITS)
    assert [(p.name, p.filename) for p in with_mask.files] == [
        ("image", "base.png"),
        ("image", "second.jpg"),
        ("image", "third.webp"),
        ("mask", "mask.png"),
    ]
    assert with_mask.files_named("mask")[0].data == mask
    assert [(p.name, p.filename) for p in without.files] == [
        ("image[]", "base.png"),
        ("image[]", "second.jpg"),
        ("image[]", "third.webp"),
    ]
    assert without.files_named("mask") == []


async def test_a_streamed_edit_takes_the_override(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    ok(server)  # a relay that ignores stream and answers JSON

    items = [
        item
        async for item in make_images().edit_stream(
            request(sources(2), stream=True), image_field="image"
        )
    ]

    assert len(items) == 1
    (sent,) = server.requests_to(EDITS)
    assert [p.name for p in sent.files] == ["image", "image"]
    assert sent.field("stream") == "true"


REFUSALS = {
    "openai-unknown-brackets": (
        400,
        {
            "error": {
                "message": "Unknown parameter: 'image[]'.",
                "type": "invalid_request_error",
                "param": "image[]",
                "code": "unknown_parameter",
            }
        },
        "Unknown parameter: 'image[]'.",
    ),
    "openai-missing": (
        400,
        {
            "error": {
                "message": "Missing required parameter: 'image'.",
                "type": "invalid_request_error",
                "param": "image",
                "code": "missing_required_parameter",
            }
        },
        "Missing required parameter: 'image'.",
    ),
    "openai-invalid-type": (
        400,
        {
            "error": {
                "message": "Invalid type for 'image': expected a file, but got an array instead.",
                "type": "invalid_request_error",
                "param": "image",
                "code": "invalid_type",
            }
        },
        "Invalid type for 'image': expected a file, but got an array instead.",
    ),
    "new-api-required": (
        400,
        {
            "error": {
                "message": "image is required (request id: 20261207abc)",
                "type": "new_api_error",
                "param": "",
                "code": "invalid_request",
            }
        },
        "image is required",
    ),
    "fastapi-detail-error": (400, {"detail": {"error": "image file is required"}}, None),
    "fastapi-422-missing": (
        422,
        {"detail": [{"type": "missing", "loc": ["body", "image"], "msg": "Field required"}]},
        None,
    ),
    "go-validator": (
        400,
        {
            "error": {
                "message": "Key: 'ImageRequest.Image' Error:Field validation for 'Image' "
                "failed on the 'required' tag",
                "type": "invalid_request_error",
            }
        },
        None,
    ),
    "quoted-required": (
        400,
        {"error": {"message": "'image' is required.", "type": "invalid_request_error"}},
        "'image' is required.",
    ),
    "param-only": (
        400,
        {
            "error": {
                "message": "Bad multipart body.",
                "type": "invalid_request_error",
                "param": "image[]",
                "code": "unknown_parameter",
            }
        },
        "Bad multipart body.",
    ),
    "chinese": (400, {"error": {"message": "缺少 image 参数", "type": "upstream_error"}}, None),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
async def test_a_complaint_about_the_image_field_is_recognised(
    server: ImageServer, make_images: Callable[..., ImagesClient], case: str
) -> None:
    status, body, server_words = REFUSALS[case]
    server.script(EDITS, Reply(status=status, body=body))

    with pytest.raises(E.ImageFieldRejectedError) as caught:
        await make_images().edit(request(sources(2)))

    error = caught.value
    assert isinstance(error, E.BadRequestError)
    assert error.field == "image[]" and error.status == status
    assert other_field(error.field) == "image"
    assert "image[]" in error.message and "\n" not in error.message
    if server_words is not None:
        assert error.server_message == server_words
        assert server_words in error.message
    assert KEY not in error.copyable_details()
    assert len(server.requests_to(EDITS)) == 1  # the retry is the caller's decision


async def test_the_rejection_says_so_in_chinese(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    _status, body, _words = REFUSALS["openai-unknown-brackets"]
    server.script(EDITS, Reply(status=400, body=body))

    with pytest.raises(E.ImageFieldRejectedError) as caught:
        await make_images(language="zh_CN").edit(request(sources(1)), image_field="image[]")

    assert caught.value.message == phrases.text(
        "image_field_rejected", "zh_CN", field="image[]", server="Unknown parameter: 'image[]'."
    )
    assert "图片字段" in caught.value.message


async def test_a_streamed_edit_raises_the_rejection_too(
    server: ImageServer, make_images: Callable[..., ImagesClient]
) -> None:
    _status, body, _words = REFUSALS["openai-missing"]
    server.script(EDITS, Reply(status=400, body=body))

    with pytest.raises(E.ImageFieldRejectedError) as caught:
        async for _item in make_images().edit_stream(
            request(sources(2), stream=True), image_field="image"
        ):
            pass

    assert caught.value.field == "image"


OTHER_ANSWERS = {
    "bad-size": (
        400,
        {
            "error": {
                "message": "Invalid value for 'size': '5x5'.",
                "type": "invalid_request_error",
                "param": "size",
                "code": "invalid_value",
            }
        },
        E.BadRequestError,
    ),
    "mask-alpha": (
        400,
        {
            "error": {
                "message": "The mask image is missing an alpha channel.",
                "type": "invalid_request_error",
                "param": "mask",
                "code": "invalid_mask_image_format",
            }
        },
        E.BadRequestError,
    ),
    "image-content": (
        400,
        {
            "error": {
                "message": "The file in 'image' is not a supported image (use PNG, JPEG or WEBP).",
                "type": "invalid_request_error",
                "param": "image",
                "code": "invalid_image_format",
            }
        },
        E.BadRequestError,
    ),
    "moderation": (
        400,
        {
            "error": {
                "message": "Your request was rejected by the safety system.",
                "type": "image_generation_user_error",
                "code": "moderation_blocked",
            }
        },
        E.BadRequestError,
    ),
    "prompt-missing-422": (
        422,
        {"detail": [{"type": "missing", "loc": ["body", "prompt"], "msg": "Field required"}]},
        E.BadRequestError,
    ),
    "too-large": (
        413,
        {"error": {"message": "image is required to be under 10 MB", "type": "new_api_error"}},
        E.RequestTooLargeError,
    ),
    "server-500": (
        500,
        {"error": {"message": "image is required", "type": "server_error"}},
        E.ServerError,
    ),
}


@pytest.mark.parametrize("case", sorted(OTHER_ANSWERS))
async def test_other_errors_are_not_a_field_rejection(
    server: ImageServer, make_images: Callable[..., ImagesClient], case: str
) -> None:
    status, body, kind = OTHER_ANSWERS[case]
    server.script(EDITS, Reply(status=status, body=body))

    with pytest.raises(E.ApiError) as caught:
        await make_images().edit(request(sources(2)))

    assert type(caught.value) is kind
    assert not complains_about_field(caught.value)
    assert len(server.requests_to(EDITS)) == 1


def test_part_names_and_the_other_form() -> None:
    assert part_name(1, "image[]") == "image"
    assert part_name(2, "image[]") == "image[]"
    assert part_name(2, "image") == "image"
    assert part_name(1, "image", "image[]") == "image[]"
    assert other_field("image") == "image[]" and other_field("image[]") == "image"
