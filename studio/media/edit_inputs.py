"""Prepare the images of an edit request: upright sRGB pixels, PNG or JPEG, under the file limit.

``prepare_edit_image(data, max_bytes=…)`` reads any image Studio can open (the same sniffing,
bomb checks, HEIC/HEIF through pillow-heif and colour handling as the vision pipeline in
:mod:`studio.media.load`), applies the EXIF orientation and encodes the first frame without
metadata:

1. PNG (lossless) when it fits ``max_bytes``; pictures with transparency are always PNG
   (the edit API reads alpha 0 as "fill this in").
2. Opaque pictures whose PNG is too big become JPEG at quality 95, then 90.
3. Still too big: scaled down in steps (each aimed at the limit with a margin) until the
   file fits, never below :data:`MIN_EDIT_SIDE` px on the long side; past that the file is
   refused with :class:`~studio.media.limits.EditTooLarge`.

``scale < 1`` shrinks the picture before all that (the workflow's retry after a 413).
:func:`prepare_edit_mask` gives the API mask at the size the image was actually sent at.
Every function is pure and thread-safe (run them in a worker thread).

``EditInput.notes`` are short machine codes of what changed, for the UI to show
(:func:`studio.media.phrases.edit_note_text` words them in English or Chinese):
``oriented``, ``first-frame``, ``srgb``, ``converted:<from>→<to>`` (formats in lower case,
e.g. ``converted:webp→png``), ``mode:<source>`` (e.g. ``mode:CMYK``), ``metadata-removed``,
``downscaled:<w>x<h>→<w>x<h>`` and, for masks, ``resized:<w>x<h>→<w>x<h>``.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Final

from PIL import Image

from studio.media.encode import encode_jpeg
from studio.media.limits import MB, EditTooLarge
from studio.media.load import (
    decode,
    drop_opaque_alpha,
    identify,
    open_image,
    orient,
    to_srgb,
    to_working_mode,
)
from studio.media.masks import api_mask_png
from studio.media.sniff import MIME_TYPES

EDIT_FILE_LIMIT: Final = 10 * MB
"""Per-file upload limit of the relay in relay-docs.md, and the default where none is known."""
MIN_EDIT_SIDE: Final = 512
"""Studio never scales an edit input below this long side to make it fit."""
JPEG_QUALITIES: Final = (95, 90)
PNG_LEVEL: Final = 6
_SAMPLE_ROWS: Final = 64
_EXTENSIONS: Final = {"png": "png", "jpeg": "jpg"}


@dataclass(frozen=True)
class EditInput:
    """One file of an edit request, ready to upload, and what was done to it.

    ``width``/``height`` are what is sent; ``original_*`` the picture as a person sees it
    (upright, before any scaling). ``notes`` are machine codes (see the module docstring).
    """

    data: bytes = field(repr=False)
    mime: str
    filename: str
    width: int
    height: int
    original_width: int
    original_height: int
    notes: tuple[str, ...] = ()

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` as sent (the size a mask for this image must have)."""
        return self.width, self.height


def _subject(name: str) -> str:
    # The default name means "nothing known": sentences then say "This file".
    return "" if name == "image" else name


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return stem or "image"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def _png_hopeless(image: Image.Image, limit: int) -> bool:
    """Whether a sample band says the PNG would be far over ``limit`` (so skip encoding it).

    Encoding a noisy 4096² PNG takes seconds; a band of rows from the middle tells in
    milliseconds. Only a clear miss (1.5 × the limit) skips the real attempt.
    """
    rows = min(_SAMPLE_ROWS, image.height)
    if rows == image.height:
        return False
    top = (image.height - rows) // 2
    sample = len(_png(image.crop((0, top, image.width, top + rows))))
    return sample * image.height / rows > 1.5 * limit


def _full_size(image: Image.Image, limit: int) -> tuple[bytes, str]:
    """Steps 1 and 2 at full size: the first encoding that fits, else the last one tried."""
    if image.mode == "RGBA" or not _png_hopeless(image, limit):
        data = _png(image)
        if len(data) <= limit or image.mode == "RGBA":
            return data, "png"
    for quality in JPEG_QUALITIES:
        data = encode_jpeg(image, quality)
        if len(data) <= limit:
            break
    return data, "jpeg"


def _smaller(image: Image.Image) -> tuple[bytes, str]:
    if image.mode == "RGBA":
        return _png(image), "png"
    return encode_jpeg(image, JPEG_QUALITIES[-1]), "jpeg"


def _fit(image: Image.Image, limit: int, name: str) -> tuple[Image.Image, bytes, str]:
    """``image`` (or a smaller copy) and its bytes under ``limit``; see the module docstring."""
    data, fmt = _full_size(image, limit)
    floor = min(1.0, MIN_EDIT_SIDE / max(image.size))
    factor, current = 1.0, image
    while len(data) > limit:
        if factor <= floor:
            raise EditTooLarge(
                name, size=len(data), limit=limit, width=current.width, height=current.height
            )
        # Bytes go with the pixels: aim a little under the limit, 10-50 % smaller a step.
        step = min(0.9, max(0.5, math.sqrt(0.85 * limit / len(data))))
        factor = max(floor, factor * step)
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        # Always from the full-size picture, so that the steps add no blur.
        current = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        data, fmt = _smaller(current)
    return current, data, fmt


def prepare_edit_pixels(
    image: Image.Image,
    *,
    max_bytes: int,
    name: str = "image",
    scale: float = 1.0,
    source_format: str = "png",
    notes: tuple[str, ...] = (),
) -> EditInput:
    """Encode an upright picture already in memory (an outpaint canvas, a stored version).

    As :func:`prepare_edit_image` from its step 1 on; ``source_format`` (lower case) is only
    used for the ``converted:`` note and ``notes`` are put first.
    """
    if not 0 < scale <= 1:
        raise ValueError(f"scale must be in (0, 1], not {scale}")
    original = image.size
    image = drop_opaque_alpha(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.mode in ("LA", "PA", "La") else "RGB")
    if scale < 1:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    sent, data, fmt = _fit(image, max_bytes, _subject(name))
    codes = list(notes)
    if fmt != source_format:
        codes.append(f"converted:{source_format}→{fmt}")
    if sent.size != original:
        codes.append(f"downscaled:{original[0]}x{original[1]}→{sent.width}x{sent.height}")
    return EditInput(
        data=data,
        mime=MIME_TYPES[fmt],
        filename=f"{_stem(name)}.{_EXTENSIONS[fmt]}",
        width=sent.width,
        height=sent.height,
        original_width=original[0],
        original_height=original[1],
        notes=tuple(codes),
    )


def prepare_edit_image(
    data: bytes, *, max_bytes: int, name: str = "image", scale: float = 1.0
) -> EditInput:
    """Prepare the bytes of an image file as an edit input under ``max_bytes``.

    ``name`` is the file name (its stem names the upload; it appears in refusals unless it
    is the default). Raises an :class:`~studio.media.limits.ImageRejected` subclass:
    :class:`~studio.media.limits.NotAnImage`, ``EmptyFile``, ``TruncatedImage``,
    ``UnsupportedFormat``, ``DecompressionBomb`` from reading, ``EditTooLarge`` when even
    :data:`MIN_EDIT_SIDE` px is over the limit. Animations give their first frame.
    """
    subject = _subject(name)
    fmt = identify(data, subject)
    decoded = decode(open_image(data, fmt, subject), fmt, subject)
    notes: list[str] = []
    if decoded.frames > 1:
        notes.append("first-frame")
    image, source = to_working_mode(decoded.image, subject, fmt)
    if image.mode == "CMYK":
        source = "CMYK"
    image, profiled = to_srgb(image, decoded.icc_profile)
    if decoded.rotated:
        image = orient(image, decoded.orientation)
        notes.append("oriented")
    if source:
        notes.append(f"mode:{source}")
    if profiled:
        notes.append("srgb")
    if decoded.has_metadata:
        notes.append("metadata-removed")
    image.info.clear()
    return prepare_edit_pixels(
        image,
        max_bytes=max_bytes,
        name=name,
        scale=scale,
        source_format=fmt,
        notes=tuple(notes),
    )


def prepare_edit_mask(mask: Image.Image, size: tuple[int, int]) -> EditInput:
    """The API mask (RGBA PNG, alpha 0 where editable) for an image sent at ``size``.

    ``mask`` is the mode-L edit mask of the base picture; it is scaled when the picture was
    sent smaller (note ``resized:…``).
    """
    notes: tuple[str, ...] = ()
    if mask.size != size:
        notes = (f"resized:{mask.width}x{mask.height}→{size[0]}x{size[1]}",)
    return EditInput(
        data=api_mask_png(mask, size),
        mime="image/png",
        filename="mask.png",
        width=size[0],
        height=size[1],
        original_width=mask.width,
        original_height=mask.height,
        notes=notes,
    )
