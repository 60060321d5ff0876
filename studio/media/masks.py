"""Edit masks: grey-scale Pillow images where 255 means "the model may change this pixel".

A mask is a mode ``L`` image the exact size of the base image: 255 = editable (painted by the
user), 0 = keep, values between = a soft edge. Every function here is pure (a new image out,
the input untouched) and thread-safe, so the UI and the edit workflow call them from worker
threads.

* :func:`grow_mask` dilates (or, with a negative count, erodes) over a square neighbourhood
  with shifted maxima, doubling the reach at each step: ``O(log pixels)`` passes over the
  mask's bounding box instead of Pillow's ``MaxFilter``, whose cost grows with the square of
  the size (4096² by 16 px: a quarter of a second instead of minutes).
* :func:`feather_mask` softens the edge with two box blurs whose radii add up to the
  feather radius, so the soft edge reaches that far and no farther (a Gaussian blur's tail
  would leak past it). Only tiles near an edge are blurred: the rest of a mask is flat, and
  flat stays flat. Wide feathers are blurred at a reduced size, within the same bounds.
* :func:`api_mask_png` is the OpenAI wire form: RGBA, alpha 0 where editable.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Final

from PIL import Image, ImageChops, ImageFilter

from studio.media.limits import ApiMaskUnusable, ImageRejected, MaskUnreadable
from studio.media.load import decode, identify, open_image

Box = tuple[int, int, int, int]

REDUCE_2_FROM: Final = 8
"""Feathers from this radius on are blurred at half the size (see ``_blur``)."""
REDUCE_4_FROM: Final = 32
"""Feathers from this radius on are blurred at a quarter of the size."""
TILE: Final = 128
"""Side of the tiles the tile-wise operations look at (grown for large radii)."""


def _as_mask(mask: Image.Image) -> Image.Image:
    """``mask`` as mode L (a 1-bit or palette mask is converted; L is returned as is)."""
    return mask if mask.mode == "L" else mask.convert("L")


def empty_mask(size: tuple[int, int]) -> Image.Image:
    """A mask of ``size`` with nothing editable (all 0)."""
    return Image.new("L", size, 0)


def invert_mask(mask: Image.Image) -> Image.Image:
    """Editable becomes kept and kept becomes editable (255 - value)."""
    return ImageChops.invert(_as_mask(mask))


def mask_bounds(mask: Image.Image) -> Box | None:
    """The box ``(left, top, right, bottom)`` around every editable pixel, or None if empty."""
    return _as_mask(mask).getbbox()


def mask_is_empty(mask: Image.Image) -> bool:
    """Whether no pixel of ``mask`` is editable at all (every value 0)."""
    return mask_bounds(mask) is None


def _expanded(box: Box, by: int, size: tuple[int, int]) -> Box:
    left, top, right, bottom = box
    return max(0, left - by), max(0, top - by), min(size[0], right + by), min(size[1], bottom + by)


def _max_shift(image: Image.Image, shift: int, horizontal: bool) -> None:
    """In place: each pixel becomes the max of itself and the pixel ``shift`` px right (below).

    Pixels with no partner inside the image keep their value (outside counts as 0).
    """
    width, height = image.size
    if horizontal:
        if shift >= width:
            return
        near, far = (0, 0, width - shift, height), (shift, 0, width, height)
    else:
        if shift >= height:
            return
        near, far = (0, 0, width, height - shift), (0, shift, width, height)
    image.paste(ImageChops.lighter(image.crop(near), image.crop(far)), near[:2])


def _window_max(image: Image.Image, length: int, horizontal: bool) -> None:
    """In place: each pixel becomes the max of the ``length`` pixels from it rightward (down)."""
    reach = 1
    while reach * 2 <= length:
        _max_shift(image, reach, horizontal)
        reach *= 2
    if reach < length:
        _max_shift(image, length - reach, horizontal)


def _dilate(mask: Image.Image, pixels: int) -> Image.Image:
    """Max over the (2·pixels+1)² square around each pixel; the image edge is not a wall."""
    width, height = mask.size
    length = 2 * pixels + 1
    # The window looks right and down; a margin of 0 on each side centres it.
    padded = Image.new("L", (width + 2 * pixels, height + 2 * pixels), 0)
    padded.paste(mask, (pixels, pixels))
    _window_max(padded, length, horizontal=True)
    _window_max(padded, length, horizontal=False)
    return padded.crop((0, 0, width, height))


def _tile_states(mask: Image.Image, reach: int, tile: int) -> list[list[int]]:
    """Per tile: 0 or 255 when every pixel within ``reach`` px of it has that value, else -1.

    Each tile's own extremes are read once; only flat tiles next to a different tile look at
    their halo (the tile plus ``reach`` px), so a mask is read about once in all.
    """
    width, height = mask.size
    bounds = mask.getbbox() or (0, 0, 0, 0)

    def state(x: int, y: int) -> int:
        box = (x, y, min(width, x + tile), min(height, y + tile))
        if box[2] <= bounds[0] or box[0] >= bounds[2] or box[3] <= bounds[1] or box[1] >= bounds[3]:
            return 0  # outside every editable pixel
        return _flat(mask.crop(box))

    own = [[state(x, y) for x in range(0, width, tile)] for y in range(0, height, tile)]
    rows, cols = len(own), len(own[0])
    states = [row[:] for row in own]
    if reach == 0:
        return states
    for j in range(rows):
        for i in range(cols):
            value = own[j][i]
            if value < 0:
                continue
            neighbours = (
                own[b][a]
                for b in range(max(0, j - 1), min(rows, j + 2))
                for a in range(max(0, i - 1), min(cols, i + 2))
            )
            if any(n != value for n in neighbours):
                box = (i * tile, j * tile, min(width, (i + 1) * tile), min(height, (j + 1) * tile))
                states[j][i] = _flat(mask.crop(_expanded(box, reach, mask.size)))
    return states


def _flat(image: Image.Image) -> int:
    low, high = image.getextrema()
    return int(low) if low == high and low in (0, 255) else -1


def _near_edges(
    mask: Image.Image, reach: int
) -> Iterator[tuple[Box, Box, Image.Image | None, int]]:
    """Boxes covering ``mask`` once, each with its halo (the box plus ``reach`` px, clipped).

    Yields ``(box, halo, around, flat)``: when the halo holds one value ``flat`` (0 or 255)
    ``around`` is None, since no operation reaching ``reach`` px can change that box;
    otherwise ``around`` is the halo's pixels (and ``flat`` is -1). Every output pixel of
    such an operation depends only on its halo, so working on ``around`` is exact.

    The mask is looked at in :data:`TILE` squares (larger for a large ``reach``); neighbouring
    tiles of one row in the same state are merged into one box, so flat areas come in few
    boxes and the work along an edge is done on wide strips (little halo to pay for).
    """
    tile = max(TILE, 4 * reach)
    width, height = mask.size
    for j, row in enumerate(_tile_states(mask, reach, tile)):
        top, bottom = j * tile, min(height, (j + 1) * tile)
        i = 0
        while i < len(row):
            end = i
            while end + 1 < len(row) and row[end + 1] == row[i]:
                end += 1
            box = (i * tile, top, min(width, (end + 1) * tile), bottom)
            halo = _expanded(box, reach, mask.size)
            if row[i] >= 0:
                yield box, halo, None, row[i]
            else:
                yield box, halo, mask.crop(halo), -1
            i = end + 1


def _inner(box: Box, halo: Box) -> Box:
    return box[0] - halo[0], box[1] - halo[1], box[2] - halo[0], box[3] - halo[1]


def grow_mask(mask: Image.Image, pixels: int) -> Image.Image:
    """The mask grown by ``pixels`` on every side (a negative count shrinks it).

    Growing takes the highest value within ``pixels`` in x and y (a square neighbourhood, so
    the Chebyshev distance); shrinking takes the lowest. Soft edges move with the mask. The
    image border neither grows nor eats into the mask: a mask touching the edge still
    touches it after shrinking. Only tiles within ``pixels`` of an edge are computed.
    """
    mask = _as_mask(mask)
    if pixels == 0:
        return mask.copy()
    distance = abs(pixels)
    out = mask.copy()
    for box, halo, around, _flat in _near_edges(mask, distance):
        if around is None:
            continue
        if pixels > 0:
            changed = _dilate(around, distance)
        else:
            # Erosion is the dilation of what is kept.
            changed = ImageChops.invert(_dilate(ImageChops.invert(around), distance))
        out.paste(changed.crop(_inner(box, halo)), box[:2])
    return out


def _pass_radii(radius: int) -> tuple[int, ...]:
    """Two box-blur radii (zeros dropped) adding up to ``radius``."""
    return tuple(r for r in (radius // 2, radius - radius // 2) if r > 0)


def _reduction(radius: int) -> int:
    """The factor a feather of ``radius`` is computed at (1 = full resolution)."""
    return 4 if radius >= REDUCE_4_FROM else 2 if radius >= REDUCE_2_FROM else 1


def _blur(image: Image.Image, radius: int) -> Image.Image:
    """Two box blurs adding up to ``radius``; wide ones at a half or a quarter of the size.

    A blur at 1/f of the size, scaled back up bilinearly, spreads a pixel at most
    ``f * r + f + (f - 1) / 2`` px for a blur radius ``r`` there (the reduction's block, the
    blur, the upscale's two nearest samples), so ``r`` is chosen to stay within ``radius``:
    the support stays exact while the blur costs a quarter (a sixteenth) as much.
    """
    factor = _reduction(radius)
    small = image.reduce(factor) if factor > 1 else image
    reach = radius if factor == 1 else (2 * radius - 3 * factor + 1) // (2 * factor)
    for r in _pass_radii(reach):
        small = small.filter(ImageFilter.BoxBlur(r))
    if factor == 1:
        return small
    # The box keeps the scale exactly ``factor`` when the size is not a multiple of it.
    box = (0.0, 0.0, image.width / factor, image.height / factor)
    return small.resize(image.size, Image.Resampling.BILINEAR, box=box)


def feather_tiles(mask: Image.Image, radius: float) -> Iterator[tuple[Box, int | Image.Image]]:
    """The feathered ``mask`` tile by tile: ``(box, 0)``, ``(box, 255)`` or ``(box, tile)``.

    Flat tiles (every pixel within the radius 0, or every one 255) come as a number and cost
    nothing; the others as the blurred L image of the box. Together the tiles cover the mask
    once. :func:`feather_mask` assembles them; keep-outside compositing uses them directly
    so that it touches only the pixels that change.
    """
    mask = _as_mask(mask)
    reach = max(0, int(radius))
    for box, halo, around, flat in _near_edges(mask, reach):
        if around is None:
            yield box, flat
        else:
            yield box, (_blur(around, reach) if reach else around).crop(_inner(box, halo))


def feather_mask(mask: Image.Image, radius: float) -> Image.Image:
    """``mask`` with a soft edge reaching ``radius`` pixels (rounded down) to each side.

    The blur is two box blurs (a tent, an S-shaped edge) whose radii add up to the radius,
    so a pixel farther than that (in x or y) from every editable pixel stays exactly 0 and
    one farther than that inside stays exactly 255. Feathers of 8 px and more are blurred
    at half (32 and more: a quarter) of the size and scaled back, within the same bounds;
    their soft edge ends a few pixels short of the radius. ``radius < 1`` returns a copy.
    """
    mask = _as_mask(mask)
    if int(radius) <= 0:
        return mask.copy()
    out = empty_mask(mask.size)
    for box, value in feather_tiles(mask, radius):
        if isinstance(value, Image.Image):
            out.paste(value, box[:2])
        elif value:
            out.paste(value, box)
    return out


def mask_to_png(mask: Image.Image) -> bytes:
    """PNG bytes (mode L, no metadata) of ``mask``, for saving with the session."""
    buffer = io.BytesIO()
    _as_mask(mask).save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def mask_from_png(data: bytes, *, name: str = "") -> Image.Image:
    """The mask stored by :func:`mask_to_png` (any grey-scale-convertible PNG is accepted).

    Raises :class:`~studio.media.limits.MaskUnreadable` when ``data`` is not a readable PNG
    (empty, another format, cut short, a decompression bomb); ``name`` names it in the
    sentence.
    """
    try:
        if identify(data, name) != "png":
            raise MaskUnreadable(name)
        image = open_image(data, "png", name)
        image.load()
        return image.convert("L") if image.mode != "L" else image
    except MaskUnreadable:
        raise
    except (ImageRejected, OSError, ValueError, SyntaxError, EOFError):
        raise MaskUnreadable(name) from None


def api_mask_png(mask: Image.Image, size: tuple[int, int] | None = None) -> bytes:
    """The mask as the edit API wants it: an RGBA PNG, alpha = 255 - mask, colour black.

    Alpha 0 marks what the model may change, 255 what it must keep, soft edges in between.
    ``size`` is the size of the image actually sent (it may have been scaled down to fit the
    upload limit); the mask is scaled to it when it differs.
    """
    mask = _as_mask(mask)
    if size is not None and mask.size != size:
        mask = mask.resize(size, Image.Resampling.BILINEAR)
    black = Image.new("L", mask.size, 0)
    rgba = Image.merge("RGBA", (black, black, black, ImageChops.invert(mask)))
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


SHAPE_TOLERANCE: Final = 0.01
"""How far (relative) a mask file's proportions may differ from its picture's and be scaled."""


def mask_from_api_image(data: bytes, size: tuple[int, int], *, name: str = "") -> Image.Image:
    """A mask file in the edit API's form (any readable image with alpha: alpha 0 where
    editable, 255 where kept) as a Studio mask of ``size`` (mode L, 255 = editable).

    A file of another size with the same proportions is scaled to ``size``. Raises
    :class:`~studio.media.limits.ApiMaskUnusable` for a file without transparency or of
    other proportions, and media's other refusals for unreadable bytes.
    """
    fmt = identify(data, name)
    image = decode(open_image(data, fmt, name), fmt, name).image
    alpha_modes = ("RGBA", "LA", "PA", "La", "RGBa")
    if image.mode not in alpha_modes and "transparency" in image.info:
        image = image.convert("RGBA")  # a palette or grey PNG with a transparent colour
    if image.mode not in alpha_modes:
        raise ApiMaskUnusable(name, reason="no_alpha")
    alpha = image.getchannel("A")
    if alpha.size != size:
        width, height = size
        ratio = (alpha.width / alpha.height) / (width / height)
        if abs(ratio - 1) > SHAPE_TOLERANCE:
            raise ApiMaskUnusable(name, reason="shape", width=width, height=height)
        alpha = alpha.resize(size, Image.Resampling.BILINEAR)
    return ImageChops.invert(alpha)
