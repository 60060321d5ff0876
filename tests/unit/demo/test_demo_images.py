"""Image generation and editing on the demo relay, checked pixel by pixel."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat


def _generate(client: httpx.Client, base_url: str, **body: Any) -> httpx.Response:
    return client.post(f"{base_url}/images/generations", json={"prompt": "A lighthouse", **body})


def _decode(item: dict[str, Any]) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(item["b64_json"])))
    image.load()
    return image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_generation_honours_size_and_n(base_url: str, client: httpx.Client) -> None:
    response = _generate(client, base_url, size="640x360", n=3, model="seedream-3.0")
    assert response.status_code == 200
    body = response.json()
    assert len(body["data"]) == 3
    images = [_decode(item) for item in body["data"]]
    assert all(image.size == (640, 360) and image.format == "PNG" for image in images)
    assert len({image.tobytes() for image in images}) == 3
    assert body["size"] == "640x360"
    assert body["usage"]["total_tokens"] > 0


@pytest.mark.parametrize(
    ("ratio", "image_size", "expected"),
    [("16:9", None, (1024, 576)), ("2:3", "2K", (1365, 2048)), ("1:1", "1K", (1024, 1024))],
)
def test_generation_honours_aspect_ratio(
    base_url: str,
    client: httpx.Client,
    ratio: str,
    image_size: str | None,
    expected: tuple[int, int],
) -> None:
    body: dict[str, Any] = {"aspect_ratio": ratio, "model": "nano-banana-2"}
    if image_size:
        body["image_size"] = image_size
    response = _generate(client, base_url, **body)
    assert _decode(response.json()["data"][0]).size == expected


def test_seed_makes_generation_repeatable(base_url: str, client: httpx.Client) -> None:
    first = _generate(client, base_url, size="256x256", seed=42).json()["data"][0]["b64_json"]
    again = _generate(client, base_url, size="256x256", seed=42).json()["data"][0]["b64_json"]
    other = _generate(client, base_url, size="256x256", seed=43).json()["data"][0]["b64_json"]
    assert first == again
    assert first != other
    unseeded = _generate(client, base_url, size="256x256").json()["data"][0]["b64_json"]
    assert (
        unseeded
        == _generate(client, base_url, size="256x256", seed=-1).json()["data"][0]["b64_json"]
    )


def test_url_mode_serves_the_file(base_url: str, client: httpx.Client) -> None:
    response = _generate(client, base_url, size="200x100", response_format="url", model="dall-e-3")
    item = response.json()["data"][0]
    assert "b64_json" not in item and item["revised_prompt"]
    download = client.get(item["url"])
    assert download.status_code == 200
    assert download.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(download.content)).size == (200, 100)
    missing = client.get(item["url"].rsplit("/", 1)[0] + "/nope.png")
    assert missing.status_code == 404


def test_output_format_and_transparent_background(base_url: str, client: httpx.Client) -> None:
    jpeg = _decode(
        _generate(client, base_url, size="64x64", output_format="jpeg").json()["data"][0]
    )
    assert jpeg.format == "JPEG"
    webp = _decode(
        _generate(client, base_url, size="64x64", output_format="webp").json()["data"][0]
    )
    assert webp.format == "WEBP"
    clear = _decode(
        _generate(client, base_url, size="128x128", background="transparent").json()["data"][0]
    )
    assert clear.mode == "RGBA"
    alpha = clear.getchannel("A")
    assert alpha.getextrema()[0] == 0  # some pixels fully transparent


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"prompt": ""}, "prompt"),
        ({"prompt": "x", "size": "huge"}, "size"),
        ({"prompt": "x", "size": "99999x10"}, "size"),
        ({"prompt": "x", "n": 11}, "n"),
        ({"prompt": "x", "aspect_ratio": "wide"}, "aspect_ratio"),
        ({"prompt": "x", "response_format": "gif"}, "response_format"),
        ({"prompt": "x", "background": "transparent", "output_format": "jpeg"}, "background"),
    ],
)
def test_bad_generation_parameters_are_400(
    base_url: str, client: httpx.Client, body: dict[str, Any], param: str
) -> None:
    response = client.post(f"{base_url}/images/generations", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def test_streamed_generation_sends_partials_then_completed(
    base_url: str, client: httpx.Client
) -> None:
    body = {"prompt": "A lighthouse", "size": "128x128", "stream": True, "partial_images": 2}
    events: list[dict[str, Any]] = []
    with client.stream("POST", f"{base_url}/images/generations", json=body) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
    kinds = [event["type"] for event in events]
    assert kinds == [
        "image_generation.partial_image",
        "image_generation.partial_image",
        "image_generation.completed",
    ]
    assert [e["partial_image_index"] for e in events[:2]] == [0, 1]
    final = _decode(events[-1])
    assert final.size == (128, 128)
    assert events[-1]["usage"]["total_tokens"] > 0


def _edit(
    client: httpx.Client,
    base_url: str,
    files: list[tuple[str, tuple[str, bytes, str]]],
    **fields: str,
) -> httpx.Response:
    data = {"prompt": "Make it glow", "model": "gpt-image-1", **fields}
    return client.post(f"{base_url}/images/edits", data=data, files=files)


def _photo() -> Image.Image:
    image = Image.new("RGB", (160, 120), (30, 90, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 70, 60), fill=(240, 200, 40))
    draw.ellipse((90, 50, 150, 110), fill=(20, 160, 60))
    return image


def test_masked_edit_changes_only_the_masked_region(base_url: str, client: httpx.Client) -> None:
    source = _photo()
    mask = Image.new("RGBA", source.size, (0, 0, 0, 255))
    ImageDraw.Draw(mask).rectangle((80, 20, 139, 99), fill=(0, 0, 0, 0))
    files = [
        ("image", ("photo.png", _png(source), "image/png")),
        ("mask", ("mask.png", _png(mask), "image/png")),
    ]
    response = _edit(client, base_url, files)
    assert response.status_code == 200, response.text
    result = _decode(response.json()["data"][0]).convert("RGB")
    assert result.size == source.size
    region = (80, 20, 140, 100)
    diff = ImageChops.difference(result, source)
    outside = diff.copy()
    ImageDraw.Draw(outside).rectangle((80, 20, 139, 99), fill=(0, 0, 0))
    assert outside.getbbox() is None  # nothing changed outside the mask
    changed = diff.crop(region).convert("L").point(lambda v: 255 if v > 40 else 0)
    assert changed.histogram()[255] > 0.8 * 60 * 80  # most masked pixels visibly changed


def test_mask_without_alpha_or_wrong_size_is_400(base_url: str, client: httpx.Client) -> None:
    source = _png(_photo())
    opaque = _png(Image.new("RGB", (160, 120), "black"))
    response = _edit(
        client,
        base_url,
        [("image", ("a.png", source, "image/png")), ("mask", ("m.png", opaque, "image/png"))],
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_mask_image_format"
    small = _png(Image.new("RGBA", (16, 16)))
    response = _edit(
        client,
        base_url,
        [("image", ("a.png", source, "image/png")), ("mask", ("m.png", small, "image/png"))],
    )
    assert response.status_code == 400


def test_several_images_are_merged_side_by_side(base_url: str, client: httpx.Client) -> None:
    red = Image.new("RGB", (100, 100), (220, 20, 20))
    blue = Image.new("RGB", (50, 100), (20, 20, 220))
    files = [
        ("image[]", ("red.png", _png(red), "image/png")),
        ("image[]", ("blue.png", _png(blue), "image/png")),
    ]
    response = _edit(client, base_url, files, model="nano-banana")
    result = _decode(response.json()["data"][0]).convert("RGB")
    assert result.height == 100 and result.width >= 150
    assert result.getpixel((40, 50)) == (220, 20, 20)
    assert result.getpixel((result.width - 20, 50)) == (20, 20, 220)


def test_single_image_gets_a_visible_change_and_the_asked_size(
    base_url: str, client: httpx.Client
) -> None:
    source = _photo()
    files = [("image", ("photo.png", _png(source), "image/png"))]
    response = _edit(client, base_url, files, size="320x240", n="2", response_format="url")
    items = response.json()["data"]
    assert len(items) == 2
    results = [Image.open(io.BytesIO(client.get(item["url"]).content)) for item in items]
    assert all(image.size == (320, 240) for image in results)
    shrunk = results[0].convert("RGB").resize(source.size)
    mean_diff = ImageStat.Stat(ImageChops.difference(shrunk, source).convert("L")).mean[0]
    assert mean_diff > 10
    assert results[0].tobytes() != results[1].tobytes()


def test_edit_without_image_or_with_junk_is_400(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/images/edits", data={"prompt": "x"}, files={"other": ("a.txt", b"hi")}
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "image"
    junk = _edit(client, base_url, [("image", ("a.png", b"not an image", "image/png"))])
    assert junk.status_code == 400


def test_streamed_edit_sends_image_edit_events(base_url: str, client: httpx.Client) -> None:
    files = {"image": ("photo.png", _png(_photo()), "image/png")}
    data = {"prompt": "Make it glow", "stream": "true", "partial_images": "1"}
    events: list[dict[str, Any]] = []
    with client.stream("POST", f"{base_url}/images/edits", data=data, files=files) as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
    assert [e["type"] for e in events] == ["image_edit.partial_image", "image_edit.completed"]
    assert _decode(events[-1]).size == (160, 120)


def test_cut_model_truncates_an_image_answer(base_url: str, client: httpx.Client) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        _generate(client, base_url, size="64x64", model="demo-fault-cut")
