"""Outpainting: grow the canvas on any side; the new area is transparent and editable.

:func:`preset_expansion` turns a preset into the pixels to add on each side, always growing
(never cropping) and centring the picture; :func:`expand_canvas` builds the RGBA canvas (new
area alpha 0, which is how the edit API is told to fill it) and the matching mask (new area
255, the old mask shifted in). Pure functions of Pillow images.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal, get_args

from PIL import Image

from studio.media.masks import empty_mask

Preset = Literal["16:9", "9:16", "square", "+25%"]
PRESETS: Final[tuple[str, ...]] = get_args(Preset)
ROUND_TO: Final = 16
"""Grown dimensions are rounded up to a multiple of this (image models work in 16-px steps)."""


@dataclass(frozen=True)
class Expansion:
    """Pixels added on each side of the canvas (all ``>= 0``)."""

    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0

    def __post_init__(self) -> None:
        for side in (self.left, self.top, self.right, self.bottom):
            if side < 0:
                raise ValueError(f"an expansion only grows the canvas, not {self}")

    @property
    def is_empty(self) -> bool:
        """Whether nothing is added."""
        return not (self.left or self.top or self.right or self.bottom)

    def new_size(self, size: tuple[int, int]) -> tuple[int, int]:
        """The canvas size after adding this to ``size``."""
        return size[0] + self.left + self.right, size[1] + self.top + self.bottom


def _round_up(value: float) -> int:
    return math.ceil(value / ROUND_TO) * ROUND_TO


def _centred(size: tuple[int, int], new_size: tuple[int, int]) -> Expansion:
    extra_w, extra_h = new_size[0] - size[0], new_size[1] - size[1]
    return Expansion(extra_w // 2, extra_h // 2, extra_w - extra_w // 2, extra_h - extra_h // 2)


def _to_aspect(size: tuple[int, int], across: int, down: int) -> tuple[int, int]:
    width, height = size
    if width * down < height * across:  # too narrow: widen
        return max(width, _round_up(height * across / down)), height
    if width * down > height * across:  # too wide: heighten
        return width, max(height, _round_up(width * down / across))
    return size


def preset_expansion(size: tuple[int, int], preset: Preset) -> Expansion:
    """How to grow a ``size`` canvas to ``preset``, centred.

    * ``16:9`` / ``9:16``: only the side that is too short grows, to the next multiple of 16
      at or above the exact ratio (so the ratio is met to within 16 px); a canvas already at
      the ratio is left as it is.
    * ``square``: the shorter side grows to the longer one (exactly square; not rounded,
      since rounding one side only would break the square).
    * ``+25%``: both sides grow to 1.25 × their length, each rounded up to a multiple of 16.
    """
    width, height = size
    if width < 1 or height < 1:
        raise ValueError(f"cannot expand an empty canvas {size}")
    if preset == "16:9":
        new_size = _to_aspect(size, 16, 9)
    elif preset == "9:16":
        new_size = _to_aspect(size, 9, 16)
    elif preset == "square":
        side = max(width, height)
        new_size = (side, side)
    elif preset == "+25%":
        new_size = (_round_up(width * 1.25), _round_up(height * 1.25))
    else:
        raise ValueError(f"unknown preset {preset!r}; expected one of {PRESETS}")
    return _centred(size, new_size)


def expand_canvas(
    base: Image.Image, mask: Image.Image | None, expansion: Expansion
) -> tuple[Image.Image, Image.Image]:
    """``base`` on a larger RGBA canvas and the mask to send with it.

    The new area is fully transparent (alpha 0, colour black) in the canvas and 255
    (editable) in the mask; the old area keeps ``base``'s pixels (converted to RGBA) and
    ``mask``'s values (none editable when ``mask`` is None). ``mask`` must be ``base``'s size.
    """
    if mask is not None and mask.size != base.size:
        raise ValueError(f"the mask is {mask.size}, the image {base.size}")
    new_size = expansion.new_size(base.size)
    offset = (expansion.left, expansion.top)
    canvas = Image.new("RGBA", new_size, (0, 0, 0, 0))
    canvas.paste(base if base.mode == "RGBA" else base.convert("RGBA"), offset)
    new_mask = Image.new("L", new_size, 255)
    old = mask if mask is not None else empty_mask(base.size)
    new_mask.paste(old if old.mode == "L" else old.convert("L"), offset)
    return canvas, new_mask
