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
from typing import Any

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
    single: str = "image",
) -> tuple[FormFields, list[FilePart]]:
    """Form fields and file parts for ``images/edits``.

    One image goes in a part named ``single`` (``image`` unless forced); several go in parts
    all named ``image_field`` (``image[]`` as the official SDK does, or ``image`` repeated),
    in the order given (the first is the base the mask applies to). The mask is ``mask``.
    """
    fields: FormFields = {}
    for name, value in _scalars(request, stream).items():
        fields[name] = form_value(value)
    for name, value in request.extra.items():
        if value is not None:
            fields[name] = form_value(value)
    name = single if len(request.images) == 1 else image_field
    files = [file_part(name, image) for image in request.images]
    if request.mask is not None:
        files.append(file_part("mask", request.mask))
    return fields, files
