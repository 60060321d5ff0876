"""Embed generation metadata (prompt, model, parameters) into image files losslessly.

PNG gets UTF-8 ``iTXt`` chunks inserted before ``IEND``; JPEG gets an XMP ``APP1`` segment
after ``SOI``. Pixel data is never decoded or re-encoded. Other formats are returned as is.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from xml.sax.saxutils import escape

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _itxt(key: str, value: str) -> bytes:
    keyword = key.encode("latin-1", errors="replace")[:79]
    payload = keyword + b"\x00\x00\x00" + b"\x00" + b"\x00" + value.encode("utf-8")
    return _png_chunk(b"iTXt", payload)


def embed_png_text(data: bytes, info: Mapping[str, str]) -> bytes:
    """Insert one ``iTXt`` chunk per item before ``IEND`` (data unchanged if not a PNG)."""
    if not data.startswith(PNG_SIGNATURE):
        return data
    end = data.rfind(b"IEND")
    if end < 4:
        return data
    start = end - 4  # the chunk's length field
    chunks = b"".join(_itxt(k, v) for k, v in info.items() if v)
    return data[:start] + chunks + data[start:]


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
        'xmlns:studio="https://studio.invalid/ns/1.0/">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li>'
        f"</rdf:Alt></dc:description>{fields}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return xml.encode("utf-8")


def embed_jpeg_xmp(data: bytes, info: Mapping[str, str]) -> bytes:
    """Insert an XMP ``APP1`` segment right after ``SOI`` (data unchanged if not a JPEG)."""
    if not data.startswith(b"\xff\xd8"):
        return data
    payload = XMP_HEADER + _xmp_packet(info)
    if len(payload) + 2 > 0xFFFF:
        return data
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + segment + data[2:]


def embed_metadata(data: bytes, mime: str, info: Mapping[str, str]) -> bytes:
    """Embed ``info`` in the format's own metadata, losslessly, where supported."""
    if mime == "image/png":
        return embed_png_text(data, info)
    if mime == "image/jpeg":
        return embed_jpeg_xmp(data, info)
    return data
