"""Decoding pictures for the screen, as pure functions that run in worker threads.

Nothing here touches Qt: a worker returns raw premultiplied pixels (:class:`Pixels`) and the
GUI thread wraps them in a ``QImage`` (see :mod:`studio.ui.images.thumbnails`). Pillow
releases the GIL while it inflates and resamples, so the GUI keeps painting meanwhile.
(File copying, once here too, is :func:`studio.media.files.copy_file`.)
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

__all__ = ["ORIENTATION_TAG", "RAW_MODE", "Pixels", "full_pixels", "thumbnail_pixels"]

# Qt's ARGB32_Premultiplied is 0xAARRGGBB in native order: B, G, R, A bytes on little-endian.
RAW_MODE = "BGRa" if sys.byteorder == "little" else "aRGB"
ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class Pixels:
    """Premultiplied 32-bit pixels (Qt's ``Format_ARGB32_Premultiplied``) of a picture.

    ``source_width``/``source_height`` are the size of the original before any scaling.
    """

    data: bytes
    width: int
    height: int
    source_width: int
    source_height: int


def _open(source: Path | bytes) -> Image.Image:
    if isinstance(source, bytes):
        return Image.open(io.BytesIO(source))
    return Image.open(source)


def _upright(image: Image.Image) -> Image.Image:
    # exif_transpose copies even when nothing turns; skip it for the usual upright picture.
    if image.getexif().get(ORIENTATION_TAG, 1) in (0, 1):
        return image
    return ImageOps.exif_transpose(image)


def _to_pixels(image: Image.Image, source_size: tuple[int, int]) -> Pixels:
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    data = rgba.convert("RGBa").tobytes("raw", RAW_MODE)
    return Pixels(data, rgba.width, rgba.height, source_size[0], source_size[1])


def thumbnail_pixels(source: Path | bytes, max_side: int) -> Pixels:
    """The picture at ``source`` (a file or encoded bytes) scaled to fit ``max_side``.

    JPEG files are decoded at a reduced scale straight away (``draft``); other formats are
    decoded fully, then reduced in two steps (fast box reduction, then a good filter).
    Raises ``OSError``/``ValueError`` (Pillow's errors) for files that are not pictures.
    """
    with _open(source) as image:
        image.draft("RGB", (max_side, max_side))
        size = image.size
        oriented = _upright(image)
        oriented.thumbnail((max_side, max_side), Image.Resampling.BICUBIC, reducing_gap=2.0)
        return _to_pixels(oriented, size)


def full_pixels(source: Path | bytes) -> Pixels:
    """The whole picture at ``source``, upright, at its own size."""
    with _open(source) as image:
        size = image.size
        oriented = _upright(image)
        oriented.load()
        return _to_pixels(oriented, size)
