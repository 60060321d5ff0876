"""Bytes in, bytes out: the picture steps of an edit session, for :mod:`studio.core.edit`.

The core has no Pillow; these functions wrap media's picture work (decoding, the masks of
:mod:`studio.media.masks`, the composite of :mod:`studio.media.composite`) so that only
encoded bytes cross the layer. All are pure and thread-safe, meant for a worker thread,
and raise media's :class:`~studio.media.limits.ImageRejected` (a ``ValueError``) for
pictures they cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from studio.media.composite import keep_outside
from studio.media.encode import encode_png
from studio.media.load import decode, identify, open_image, orient, to_srgb, to_working_mode
from studio.media.masks import (
    api_mask_png,
    mask_from_api_image,
    mask_from_png,
    mask_is_empty,
    mask_to_png,
)
from studio.media.outpaint import Expansion, expand_canvas

__all__ = [
    "Picture",
    "api_mask",
    "expand_png",
    "keep_outside_png",
    "mask_from_api",
    "mask_png_is_empty",
    "source_png",
]


@dataclass(frozen=True)
class Picture:
    """An encoded picture (PNG) and its size."""

    data: bytes
    width: int
    height: int


def upright(data: bytes, name: str = "image") -> Image.Image:
    """``data`` decoded whole: upright (EXIF orientation applied), 8-bit RGB/RGBA/L/LA, sRGB."""
    fmt = identify(data, name)
    decoded = decode(open_image(data, fmt, name), fmt, name)
    image, _label = to_working_mode(decoded.image, name, fmt)
    image, _converted = to_srgb(image, decoded.icc_profile)
    return orient(image, decoded.orientation)


def source_png(data: bytes, name: str = "image") -> Picture:
    """The source of a new session: any picture Studio reads (HEIC, WebP, a rotated JPEG …)
    as an upright lossless PNG of its full size, without metadata."""
    image = upright(data, name)
    return Picture(encode_png(image), image.width, image.height)


def mask_from_api(data: bytes, size: tuple[int, int], name: str = "mask") -> bytes:
    """A mask file in the edit API's form (alpha 0 = editable, as ``studio image edit
    --mask`` takes it) as the stored mask of a picture of ``size``: a mode L PNG, 255 =
    editable. Raises :class:`~studio.media.limits.ApiMaskUnusable` for a file without
    transparency or of other proportions than the picture."""
    return bytes(mask_to_png(mask_from_api_image(data, size, name=name)))


def mask_png_is_empty(mask_png: bytes) -> bool:
    """Whether the stored mask (mode L PNG, 255 = editable) marks nothing editable."""
    return bool(mask_is_empty(mask_from_png(mask_png)))


def api_mask(mask_png: bytes, size: tuple[int, int]) -> bytes:
    """The stored mask as the wire wants it: an RGBA PNG of ``size`` (the picture sent in
    slot 1), alpha 0 where editable and 255 where kept."""
    return bytes(api_mask_png(mask_from_png(mask_png), size))


def keep_outside_png(source: bytes, result: bytes, mask_png: bytes, feather: float) -> Picture:
    """``result`` with ``source`` pasted back outside the mask (feathered by ``feather``
    pixels as a soft seam), at the source's size, as a lossless PNG.

    The result is scaled to the source's size first; a mask of another size is scaled to it.
    """
    base = upright(source, "source")
    answer = upright(result, "result")
    mask = mask_from_png(mask_png)
    if mask.size != base.size:
        mask = mask.resize(base.size, Image.Resampling.BILINEAR)
    out = keep_outside(base, answer, mask, feather)
    return Picture(encode_png(out), out.width, out.height)


def expand_png(base: bytes, mask_png: bytes | None, expansion: Expansion) -> tuple[Picture, bytes]:
    """The base grown by ``expansion`` (the new area transparent) as a PNG, and its mask
    (mode L PNG: the new area editable, plus what ``mask_png`` marked)."""
    image = upright(base, "base")
    mask = mask_from_png(mask_png) if mask_png is not None else None
    if mask is not None and mask.size != image.size:
        mask = mask.resize(image.size, Image.Resampling.BILINEAR)
    grown, grown_mask = expand_canvas(image, mask, expansion)
    picture = Picture(encode_png(grown), grown.width, grown.height)
    return picture, bytes(mask_to_png(grown_mask))
