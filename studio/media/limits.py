"""Size limits of vision requests and the errors raised when an image is refused.

Every refusal is an :class:`ImageRejected` (a ``ValueError``) with a stable ``code`` and a
:meth:`~ImageRejected.message` in English or Simplified Chinese that says what to do::

    ImageRejected
    ├── EmptyFile           zero bytes
    ├── NotAnImage          a text file, PDF, archive … whatever the name says
    ├── UnsupportedFormat   an image Studio cannot read here (HEIC without pillow-heif, PSD …)
    ├── TruncatedImage      the bytes start like an image but are cut short or damaged
    ├── DecompressionBomb   more pixels than MAX_PIXELS, refused from the header, never decoded
    ├── TooLarge            over 20 MB after preparation
    │   └── EditTooLarge    an edit input over the provider's per-file limit even at the
    │                       smallest size Studio sends (see studio.media.edit_inputs)
    ├── RequestTooLarge     all images of one request over 50 MB (see check_request_size
    │                       and images_to_leave_out)
    ├── MaskUnreadable      a saved edit mask that is not a readable PNG
    └── ApiMaskUnusable     an OpenAI-style mask file (alpha 0 = editable) without alpha,
                            or of another shape than its picture

Sizes are binary megabytes (MiB), the unit of the relays' own error texts ("5 MB maximum:
… bytes > 5242880 bytes").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, Final, Protocol

from studio.media import phrases

MB: Final = 1024 * 1024
MAX_IMAGE_BYTES: Final = 20 * MB
"""OpenAI's per-image limit ("under 20 MB"); also the ceiling for any target."""
MAX_REQUEST_BYTES: Final = 50 * MB
"""OpenAI's total image bytes per request."""
MAX_PIXELS: Final = 178_956_970
"""Pixels (width × height) above which a file is treated as a decompression bomb.

This is Pillow's own hard limit (``2 * Image.MAX_IMAGE_PIXELS``). The issue requires a
12,000×9,000 phone photo (108 MP, Samsung's 108-MP sensors) to work, which is above Pillow's
89-MP warning level, and 100–150 MP camera files (GFX100, IQ4) are legitimate too. Files
declaring more are refused from the header alone, before any pixel is decoded.
"""


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


class ImageRejected(ValueError):
    """An image Studio will not send; ``message(language)`` says why and what to do."""

    code: ClassVar[str] = "rejected"
    _key: ClassVar[str] = ""

    def __init__(self, name: str = "", **params: object) -> None:
        self.name = name
        self.params = dict(params)
        super().__init__(self.message("en"))

    def _fill(self, language: str) -> dict[str, object]:
        return {"subject": phrases.subject(self.name, language), **self.params}

    def _message_key(self) -> str:
        return self._key

    def message(self, language: str = "en") -> str:
        """One sentence a person can act on, in ``language`` (``en`` or ``zh_CN``)."""
        return phrases.text(self._message_key(), language, **self._fill(language))


class EmptyFile(ImageRejected):
    """The file has zero bytes."""

    code = "empty_file"
    _key = "empty_file"


class NotAnImage(ImageRejected):
    """The bytes are not an image; ``kind`` says what they look like (see ``sniff_other``)."""

    code = "not_an_image"
    _key = "not_an_image"

    def __init__(self, name: str = "", *, kind: str) -> None:
        self.kind = kind
        super().__init__(name)

    def _fill(self, language: str) -> dict[str, object]:
        return {**super()._fill(language), "kind": phrases.kind_text(self.kind, language)}


class UnsupportedFormat(ImageRejected):
    """An image Studio cannot read in this installation or convert.

    ``reason`` is ``heif`` (pillow-heif missing), ``avif`` (Pillow without AVIF), ``kind``
    (PSD, ICO, JPEG XL, JPEG 2000, SVG …; ``kind`` names it) or ``mode`` (a pixel layout
    that cannot be converted to RGB).
    """

    code = "unsupported_format"

    def __init__(
        self, name: str = "", *, reason: str, format: str = "", kind: str = "", mode: str = ""
    ) -> None:
        self.reason = reason
        self.format = format
        self.kind = kind
        super().__init__(name, format=format, mode=mode)

    def message(self, language: str = "en") -> str:
        """One sentence a person can act on, in ``language`` (``en`` or ``zh_CN``)."""
        params = self._fill(language)
        if self.reason == "kind":
            params["kind"] = phrases.kind_text(self.kind, language)
        return phrases.text(f"unsupported_{self.reason}", language, **params)


class TruncatedImage(ImageRejected):
    """The bytes start like ``format`` but end early or are damaged."""

    code = "truncated"
    _key = "truncated"

    def __init__(self, name: str = "", *, format: str) -> None:
        self.format = format
        super().__init__(name, format=format)


class DecompressionBomb(ImageRejected):
    """The header declares more than :data:`MAX_PIXELS` pixels; nothing was decoded.

    ``width``/``height`` are the declared size, or 0 when Pillow refused a frame first.
    """

    code = "decompression_bomb"
    _key = "bomb"

    def __init__(self, name: str = "", *, width: int = 0, height: int = 0) -> None:
        self.width = width
        self.height = height
        super().__init__(
            name,
            width=width,
            height=height,
            megapixels=f"{width * height / 1e6:,.0f}",
            limit=f"{MAX_PIXELS / 1e6:.0f}",
        )

    def _message_key(self) -> str:
        # A plugin may refuse an oversized frame before the size could be read.
        return self._key if self.width * self.height else "bomb_unknown"


class TooLarge(ImageRejected):
    """Still over the per-image byte limit after preparation."""

    code = "too_large"
    _key = "too_large"

    def __init__(self, name: str = "", *, size: int, limit: int = MAX_IMAGE_BYTES) -> None:
        self.size = size
        self.limit = limit
        super().__init__(name, size=_megabytes(size), limit=_megabytes(limit).removesuffix(".0"))


class EditTooLarge(TooLarge):
    """An edit input still over ``limit`` bytes at the smallest size Studio will send.

    ``width`` × ``height`` is that smallest size.
    """

    code = "edit_too_large"
    _key = "edit_too_large"

    def __init__(self, name: str = "", *, size: int, limit: int, width: int, height: int) -> None:
        self.width = width
        self.height = height
        super().__init__(name, size=size, limit=limit)

    def _fill(self, language: str) -> dict[str, object]:
        return {**super()._fill(language), "width": self.width, "height": self.height}


class MaskUnreadable(ImageRejected):
    """Bytes given as a saved mask are not a readable PNG (empty, another format, damaged)."""

    code = "mask_unreadable"
    _key = "mask_unreadable"


class ApiMaskUnusable(ImageRejected):
    """A mask file in the edit API's form (transparent = editable) that cannot be used:
    ``reason`` ``no_alpha`` (it has no transparency) or ``shape`` (its proportions are not
    those of the picture, ``width`` × ``height``)."""

    code = "api_mask_unusable"

    def __init__(self, name: str = "", *, reason: str, width: int = 0, height: int = 0) -> None:
        self.reason = reason
        super().__init__(name, width=width, height=height)

    def _message_key(self) -> str:
        return "api_mask_no_alpha" if self.reason == "no_alpha" else "api_mask_shape"


class RequestTooLarge(ImageRejected):
    """The images of one request add up to more than the request limit."""

    code = "request_too_large"
    _key = "request_too_large"

    def __init__(self, *, size: int, count: int, limit: int = MAX_REQUEST_BYTES) -> None:
        self.size = size
        self.count = count
        self.limit = limit
        super().__init__(
            "", size=_megabytes(size), count=count, limit=_megabytes(limit).removesuffix(".0")
        )

    def _message_key(self) -> str:
        return "request_too_large_one" if self.count == 1 else self._key


class _HasData(Protocol):
    @property
    def data(self) -> bytes: ...


def check_request_size(images: Iterable[_HasData], limit: int = MAX_REQUEST_BYTES) -> int:
    """Total bytes of ``images`` (prepared images); raise :class:`RequestTooLarge` over ``limit``.

    The limit is on image bytes, not on their base64 text (which is a third larger), as in
    OpenAI's "50 MB total image bytes per request"; Gemini relays need ``20 * MB``.
    """
    items = list(images)
    total = sum(len(item.data) for item in items)
    if total > limit:
        raise RequestTooLarge(size=total, count=len(items), limit=limit)
    return total


def images_to_leave_out(
    sizes: Sequence[int], keep_from: int, limit: int = MAX_REQUEST_BYTES
) -> int:
    """How many of the first ``sizes`` to leave out so the rest add up to at most ``limit``.

    ``sizes`` are the image bytes of one request, oldest first; those from index
    ``keep_from`` on belong to the message being sent and are never left out: when they
    alone are over ``limit``, :class:`RequestTooLarge` is raised with their total and count.
    Measured like :func:`check_request_size` (image bytes, not their base64 text).
    """
    kept = sizes[keep_from:]
    newest = sum(kept)
    if newest > limit:
        raise RequestTooLarge(size=newest, count=len(kept), limit=limit)
    total = sum(sizes)
    dropped = 0
    while total > limit:
        total -= sizes[dropped]
        dropped += 1
    return dropped
