"""The chat route of an edit (``ApiClient.chat_image_edit``): the request a relay receives and
the answer shapes it understands (``message.images``, an http(s) image, Markdown and bare
data URLs in the content, text only, errors)."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import pytest

from studio.api import errors as E
from studio.api.client import ApiClient
from studio.api.image_params import InputImage
from studio.api.provider import ProviderConfig
from tests.fakes.image_server import ImageServer, Reply, b64, image_bytes

KEY = "sk-test-chatimg-0123456789"
CHAT = "/v1/chat/completions"
USAGE = {"prompt_tokens": 1300, "completion_tokens": 1290, "total_tokens": 2590}


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def client(server: ImageServer) -> AsyncIterator[ApiClient]:
    config = ProviderConfig(base_url=server.base_url, api_key=KEY, proxy_mode="none")
    async with ApiClient(config) as api:
        yield api


def completion(message: dict[str, Any], usage: dict[str, Any] | None = USAGE) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 77,
        "model": "nano-banana",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
    }
    if usage is not None:
        body["usage"] = usage
    return body


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{b64(data)}"


def inputs() -> list[InputImage]:
    return [
        InputImage(image_bytes("PNG", color=(200, 0, 0)), "base.png"),
        InputImage(image_bytes("JPEG", color=(0, 0, 200)), "ref.jpg"),
        InputImage(image_bytes("WEBP", color=(0, 200, 0)), "ref.webp"),
    ]


async def test_the_request_is_one_user_message_with_the_images_in_order(
    server: ImageServer, client: ApiClient
) -> None:
    out = image_bytes("PNG", color=(1, 2, 3))
    server.script(
        CHAT,
        Reply(
            body=completion(
                {
                    "role": "assistant",
                    "content": "",
                    "images": [{"type": "image_url", "image_url": {"url": data_url(out)}}],
                }
            )
        ),
    )
    images = inputs()

    await client.chat_image_edit(
        "nano-banana", "put a hat on it", images, {"aspect_ratio": "16:9", "seed": 7, "n": None}
    )

    (sent,) = server.requests_to(CHAT)
    assert sent.method == "POST" and sent.headers["authorization"] == f"Bearer {KEY}"
    body = sent.json
    assert body["model"] == "nano-banana" and body["stream"] is False
    assert body["modalities"] == ["image", "text"]
    assert body["image_config"] == {"aspect_ratio": "16:9"}
    assert body["seed"] == 7 and "n" not in body and "aspect_ratio" not in body
    (message,) = body["messages"]
    assert message["role"] == "user"
    text, *parts = message["content"]
    assert text == {"type": "text", "text": "put a hat on it"}
    assert [part["type"] for part in parts] == ["image_url"] * 3
    urls = [part["image_url"]["url"] for part in parts]
    assert [url.split(";", 1)[0] for url in urls] == [
        "data:image/png",
        "data:image/jpeg",
        "data:image/webp",
    ]
    assert [base64.b64decode(url.split(",", 1)[1]) for url in urls] == [i.data for i in images]


async def test_images_in_message_images_come_back_with_usage(
    server: ImageServer, client: ApiClient
) -> None:
    small = image_bytes("PNG", size=(8, 8), color=(9, 9, 9))
    # Big enough that its data URL is decoded while the answer arrives (not one json.loads).
    big = image_bytes("PNG", size=(300, 300), color=(10, 20, 30))
    noisy = bytes(range(256)) * 200
    big = big + noisy  # trailing bytes after IEND keep it a PNG and make it long
    server.script(
        CHAT,
        Reply(
            body=completion(
                {
                    "role": "assistant",
                    "content": "Here is your picture.",
                    "images": [
                        {"type": "image_url", "image_url": {"url": data_url(big)}},
                        {"type": "image_url", "image_url": {"url": data_url(small)}},
                    ],
                }
            )
        ),
    )

    result = await client.chat_image_edit("nano-banana", "hat", inputs()[:1], {})

    assert [image.data for image in result.images] == [big, small]
    assert {image.mime for image in result.images} == {"image/png"}
    assert result.usage == USAGE and result.created == 77
    assert result.meta["text"] == "Here is your picture."


async def test_an_http_image_is_downloaded_without_the_key_from_another_host(
    server: ImageServer, client: ApiClient
) -> None:
    png = image_bytes("PNG", color=(0, 99, 0))
    server.script("/cdn/out.png", Reply(body=png, content_type="image/png"))
    server.script(
        CHAT,
        Reply(
            body=completion(
                {
                    "role": "assistant",
                    "content": None,
                    "images": [
                        {
                            "type": "image_url",
                            "image_url": {"url": server.other_url("/cdn/out.png")},
                        }
                    ],
                }
            )
        ),
    )

    result = await client.chat_image_edit("nano-banana", "hat", inputs()[:1], {})

    assert result.images[0].data == png and result.images[0].source == "url"
    (download,) = server.requests_to("/cdn/out.png")
    assert "authorization" not in download.headers


async def test_markdown_and_bare_data_urls_in_the_content_are_images(
    server: ImageServer, client: ApiClient
) -> None:
    first, second = image_bytes("PNG", color=(5, 5, 5)), image_bytes("JPEG", color=(6, 6, 6))
    content = f"Done! ![result]({data_url(first)})\nAnd another: {data_url(second, 'image/jpeg')}"
    server.script(CHAT, Reply(body=completion({"role": "assistant", "content": content})))

    result = await client.chat_image_edit("gemini-image", "hat", inputs()[:1], {})

    assert [image.data for image in result.images] == [first, second]
    assert result.images[1].mime == "image/jpeg"
    assert "base64" not in result.meta["text"] and "Done!" in result.meta["text"]


async def test_content_parts_with_images_are_read_too(
    server: ImageServer, client: ApiClient
) -> None:
    png = image_bytes("PNG", color=(7, 7, 7))
    content = [
        {"type": "text", "text": "ok"},
        {"type": "image_url", "image_url": {"url": data_url(png)}},
    ]
    server.script(CHAT, Reply(body=completion({"role": "assistant", "content": content})))

    result = await client.chat_image_edit("m", "hat", inputs()[:1], {})

    assert [image.data for image in result.images] == [png]


async def test_a_text_only_answer_is_a_clear_error(server: ImageServer, client: ApiClient) -> None:
    server.script(
        CHAT,
        Reply(body=completion({"role": "assistant", "content": "I can describe the hat instead."})),
    )

    with pytest.raises(E.EmptyResponseError) as caught:
        await client.chat_image_edit("nano-banana", "hat", inputs()[:1], {})

    assert "text only" in caught.value.message
    assert "I can describe the hat instead." in caught.value.message
    assert caught.value.code == "no_images"


async def test_an_empty_answer_and_an_error_body_and_a_400(
    server: ImageServer, client: ApiClient
) -> None:
    server.script(
        CHAT,
        Reply(body=completion({"role": "assistant", "content": ""}, usage=None)),
        Reply(body={"error": {"message": "No candidates returned", "type": "server_error"}}),
        Reply(
            status=400,
            body={"error": {"message": "Invalid image", "type": "invalid_request_error"}},
        ),
    )

    with pytest.raises(E.EmptyResponseError):
        await client.chat_image_edit("m", "hat", inputs()[:1], {})
    with pytest.raises(E.ApiStatusError, match="No candidates returned"):
        await client.chat_image_edit("m", "hat", inputs()[:1], {})
    with pytest.raises(E.BadRequestError, match="Invalid image"):
        await client.chat_image_edit("m", "hat", inputs()[:1], {})

    assert len(server.requests_to(CHAT)) == 3  # never retried: an image call may be billed


async def test_an_edit_needs_an_image(server: ImageServer, client: ApiClient) -> None:
    with pytest.raises(ValueError, match="at least one"):
        await client.chat_image_edit("m", "hat", [], {})
    assert server.requests == []


async def test_load_image_decodes_or_downloads(server: ImageServer, client: ApiClient) -> None:
    png = image_bytes("PNG", color=(3, 3, 3))
    server.script("/files/a.png", Reply(body=png, content_type="image/png"))

    decoded = await client.images.load_image(data_url(png))
    fetched = await client.images.load_image(server.url("/files/a.png"))

    assert decoded.data == fetched.data == png
    assert (decoded.source, fetched.source) == ("b64", "url")
    with pytest.raises(E.BadResponseError):
        await client.images.load_image("data:image/png;base64," + b64(b"not a picture"))
