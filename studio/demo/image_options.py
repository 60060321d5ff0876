"""Parameters of the demo Images API (generations and edits), validated into :class:`ImageOptions`.

The same parser reads a JSON body (generations) and multipart form fields (edits, where every
value is a string). Sizes come from ``size`` (``WxH`` or ``auto``) or from ``aspect_ratio``
with ``image_size`` (1K/2K/4K pick the long side). Bad values raise
:class:`~studio.demo.errors.RequestError` (HTTP 400).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studio.config.image_sizes import parse_size
from studio.demo.errors import RequestError
from studio.demo.seeding import stable_int

MIN_SIDE = 16
MAX_SIDE = 4096
LONG_SIDES = {"512": 512, "1K": 1024, "2K": 2048, "4K": 4096}
OUTPUT_FORMATS = {"png": "png", "jpeg": "jpeg", "jpg": "jpeg", "webp": "webp"}
RESPONSE_FORMATS = ("b64_json", "url")

_RATIO_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[:/]\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class ImageOptions:
    """A validated image request. ``size`` is ``None`` when the source decides (edits)."""

    prompt: str
    model: str
    n: int
    size: tuple[int, int] | None
    seed: int
    response_format: str
    output_format: str
    transparent: bool
    quality: str
    stream: bool
    partial_images: int


def _text(fields: Mapping[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise RequestError(f"'{name}' must be a string.", param=name)


def _integer(fields: Mapping[str, Any], name: str, low: int, high: int, default: int) -> int:
    value = fields.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise RequestError(f"'{name}' must be an integer.", param=name)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise RequestError(f"'{name}' must be an integer from {low} to {high}.", param=name)
    return value


def _flag(fields: Mapping[str, Any], name: str) -> bool:
    value = fields.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return value is True


def parse_ratio(text: str) -> tuple[float, float]:
    """``"16:9"`` → ``(16.0, 9.0)``; raises :class:`RequestError` when malformed or extreme."""
    match = _RATIO_RE.match(text)
    if not match:
        raise RequestError(
            f"Invalid aspect_ratio {text!r}. Use W:H, for example 16:9.", param="aspect_ratio"
        )
    w, h = float(match.group(1)), float(match.group(2))
    if w <= 0 or h <= 0 or max(w / h, h / w) > 16:
        raise RequestError(f"Unsupported aspect_ratio {text!r}.", param="aspect_ratio")
    return w, h


def size_for_ratio(ratio: tuple[float, float], long_side: int) -> tuple[int, int]:
    """The size with ``long_side`` on the longer edge and the other edge rounded to the ratio."""
    w, h = ratio
    if w >= h:
        return long_side, max(1, round(long_side * h / w))
    return max(1, round(long_side * w / h)), long_side


def resolve_size(
    size: str | None,
    aspect_ratio: str | None,
    image_size: str | None,
    default_long_side: int | None,
) -> tuple[int, int] | None:
    """The output size; ``None`` means "keep the source size" (only when no default)."""
    if size is not None and size.lower() != "auto":
        sides = parse_size(size)
        if sides is None:
            raise RequestError(
                f"Invalid size {size!r}. Use WIDTHxHEIGHT (for example 1024x1024) or auto.",
                param="size",
            )
        width, height = sides
        if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
            raise RequestError(
                f"Invalid size {size!r}: each side must be from {MIN_SIDE} to {MAX_SIDE} pixels.",
                param="size",
            )
        return width, height
    long_side = default_long_side
    if image_size is not None:
        key = image_size.upper() if image_size.upper() in LONG_SIDES else image_size
        if key not in LONG_SIDES:
            raise RequestError(
                f"Invalid image_size {image_size!r}. Use 1K, 2K or 4K.", param="image_size"
            )
        long_side = LONG_SIDES[key]
    if aspect_ratio is not None and aspect_ratio.lower() != "auto":
        ratio = parse_ratio(aspect_ratio)
        return size_for_ratio(ratio, long_side or 1024)
    if long_side is None:
        return None
    return long_side, long_side


def parse_options(fields: Mapping[str, Any], *, default_model: str, edit: bool) -> ImageOptions:
    """Validate the request fields (JSON body or form) into :class:`ImageOptions`."""
    prompt = _text(fields, "prompt")
    if prompt is None:
        raise RequestError("'prompt' is required.", param="prompt")
    model = _text(fields, "model") or default_model
    n = _integer(fields, "n", 1, 10, 1)
    size = resolve_size(
        _text(fields, "size"),
        _text(fields, "aspect_ratio"),
        _text(fields, "image_size"),
        None if edit else 1024,
    )
    seed = _integer(fields, "seed", -1, 2**63 - 1, -1)
    if seed == -1:
        seed = stable_int("seed", prompt) % (2**31)
    response_format = (_text(fields, "response_format") or "b64_json").lower()
    if response_format not in RESPONSE_FORMATS:
        raise RequestError(
            f"Invalid response_format {response_format!r}. Use b64_json or url.",
            param="response_format",
        )
    raw_format = (_text(fields, "output_format") or "png").lower()
    if raw_format not in OUTPUT_FORMATS:
        raise RequestError(
            f"Invalid output_format {raw_format!r}. Use png, jpeg or webp.", param="output_format"
        )
    output_format = OUTPUT_FORMATS[raw_format]
    transparent = (_text(fields, "background") or "auto").lower() == "transparent"
    if transparent and output_format == "jpeg":
        raise RequestError(
            "A transparent background needs output_format png or webp.", param="background"
        )
    return ImageOptions(
        prompt=prompt,
        model=model,
        n=n,
        size=size,
        seed=seed,
        response_format=response_format,
        output_format=output_format,
        transparent=transparent,
        quality=(_text(fields, "quality") or "auto").lower(),
        stream=_flag(fields, "stream"),
        partial_images=_integer(fields, "partial_images", 0, 3, 0),
    )
