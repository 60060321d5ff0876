"""File work for images: reading a file within a size limit, and copying one.

Pure blocking functions meant for a worker thread (``asyncio.to_thread``); no Qt. Errors are
the operating system's (``OSError``) plus :class:`FileTooBig`, which callers put into words.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FileTooBig", "copy_file", "read_file"]


class FileTooBig(Exception):
    """A file larger than ``limit`` bytes was refused before reading; ``size`` is its size."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes (at most {limit})")
        self.size = size
        self.limit = limit


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``; :class:`FileTooBig` when it is over ``limit`` bytes (checked
    before reading, so a huge file costs no memory), ``OSError`` when it cannot be read."""
    size = path.stat().st_size
    if size > limit:
        raise FileTooBig(size, limit)
    return path.read_bytes()


def copy_file(source: Path, target: Path) -> None:
    """Copy the bytes of ``source`` to ``target`` (for "Save as…"), replacing ``target``.

    ``source`` is read whole first, so a file that cannot be read leaves ``target`` alone."""
    target.write_bytes(source.read_bytes())
