"""Prepare an attached image for a vision chat: exactly what the model will see, nothing more.

``prepare_image(data, target)`` is a pure, deterministic function (same bytes in, same bytes
out) meant to run in a worker thread (``asyncio.to_thread``). It detects the format from the
bytes, refuses what cannot or should not be sent (see :mod:`studio.media.limits`), decodes
the first frame (JPEGs at reduced scale when possible), turns it upright, converts it to 8-bit
sRGB, resizes it to the size the model works on at the chosen detail (never enlarging), caps
it for the provider, and encodes it without metadata. The result says what it costs in tokens
and what was changed on the way.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

from PIL import Image

from studio.media import phrases
from studio.media.encode import encode_within, is_graphic
from studio.media.limits import MAX_IMAGE_BYTES, MAX_REQUEST_BYTES, MB
from studio.media.load import (
    Decoded,
    decode,
    drop_opaque_alpha,
    identify,
    note_for_frames,
    open_image,
    orient,
    swap_for,
    to_srgb,
    to_working_mode,
)
from studio.media.sniff import EXTENSIONS, MIME_TYPES
from studio.media.tokens import DETAILS, resized_for_detail, vision_tokens

Detail = Literal["low", "high", "auto"]

OPENAI_FORMATS: Final = frozenset({"png", "jpeg", "webp", "gif"})
"""Formats OpenAI-style endpoints accept as they are (GIF only when not animated)."""
CLAUDE_FORMATS: Final = frozenset({"png", "jpeg", "webp", "gif"})
GEMINI_FORMATS: Final = frozenset({"png", "jpeg", "webp", "heic", "heif"})


@dataclass(frozen=True)
class VisionTarget:
    """How images are prepared for one provider, and the detail asked for.

    ``max_long`` caps the long side and ``max_bytes`` the encoded size on top of the detail
    rules (``None``: no extra cap; the 20 MB per-image limit always holds).
    ``send_original`` sends the file unchanged when ``original_formats`` has its format and
    it is a single upright frame within the caps; otherwise it is converted at full size.
    ``max_request_bytes`` is the image-byte budget of one request, for
    :func:`studio.media.limits.check_request_size`.
    """

    detail: Detail = "auto"
    max_long: int | None = None
    max_bytes: int | None = None
    send_original: bool = False
    original_formats: frozenset[str] = OPENAI_FORMATS
    max_request_bytes: int = MAX_REQUEST_BYTES

    def __post_init__(self) -> None:
        if self.detail not in DETAILS:
            raise ValueError(f"detail must be one of {DETAILS}, not {self.detail!r}")
        for label, value in (("max_long", self.max_long), ("max_bytes", self.max_bytes)):
            if value is not None and value < 1:
                raise ValueError(f"{label} must be positive, not {value}")

    @property
    def byte_limit(self) -> int:
        """The most bytes one prepared image may have for this target."""
        return min(self.max_bytes or MAX_IMAGE_BYTES, MAX_IMAGE_BYTES)

    def with_detail(self, detail: Detail) -> VisionTarget:
        """This target with another detail (the composer's per-image choice)."""
        return dataclasses.replace(self, detail=detail)

    def sent_size(self, width: int, height: int) -> tuple[int, int]:
        """The size an upright ``width`` × ``height`` image is sent at (before byte fitting).

        Cheap: the composer can show it, and the token estimate, before preparing.
        """
        if self.send_original:
            out_w, out_h = width, height
        else:
            out_w, out_h = resized_for_detail(width, height, self.detail)
        if self.max_long is not None and max(out_w, out_h) > self.max_long:
            scale = self.max_long / max(out_w, out_h)
            out_w, out_h = max(1, round(out_w * scale)), max(1, round(out_h * scale))
        return out_w, out_h


PRESET_TARGETS: Final[Mapping[str, VisionTarget]] = MappingProxyType(
    {
        # Tile rules of relay-docs.md; 50 MB of image bytes per request.
        "openai": VisionTarget(),
        # protocol.md §6 / case 59a: ≤ 5 MB per image, long edge about 1568 px; the 32 MB
        # request limit is on the JSON body, so about 24 MB of image bytes once in base64.
        "claude": VisionTarget(
            max_long=1568,
            max_bytes=5 * MB,
            original_formats=CLAUDE_FORMATS,
            max_request_bytes=24 * MB,
        ),
        # Gemini takes PNG, JPEG, WebP, HEIC/HEIF (GIF is rejected on 2.0, so it is
        # converted); the whole inline request must stay under 20 MB, so 15 MB before base64.
        "gemini": VisionTarget(original_formats=GEMINI_FORMATS, max_request_bytes=15 * MB),
    }
)


@dataclass(frozen=True)
class PreparedImage:
    """An image ready to send, with what it costs and what was changed on the way.

    ``width``/``height`` are what is sent; ``original_*`` describe the file as a person sees it
    (upright). ``tokens`` is the estimate for ``detail`` (``auto`` estimated as ``high``).
    ``notes`` are English sentences from a fixed set; :meth:`notes_in` translates them.
    """

    data: bytes = field(repr=False)
    mime: str
    ext: str
    width: int
    height: int
    original_width: int
    original_height: int
    original_format: str
    original_bytes: int
    detail: str
    tokens: int
    notes: tuple[str, ...] = ()

    def data_url(self) -> str:
        """``data:<mime>;base64,<data>`` for an ``image_url`` content part."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    def notes_in(self, language: str) -> tuple[str, ...]:
        """:attr:`notes` in ``language`` (``en`` or ``zh_CN``)."""
        return tuple(phrases.note_text(note, language) for note in self.notes)


def _original_fits(data: bytes, decoded: Decoded, target: VisionTarget) -> bool:
    width, height = decoded.shown_size
    return (
        decoded.format in target.original_formats
        and decoded.frames == 1
        and not decoded.rotated
        and len(data) <= target.byte_limit
        and (target.max_long is None or max(width, height) <= target.max_long)
    )


def _pixels(decoded: Decoded, name: str, box: tuple[int, int]) -> tuple[Image.Image, list[str]]:
    """Decoded pixels → upright 8-bit sRGB at ``box`` (upright size); notes on the way."""
    notes: list[str] = []
    image, source = to_working_mode(decoded.image, name, decoded.format)
    if image.mode == "CMYK":
        source = "CMYK"
    stored_box = swap_for(decoded.orientation, box)
    if image.size != stored_box:
        image = image.resize(stored_box, Image.Resampling.LANCZOS, reducing_gap=3.0)
    image, profiled = to_srgb(image, decoded.icc_profile)
    if source:
        notes.append(phrases.note_converted(source))
    if profiled:
        notes.append(phrases.NOTE_SRGB)
    image = orient(drop_opaque_alpha(image), decoded.orientation)
    return image, notes


def _prepared(
    source: bytes,
    decoded: Decoded,
    target: VisionTarget,
    *,
    data: bytes,
    fmt: str,
    size: tuple[int, int],
    notes: list[str],
) -> PreparedImage:
    shown_w, shown_h = decoded.shown_size
    return PreparedImage(
        data=data,
        mime=MIME_TYPES[fmt],
        ext=EXTENSIONS[fmt],
        width=size[0],
        height=size[1],
        original_width=shown_w,
        original_height=shown_h,
        original_format=decoded.format,
        original_bytes=len(source),
        detail=target.detail,
        tokens=vision_tokens(size[0], size[1], target.detail),
        notes=tuple(notes),
    )


def prepare_image(
    data: bytes, target: VisionTarget = VisionTarget(), *, name: str = ""
) -> PreparedImage:
    """Prepare ``data`` (the bytes of an image file) for ``target``.

    ``name`` (the file name, may be empty) only appears in error messages. Raises an
    :class:`~studio.media.limits.ImageRejected` subclass for files that cannot be sent.
    """
    fmt = identify(data, name)
    decoded = decode(open_image(data, fmt, name), fmt, name, want=target.sent_size)
    if target.send_original and _original_fits(data, decoded, target):
        return _prepared(
            data,
            decoded,
            target,
            data=data,
            fmt=fmt,
            size=decoded.shown_size,
            notes=[phrases.NOTE_ORIGINAL],
        )
    notes: list[str] = []
    frames_note = note_for_frames(fmt, decoded.frames)
    if frames_note:
        notes.append(frames_note)
    if decoded.rotated:
        notes.append(phrases.NOTE_ROTATED)
    image, pixel_notes = _pixels(decoded, name, target.sent_size(*decoded.shown_size))
    notes.extend(pixel_notes)
    encoded = encode_within(image, graphic=is_graphic(image), limit=target.byte_limit, name=name)
    if decoded.has_metadata:
        notes.append(phrases.NOTE_METADATA)
    if encoded.shrunk:
        notes.append(phrases.NOTE_SHRUNK)
    return _prepared(
        data,
        decoded,
        target,
        data=encoded.data,
        fmt=encoded.format,
        size=(encoded.width, encoded.height),
        notes=notes,
    )
