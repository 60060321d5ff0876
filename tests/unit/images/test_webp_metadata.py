"""WebP files get their generation metadata as an XMP chunk, without touching the bitstream."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageSequence

from studio.media.metadata import embed_metadata, read_metadata
from tests.unit.images.conftest import picture, pixels

INFO = {"prompt": '一只红狐狸 <in> the "snow" & ice', "model": "gpt-image-1", "seed": "42"}


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The RIFF chunks, checking the container's own sizes on the way."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert struct.unpack("<I", data[4:8])[0] == len(data) - 8
    chunks, pos = [], 12
    while pos < len(data):
        fourcc, length = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append((fourcc, data[pos + 8 : pos + 8 + length]))
        pos += 8 + length + (length & 1)
    assert pos == len(data)
    return chunks


def _vp8x(data: bytes) -> tuple[int, int, int]:
    fourcc, payload = _chunks(data)[0]
    assert fourcc == b"VP8X"
    width = int.from_bytes(payload[4:7], "little") + 1
    height = int.from_bytes(payload[7:10], "little") + 1
    return payload[0], width, height


@pytest.mark.parametrize(
    ("mode", "params", "bitstream"),
    [
        ("RGB", {"quality": 80}, b"VP8 "),
        ("RGB", {"lossless": True}, b"VP8L"),
        ("RGBA", {"lossless": True}, b"VP8L"),
    ],
)
def test_a_simple_webp_becomes_extended_with_xmp(
    mode: str, params: dict[str, object], bitstream: bytes
) -> None:
    image = Image.frombytes(mode, (75, 41), bytes(range(256)) * (75 * 41 * len(mode) // 256 + 1))
    out = io.BytesIO()
    image.save(out, "WEBP", **params)
    original = out.getvalue()
    assert original[12:16] == bitstream  # the simple format, as Pillow writes it

    tagged = embed_metadata(original, "image/webp", INFO)

    flags, width, height = _vp8x(tagged)
    assert (width, height) == (75, 41)
    assert flags & 0x04  # XMP
    assert bool(flags & 0x10) == (mode == "RGBA")  # alpha flag follows the bitstream
    chunks = dict(_chunks(tagged))
    assert chunks[bitstream] == dict(_chunks(original))[bitstream]  # bitstream copied as is
    assert read_metadata(tagged) == INFO
    with Image.open(io.BytesIO(tagged)) as opened:
        assert "一只红狐狸".encode() in opened.info["xmp"]
    assert pixels(tagged) == pixels(original)


def test_an_extended_webp_keeps_its_other_chunks() -> None:
    exif = Image.Exif()
    exif[0x010F] = "StudioTestCam"
    image = Image.new("RGBA", (50, 30), (10, 200, 30, 120))
    out = io.BytesIO()
    image.save(out, "WEBP", quality=90, exif=exif.tobytes())
    original = out.getvalue()
    assert original[12:16] == b"VP8X"

    tagged = embed_metadata(original, "image/webp", INFO)

    kinds = [fourcc for fourcc, _ in _chunks(tagged)]
    assert kinds[0] == b"VP8X" and kinds[-1] == b"XMP "
    assert b"EXIF" in kinds and b"ALPH" in kinds
    before_flags, *_ = _vp8x(original)
    after_flags, *_ = _vp8x(tagged)
    assert after_flags == before_flags | 0x04
    with Image.open(io.BytesIO(tagged)) as opened:
        assert opened.getexif()[0x010F] == "StudioTestCam"
    assert pixels(tagged) == pixels(original)


def test_embedding_again_replaces_the_xmp() -> None:
    once = embed_metadata(picture("WEBP"), "image/webp", INFO)
    twice = embed_metadata(once, "image/webp", {"prompt": "second", "seed": "1"})
    assert [fourcc for fourcc, _ in _chunks(twice)].count(b"XMP ") == 1
    assert read_metadata(twice) == {"prompt": "second", "seed": "1"}


def test_an_animated_webp_stays_animated() -> None:
    frames = [Image.new("RGB", (32, 32), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(
        out, "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True
    )
    tagged = embed_metadata(out.getvalue(), "image/webp", INFO)
    with Image.open(io.BytesIO(tagged)) as opened:
        colours = [
            frame.convert("RGB").getpixel((5, 5)) for frame in ImageSequence.Iterator(opened)
        ]
    assert colours == [(255, 0, 0), (0, 0, 255)]
    assert read_metadata(tagged)["prompt"] == INFO["prompt"]


def test_damaged_webp_is_left_alone() -> None:
    whole = picture("WEBP")
    truncated = whole[: len(whole) // 2]
    assert embed_metadata(truncated, "image/webp", INFO) == truncated
    no_frame_header = b"RIFF\x10\x00\x00\x00WEBPVP8 \x04\x00\x00\x00abcd"
    assert embed_metadata(no_frame_header, "image/webp", INFO) == no_frame_header
    assert read_metadata(truncated) == {}
