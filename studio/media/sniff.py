"""Tell what a file is from its first bytes, never from its name.

:func:`sniff_format` names the image formats the vision pipeline can open. For everything
else, :func:`sniff_other` says what the bytes look like (a text file, a PDF, a Photoshop
document …) so that a refusal can name it instead of saying "unknown".
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

IMAGE_FORMATS: Final = ("png", "jpeg", "webp", "gif", "bmp", "tiff", "heic", "heif", "avif")

MIME_TYPES: Final = MappingProxyType(
    {
        "png": "image/png",
        "jpeg": "image/jpeg",
        "webp": "image/webp",
        "gif": "image/gif",
        "bmp": "image/bmp",
        "tiff": "image/tiff",
        "heic": "image/heic",
        "heif": "image/heif",
        "avif": "image/avif",
    }
)

EXTENSIONS: Final = MappingProxyType(
    {
        "png": "png",
        "jpeg": "jpg",
        "webp": "webp",
        "gif": "gif",
        "bmp": "bmp",
        "tiff": "tif",
        "heic": "heic",
        "heif": "heif",
        "avif": "avif",
    }
)

LABELS: Final = MappingProxyType(
    {
        "png": "PNG",
        "jpeg": "JPEG",
        "webp": "WebP",
        "gif": "GIF",
        "bmp": "BMP",
        "tiff": "TIFF",
        "heic": "HEIC",
        "heif": "HEIF",
        "avif": "AVIF",
    }
)

_PNG = b"\x89PNG\r\n\x1a\n"
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1", b"mif2"})
_VIDEO_BRANDS = frozenset({b"isom", b"iso2", b"mp41", b"mp42", b"qt  ", b"M4V ", b"3gp4", b"3gp5"})


def _ftyp_brands(head: bytes) -> list[bytes]:
    """Major and compatible brands of an ISO-BMFF ``ftyp`` box at the start (or [])."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return []
    size = int.from_bytes(head[0:4], "big")
    end = min(max(size, 12), len(head))
    brands = [head[8:12]]
    brands.extend(head[pos : pos + 4] for pos in range(16, end - 3, 4))
    return brands


def _bmff_format(head: bytes) -> str | None:
    brands = _ftyp_brands(head)
    if not brands:
        return None
    major, compatible = brands[0], set(brands[1:])
    if major in _AVIF_BRANDS:
        return "avif"
    if major in _HEIC_BRANDS:
        return "heic"
    if major in _HEIF_BRANDS:
        if compatible & _AVIF_BRANDS:
            return "avif"
        if compatible & _HEIC_BRANDS:
            return "heic"
        return "heif"
    return None


def sniff_format(data: bytes) -> str | None:
    """The image format of ``data`` from its magic bytes, or None if it is not one we read.

    Returns one of ``png``, ``jpeg``, ``webp``, ``gif``, ``bmp``, ``tiff``, ``heic``,
    ``heif``, ``avif``. The file name plays no part: a JPEG called ``photo.png`` is ``jpeg``.
    """
    head = bytes(data[:64])
    if head.startswith(_PNG):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM") and len(head) >= 18:
        # The DIB header size distinguishes a bitmap from text that starts with "BM".
        dib = int.from_bytes(head[14:18], "little")
        if dib in (12, 16, 40, 52, 56, 64, 108, 124):
            return "bmp"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    return _bmff_format(head)


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still text.
        if error.start < len(head) - 3:
            return False
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls * 20 < len(head)


_OTHER_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"Rar!\x1a\x07", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"8BPS", "psd"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"\xff\x0a", "jxl"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "jxl"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "jpeg2000"),
    (b"\xff\x4f\xff\x51", "jpeg2000"),
    (b"ID3", "audio"),
    (b"OggS", "audio"),
    (b"fLaC", "audio"),
    (b"\x1aE\xdf\xa3", "video"),
    (b"\x7fELF", "program"),
)

UNSUPPORTED_IMAGES: Final = frozenset({"psd", "ico", "jxl", "jpeg2000", "svg"})
"""Kinds from :func:`sniff_other` that are images, just not ones the pipeline reads."""


def sniff_other(data: bytes) -> str:
    """What non-image (or unsupported image) bytes look like, as a key for messages.

    One of ``pdf``, ``zip``, ``archive``, ``psd``, ``ico``, ``jxl``, ``jpeg2000``, ``svg``,
    ``html``, ``json``, ``text``, ``audio``, ``video``, ``program`` or ``unknown``.
    """
    head = bytes(data[:512])
    for signature, kind in _OTHER_SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI "):
        return "audio" if head[8:12] == b"WAVE" else "video"
    if set(_ftyp_brands(head)[:1]) & _VIDEO_BRANDS:
        return "video"
    if not _looks_like_text(head):
        return "unknown"
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<svg") or (text.startswith("<?xml") and "<svg" in text):
        return "svg"
    if text.startswith(("<!doctype html", "<html", "<head", "<body")):
        return "html"
    if text.startswith(("{", "[")):
        return "json"
    return "text"
