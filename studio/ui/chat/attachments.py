"""The composer's image strip: thumbnails of the images that go with the next message.

It shows an :class:`~studio.session.chat.attachment_draft.AttachmentDraft` (the session
object that fetches and prepares) and sends the user's changes back to it: per-image
detail, remove, reorder (drag a tile, or its ← → buttons), send an address as is. Below the
tiles: the total estimated image tokens and bytes, a warning when the model is not marked
as accepting images, and the last error in one sentence (with "Send the URL as is" when an
address could not be fetched).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat.attachment_draft import AttachmentDraft
from studio.ui.chat.attachment_tile import AttachmentTile, human_bytes
from studio.ui.chat.mime_sources import INTERNAL_MIME
from studio.ui.common.restyle import set_style_flag

TILES_PER_TURN = 1
"""New tiles built per turn of the event loop (a few ms each while photos are decoded)."""
ERROR_LINES = 3
"""Sentences shown at once when several images fail together (the rest are counted)."""


class AttachmentStrip(QFrame):
    """Tiles, totals, the vision warning and the last error, above the message box.

    Signals:
        send_url_requested(str): "Send the URL as is" after an address failed to fetch.
    """

    send_url_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentStrip")
        self.setAccessibleName(self.tr("Attached images"))
        self.setAcceptDrops(True)
        self._draft: AttachmentDraft | None = None
        self._tiles: dict[int, AttachmentTile] = {}
        self._failed_url = ""
        self._errors: list[str] = []
        self._warning = ""
        self._sync_pending = False
        self._tiles_height = 0

        self.drop_hint = QLabel(self.tr("Drop images here to attach them"), self)
        self.drop_hint.setObjectName("attachmentDropHint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.hide()
        self._row = QWidget(self)
        self._row.setObjectName("attachmentRow")
        self._row_layout = QHBoxLayout(self._row)
        self._row_layout.setContentsMargins(0, 0, 0, 0)
        self._row_layout.setSpacing(6)
        self._row_layout.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._row_layout.addStretch(1)
        self.tiles_area = QScrollArea(self)
        self.tiles_area.setObjectName("attachmentScroll")
        self.tiles_area.setAccessibleName(self.tr("Images to send"))
        self.tiles_area.setWidget(self._row)
        self.tiles_area.setWidgetResizable(True)
        self.tiles_area.setFrameShape(QFrame.Shape.NoFrame)
        self.tiles_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tiles_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.summary = QLabel(self)
        self.summary.setObjectName("attachmentSummary")
        self.summary.setAccessibleName(self.tr("Image cost estimate"))
        self.warning = QLabel(self)
        self.warning.setObjectName("visionWarning")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(self.tr("Vision warning"))
        self.warning.hide()

        self.error_bar = QFrame(self)
        self.error_bar.setObjectName("attachmentErrorBar")
        self.error_label = QLabel(self.error_bar)
        self.error_label.setObjectName("attachmentError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setAccessibleName(self.tr("Image error"))
        self.send_url_button = QToolButton(self.error_bar)
        self.send_url_button.setObjectName("sendUrlAsIsButton")
        self.send_url_button.setText(self.tr("Send the URL as is"))
        self.send_url_button.setAccessibleName(self.tr("Send the URL as is"))
        self.dismiss_button = QToolButton(self.error_bar)
        self.dismiss_button.setObjectName("dismissAttachmentErrorButton")
        self.dismiss_button.setText("×")
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the image error"))
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self.send_url_button.clicked.connect(self._on_send_url_button_clicked)
        self.dismiss_button.clicked.connect(self.clear_error)
        error_row = QHBoxLayout(self.error_bar)
        error_row.setContentsMargins(8, 4, 4, 4)
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.send_url_button, 0, Qt.AlignmentFlag.AlignTop)
        error_row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.error_bar.hide()

        totals = QHBoxLayout()
        totals.setContentsMargins(2, 0, 2, 0)
        totals.addWidget(self.summary)
        totals.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.tiles_area)
        layout.addLayout(totals)
        layout.addWidget(self.warning)
        layout.addWidget(self.error_bar)
        self._refresh_visibility()

    # ---- public ------------------------------------------------------------------------

    @property
    def tiles(self) -> list[AttachmentTile]:
        """The tiles in order."""
        if self._draft is None:
            return []
        return [self._tiles[i.key] for i in self._draft.items if i.key in self._tiles]

    def bind(self, draft: AttachmentDraft | None) -> None:
        """Show ``draft`` (None: attaching is not available)."""
        if self._draft is not None:
            self._draft.changed.disconnect(self._on_draft_changed)
            self._draft.item_changed.disconnect(self._on_draft_item_changed)
            self._draft.failed.disconnect(self._on_draft_failed)
            self._draft.url_failed.disconnect(self._on_draft_url_failed)
        self._draft = draft
        if draft is not None:
            draft.changed.connect(self._on_draft_changed)
            draft.item_changed.connect(self._on_draft_item_changed)
            draft.failed.connect(self._on_draft_failed)
            draft.url_failed.connect(self._on_draft_url_failed)
        self._on_draft_changed()

    def set_warning(self, text: str) -> None:
        """The vision warning shown while images are attached (empty: none)."""
        self._warning = text
        self._refresh_visibility()

    def show_error(self, message: str) -> None:
        """Show one sentence about an image that could not be attached or sent."""
        self._show_errors([message])

    def show_notice(self, message: str) -> None:
        """Show one sentence about the images of the last message (not an error)."""
        self._show_errors([message], notice=True)

    def clear_error(self) -> None:
        """Hide the error line."""
        self._failed_url = ""
        self._errors = []
        self.error_bar.hide()
        self._refresh_visibility()

    def _show_errors(self, messages: list[str], *, notice: bool = False) -> None:
        self._failed_url = ""
        self._errors = messages
        lines = messages[:ERROR_LINES]
        more = len(messages) - len(lines)
        if more:
            lines.append(self.tr("…and {count} more.").format(count=more))
        self.error_label.setText("\n".join(lines))
        set_style_flag(self.error_bar, "notice", notice)
        self.send_url_button.hide()
        self.error_bar.show()
        self._refresh_visibility()

    @property
    def error_text(self) -> str:
        """The error shown, or ``""``."""
        return self.error_label.text() if not self.error_bar.isHidden() else ""

    def set_drop_hint(self, shown: bool) -> None:
        """Show "Drop images here" while something droppable hovers over the chat."""
        self.drop_hint.setVisible(shown)
        self._refresh_visibility()

    # ---- the draft ---------------------------------------------------------------------

    def _on_draft_changed(self) -> None:
        # Coalesced: ten files dropped at once are ten changes but one update.
        if not self._sync_pending:
            self._sync_pending = True
            QTimer.singleShot(0, self, self._sync_tiles)

    def _sync_tiles(self) -> None:
        """Bring the tiles in line with the draft, building a few new ones per turn of the
        event loop so that a big drop never holds the GUI for long."""
        self._sync_pending = False
        draft = self._draft
        items = draft.items if draft is not None else []
        keys = {i.key for i in items}
        for key in [k for k in self._tiles if k not in keys]:
            tile = self._tiles.pop(key)
            self._row_layout.removeWidget(tile)
            tile.deleteLater()
        built = placed = 0
        for position, item in enumerate(items):
            found = self._tiles.get(item.key)
            if found is None:
                if built >= TILES_PER_TURN:
                    continue
                built += 1
                tile = AttachmentTile(item, self._row)
                tile.detail_chosen.connect(self._on_tile_detail_chosen)
                tile.remove_requested.connect(self._on_tile_remove_requested)
                tile.move_requested.connect(self._on_tile_move_requested)
                tile.send_url_toggled.connect(self._on_tile_send_url_toggled)
                self._tiles[item.key] = tile
                tile.update_item(item, first=position == 0, last=position == len(items) - 1)
            else:
                tile = found
                tile.set_position(first=position == 0, last=position == len(items) - 1)
            if self._row_layout.indexOf(tile) != placed:
                self._row_layout.insertWidget(placed, tile)
            placed += 1
        if placed < len(items):
            self._on_draft_changed()
        self._refresh_totals()

    def _on_draft_item_changed(self, key: int) -> None:
        draft = self._draft
        tile = self._tiles.get(key)
        if draft is None or tile is None:
            return
        items = draft.items
        item = draft.item(key)
        if item is None:
            return
        position = items.index(item)
        tile.update_item(item, first=position == 0, last=position == len(items) - 1)
        self._refresh_totals()

    def _on_draft_failed(self, message: str) -> None:
        self._add_error(message, self._failed_url)

    def _on_draft_url_failed(self, url: str, message: str) -> None:
        self._add_error(message, url)

    def _add_error(self, message: str, url: str) -> None:
        # Ten files dropped at once can fail together: each keeps its sentence until the
        # bar is dismissed, and "Send the URL as is" stays for the last failed address.
        earlier = [m for m in self._errors if m != message] if self.error_text else []
        self._show_errors([*earlier, message])
        if url:
            self._failed_url = url
            self.send_url_button.show()

    def _refresh_totals(self) -> None:
        draft = self._draft
        count = len(draft) if draft is not None else 0
        if draft is None or not count:
            self.summary.clear()
        else:
            images = self.tr("1 image") if count == 1 else self.tr("{count} images")
            text = self.tr("{images} · about {tokens} tokens · {size} to send").format(
                images=images.format(count=count),
                tokens=f"{draft.total_tokens():,}",
                size=human_bytes(draft.total_bytes()),
            )
            if draft.busy:
                text += self.tr(" · preparing…")
            self.summary.setText(text)
        self._refresh_visibility()

    def _refresh_visibility(self) -> None:
        count = len(self._draft) if self._draft is not None else 0
        self.tiles_area.setVisible(count > 0)
        self.summary.setVisible(count > 0)
        if count and self._tiles and not self._tiles_height:
            tile = next(iter(self._tiles.values()))  # every tile has the same height
            bar = self.tiles_area.horizontalScrollBar().sizeHint().height()
            self._tiles_height = tile.sizeHint().height() + bar + 6
            self.tiles_area.setFixedHeight(self._tiles_height)
        self.warning.setText(self._warning)
        self.warning.setVisible(count > 0 and bool(self._warning))
        self.setVisible(count > 0 or not self.error_bar.isHidden() or self.drop_hint.isVisible())

    # ---- tile requests -----------------------------------------------------------------

    def _on_tile_detail_chosen(self, key: int, detail: str) -> None:
        if self._draft is not None:
            self._draft.set_detail(key, detail)

    def _on_tile_remove_requested(self, key: int) -> None:
        if self._draft is not None:
            self._draft.remove(key)

    def _on_tile_move_requested(self, key: int, step: int) -> None:
        draft = self._draft
        item = draft.item(key) if draft is not None else None
        if draft is not None and item is not None:
            draft.move(key, draft.items.index(item) + step)

    def _on_tile_send_url_toggled(self, key: int, send_url: bool) -> None:
        if self._draft is not None:
            self._draft.set_send_url(key, send_url)

    def _on_send_url_button_clicked(self) -> None:
        url = self._failed_url
        self.clear_error()
        if url:
            self.send_url_requested.emit(url)

    # ---- reordering by drag ------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a tile of this strip being dragged."""
        if event.mimeData().hasFormat(INTERNAL_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting the tile while it moves."""
        if event.mimeData().hasFormat(INTERNAL_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Put the dragged tile where it was dropped."""
        mime = event.mimeData()
        if not mime.hasFormat(INTERNAL_MIME) or self._draft is None:
            event.ignore()
            return
        try:
            key = int(bytes(mime.data(INTERNAL_MIME).data()).decode("ascii"))
        except ValueError:
            event.ignore()
            return
        x = self._row.mapFrom(self, event.position().toPoint()).x()
        self._draft.move(key, self.drop_index(x, key))
        event.acceptProposedAction()

    def drop_index(self, x: int, key: int) -> int:
        """The position a tile dropped at ``x`` (row coordinates) takes."""
        others = [t for t in self.tiles if t.key != key]
        return sum(1 for tile in others if tile.geometry().center().x() < x)
