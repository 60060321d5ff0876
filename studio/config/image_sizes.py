"""Image sizes: the one ``WxH`` pattern, and the rules a model sets for free sizes.

:func:`parse_size` is the only reader of ``WxH`` text (the model table, the size editor and
the demo relay use it). :class:`SizeRules` come from the model table (images.md §1.5);
:meth:`SizeRules.problem` says which rule a size breaks, as a :class:`SizeProblem` (a kind and
its limit), for the layers above to put into words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

SIZE_PATTERN = re.compile(r"^\s*(\d{1,5})\s*[xX×*]\s*(\d{1,5})\s*$")
"""``WxH`` with 1–5 digits per side; ``x``, ``X``, ``×`` or ``*`` between; spaces allowed."""


def parse_size(text: str) -> tuple[int, int] | None:
    """``"1024x768"`` → ``(1024, 768)``; ``None`` for anything else (``auto`` included)."""
    match = SIZE_PATTERN.match(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def size_text(width: int, height: int) -> str:
    """The wire form of a size: ``1024x768``."""
    return f"{width}x{height}"


SizeProblemKind = Literal["multiple_of", "max_edge", "aspect", "min_pixels", "max_pixels"]
_RULE_NAMES = (
    "multiple_of",
    "max_edge",
    "min_pixels",
    "max_pixels",
    "max_aspect",
    "experimental_pixels",
)


@dataclass(frozen=True)
class SizeProblem:
    """Why a free ``WxH`` size is refused: the rule (``kind``) and its ``limit``."""

    kind: SizeProblemKind
    limit: float


@dataclass(frozen=True)
class SizeRules:
    """What a model accepts as a free ``WxH`` size, beyond each side's range (images.md §1.5).

    ``multiple_of``: both sides divisible by it; ``max_edge``: the longer side at most this;
    ``min_pixels``/``max_pixels``: bounds of width × height; ``max_aspect``: the longer side
    at most this many times the shorter (3 means 1:3 to 3:1). ``experimental_pixels``: more
    pixels than this are accepted but called experimental by the provider (a note, not a
    refusal). ``None`` means no such rule.
    """

    multiple_of: int | None = None
    max_edge: int | None = None
    min_pixels: int | None = None
    max_pixels: int | None = None
    max_aspect: float | None = None
    experimental_pixels: int | None = None

    @classmethod
    def from_mapping(cls, data: Any) -> SizeRules:
        """Rules from the model table (``{"multiple_of": 16, ...}``).

        Raises ``ValueError`` naming the field when ``data`` is not an object of positive
        numbers with known names.
        """
        if not isinstance(data, Mapping):
            raise ValueError("'rules' must be an object such as {\"multiple_of\": 16}")
        unknown = sorted(set(data) - set(_RULE_NAMES))
        if unknown:
            raise ValueError(f"unknown size rule(s) {', '.join(map(str, unknown))}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            whole = name != "max_aspect"
            if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
                kind = "a whole number" if whole else "a number"
                raise ValueError(f"size rule {name!r} must be {kind}")
            if value <= 0 or (name == "max_aspect" and value < 1):
                raise ValueError(f"size rule {name!r} is out of range")
            values[name] = value
        rules = cls(**values)
        if rules.min_pixels and rules.max_pixels and rules.min_pixels > rules.max_pixels:
            raise ValueError("size rule 'min_pixels' is above 'max_pixels'")
        return rules

    def problem(self, width: int, height: int) -> SizeProblem | None:
        """The first rule ``width`` × ``height`` breaks (None when it fits them all)."""
        if self.multiple_of and (width % self.multiple_of or height % self.multiple_of):
            return SizeProblem("multiple_of", self.multiple_of)
        if self.max_edge and max(width, height) > self.max_edge:
            return SizeProblem("max_edge", self.max_edge)
        short, long = sorted((width, height))
        if self.max_aspect and (short <= 0 or long > self.max_aspect * short):
            return SizeProblem("aspect", self.max_aspect)
        pixels = width * height
        if self.min_pixels and pixels < self.min_pixels:
            return SizeProblem("min_pixels", self.min_pixels)
        if self.max_pixels and pixels > self.max_pixels:
            return SizeProblem("max_pixels", self.max_pixels)
        return None

    def rounded(self, width: int, height: int) -> tuple[int, int] | None:
        """The size with each side rounded to ``multiple_of``, if that fits every rule."""
        step = self.multiple_of or 1
        sides = [max(step, round(side / step) * step) for side in (width, height)]
        return (sides[0], sides[1]) if self.problem(sides[0], sides[1]) is None else None

    def is_experimental(self, width: int, height: int) -> bool:
        """True when the size is accepted but larger than the provider vouches for."""
        return bool(self.experimental_pixels) and width * height > (self.experimental_pixels or 0)
