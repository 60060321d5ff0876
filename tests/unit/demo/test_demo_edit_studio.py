"""The demo relay's edit studio behaviours: both image field forms, ``n`` and ``size`` with a
mask, the models and relay option that refuse one form (as real relays answer), the
whole-picture-changing remix model, and ``demo-banana`` behind chat completions."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image, ImageChops, ImageDraw

from studio.api import errors as E
from studio.api.classify import classify
from studio.api.imagefield import complains_about_field
from studio.demo import DemoRelay
from studio.demo.__main__ import main as demo_main


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _decode(item: dict[str, Any]) -> Image.Image:
    return _open(base64.b64decode(item["b64_json"]))


def _base(size: tuple[int, int] = (64, 48)) -> Image.Image:
    image = Image.new("RGB", size, (40, 120, 200))
    ImageDraw.Draw(image).rectangle((10, 10, 30, 30), fill=(250, 200, 0))
    return image


def _mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    ImageDraw.Draw(mask).rectangle(box, fill=(0, 0, 0, 0))  # transparent = edit here
    return mask


def _edit(
    client: httpx.Client,
    base_url: str,
    images: list[bytes],
    *,
    field: str = "image",
    mask: bytes | None = None,
    **fields: str,
) -> httpx.Response:
    files: list[tuple[str, tuple[str, bytes, str]]] = [
        (field, (f"in{i}.png", data, "image/png")) for i, data in enumerate(images)
    ]
    if mask is not None:
        files.append(("mask", ("mask.png", mask, "image/png")))
    data = {"prompt": "a red hat", "model": "demo-image-edit", **fields}
    return client.post(f"{base_url}/images/edits", data=data, files=files)


@pytest.mark.parametrize("field", ["image", "image[]"])
def test_both_field_forms_are_taken_in_order(
    base_url: str, client: httpx.Client, field: str
) -> None:
    tall, wide = Image.new("RGB", (20, 40), "red"), Image.new("RGB", (40, 40), "blue")
    response = _edit(client, base_url, [_png(tall), _png(wide)], field=field)
    assert response.status_code == 200, response.text
    merged = _decode(response.json()["data"][0])
    # Side by side at one height, in the order sent: red first, then blue.
    assert merged.height == 40 and merged.width > 60
    assert merged.convert("RGB").getpixel((5, 20)) == (255, 0, 0)
    assert merged.convert("RGB").getpixel((merged.width - 5, 20)) == (0, 0, 255)


def test_a_masked_edit_honours_n_and_size(base_url: str, client: httpx.Client) -> None:
    base = _base()
    mask = _mask(base.size, (0, 0, 31, 47))  # the left half
    response = _edit(
        client, base_url, [_png(base)], mask=_png(mask), n="3", size="128x96", seed="4"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    results = [_decode(item) for item in body["data"]]
    assert len(results) == 3 and len({r.tobytes() for r in results}) == 3
    assert all(r.size == (128, 96) for r in results) and body["size"] == "128x96"
    unscaled = _edit(client, base_url, [_png(base)], mask=_png(mask), seed="4")
    same = _decode(unscaled.json()["data"][0]).convert("RGB")
    right = (33, 0, 64, 48)
    assert ImageChops.difference(same.crop(right), base.crop(right)).getbbox() is None
    assert ImageChops.difference(same.crop((0, 0, 31, 48)), base.crop((0, 0, 31, 48))).getbbox()


def test_the_remix_model_changes_the_whole_picture_even_with_a_mask(
    base_url: str, client: httpx.Client
) -> None:
    base = _base()
    mask = _png(_mask(base.size, (0, 0, 15, 15)))
    exact = _edit(client, base_url, [_png(base)], mask=mask, seed="2")
    remix = _edit(client, base_url, [_png(base)], mask=mask, seed="2", model="demo-image-remix")
    again = _edit(client, base_url, [_png(base)], mask=mask, seed="2", model="demo-image-remix")
    assert remix.status_code == 200, remix.text
    kept = _decode(exact.json()["data"][0]).convert("RGB")
    changed = _decode(remix.json()["data"][0]).convert("RGB")
    outside = (20, 20, 64, 48)
    assert ImageChops.difference(kept.crop(outside), base.crop(outside)).getbbox() is None
    diff = ImageChops.difference(changed.crop(outside), base.crop(outside)).convert("L")
    assert diff.getextrema()[0] > 0  # every pixel outside the mask changed
    assert remix.json()["data"] == again.json()["data"]  # deterministic


@pytest.mark.parametrize(
    ("model", "field", "status"),
    [
        ("demo-edit-wants-image", "image[]", 400),
        ("demo-edit-wants-brackets", "image", 422),
    ],
)
def test_a_model_that_refuses_one_form_answers_like_a_relay(
    base_url: str, client: httpx.Client, model: str, field: str, status: int
) -> None:
    picture = _png(_base())
    refused = _edit(client, base_url, [picture, picture], field=field, model=model)
    assert refused.status_code == status
    if status == 400:
        assert refused.json() == {
            "error": {
                "message": "Unknown parameter: 'image[]'.",
                "type": "invalid_request_error",
                "param": "image[]",
                "code": "unknown_parameter",
            }
        }
    else:
        assert refused.json()["detail"][0]["loc"] == ["body", "image[]"]
    error = classify(status, refused.text)
    assert isinstance(error, E.BadRequestError) and complains_about_field(error)
    other = "image" if field == "image[]" else "image[]"
    taken = _edit(client, base_url, [picture, picture], field=other, model=model)
    assert taken.status_code == 200, taken.text


def test_a_single_image_part_is_refused_too_by_a_brackets_only_model(
    base_url: str, client: httpx.Client
) -> None:
    picture = _png(_base())
    model = "demo-edit-wants-brackets"
    assert _edit(client, base_url, [picture], model=model).status_code == 422
    assert _edit(client, base_url, [picture], field="image[]", model=model).status_code == 200


@pytest.fixture(scope="module")
def strict_relay() -> Iterator[str]:
    with DemoRelay(token_rate=0, edit_field="image") as running:
        yield running.base_url


def test_a_relay_option_refuses_the_other_form_for_every_model(
    strict_relay: str, client: httpx.Client
) -> None:
    picture = _png(_base())
    assert _edit(client, strict_relay, [picture, picture], field="image[]").status_code == 400
    assert _edit(client, strict_relay, [picture, picture], field="image").status_code == 200
    with pytest.raises(ValueError, match="edit_field"):
        DemoRelay(edit_field="files")


def test_the_command_line_takes_the_edit_field_option() -> None:
    with pytest.raises(SystemExit):
        demo_main(["--edit-field", "files"])


def _banana(
    client: httpx.Client, base_url: str, images: list[bytes], **extra: Any
) -> httpx.Response:
    content: list[dict[str, Any]] = [{"type": "text", "text": "make it sunny"}]
    for data in images:
        url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        content.append({"type": "image_url", "image_url": {"url": url}})
    body = {"model": "demo-banana", "messages": [{"role": "user", "content": content}], **extra}
    return client.post(f"{base_url}/chat/completions", json=body)


def _banana_image(message: dict[str, Any]) -> Image.Image:
    (entry,) = message["images"]
    assert entry["type"] == "image_url"
    url = entry["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    return _open(base64.b64decode(url.split(",", 1)[1]))


def test_banana_edits_the_input_images_and_answers_message_images(
    base_url: str, client: httpx.Client
) -> None:
    base = _base((80, 60))
    response = _banana(client, base_url, [_png(base)])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "chat.completion" and body["model"] == "demo-banana"
    message = body["choices"][0]["message"]
    assert message["role"] == "assistant" and message["content"]
    result = _banana_image(message)
    assert result.size == base.size
    assert ImageChops.difference(result.convert("RGB"), base).getbbox() is not None
    assert body["usage"]["completion_tokens"] > 1000
    again = _banana(client, base_url, [_png(base)]).json()
    assert again["choices"][0]["message"]["images"] == message["images"]


def test_banana_merges_several_inputs_and_takes_an_aspect_ratio(
    base_url: str, client: httpx.Client
) -> None:
    red, blue = Image.new("RGB", (30, 30), "red"), Image.new("RGB", (30, 30), "blue")
    merged = _banana_image(
        _banana(client, base_url, [_png(red), _png(blue)]).json()["choices"][0]["message"]
    )
    assert merged.width > merged.height
    square = _banana(
        client, base_url, [_png(_base((80, 40)))], image_config={"aspect_ratio": "1:1"}
    )
    assert _banana_image(square.json()["choices"][0]["message"]).size == (80, 80)
    drawn = _banana(client, base_url, [], image_config={"aspect_ratio": "16:9"})
    assert _banana_image(drawn.json()["choices"][0]["message"]).size == (1024, 576)


def test_banana_streams_the_image_in_delta_images(base_url: str, client: httpx.Client) -> None:
    url = "data:image/png;base64," + base64.b64encode(_png(_base())).decode("ascii")
    body = {
        "model": "demo-banana",
        "stream": True,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "sunny"},
                    {"type": "image_url", "image_url": {"url": url}},
                ],
            }
        ],
    }
    with client.stream("POST", f"{base_url}/chat/completions", json=body) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = [line[6:] for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    deltas = [c["choices"][0]["delta"] for c in chunks if c["choices"]]
    images = [d["images"] for d in deltas if "images" in d]
    assert len(images) == 1 and images[0][0]["image_url"]["url"].startswith("data:image/png")
    assert chunks[-1]["usage"]["total_tokens"] > 0


def test_banana_refuses_an_unreadable_image(base_url: str, client: httpx.Client) -> None:
    response = _banana(client, base_url, [b"not an image"])
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
