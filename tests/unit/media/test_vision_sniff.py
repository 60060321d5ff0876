"""Formats are told from the bytes, never from the file name."""

from __future__ import annotations

import pytest

from studio.media.sniff import sniff_format, sniff_other
from tests.unit.media.conftest import Corpus

EXPECTED = {
    "marker.png": "png",
    "marker.jpg": "jpeg",
    "marker.webp": "webp",
    "marker.gif": "gif",
    "marker.bmp": "bmp",
    "marker.tiff": "tiff",
    "marker.avif": "avif",
    "marker.heic": "heic",
}


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_every_corpus_format_is_recognised(corpus: Corpus, name: str, fmt: str) -> None:
    assert sniff_format(corpus.read(name)) == fmt


def test_the_extension_plays_no_part(corpus: Corpus) -> None:
    # report.jpg is a PDF; notes.png is text; a JPEG keeps being a JPEG whatever its name.
    assert sniff_format(corpus.read("report.jpg")) is None
    assert sniff_format(corpus.read("notes.png")) is None
    renamed = corpus.root / "photo.png"
    renamed.write_bytes(corpus.read("marker.jpg"))
    assert sniff_format(renamed.read_bytes()) == "jpeg"


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00" * 16


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (_ftyp(b"heic", b"mif1", b"heic"), "heic"),
        (_ftyp(b"heix", b"mif1"), "heic"),
        (_ftyp(b"mif1", b"heic"), "heic"),
        (_ftyp(b"mif1", b"miaf"), "heif"),
        (_ftyp(b"msf1", b"mif1"), "heif"),
        (_ftyp(b"avif", b"mif1", b"miaf"), "avif"),
        (_ftyp(b"avis", b"msf1"), "avif"),
        (_ftyp(b"mif1", b"avif"), "avif"),
        (_ftyp(b"isom", b"mp41"), None),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"BMW is a car brand and this is a text file.", None),
        (b"", None),
    ],
)
def test_container_brands(data: bytes, fmt: str | None) -> None:
    assert sniff_format(data) == fmt


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n", "pdf"),
        (b"PK\x03\x04\x14\x00", "zip"),
        (b"8BPS\x00\x01", "psd"),
        (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "jxl"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "html"),
        (b'{"error": {"message": "expired"}}', "json"),
        ("今天的会议记录\n".encode(), "text"),
        (b"\xef\xbb\xbfhello", "text"),
        (_ftyp(b"isom", b"mp41"), "video"),
        (bytes(range(256)), "unknown"),
    ],
)
def test_what_other_files_look_like(data: bytes, kind: str) -> None:
    assert sniff_other(data) == kind
