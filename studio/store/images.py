"""The content-addressed image folder: each file is named by the SHA-256 of its bytes.

``root/ab/cdef….png`` holds the image whose hash is ``abcdef…``; the ``images`` table keeps
its metadata. Files are written atomically, before their row, so a row never points at a
missing or half-written file. Putting the same bytes twice stores them once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.store.database import Database

_HASH_RE = re.compile(r"^[0-9a-f]{64}$")
_EXT_RE = re.compile(r"^[a-z0-9]{1,8}$")


@dataclass(frozen=True)
class ImageRecord:
    """Metadata of one stored image."""

    hash: str
    ext: str
    mime: str
    width: int
    height: int
    bytes: int
    created_at: float


def _check_hash(image_hash: str) -> str:
    if not _HASH_RE.match(image_hash):
        raise ValueError(f"not an image hash: {image_hash[:80]!r}")
    return image_hash


class ImageStore:
    """Stores image bytes as files under ``root`` and their metadata in ``db``."""

    def __init__(self, root: Path, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        """Keep files under ``root`` (usually ``DataPaths.images``)."""
        self._root = Path(root)
        self._db = db
        self._clock = clock

    @property
    def root(self) -> Path:
        """The image folder."""
        return self._root

    def put(self, data: bytes, ext: str, mime: str, width: int, height: int) -> str:
        """Store ``data`` and return its SHA-256 hex hash (idempotent)."""
        ext = ext.lower().lstrip(".")
        if not _EXT_RE.match(ext):
            raise ValueError(f"bad file extension {ext!r}")
        image_hash = hashlib.sha256(data).hexdigest()
        existing = self.info(image_hash)
        if existing is not None:
            ext = existing.ext  # same bytes stored before: keep the first name
        target = self._file(image_hash, ext)
        if not (target.is_file() and target.stat().st_size == len(data)):
            self._write(target, data)
        if existing is None:
            self._db.execute(
                "INSERT OR IGNORE INTO images (hash, ext, mime, width, height, bytes, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (image_hash, ext, mime, int(width), int(height), len(data), self._clock()),
            )
        return image_hash

    def info(self, image_hash: str) -> ImageRecord | None:
        """The metadata of a stored image, or ``None``."""
        row = self._db.query_one(
            "SELECT hash, ext, mime, width, height, bytes, created_at FROM images WHERE hash = ?",
            (_check_hash(image_hash),),
        )
        if row is None:
            return None
        return ImageRecord(
            hash=row["hash"],
            ext=row["ext"],
            mime=row["mime"],
            width=int(row["width"]),
            height=int(row["height"]),
            bytes=int(row["bytes"]),
            created_at=float(row["created_at"]),
        )

    def path(self, image_hash: str) -> Path:
        """The file of a stored image (``KeyError`` if unknown)."""
        record = self.info(image_hash)
        if record is None:
            raise KeyError(image_hash)
        return self._file(record.hash, record.ext)

    def get(self, image_hash: str) -> bytes:
        """The bytes of a stored image (``KeyError`` if unknown, ``OSError`` if the file is
        gone)."""
        return self.path(image_hash).read_bytes()

    def has(self, image_hash: str) -> bool:
        """True if the image is known and its file exists."""
        try:
            return self.path(image_hash).is_file()
        except (KeyError, ValueError):
            return False

    def verify(self, image_hash: str) -> bool:
        """True if the file exists and its bytes still hash to ``image_hash``."""
        try:
            data = self.get(image_hash)
        except (KeyError, ValueError, OSError):
            return False
        return hashlib.sha256(data).hexdigest() == image_hash

    def _file(self, image_hash: str, ext: str) -> Path:
        return self._root / image_hash[:2] / f"{image_hash[2:]}.{ext}"

    def _write(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
