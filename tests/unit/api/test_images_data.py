"""Format sniffing and tolerant base64 decoding of image data (pure functions)."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from studio.api.imagedata import InvalidImageData, decode_base64, decode_image_base64
from studio.api.images import sniff_image
from tests.fakes.image_server import image_bytes


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("PNG", ("image/png", "png")),
        ("JPEG", ("image/jpeg", "jpg")),
        ("WEBP", ("image/webp", "webp")),
        ("GIF", ("image/gif", "gif")),
        ("BMP", ("image/bmp", "bmp")),
        ("TIFF", ("image/tiff", "tiff")),
        ("AVIF", ("image/avif", "avif")),
    ],
)
def test_sniff_knows_real_pillow_images(fmt: str, expected: tuple[str, str]) -> None:
    assert sniff_image(image_bytes(fmt, size=(16, 16))) == expected


def test_sniff_knows_heic() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(out, format="HEIF")

    assert sniff_image(out.getvalue()) == ("image/heic", "heic")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello world, not an image",
        b"<html><body>502</body></html>",
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",  # an MP4 video
        b"BMx",  # too short to be a bitmap
    ],
)
def test_sniff_returns_none_for_other_bytes(data: bytes) -> None:
    assert sniff_image(data) is None


def test_decode_tolerates_what_relays_send() -> None:
    png = image_bytes("PNG", size=(40, 40), color=(1, 200, 3, 60))
    text = base64.b64encode(png).decode()
    assert decode_base64(text) == png
    assert decode_base64(text.rstrip("=")) == png
    assert decode_base64(" \n".join(text[i : i + 60] for i in range(0, len(text), 60))) == png
    assert decode_base64(base64.urlsafe_b64encode(png).decode()) == png
    assert decode_base64("data:image/png;base64," + text) == png
    assert decode_base64("DATA:image/png;charset=utf-8;base64," + text) == png


@pytest.mark.parametrize(
    "text", ["", "====", "abcde", "iVBOR w0K*GgoAAA", "ÿÿÿÿ", "data:image/png;base64,"]
)
def test_decode_rejects_invalid_base64(text: str) -> None:
    with pytest.raises(InvalidImageData):
        decode_base64(text)


def test_decoding_a_non_image_is_rejected() -> None:
    with pytest.raises(InvalidImageData, match="not an image"):
        decode_image_base64(base64.b64encode(b"just some text").decode())

    data, mime, ext = decode_image_base64(base64.b64encode(image_bytes("GIF")).decode())
    assert (mime, ext) == ("image/gif", "gif") and data.startswith(b"GIF8")
