"""Small PNG pictures made from image data: pasted pixels as a PNG, and composer previews.

Pure functions with Pillow, no Qt, meant for a worker thread. Both encode with the fastest
zlib level: the result is either prepared again right after or only shown at a small size.
"""

from __future__ import annotations

import io

from PIL import Image

__all__ = ["png_thumbnail", "rgba_png"]


def rgba_png(data: bytes, width: int, height: int) -> bytes:
    """Raw 8-bit RGBA pixels (``width * 4`` bytes per row) as a lossless PNG."""
    image = Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def png_thumbnail(data: bytes, side: int) -> bytes:
    """Encoded image ``data`` scaled down to fit ``side`` × ``side``, as an RGBA PNG.

    JPEG data is decoded at a reduced scale straight away (``draft``). Raises Pillow's
    errors (``OSError``/``ValueError``) for data that is not a picture.
    """
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (side, side))
        small = image.convert("RGBA")
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "PNG", compress_level=1)
    return out.getvalue()
