"""The images sent with a user message, on its card: thumbnails that open a viewer.

Thumbnails come from an :class:`~studio.ui.chat.image_shelf.ImageShelf` (decoded in worker
threads, one cache for the whole transcript), handed over by
:class:`~studio.ui.chat.image_transcript.ImageTranscriptView`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.chat.image_shelf import ImageShelf, describe
from studio.ui.chat.image_viewer import ChatImageViewer
from studio.ui.chat.vision_style import vision_stylesheet
from studio.ui.common.resources import icon
from studio.ui.images.thumbnails import scaled_into

THUMB = 112
COLUMNS = 5


class MessageImages(QWidget):
    """The thumbnails of a user message; a click opens the viewer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageImages")
        self.setAccessibleName(self.tr("Images in this message"))
        self._refs: list[dict[str, Any]] = []
        self._shelf: ImageShelf | None = None
        self.buttons: list[QToolButton] = []
        self.caption = QLabel(self)
        self.caption.setObjectName("messageImageCaption")
        self.caption.setWordWrap(True)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._grid)
        layout.addWidget(self.caption)
        self.hide()

    @property
    def refs(self) -> list[dict[str, Any]]:
        """The image references shown."""
        return list(self._refs)

    def set_refs(self, refs: Sequence[dict[str, Any]]) -> None:
        """Show these image references (empty: hide)."""
        refs = [dict(r) for r in refs]
        if refs == self._refs:
            return
        self._refs = refs
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for index, ref in enumerate(refs):
            button = QToolButton(self)
            button.setObjectName("messageImageButton")
            name = str(ref.get("name") or ref.get("url") or self.tr("image"))
            button.setAccessibleName(self.tr("Open image {name}").format(name=name))
            button.setToolTip(describe(ref))
            button.setIconSize(QSize(THUMB, THUMB))
            button.setFixedSize(THUMB + 4, THUMB + 4)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _c=False, i=index: self.open_viewer(i))
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons.append(button)
        self.caption.setText(self._caption(refs))
        if refs and not self.styleSheet():
            self.setStyleSheet(vision_stylesheet(QApplication.palette()))
        self.setVisible(bool(refs))
        self._show_thumbnails()

    def set_shelf(self, shelf: ImageShelf | None) -> None:
        """Where the images come from (set by the transcript)."""
        if shelf is self._shelf:
            return
        if self._shelf is not None:
            self._shelf.ready.disconnect(self._on_shelf_ready)
        self._shelf = shelf
        if shelf is not None:
            shelf.ready.connect(self._on_shelf_ready)
        self._show_thumbnails()

    def open_viewer(self, index: int) -> QWidget | None:
        """Open the viewer on image ``index``; returns the dialog (None if unavailable)."""
        shelf = self._shelf
        if shelf is None or not 0 <= index < len(self._refs):
            return None
        dialog = ChatImageViewer(shelf, self._refs, index, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _caption(self, refs: list[dict[str, Any]]) -> str:
        if len(refs) == 1:
            return describe(refs[0])
        tokens = sum(r["tokens"] for r in refs if isinstance(r.get("tokens"), int))
        return self.tr("{count} images · about {tokens} tokens").format(
            count=len(refs), tokens=f"{tokens:,}"
        )

    def _show_thumbnails(self) -> None:
        shelf = self._shelf
        placeholder = icon("image", self.palette().color(QPalette.ColorRole.PlaceholderText))
        for ref, button in zip(self._refs, self.buttons, strict=True):
            image_hash = str(ref.get("hash") or "")
            pixmap = shelf.thumbnail(image_hash) if shelf is not None and image_hash else None
            if pixmap is not None:
                button.setIcon(scaled_into(pixmap, THUMB, button))
                button.setEnabled(True)
                continue
            button.setIcon(placeholder)
            gone = shelf is not None and (not image_hash or shelf.failed(image_hash))
            button.setEnabled(shelf is not None and not gone)
            link = str(ref.get("url") or "")
            if gone and not image_hash and link:
                # Sent as a link: there never was a file, only the address.
                button.setToolTip(describe(ref) + "\n" + link)
            elif gone:
                button.setToolTip(
                    describe(ref) + "\n" + self.tr("The image file is not available.")
                )

    def _on_shelf_ready(self, image_hash: str) -> None:
        if any(ref.get("hash") == image_hash for ref in self._refs):
            self._show_thumbnails()
