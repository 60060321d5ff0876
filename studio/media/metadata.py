"""Embed generation metadata (prompt, model, parameters) into image files losslessly.

PNG gets UTF-8 ``iTXt`` chunks inserted before ``IEND``; JPEG gets an XMP ``APP1`` segment
after ``SOI``; WebP gets an ``XMP `` RIFF chunk (a simple lossy/lossless file becomes the
extended format with a ``VP8X`` header, as the WebP container spec allows). Pixel data is never
decoded or re-encoded. Other formats are returned as is. :func:`read_metadata` reads the
items back from any of the three.

:func:`metadata_parts` gives the tagged file as a list of pieces (views into the original
bytes plus the new chunks), so that a 27 MB image is never copied just to add a few hundred
bytes: the pieces are hashed and written one after the other. :func:`embed_metadata` joins
them for callers that want one ``bytes``.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from studio import __version__

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
STUDIO_NS = "https://studio.invalid/ns/1.0/"
SOFTWARE = f"Studio {__version__}"

Buffer = bytes | memoryview
"""A piece of a file: new bytes, or a view into the original image."""


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _itxt(key: str, value: str) -> bytes:
    keyword = key.encode("latin-1", errors="replace")[:79]
    payload = keyword + b"\x00\x00\x00" + b"\x00" + b"\x00" + value.encode("utf-8")
    return _png_chunk(b"iTXt", payload)


def embed_png_text(data: bytes, info: Mapping[str, str]) -> bytes:
    """Insert one ``iTXt`` chunk per item before ``IEND`` (data unchanged if not a PNG)."""
    return b"".join(_png_parts(data, info))


def _png_parts(data: bytes, info: Mapping[str, str]) -> list[Buffer]:
    if not data.startswith(PNG_SIGNATURE):
        return [data]
    end = data.rfind(b"IEND")
    if end < 4:
        return [data]
    start = end - 4  # the chunk's length field
    chunks = b"".join(_itxt(k, v) for k, v in info.items() if v)
    view = memoryview(data)
    return [view[:start], chunks, view[start:]]


def read_png_text(data: bytes) -> dict[str, str]:
    """The ``tEXt``/``iTXt`` items of a PNG (uncompressed ones), for tests and the viewer."""
    out: dict[str, str] = {}
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        payload = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt" and b"\x00" in payload:
            key, value = payload.split(b"\x00", 1)
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt" and b"\x00" in payload:
            key, rest = payload.split(b"\x00", 1)
            if len(rest) >= 2 and rest[0] == 0:
                rest = rest[2:]
                _lang, rest = rest.split(b"\x00", 1)
                _translated, text = rest.split(b"\x00", 1)
                out[key.decode("latin-1")] = text.decode("utf-8", errors="replace")
        if kind == b"IEND":
            break
        pos += 12 + length
    return out


def _xmp_packet(info: Mapping[str, str]) -> bytes:
    fields = "".join(
        f"<studio:{escape(k)}>{escape(v)}</studio:{escape(k)}>"
        for k, v in info.items()
        if v and k.replace("_", "").isalnum()
    )
    description = escape(info.get("prompt", ""))
    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:studio="{STUDIO_NS}">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li>'
        f"</rdf:Alt></dc:description>{fields}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return xml.encode("utf-8")


def embed_jpeg_xmp(data: bytes, info: Mapping[str, str]) -> bytes:
    """Insert an XMP ``APP1`` segment right after ``SOI`` (data unchanged if not a JPEG)."""
    return b"".join(_jpeg_parts(data, info))


def _jpeg_parts(data: bytes, info: Mapping[str, str]) -> list[Buffer]:
    if not data.startswith(b"\xff\xd8"):
        return [data]
    payload = XMP_HEADER + _xmp_packet(info)
    if len(payload) + 2 > 0xFFFF:
        return [data]
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    view = memoryview(data)
    return [view[:2], segment, view[2:]]


# -- WebP (RIFF) ----------------------------------------------------------------------------

_VP8X_XMP = 0x04
_VP8X_ALPHA = 0x10
Chunk = tuple[bytes, memoryview]


def _webp_chunks(data: bytes) -> list[Chunk] | None:
    """The RIFF chunks of a WebP file, or None when ``data`` is not a well-formed WebP."""
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    view = memoryview(data)
    chunks: list[Chunk] = []
    pos = 12
    while pos + 8 <= end:
        fourcc = bytes(data[pos : pos + 4])
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        stop = pos + 8 + length
        if stop > end:
            return None  # truncated: leave such a file alone
        chunks.append((fourcc, view[pos + 8 : stop]))
        pos = stop + (length & 1)
    return chunks or None


def _webp_canvas(chunks: list[Chunk]) -> tuple[int, int, bool] | None:
    """Width, height and "has alpha" of a simple (``VP8 ``/``VP8L``) WebP bitstream."""
    fourcc, payload = chunks[0]
    if fourcc == b"VP8 " and len(payload) >= 10 and bytes(payload[3:6]) == b"\x9d\x01\x2a":
        width = int.from_bytes(payload[6:8], "little") & 0x3FFF
        height = int.from_bytes(payload[8:10], "little") & 0x3FFF
        return width, height, False
    if fourcc == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, bool((bits >> 28) & 1)
    return None


def _riff_chunk(fourcc: bytes, payload: Buffer) -> list[Buffer]:
    pad = [b"\x00"] if len(payload) & 1 else []
    return [fourcc, struct.pack("<I", len(payload)), payload, *pad]


def embed_webp_xmp(data: bytes, info: Mapping[str, str]) -> bytes:
    """Add (or replace) the ``XMP `` chunk of a WebP file; the bitstream is copied as is.

    A simple file gets a ``VP8X`` header first (canvas size from the bitstream, the alpha
    flag from a lossless bitstream's own flag). Data that is not a WebP is returned unchanged.
    """
    return b"".join(_webp_parts(data, info))


def _webp_parts(data: bytes, info: Mapping[str, str]) -> list[Buffer]:
    chunks = _webp_chunks(data)
    if chunks is None:
        return [data]
    if chunks[0][0] == b"VP8X":
        header = bytearray(chunks[0][1])
        if len(header) < 10:
            return [data]
        header[0] |= _VP8X_XMP
        rest = chunks[1:]
    else:
        canvas = _webp_canvas(chunks)
        if canvas is None:
            return [data]
        width, height, alpha = canvas
        flags = _VP8X_XMP | (_VP8X_ALPHA if alpha else 0)
        header = bytearray(
            bytes([flags, 0, 0, 0])
            + (width - 1).to_bytes(3, "little")
            + (height - 1).to_bytes(3, "little")
        )
        rest = chunks
    parts: list[Buffer] = _riff_chunk(b"VP8X", bytes(header))
    for fourcc, payload in rest:
        if fourcc != b"XMP ":
            parts.extend(_riff_chunk(fourcc, payload))
    parts.extend(_riff_chunk(b"XMP ", _xmp_packet(info)))
    size = 4 + sum(len(part) for part in parts)
    return [b"RIFF" + struct.pack("<I", size) + b"WEBP", *parts]


def embed_metadata(data: bytes, mime: str, info: Mapping[str, str]) -> bytes:
    """Embed ``info`` in the format's own metadata, losslessly, where supported.

    PNG, JPEG and WebP are supported; any other format (or bytes that do not match
    ``mime``) comes back unchanged.
    """
    parts = metadata_parts(data, mime, info)
    if len(parts) == 1 and parts[0] is data:
        return data
    return b"".join(parts)


def metadata_parts(data: bytes, mime: str, info: Mapping[str, str]) -> Sequence[Buffer]:
    """What :func:`embed_metadata` returns, as pieces to write one after the other.

    The big pieces are views into ``data`` (nothing is copied); joined, the pieces are
    exactly the bytes :func:`embed_metadata` gives.
    """
    if mime == "image/png":
        return _png_parts(data, info)
    if mime == "image/jpeg":
        return _jpeg_parts(data, info)
    if mime == "image/webp":
        return _webp_parts(data, info)
    return [data]


# -- reading back -----------------------------------------------------------------------------


def _xmp_fields(packet: bytes) -> dict[str, str]:
    """The ``studio:*`` items (and the dc:description as ``prompt``) of an XMP packet."""
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</x:xmpmeta>")
    if start < 0 or end < 0:
        return {}
    try:
        root = ElementTree.fromstring(packet[start : end + len(b"</x:xmpmeta>")])
    except ElementTree.ParseError:
        return {}
    out: dict[str, str] = {}
    prefix = "{" + STUDIO_NS + "}"
    for element in root.iter():
        if element.tag.startswith(prefix):
            out[element.tag[len(prefix) :]] = element.text or ""
    return out


def _jpeg_xmp(data: bytes) -> bytes | None:
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no more metadata
            return None
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos + 4 : pos + 2 + length]
        if marker == 0xE1 and segment.startswith(XMP_HEADER):
            return segment[len(XMP_HEADER) :]
        pos += 2 + length
    return None


def read_metadata(data: bytes) -> dict[str, str]:
    """The generation metadata embedded by :func:`embed_metadata` (empty when there is none).

    PNG text chunks are returned whole; for JPEG and WebP the ``studio:*`` XMP items.
    """
    if data.startswith(PNG_SIGNATURE):
        return read_png_text(data)
    if data.startswith(b"\xff\xd8"):
        packet = _jpeg_xmp(data)
        return _xmp_fields(packet) if packet else {}
    chunks = _webp_chunks(data)
    for fourcc, payload in chunks or []:
        if fourcc == b"XMP ":
            return _xmp_fields(bytes(payload))
    return {}


def generation_info(
    *,
    prompt: str,
    model: str,
    params: Mapping[str, Any],
    seed: int | None,
    created_at: float,
    revised_prompt: str | None = None,
    software: str = SOFTWARE,
) -> dict[str, str]:
    """The metadata Studio writes into every generated image (GUI and CLI alike).

    Keys: ``prompt``, ``model``, ``parameters`` (JSON), ``seed`` (when known), ``date``
    (ISO 8601, UTC), ``software`` and ``revised_prompt`` (when the relay rewrote the prompt).
    """
    info = {
        "prompt": prompt,
        "model": model,
        "parameters": json.dumps(dict(params), ensure_ascii=False, sort_keys=True),
        "seed": "" if seed is None else str(seed),
        "date": datetime.fromtimestamp(created_at, UTC).isoformat(timespec="seconds"),
        "software": software,
        "revised_prompt": revised_prompt or "",
    }
    return {key: value for key, value in info.items() if value}


def image_dimensions(data: bytes) -> tuple[int, int]:
    """Width and height read from the image header (pixels are not decoded); (0, 0) when
    Pillow cannot read it."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            return int(width), int(height)
    except (OSError, ValueError, Image.DecompressionBombError):
        return 0, 0
