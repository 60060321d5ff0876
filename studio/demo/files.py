"""In-memory file store for images the demo relay returns as URLs (``/files/<name>``).

One store lives on each app instance (``app.state.files``); it keeps the most recent files
only, so long benchmark runs do not grow without bound.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredFile:
    """A served file: its bytes and media type."""

    data: bytes
    media_type: str


class FileStore:
    """Keeps up to ``capacity`` files, named by content hash, oldest dropped first."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        self._files: OrderedDict[str, StoredFile] = OrderedDict()

    def put(self, data: bytes, media_type: str, extension: str) -> str:
        """Store ``data`` and return its file name (``<hash>.<extension>``)."""
        name = f"{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
        self._files[name] = StoredFile(data, media_type)
        self._files.move_to_end(name)
        while len(self._files) > self._capacity:
            self._files.popitem(last=False)
        return name

    def get(self, name: str) -> StoredFile | None:
        """The file called ``name``, or ``None``."""
        return self._files.get(name)

    def __len__(self) -> int:
        return len(self._files)
