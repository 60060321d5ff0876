"""Vision answers from the demo relay describe real Pillow measurements of the sent images."""

from __future__ import annotations

import base64
import io
from typing import Any

import httpx
from PIL import Image, ImageDraw


def _data_url(image: Image.Image, fmt: str = "PNG") -> str:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    mime = "jpeg" if fmt == "JPEG" else fmt.lower()
    return f"data:image/{mime};base64,{base64.b64encode(buffer.getvalue()).decode()}"


def _red_with_blue_square() -> Image.Image:
    image = Image.new("RGB", (120, 80), (220, 30, 30))
    ImageDraw.Draw(image).rectangle((0, 0, 39, 39), fill=(20, 40, 200))
    return image


def _vision_message(*parts: dict[str, Any], text: str = "What is in this picture?") -> list[Any]:
    return [{"role": "user", "content": [{"type": "text", "text": text}, *parts]}]


def test_image_description_mentions_size_format_and_colours(stream_chat: Any) -> None:
    part = {
        "type": "image_url",
        "image_url": {"url": _data_url(_red_with_blue_square()), "detail": "high"},
    }
    result = stream_chat({"model": "demo-vision", "messages": _vision_message(part)})
    text = result.text()
    assert "120×80" in text
    assert "PNG" in text and "RGB" in text
    assert "red" in text and "blue" in text
    assert text.index("red") < text.index("blue")  # red covers more of the picture
    assert "#" in text and "`high`" in text
    assert "What is in this picture?" in text
    assert result.finishes() == {0: "stop"}


def test_several_images_are_each_described(base_url: str, client: httpx.Client) -> None:
    green = Image.new("RGB", (64, 200), (20, 170, 20))
    parts = [
        {"type": "image_url", "image_url": {"url": _data_url(green, "JPEG"), "detail": "low"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]
    response = client.post(
        f"{base_url}/chat/completions",
        json={"model": "gpt-4o", "messages": _vision_message(*parts)},
    )
    content = response.json()["choices"][0]["message"]["content"]
    assert "Image 1" in content and "Image 2" in content
    assert "JPEG" in content and "64×200" in content and "green" in content
    assert "85 tokens" in content  # detail low
    assert "not fetched" in content and "example.com" in content


def test_loopback_image_urls_are_fetched(base_url: str, client: httpx.Client) -> None:
    generated = client.post(
        f"{base_url}/images/generations",
        json={"prompt": "a square", "size": "96x48", "response_format": "url"},
    )
    url = generated.json()["data"][0]["url"]
    assert url.startswith("http://127.0.0.1:")
    part = {"type": "image_url", "image_url": {"url": url}}
    response = client.post(
        f"{base_url}/chat/completions",
        json={"model": "demo-vision", "messages": _vision_message(part)},
    )
    content = response.json()["choices"][0]["message"]["content"]
    assert "96×48" in content and "fetched" in content


def test_broken_data_url_is_reported_not_fatal(base_url: str, client: httpx.Client) -> None:
    part = {"type": "image_url", "image_url": {"url": "data:image/png;base64,bm90IGFuIGltYWdl"}}
    response = client.post(
        f"{base_url}/chat/completions",
        json={"model": "demo-vision", "messages": _vision_message(part)},
    )
    assert response.status_code == 200
    assert "not a recognisable image" in response.json()["choices"][0]["message"]["content"]
