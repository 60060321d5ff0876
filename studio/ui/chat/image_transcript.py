"""The transcript with the images of user messages (see :mod:`studio.ui.chat.message_images`).

A subclass rather than a change to :class:`TranscriptView`: every card it builds or reuses
gets the page's :class:`~studio.ui.chat.image_shelf.ImageShelf` after each refresh.
"""

from __future__ import annotations

from studio.session.chat import MessageRecord
from studio.ui.chat.image_shelf import ImageShelf
from studio.ui.chat.transcript_view import TranscriptView


class ImageTranscriptView(TranscriptView):
    """The transcript, with the images of user messages shown from an :class:`ImageShelf`."""

    _shelf: ImageShelf | None = None

    def set_image_shelf(self, shelf: ImageShelf | None) -> None:
        """Where message images come from (None: shown as placeholders)."""
        self._shelf = shelf
        self._give_shelf()

    def _show(self, records: list[MessageRecord]) -> None:
        """Bring the cards in line with ``records``, then give new cards the shelf."""
        super()._show(records)
        self._give_shelf()

    def _give_shelf(self) -> None:
        for view in self.views:
            view.images.set_shelf(self._shelf)
