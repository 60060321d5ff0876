"""Reading and copying image files, and the small PNGs made for pastes and previews."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from studio.media.display import RAW_MODE, full_pixels, thumbnail_pixels
from studio.media.files import FileTooBig, copy_file, read_file
from studio.media.previews import png_thumbnail, rgba_png


def png(size: tuple[int, int], colour: tuple[int, int, int, int] = (10, 200, 30, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, "PNG")
    return out.getvalue()


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileTooBig) as refused:
        read_file(path, 100)
    assert (refused.value.size, refused.value.limit) == (101, 100)
    assert read_file(path, 101) == b"x" * 101
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "gone.png", 100)


def test_copying_keeps_every_byte_and_a_missing_source_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(png((5, 4)))
    copy_file(source, tmp_path / "b.png")
    assert (tmp_path / "b.png").read_bytes() == source.read_bytes()
    with pytest.raises(FileNotFoundError):
        copy_file(tmp_path / "gone.png", tmp_path / "c.png")
    assert not (tmp_path / "c.png").exists()


def test_pasted_pixels_become_a_lossless_png() -> None:
    pixels = bytes([10, 200, 30, 255, 1, 2, 3, 128]) * 6  # 4 × 3, two colours
    image = Image.open(io.BytesIO(rgba_png(pixels, 4, 3)))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (4, 3))
    assert image.tobytes() == pixels


def test_a_preview_fits_its_side_and_keeps_the_shape() -> None:
    small = Image.open(io.BytesIO(png_thumbnail(png((300, 200)), 64)))
    assert (small.format, small.mode, small.size) == ("PNG", "RGBA", (64, 43))
    with pytest.raises(OSError):
        png_thumbnail(b"not an image", 64)


def test_screen_pixels_are_premultiplied_and_scaled() -> None:
    half = png((40, 20), (200, 100, 50, 128))
    full = full_pixels(half)
    assert (full.width, full.height, full.source_width, full.source_height) == (40, 20, 40, 20)
    assert len(full.data) == 40 * 20 * 4
    thumb = thumbnail_pixels(half, 10)
    assert (thumb.width, thumb.height, thumb.source_width) == (10, 5, 40)
    first = full.data[:4] if RAW_MODE == "BGRa" else full.data[3::-1][:4]  # as B, G, R, A
    blue, green, red, alpha = first
    assert alpha == 128
    assert max(abs(red - 100), abs(green - 50), abs(blue - 25)) <= 1  # premultiplied
