"""Image requests and their wire form (images.md §1.2, §1.3).

:class:`ImageGenerationRequest` becomes a JSON body, :class:`ImageEditRequest` a multipart
form. Only the fields that are set go on the wire (``None`` is not sent, ``stream`` only
when true); ``extra`` is merged last so users can pass relay-specific fields.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from studio.api.imagedata import sniff_image

FormFields = dict[str, str | list[str]]
FilePart = tuple[str, tuple[str, bytes, str]]

_NOT_SCALAR = frozenset({"extra", "images", "mask"})
_JPEG_EXTS = frozenset({"jpg", "jpeg", "jpe"})


@dataclass(frozen=True)
class ImageGenerationRequest:
    """``POST images/generations``: every field goes out under its own (wire) name."""

    model: str
    prompt: str
    n: int = 1
    size: str | None = None
    aspect_ratio: str | None = None
    image_size: str | None = None
    seed: int | None = None
    quality: str | None = None
    background: str | None = None
    output_format: str | None = None
    output_compression: int | None = None
    moderation: str | None = None
    style: str | None = None
    response_format: str | None = None
    negative_prompt: str | None = None
    stream: bool = False
    partial_images: int | None = None
    user: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InputImage:
    """One file sent to ``images/edits``; ``mime`` is sniffed from the bytes when None."""

    data: bytes
    filename: str = "image.png"
    mime: str | None = None


@dataclass(frozen=True)
class ImageEditRequest:
    """``POST images/edits`` (multipart): source images, optional mask, scalar fields."""

    model: str
    prompt: str
    images: Sequence[InputImage]
    mask: InputImage | None = None
    n: int = 1
    size: str | int | None = None
    quality: str | int | None = None
    background: str | int | None = None
    input_fidelity: str | int | None = None
    output_format: str | int | None = None
    output_compression: str | int | None = None
    response_format: str | int | None = None
    aspect_ratio: str | int | None = None
    image_size: str | int | None = None
    seed: int | None = None
    stream: bool = False
    partial_images: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def _scalars(
    request: ImageGenerationRequest | ImageEditRequest,
    stream: bool | None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in dataclasses.fields(request):
        if item.name in _NOT_SCALAR:
            continue
        value = getattr(request, item.name)
        if item.name == "stream":
            value = request.stream if stream is None else stream
            if not value:
                continue
        if value is None:
            continue
        out[item.name] = value
    return out


def generation_body(
    request: ImageGenerationRequest,
    *,
    stream: bool | None = None,
) -> dict[str, Any]:
    """The JSON body for ``images/generations``; ``stream`` overrides ``request.stream``."""
    body = _scalars(request, stream)
    body.update(request.extra)
    return body


def form_value(value: Any) -> str | list[str]:
    """One multipart form value: ints as strings, booleans as true/false, objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return [item if isinstance(item, str) else json.dumps(item) for item in value]
    return json.dumps(value, ensure_ascii=False)


def file_part(name: str, image: InputImage) -> FilePart:
    """A multipart file part; mime from the bytes, and a filename extension that matches."""
    found = sniff_image(image.data)
    mime = image.mime or (found[0] if found else "application/octet-stream")
    filename = image.filename or "image"
    if found is not None:
        stem, dot, ext = filename.rpartition(".")
        ext = ext.lower()
        same = (
            ext == found[1]
            or (ext in _JPEG_EXTS and found[1] == "jpg")
            or (ext in ("tif", "tiff") and found[1] == "tiff")
        )
        if not same:
            filename = f"{stem if dot else filename}.{found[1]}"
    return name, (filename, image.data, mime)


def edit_form(
    request: ImageEditRequest,
    *,
    image_field: str,
    stream: bool | None = None,
) -> tuple[FormFields, list[FilePart]]:
    """Form fields and file parts for ``images/edits``.

    One image goes in a part named ``image``; several go in parts all named ``image_field``
    (``image[]`` as the official SDK does, or ``image`` repeated). The mask is ``mask``.
    """
    fields: FormFields = {}
    for name, value in _scalars(request, stream).items():
        fields[name] = form_value(value)
    for name, value in request.extra.items():
        if value is not None:
            fields[name] = form_value(value)
    name = "image" if len(request.images) == 1 else image_field
    files = [file_part(name, image) for image in request.images]
    if request.mask is not None:
        files.append(file_part("mask", request.mask))
    return fields, files


# -- free sizes ------------------------------------------------------------------------------

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
