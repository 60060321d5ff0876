"""What a tile-model (GPT-4o family) sees of an image, and what it costs in tokens.

From relay-docs.md, "Token cost": ``detail: low`` costs 85 tokens whatever the size (the
model sees it within 512×512). ``high`` (and ``auto``, estimated as high because that is the
upper bound) first fits the image into 2048×2048 keeping the aspect ratio, then scales it so
the short side is 768 px, never enlarging in either step, and charges 170 tokens per 512-px
tile plus 85: 1024×1024 → 768×768 → 4 tiles → 765; 2048×4096 → 768×1536 → 6 tiles → 1105.
"""

from __future__ import annotations

import math
from typing import Final

BASE_TOKENS: Final = 85
TILE_TOKENS: Final = 170
TILE: Final = 512
LOW_BOX: Final = 512
HIGH_BOX: Final = 2048
HIGH_SHORT: Final = 768
DETAILS: Final = ("low", "high", "auto")


def _check(width: int, height: int, detail: str) -> None:
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, not {detail!r}")
    if width < 1 or height < 1:
        raise ValueError(f"image size must be positive, not {width}×{height}")


def _scaled(width: int, height: int, scale: float) -> tuple[int, int]:
    return max(1, round(width * scale)), max(1, round(height * scale))


def resized_for_detail(width: int, height: int, detail: str) -> tuple[int, int]:
    """The size the model works on at ``detail``; never larger than the input.

    ``low`` fits into 512×512; ``high``/``auto`` fit into 2048×2048, then the short side is
    brought down to 768. Applying it to its own result returns the same size.
    """
    _check(width, height, detail)
    if detail == "low":
        return _scaled(width, height, min(1.0, LOW_BOX / max(width, height)))
    fit = min(1.0, HIGH_BOX / max(width, height))
    short = min(width, height) * fit
    return _scaled(width, height, fit * min(1.0, HIGH_SHORT / short))


def tile_count(width: int, height: int) -> int:
    """How many 512-px tiles cover a ``width`` × ``height`` image."""
    return math.ceil(width / TILE) * math.ceil(height / TILE)


def vision_tokens(width: int, height: int, detail: str) -> int:
    """Estimated prompt tokens of one image of this size at ``detail`` (relay-docs formula)."""
    _check(width, height, detail)
    if detail == "low":
        return BASE_TOKENS
    seen_width, seen_height = resized_for_detail(width, height, detail)
    return BASE_TOKENS + TILE_TOKENS * tile_count(seen_width, seen_height)
