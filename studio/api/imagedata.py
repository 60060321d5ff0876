"""Image data as relays send it: format sniffing, tolerant base64, result-item fields.

Pure functions without I/O. :func:`decode_image_base64` is CPU-heavy for big answers and is
meant to run in a worker thread (``asyncio.to_thread``), never on the event loop; it works in
slices, so that no single C call holds the GIL for long and the GUI thread keeps running.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from studio.api.b64stream import Base64Decoder, Base64Error

_PNG = b"\x89PNG\r\n\x1a\n"
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
DATA_URL_PREFIX = re.compile(rb"\s*data:[^,;]*(?:;[^,;]*)*?;base64,", re.IGNORECASE)
"""A ``data:...;base64,`` prefix, matched on the ASCII bytes of a text's first 512 chars."""
_DECODE_SLICE = 256 * 1024  # characters per C call: about a millisecond
_TASK_STATES = frozenset(
    {"queued", "pending", "submitted", "processing", "running", "in_progress", "not_started"}
)


class InvalidImageData(ValueError):
    """The text is not valid base64, or the bytes are not an image format Studio knows."""


@dataclass(frozen=True, eq=False)
class InlineImage:
    """Base64 image data from a JSON answer, already decoded while the answer arrived.

    It stands in for the JSON string it came from (see :mod:`studio.api.imagebody`):
    ``data`` is what :func:`decode_base64` gives for that string, ``head`` the string's first
    characters (at least 512 of them), ``is_data_url`` whether it starts with a
    ``data:...;base64,`` prefix. ``raw`` holds the literal's raw JSON bytes when they were
    kept (only where the text may still matter, as under ``url``); :meth:`text` rebuilds the
    string from them.
    """

    data: bytes
    head: str
    is_data_url: bool
    raw: Sequence[bytes | memoryview] | None = field(default=None, repr=False)

    def text(self) -> str:
        """The JSON string this image was decoded from (``ValueError`` if it was not kept)."""
        if self.raw is None:
            raise ValueError("the text of this image was not kept")
        joined = b"".join(self.raw)
        value = json.loads((b'"' + joined + b'"').decode("utf-8", "surrogatepass"))
        return value if isinstance(value, str) else ""


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """Return ``(mime, ext)`` from the magic bytes of ``data``, or None when unknown.

    Knows PNG, JPEG, WEBP, GIF, BMP, TIFF and the ISO-BMFF stills AVIF, HEIC and HEIF.
    ``ext`` is the usual file extension without a dot (``jpg`` for JPEG).
    """
    head = bytes(data[:64])
    if head.startswith(_PNG):
        return "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff", "tiff"
    if len(head) >= 26 and head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":
        return "image/bmp", "bmp"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _sniff_ftyp(bytes(data[:256]))
    return None


def _sniff_ftyp(head: bytes) -> tuple[str, str] | None:
    size = int.from_bytes(head[:4], "big")
    end = min(max(size, 16), len(head))
    major = head[8:12]
    brands = [major] + [head[i : i + 4] for i in range(16, end - 3, 4)]
    for group, result in (
        (_AVIF_BRANDS, ("image/avif", "avif")),
        (_HEIC_BRANDS, ("image/heic", "heic")),
        (_HEIF_BRANDS, ("image/heif", "heif")),
    ):
        if major in group:
            return result
    for group, result in (
        (_AVIF_BRANDS, ("image/avif", "avif")),
        (_HEIC_BRANDS, ("image/heic", "heic")),
        (_HEIF_BRANDS, ("image/heif", "heif")),
    ):
        if any(brand in group for brand in brands):
            return result
    return None


def strip_data_url(text: str) -> str:
    """Remove a leading ``data:image/...;base64,`` prefix from ``text`` if there is one."""
    match = DATA_URL_PREFIX.match(text[:512].encode("ascii", errors="replace"))
    return text[match.end() :] if match else text


def is_data_url(text: str) -> bool:
    """True when ``text`` is a base64 data URL (``data:...;base64,...``)."""
    return DATA_URL_PREFIX.match(text[:512].encode("ascii", errors="replace")) is not None


def decode_base64(text: str) -> bytes:
    """Decode base64 as relays send it.

    Tolerates a data-URL prefix, whitespace and newlines anywhere, the URL-safe alphabet and
    missing padding. Raises :class:`InvalidImageData` for anything else (padding before the
    end included). Works in slices of a quarter megabyte, each one a short C call.
    """
    match = DATA_URL_PREFIX.match(text[:512].encode("ascii", errors="replace"))
    begin = match.end() if match else 0
    # str.isascii() is O(1) in CPython; the slice is only made for a non-ASCII text.
    if not text.isascii() and not text[begin:].isascii():
        raise InvalidImageData("invalid base64 (non-ASCII characters)")
    decoder = Base64Decoder()
    try:
        for start in range(begin, len(text), _DECODE_SLICE):
            decoder.feed_text(text[start : start + _DECODE_SLICE].encode("ascii"))
        return decoder.finish()
    except Base64Error as exc:
        raise InvalidImageData(str(exc)) from None


def decode_image_base64(text: str | InlineImage) -> tuple[bytes, str, str]:
    """Decode ``text`` and check that it is an image: returns ``(data, mime, ext)``.

    An :class:`InlineImage` is already decoded; only its format is checked.
    """
    data = text.data if isinstance(text, InlineImage) else decode_base64(text)
    found = sniff_image(data)
    if found is None:
        raise InvalidImageData("not an image")
    return data, found[0], found[1]


def item_sources(
    item: Mapping[str, Any],
) -> list[tuple[Literal["b64", "url"], str | InlineImage]]:
    """Where an item's image is, best first: inline base64 (or a data URL), then a URL.

    A base64 source is the string itself or the :class:`InlineImage` decoded from it.
    """
    out: list[tuple[Literal["b64", "url"], str | InlineImage]] = []
    for key in ("b64_json", "url"):
        value = item.get(key)
        if isinstance(value, InlineImage):
            # Decoded as base64, so neither blank nor starting with a scheme.
            if value.is_data_url or key != "url":
                out.append(("b64", value))
            else:
                out.append(("url", value.text().strip()))
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        head = value[:16].lstrip().lower()
        if is_data_url(value):
            out.append(("b64", value))
        elif key == "url" or head.startswith(("http://", "https://")):
            # JPEG base64 starts with "/9j/", so only a real scheme makes b64_json a URL.
            out.append(("url", value.strip()))
        else:
            out.append(("b64", value))
    return out


def task_id(obj: Mapping[str, Any], items: list[dict[str, Any]]) -> str | None:
    """The id of an asynchronous task the relay started instead of answering."""
    candidates: list[Mapping[str, Any]] = [obj, *items]
    if isinstance(obj.get("data"), dict):
        candidates.append(obj["data"])
    for candidate in candidates:
        task = candidate.get("task_id")
        if isinstance(task, str | int) and not isinstance(task, bool) and str(task):
            return str(task)
        status = candidate.get("status")
        if isinstance(status, str) and status.lower() in _TASK_STATES and candidate.get("id"):
            return str(candidate["id"])
    return None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


def same_origin(url: str, api_root: str) -> bool:
    """True when ``url`` has the scheme, host and port of ``api_root`` (the key may go there)."""
    return _origin(url) == _origin(api_root)


def short_url(url: str) -> str:
    """Host and (shortened) path of ``url`` for messages: no query, so no signed tokens."""
    parts = urlsplit(url)
    path = parts.path if len(parts.path) <= 60 else parts.path[:57] + "..."
    return f"{parts.netloc}{path}"
