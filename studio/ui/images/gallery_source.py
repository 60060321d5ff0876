"""The gallery as the widgets read it: the session's gallery methods behind one protocol.

Deletes and restores go through the session so that it can announce them
(``gallery_changed``); widgets never touch the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from studio.session.images import ImageStudioSession
from studio.ui.images.protocols import GalleryEntry


class SessionGallery:
    """:class:`~studio.ui.images.protocols.Gallery` over an :class:`ImageStudioSession`."""

    def __init__(self, session: ImageStudioSession) -> None:
        self._session = session

    def list(
        self, model: str | None = None, text: str | None = None, limit: int = 200, offset: int = 0
    ) -> Sequence[GalleryEntry]:
        """Items, newest job first."""
        return self._session.items(model, text, limit, offset)

    def count(self, model: str | None = None, text: str | None = None) -> int:
        """How many items match."""
        return self._session.count_items(model, text)

    def get(self, item_id: int) -> GalleryEntry | None:
        """One item (None if unknown or deleted)."""
        return self._session.item(item_id)

    def models(self) -> Sequence[str]:
        """The models that have pictures."""
        return self._session.gallery_models()

    def delete(self, item_id: int) -> None:
        """Move an item to the trash."""
        self._session.delete_item(item_id)

    def restore(self, item_id: int) -> None:
        """Take an item out of the trash."""
        self._session.restore_item(item_id)
