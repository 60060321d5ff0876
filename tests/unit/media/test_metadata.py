"""Generation metadata is embedded losslessly and reads back (Chinese included)."""

from __future__ import annotations

import io

from PIL import Image

from studio.media.metadata import embed_metadata, read_png_text


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 30, 200)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_png_gets_text_chunks_and_pixels_are_unchanged() -> None:
    original = _png()
    tagged = embed_metadata(original, "image/png", {"prompt": "一只红狐狸 a red fox", "seed": "7"})
    assert read_png_text(tagged) == {"prompt": "一只红狐狸 a red fox", "seed": "7"}
    with Image.open(io.BytesIO(tagged)) as image:
        assert image.text["prompt"] == "一只红狐狸 a red fox"
        tagged_pixels = image.convert("RGB").tobytes()
    with Image.open(io.BytesIO(original)) as image:
        assert image.convert("RGB").tobytes() == tagged_pixels


def test_jpeg_gets_xmp_and_stays_decodable() -> None:
    original = _jpeg()
    tagged = embed_metadata(original, "image/jpeg", {"prompt": "蓝色 <sky> & sea", "model": "m"})
    assert tagged != original
    with Image.open(io.BytesIO(tagged)) as image:
        xmp = image.info.get("xmp", b"")
        assert "蓝色 &lt;sky&gt; &amp; sea".encode() in xmp
        tagged_pixels = image.convert("RGB").tobytes()
    with Image.open(io.BytesIO(original)) as image:
        assert image.convert("RGB").tobytes() == tagged_pixels


def test_other_formats_are_left_alone() -> None:
    assert embed_metadata(b"RIFF....WEBP", "image/webp", {"prompt": "x"}) == b"RIFF....WEBP"
    assert embed_metadata(b"not a png", "image/png", {"prompt": "x"}) == b"not a png"
