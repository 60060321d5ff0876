"""What a drop or a paste offers as images: files, encoded bytes, pixels or web addresses.

Read on the GUI thread, so it stays cheap: files are only named (read later in a worker),
encoded clipboard formats (``image/png`` …) are passed on as bytes, and only a clipboard
that holds nothing but a decoded picture is converted to raw RGBA here (a memory copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, QMimeData, QUrl
from PySide6.QtGui import QImage

from studio.session.chat.attachments import Pixels, is_web_url, looks_like_image_url

INTERNAL_MIME = "application/x-studio-attachment"
"""Dragging a thumbnail inside the composer strip (reordering), not a new image."""
ENCODED_FORMATS = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp")
_IMG_SRC = re.compile(r"""<img[^>]+src\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}
_EXTENSIONS["image/bmp"] = "bmp"

Kind = Literal["file", "data", "pixels", "url"]


@dataclass(frozen=True)
class Incoming:
    """One image offered by a drop or a paste."""

    kind: Kind
    name: str
    path: Path | None = None
    data: bytes = field(default=b"", repr=False)
    pixels: Pixels | None = field(default=None, repr=False)
    url: str = ""


def _local_files(mime: QMimeData) -> list[Incoming]:
    files: list[Incoming] = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file():
                files.append(Incoming("file", path.name, path=path))
    return files


def _img_src(mime: QMimeData) -> list[Incoming]:
    if not mime.hasHtml():
        return []
    match = _IMG_SRC.search(mime.html())
    if match and is_web_url(match.group(1)):
        return [Incoming("url", "", url=match.group(1))]
    return []


def _web_urls(mime: QMimeData) -> list[Incoming]:
    found: list[Incoming] = []
    for url in mime.urls():
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        if not url.isLocalFile() and looks_like_image_url(text):
            found.append(Incoming("url", "", url=text))
    if not found and mime.hasText() and looks_like_image_url(mime.text()):
        found.append(Incoming("url", "", url=mime.text().strip()))
    return found


def pasted_name(extension: str = "png") -> str:
    """The file name a pasted picture gets (in the user's language), such as
    ``pasted image.png``."""
    stem = QCoreApplication.translate("MimeSources", "pasted image")
    return f"{stem}.{extension}"


def _encoded(mime: QMimeData) -> Incoming | None:
    for fmt in ENCODED_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                return Incoming("data", pasted_name(_EXTENSIONS[fmt]), data=data)
    return None


def _pixels(mime: QMimeData) -> Incoming | None:
    if not mime.hasImage():
        return None
    image = mime.imageData()
    if not isinstance(image, QImage) or image.isNull():
        return None
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(rgba.constBits())[: rgba.width() * rgba.height() * 4]
    return Incoming("pixels", pasted_name(), pixels=Pixels(data, rgba.width(), rgba.height()))


def incoming_images(mime: QMimeData, *, pasted: bool = False) -> list[Incoming]:
    """The images ``mime`` offers, best source first; empty when it offers none.

    Local files win (the browser or file manager has the real file); then encoded image
    bytes; then a decoded picture; then web addresses: the ``<img src>`` of a dragged
    browser image, or addresses ending in an image extension. A pasted web page fragment
    or an ordinary link stays text.
    """
    files = _local_files(mime)
    if files:
        return files
    encoded = _encoded(mime)
    if encoded is not None:
        return [encoded]
    pixels = _pixels(mime)
    if pixels is not None:
        return [pixels]
    return (_img_src(mime) if not pasted else []) or _web_urls(mime)


def offers_images(mime: QMimeData, *, pasted: bool = False) -> bool:
    """True when ``mime`` carries something :func:`incoming_images` would attach.

    Cheap enough for drag-move events: it never decodes or copies pixels.
    """
    if mime.hasFormat(INTERNAL_MIME):
        return False
    if any(u.isLocalFile() and Path(u.toLocalFile()).is_file() for u in mime.urls()):
        return True
    if mime.hasImage() or any(mime.hasFormat(f) for f in ENCODED_FORMATS):
        return True
    if not pasted and _img_src(mime):
        return True
    return bool(_web_urls(mime))
