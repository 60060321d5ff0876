"""The content-addressed image folder: each file is named by the SHA-256 of its bytes.

``root/ab/cdef….png`` holds the image whose hash is ``abcdef…``; the ``images`` table keeps
its metadata. Files are written atomically, before their row, so a row never points at a
half-written file (a file may go missing later: a user deleting it, or :meth:`remove`; readers
treat that as "no longer available"). Putting the same bytes twice stores them once.

:meth:`ImageStore.put_parts` stores a file given as pieces (an image and its metadata
chunks) without joining them; for a big file it hashes the pieces while another thread
writes them to a temporary file, since both release the GIL.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.store.database import Database

_HASH_RE = re.compile(r"^[0-9a-f]{64}$")
_EXT_RE = re.compile(r"^[a-z0-9]{1,8}$")
_PARALLEL_AT = 4 * 1024 * 1024  # from this size, hash and write at the same time
Buffer = bytes | memoryview


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
        return self.put_parts([data], ext, mime, width, height)

    def put_parts(
        self, parts: Sequence[Buffer], ext: str, mime: str, width: int, height: int
    ) -> str:
        """Store the file made of ``parts`` (in order) and return its SHA-256 hex hash.

        The same as ``put(b"".join(parts), ...)`` without building the joined copy.
        """
        ext = ext.lower().lstrip(".")
        if not _EXT_RE.match(ext):
            raise ValueError(f"bad file extension {ext!r}")
        size = sum(memoryview(part).nbytes for part in parts)
        staged: Path | None = None
        if size >= _PARALLEL_AT:
            staged, image_hash = self._stage(parts)
        else:
            image_hash = _sha256(parts)
        try:
            existing = self.info(image_hash)
            if existing is not None and not self._touch(image_hash):
                existing = None  # removed by a clean-up in the meantime: store it anew
            if existing is not None:
                ext = existing.ext  # same bytes stored before: keep the first name
            target = self._file(image_hash, ext)
            if not (target.is_file() and target.stat().st_size == size):
                if staged is not None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged, target)
                    staged = None
                else:
                    self._write(target, parts)
        finally:
            if staged is not None:
                with contextlib.suppress(OSError):
                    os.unlink(staged)
        if existing is None:
            self._db.execute(
                "INSERT OR IGNORE INTO images (hash, ext, mime, width, height, bytes, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (image_hash, ext, mime, int(width), int(height), size, self._clock()),
            )
        return image_hash

    def _touch(self, image_hash: str) -> bool:
        """Mark a stored image as stored again now (the clean-up's grace period starts over,
        see :mod:`studio.store.cleanup`); False when its row is gone."""
        cursor = self._db.execute(
            "UPDATE images SET created_at = max(created_at, ?) WHERE hash = ?",
            (self._clock(), image_hash),
        )
        return cursor.rowcount > 0

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

    def paths(self, image_hashes: Sequence[str]) -> dict[str, Path]:
        """The files of many stored images in one query (unknown hashes are left out)."""
        wanted = sorted({_check_hash(h) for h in image_hashes})
        found: dict[str, Path] = {}
        for start in range(0, len(wanted), 500):  # under SQLite's parameter limit
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.query(f"SELECT hash, ext FROM images WHERE hash IN ({marks})", chunk)
            for row in rows:
                found[row["hash"]] = self._file(row["hash"], row["ext"])
        return found

    def file_path(self, image_hash: str, ext: str) -> Path:
        """Where the image ``image_hash`` with extension ``ext`` lives (no database look-up;
        for callers that read ``images.ext`` in their own query)."""
        return self._file(_check_hash(image_hash), ext)

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

    def _write(self, target: Path, parts: Sequence[Buffer]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            _write_synced(tmp, parts)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _stage(self, parts: Sequence[Buffer]) -> tuple[Path, str]:
        """Write ``parts`` to a temporary file in the root while hashing them here."""
        self._root.mkdir(parents=True, exist_ok=True)
        tmp = self._root / f".incoming.{secrets.token_hex(8)}.tmp"
        failure: list[BaseException] = []

        def write() -> None:
            try:
                _write_synced(tmp, parts)
            except BaseException as exc:  # re-raised below, in the caller's thread
                failure.append(exc)

        writer = threading.Thread(target=write, name="ImageStore-write", daemon=True)
        writer.start()
        try:
            image_hash = _sha256(parts)
        finally:
            writer.join()
        if failure:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise failure[0]
        return tmp, image_hash

    def remove(self, image_hash: str) -> int | None:
        """Delete a stored image, row and file; return the bytes freed (``None`` if unknown).

        For images nothing refers to (:mod:`studio.store.cleanup` decides that): a gallery
        item's reference makes it raise :class:`~studio.store.database.ConstraintError` with
        nothing changed, but messages are not checked here. The row is deleted first and the
        file second, inside one transaction (the caller's, when there is one) that commits only
        after the file is gone, so a crash leaves at worst a row without a file (an image shown
        as no longer available), never a file no row names. A file already missing frees 0
        bytes; one that cannot be deleted raises its ``OSError`` and the row stays.
        """
        _check_hash(image_hash)
        with self._db.transaction() as conn:
            conn.execute("SAVEPOINT image_remove")
            try:
                row = conn.execute(
                    "SELECT ext FROM images WHERE hash = ?", (image_hash,)
                ).fetchone()
                freed: int | None = None
                if row is not None:
                    conn.execute("DELETE FROM images WHERE hash = ?", (image_hash,))
                    freed = _unlink(self._file(image_hash, str(row[0])))
            except BaseException:
                conn.execute("ROLLBACK TO image_remove")
                conn.execute("RELEASE image_remove")
                raise
            conn.execute("RELEASE image_remove")
        return freed


def _sha256(parts: Sequence[Buffer]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)  # releases the GIL for big pieces
    return digest.hexdigest()


def _write_synced(path: Path, parts: Sequence[Buffer]) -> None:
    """Write a new file (``O_EXCL``) with ``parts`` and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        for part in parts:
            handle.write(part)
        handle.flush()
        os.fsync(handle.fileno())


def _unlink(path: Path) -> int:
    """Delete ``path`` and return its size (0 if it was already gone)."""
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        return 0
    return size
