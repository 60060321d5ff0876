"""Encode an upright, resized image as PNG or JPEG, without metadata, within a byte limit.

Transparency is kept as PNG. Photos become JPEG at quality 88 with 4:2:0 chroma, sharp enough
for reading text in a photo and a fraction of the PNG size. Screenshot-like images (few
colours: at most one distinct colour per 32 pixels after resizing; a resized UI screenshot
with anti-aliased text has a few thousand, a photo hundreds of thousands) are tried as PNG
too and sent as PNG when that is not larger; their JPEG keeps full chroma (4:4:4) so
coloured text stays crisp. Counting stops early, so photos cost well under a millisecond,
and they never pay for a PNG attempt. Nothing from the source's ``info`` (EXIF, GPS, XMP,
ICC, text chunks) is written.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Final

from PIL import Image

from studio.media.limits import TooLarge

JPEG_QUALITY: Final = 88
FALLBACK_QUALITIES: Final = (80, 70, 60)
MIN_SIDE: Final = 16
PIXELS_PER_COLOUR: Final = 32


@dataclass(frozen=True)
class Encoded:
    """Encoded bytes, their format (``png`` or ``jpeg``), their size, and whether they had to
    be made smaller than planned to fit the byte limit."""

    data: bytes
    format: str
    width: int
    height: int
    shrunk: bool = False


def _clean(image: Image.Image) -> Image.Image:
    clean = image.copy()
    clean.info.clear()
    return clean


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes of ``image`` without any metadata chunk."""
    buffer = io.BytesIO()
    _clean(image).save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def encode_jpeg(
    image: Image.Image, quality: int = JPEG_QUALITY, subsampling: str = "4:2:0"
) -> bytes:
    """Baseline JPEG bytes of ``image`` (RGB or L) without EXIF, ICC or comments."""
    clean = _clean(image)
    buffer = io.BytesIO()
    # No optimize=True: it costs ~5x the encode time (held under the GIL, so the GUI
    # stalls while images are attached) for about 5 % fewer bytes.
    clean.save(buffer, "JPEG", quality=quality, subsampling=subsampling)
    return buffer.getvalue()


def is_graphic(image: Image.Image) -> bool:
    """Whether ``image`` looks like a screenshot or drawing rather than a photo."""
    most = max(256, image.width * image.height // PIXELS_PER_COLOUR)
    return image.getcolors(most) is not None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA")


def encode(image: Image.Image, *, graphic: bool) -> Encoded:
    """The best encoding of ``image``: PNG with transparency, else JPEG, or PNG if smaller."""
    width, height = image.size
    if _has_alpha(image):
        return Encoded(encode_png(image), "png", width, height)
    jpeg = encode_jpeg(image, JPEG_QUALITY, "4:4:4" if graphic else "4:2:0")
    if graphic:
        png = encode_png(image)
        if len(png) <= len(jpeg):
            return Encoded(png, "png", width, height)
    return Encoded(jpeg, "jpeg", width, height)


def encode_within(image: Image.Image, *, graphic: bool, limit: int, name: str = "") -> Encoded:
    """:func:`encode`, then lower JPEG quality and scale down until the bytes fit ``limit``.

    Opaque images fall back to JPEG at quality 80, 70, 60, then shrink; transparent ones stay
    PNG and shrink. Raises :class:`TooLarge` if even a 16-px image would not fit.
    """
    best = encode(image, graphic=graphic)
    if len(best.data) <= limit:
        return best
    alpha = _has_alpha(image)
    width, height = image.size
    size = len(best.data)
    if not alpha:
        for quality in FALLBACK_QUALITIES:
            data = encode_jpeg(image, quality)
            if len(data) <= limit:
                return Encoded(data, "jpeg", width, height, shrunk=True)
            size = len(data)
    while True:
        factor = min(0.9, max(0.5, math.sqrt(limit / size) * 0.9))
        width, height = round(width * factor), round(height * factor)
        if min(width, height) < MIN_SIDE:
            raise TooLarge(name, size=size, limit=limit)
        # Always resample from the full-size image so the shrinking does not add blur.
        smaller = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        data = encode_png(smaller) if alpha else encode_jpeg(smaller, FALLBACK_QUALITIES[0])
        if len(data) <= limit:
            return Encoded(data, "png" if alpha else "jpeg", width, height, shrunk=True)
        size = len(data)
