"""What the widgets need from the gallery, as structural types.

The UI layer may not import ``studio.store`` (see tests/unit/test_layers.py); the session hands
out a ``GalleryStore`` and its ``GalleryItem`` rows, which satisfy these protocols.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol


class GalleryEntry(Protocol):
    """One saved picture with everything needed to make it again (read-only fields: ``id``,
    ``job_id``, ``image_hash``, ``path``, ``index`` within its job, ``width``, ``height``,
    ``mime``, ``model``, ``prompt``, ``params`` as sent, ``seed``, ``created_at``, the
    relay's ``revised_prompt`` and the token ``usage`` its job's answer reported)."""

    @property
    def id(self) -> int: ...
    @property
    def job_id(self) -> int: ...
    @property
    def image_hash(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def index(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def mime(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def prompt(self) -> str: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    @property
    def seed(self) -> int | None: ...
    @property
    def created_at(self) -> float: ...
    @property
    def revised_prompt(self) -> str | None: ...
    @property
    def usage(self) -> Mapping[str, Any] | None: ...


class Gallery(Protocol):
    """The saved pictures, newest first, with soft delete."""

    def list(
        self, model: str | None = None, text: str | None = None, limit: int = 200, offset: int = 0
    ) -> Sequence[GalleryEntry]:
        """Items matching ``model`` and ``text`` (every word a substring), newest job first."""
        ...

    def count(self, model: str | None = None, text: str | None = None) -> int:
        """How many items :meth:`list` would give without a limit."""
        ...

    def get(self, item_id: int) -> GalleryEntry | None:
        """One item (None when unknown or deleted)."""
        ...

    def models(self) -> Sequence[str]:
        """The models that have pictures, for the model filter."""
        ...

    def delete(self, item_id: int) -> Any:
        """Move an item to the trash (its file stays, for undo)."""
        ...

    def restore(self, item_id: int) -> Any:
        """Take an item out of the trash."""
        ...


def thumbnail_key(entry: GalleryEntry) -> str:
    """The cache key of an entry's thumbnail (identical pictures share one)."""
    return f"image:{entry.image_hash}"
