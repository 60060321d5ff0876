"""The reference tray: the pictures an edit sends, in the order it sends them.

Slot 1 is the **base**: the version being edited, the one the mask applies to. It is fixed
(it changes by "Continue from here" in the version tree), so it never moves and has no remove
button. Slots 2… are **references**: they reorder by drag within the tray or with Ctrl+Left /
Ctrl+Right, and go with Delete or the button that shows on hover and focus. New references
come by dropping image files or image data on the tray, by Ctrl+V, or by "Add image…".

The model's limit (:meth:`ReferenceTray.set_limit`) is shown as ``3 / 16``; slots beyond it stay
in the tray (so switching back to a bigger model loses nothing, and they can still be moved or
removed) but are drawn as disabled, and a sentence says why they will not be sent.

The tray applies a reorder or a removal at once and then reports it; :meth:`set_references`
replaces everything (the page calls it with the session's list after any change).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.restyle import set_style_flag
from studio.ui.edit.panel_mime import (
    REORDER_MIME,
    decoded_image,
    encode_png_later,
    encoded_image,
    image_files,
    offers_image,
)
from studio.ui.edit.panel_style import ThemedPanel
from studio.ui.edit.panel_thumbs import PanelThumbnails
from studio.ui.edit.tray_slot import THUMB, TraySlotTile
from studio.ui.edit.values import TraySlot

DEFAULT_LIMIT = 16
MARKER_WIDTH = 3


class ReferenceTray(ThemedPanel):
    """The ordered input pictures of an edit (see the module docstring).

    Signals:
        files_dropped(list[Path]): image files were dropped (or pasted as files).
        image_pasted(bytes): encoded image bytes were pasted or dropped (a screenshot on the
            clipboard arrives as PNG, encoded in a worker thread).
        order_changed(list[str]): the references' keys in their new order (base not included).
        removed(str): this reference was removed from the tray.
        add_requested(): "Add image…" was pressed (the page opens a file dialog).
    """

    files_dropped = Signal(list)
    image_pasted = Signal(bytes)
    order_changed = Signal(list)
    removed = Signal(str)
    add_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, thumbnails: PanelThumbnails | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referenceTray")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Reference images"))
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._owns_thumbnails = thumbnails is None
        self.thumbnails = thumbnails if thumbnails is not None else PanelThumbnails(self)
        self.thumbnails.ready.connect(self._on_thumbnail_ready)
        self._base: TraySlot | None = None
        self._references: list[TraySlot] = []
        self._limit = DEFAULT_LIMIT
        self._model_label = ""
        self._tiles: dict[str, TraySlotTile] = {}
        self._pool: dict[tuple[str, bool], TraySlotTile] = {}
        self._base_tile: TraySlotTile | None = None

        title = QLabel(self.tr("References"), self)
        title.setProperty("sectionTitle", True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("trayCount")
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("trayAddButton")
        self.add_button.setProperty("cardButton", True)
        self.add_button.setText(self.tr("Add image…"))
        self.add_button.setAccessibleName(self.tr("Add image…"))
        self.add_button.setToolTip(self.tr("Add a reference picture from a file"))
        self.add_button.clicked.connect(self.add_requested)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(title)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.add_button)

        self.slots = QWidget(self)
        self.slots.setObjectName("traySlots")
        self._row = QHBoxLayout(self.slots)
        self._row.setContentsMargins(4, 4, 4, 4)
        self._row.setSpacing(8)
        self.add_tile = QToolButton(self.slots)
        self.add_tile.setObjectName("trayAddSlot")
        self.add_tile.setText(self.tr("+\nDrop or\npaste"))
        self.add_tile.setFixedSize(THUMB + 8, THUMB + 40)
        self.add_tile.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_tile.clicked.connect(self.add_requested)
        self._marker = QFrame(self.slots)
        self._marker.setObjectName("trayDropMarker")
        self._marker.setFixedWidth(MARKER_WIDTH)
        self._marker.hide()

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("trayScroll")
        self.scroll_area.setAccessibleName(self.tr("Reference images"))
        self.scroll_area.setWidget(self.slots)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.note = QLabel(self)
        self.note.setObjectName("trayLimitNote")
        self.note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.scroll_area)
        layout.addWidget(self.note)
        self.apply_style()
        self._rebuild()

    # -- public --------------------------------------------------------------------------

    @property
    def limit(self) -> int:
        """How many pictures (base included) the model takes."""
        return self._limit

    def set_base(self, slot: TraySlot | None) -> None:
        """The picture in slot 1 (the current version), or None before one is open."""
        self._base = slot
        self._rebuild()

    def set_references(self, slots: Sequence[TraySlot]) -> None:
        """The references, slot 2 onwards, in order."""
        self._references = list(slots)
        self._rebuild()

    def set_limit(self, limit: int, model_label: str) -> None:
        """The model takes ``limit`` pictures in all (base included); ``model_label`` names it."""
        self._limit = max(1, limit)
        self._model_label = model_label
        self._rebuild()

    def references(self) -> list[str]:
        """The references' keys in order (base not included)."""
        return [slot.key for slot in self._references]

    def sent_keys(self) -> list[str]:
        """The keys an edit would send now: base first, then references, within the limit."""
        keys = ([self._base.key] if self._base is not None else []) + self.references()
        return keys[: self._limit]

    def slot_titles(self) -> list[str]:
        """Each slot's label, base first ("1 · base (the mask applies here)", "2", …)."""
        tiles = ([self._base_tile] if self._base_tile is not None else []) + [
            self._tiles[slot.key] for slot in self._references
        ]
        return [tile.title for tile in tiles]

    def tile(self, key: str) -> TraySlotTile | None:
        """The slot showing ``key`` (the base's too)."""
        if self._base_tile is not None and self._base_tile.key == key:
            return self._base_tile
        return self._tiles.get(key)

    def is_sent(self, key: str) -> bool:
        """True when ``key`` is within the model's limit."""
        return key in self.sent_keys()

    def move_reference(self, key: str, index: int) -> None:
        """Move reference ``key`` to position ``index`` among the references; reports it."""
        keys = self.references()
        if key not in keys:
            return
        old = keys.index(key)
        index = max(0, min(index, len(keys) - 1))
        if index == old:
            return
        slot = self._references.pop(old)
        self._references.insert(index, slot)
        self._rebuild()
        self.order_changed.emit(self.references())
        moved = self._tiles.get(key)
        if moved is not None:
            moved.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_reference(self, key: str) -> None:
        """Take reference ``key`` out of the tray; reports it."""
        keys = self.references()
        if key not in keys:
            return
        index = keys.index(key)
        del self._references[index]
        self._rebuild()
        self.removed.emit(key)
        neighbours = self.references()
        if neighbours:
            self._tiles[neighbours[min(index, len(neighbours) - 1)]].setFocus()
        elif self._base_tile is not None:
            self._base_tile.setFocus()

    def paste(self) -> bool:
        """Add what the clipboard holds, if it is a picture (Ctrl+V); True when it was."""
        mime = QGuiApplication.clipboard().mimeData()
        return mime is not None and self.take_mime(mime)

    def take_mime(self, mime: QMimeData) -> bool:
        """Report the pictures ``mime`` brings (files, or bytes); True when it brought any."""
        files = image_files(mime)
        if files:
            self.files_dropped.emit(files)
            return True
        data = encoded_image(mime)
        if data is not None:
            self.image_pasted.emit(data)
            return True
        image = decoded_image(mime)
        if image is not None:
            encode_png_later(image, self._on_png_encoded)
            return True
        return False

    def shutdown(self) -> None:
        """Stop decoding thumbnails (call when the page closes; thumbnails handed in by the
        page are the page's to shut down)."""
        if self._owns_thumbnails:
            self.thumbnails.shutdown()

    # -- building ------------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Lay the slots out again; tiles are kept per key (so the focus stays on them)."""
        while self._row.count():
            self._row.takeAt(0)
        old = dict(self._pool)
        self._pool.clear()
        self._tiles.clear()
        self._base_tile = None
        order: list[QWidget] = []
        if self._base is not None:
            self._base_tile = self._tile_for(old, self._base, 1, base=True)
            order.append(self._base_tile)
        first = 2 if self._base is not None else 1
        for offset, slot in enumerate(self._references):
            tile = self._tile_for(old, slot, first + offset, base=False)
            self._tiles[slot.key] = tile
            order.append(tile)
        for tile in old.values():  # slots that left the tray
            tile.hide()
            tile.deleteLater()
        for widget in order:
            self._row.addWidget(widget)
            widget.show()
        self._row.addWidget(self.add_tile)
        self._row.addStretch(1)
        order.append(self.add_tile)
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)
        bar = self.scroll_area.horizontalScrollBar().sizeHint().height()
        self.scroll_area.setFixedHeight(self.slots.sizeHint().height() + bar + 2)
        self._update_texts()

    def _tile_for(
        self, old: dict[tuple[str, bool], TraySlotTile], slot: TraySlot, number: int, *, base: bool
    ) -> TraySlotTile:
        tile = old.pop((slot.key, base), None)
        if tile is None:
            tile = TraySlotTile(slot.key, base=base, parent=self.slots)
            tile.remove_requested.connect(self.remove_reference)
            tile.move_requested.connect(self._on_tile_move_requested)
            tile.navigate.connect(self._on_tile_navigate)
        self._pool[(slot.key, base)] = tile
        if base:
            title = self.tr("{number} · base (the mask applies here)").format(number=number)
            tile.set_text(
                self.tr("{number} · base").format(number=number),
                self.tr("the mask applies here"),
                title,
                self._tooltip(title, slot),
            )
        else:
            title = str(number)
            caption = slot.label if number <= self._limit else self.tr("not sent")
            tile.set_text(title, caption, title, self._tooltip(title, slot))
            tile.setAccessibleName(self.tr("Reference {number}").format(number=number))
        tile.set_pixmap(self.thumbnails.pixmap(self._thumb_key(slot.key), slot.thumbnail))
        sent = number <= self._limit
        set_style_flag(tile, "unsent", not sent)
        for part in (tile.thumb, tile.number_label, tile.caption):
            part.setEnabled(sent)
        return tile

    def _tooltip(self, title: str, slot: TraySlot) -> str:
        lines = [title]
        if slot.label:
            lines.append(slot.label)
        if slot.width and slot.height:
            lines.append(f"{slot.width}×{slot.height}")
        return "\n".join(lines)

    def _update_texts(self) -> None:
        count = (1 if self._base is not None else 0) + len(self._references)
        self.count_label.setText(
            self.tr("{count} / {limit}").format(count=count, limit=self._limit)
        )
        self.count_label.setToolTip(
            self.tr("{count} pictures in the tray; {model} takes up to {limit}").format(
                count=count, model=self._model_label or self.tr("this model"), limit=self._limit
            )
        )
        full = count >= self._limit
        self.add_tile.setEnabled(not full)
        self.add_button.setEnabled(not full)
        model = self._model_label or self.tr("This model")
        if count > self._limit:
            first, last = self._limit + 1, count
            if first == last:
                text = self.tr("Slot {first} won't be sent: {model} takes up to {limit} images.")
            else:
                text = self.tr(
                    "Slots {first}–{last} won't be sent: {model} takes up to {limit} images."
                )
            text = text.format(first=first, last=last, model=model, limit=self._limit)
        elif self._limit == 1:
            text = self.tr("{model} takes only the base image; references are not sent.").format(
                model=model
            )
        elif full:
            text = self.tr("The tray is full: {model} takes up to {limit} images.").format(
                model=model, limit=self._limit
            )
        else:
            text = self.tr("Drop or paste pictures to add references; they are sent in this order.")
        self.note.setText(text)
        set_style_flag(self.note, "full", count > self._limit)
        tip = text if full else self.tr("Add a reference: click, drop a picture or press Ctrl+V")
        self.add_tile.setToolTip(tip)
        self.add_tile.setAccessibleName(self.tr("Add a reference"))

    @staticmethod
    def _thumb_key(key: str) -> str:
        return f"tray:{key}"

    # -- events --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+V adds the clipboard's picture."""
        if event.matches(QKeySequence.StandardKey.Paste) and self.paste():
            event.accept()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a slot being moved, or new pictures."""
        mime = event.mimeData()
        if mime.hasFormat(REORDER_MIME) and self._dragged_key(mime) in self.references():
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._show_marker(event.position().toPoint())
        elif offers_image(mime):
            event.acceptProposedAction()
            set_style_flag(self, "dropping", True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Show where a moved slot would land."""
        if event.mimeData().hasFormat(REORDER_MIME):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._show_marker(event.position().toPoint())
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        """Forget the drop marker."""
        self._clear_drop()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Move the slot, or report the new pictures."""
        mime = event.mimeData()
        point = event.position().toPoint()
        self._clear_drop()
        if mime.hasFormat(REORDER_MIME):
            key = self._dragged_key(mime)
            index = self._insertion_index(point)
            keys = self.references()
            if key in keys:
                if index > keys.index(key):
                    index -= 1  # the slot leaves its old place first
                event.setDropAction(Qt.DropAction.MoveAction)
                event.accept()
                self.move_reference(key, index)
            return
        if self.take_mime(mime):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- internals -----------------------------------------------------------------------

    @staticmethod
    def _dragged_key(mime: QMimeData) -> str:
        return bytes(mime.data(REORDER_MIME).data()).decode("utf-8", "replace")

    def _insertion_index(self, point: QPoint) -> int:
        """Where among the references a drop at ``point`` (tray coordinates) lands."""
        x = self.slots.mapFrom(self, point).x()
        index = 0
        for slot in self._references:
            tile = self._tiles[slot.key]
            if x > tile.geometry().center().x():
                index += 1
        return index

    def _show_marker(self, point: QPoint) -> None:
        index = self._insertion_index(point)
        keys = self.references()
        if index < len(keys):
            x = self._tiles[keys[index]].geometry().left() - 5
        elif keys:
            x = self._tiles[keys[-1]].geometry().right() + 3
        elif self._base_tile is not None:
            x = self._base_tile.geometry().right() + 3
        else:
            x = 2
        self._marker.setGeometry(x, 4, MARKER_WIDTH, max(8, self.slots.height() - 8))
        self._marker.show()
        self._marker.raise_()

    def _clear_drop(self) -> None:
        self._marker.hide()
        set_style_flag(self, "dropping", False)

    def _on_tile_move_requested(self, key: str, step: int) -> None:
        keys = self.references()
        if key in keys:
            self.move_reference(key, keys.index(key) + step)

    def _on_tile_navigate(self, key: str, step: int) -> None:
        order: list[QWidget] = []
        if self._base_tile is not None:
            order.append(self._base_tile)
        order.extend(self._tiles[slot.key] for slot in self._references)
        if self.add_tile.isEnabled():
            order.append(self.add_tile)
        current = self.tile(key)
        if current is None or current not in order:
            return
        index = order.index(current) + step
        if 0 <= index < len(order):
            order[index].setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll_area.ensureWidgetVisible(order[index])

    def _on_thumbnail_ready(self, thumb_key: str) -> None:
        if not thumb_key.startswith("tray:"):
            return
        key = thumb_key[len("tray:") :]
        slots = ([self._base] if self._base is not None else []) + self._references
        for slot in slots:
            if slot.key == key:
                tile = self.tile(key)
                if tile is not None:
                    tile.set_pixmap(self.thumbnails.pixmap(thumb_key, slot.thumbnail))

    def _on_png_encoded(self, data: bytes) -> None:
        if shiboken6.isValid(self) and data:
            self.image_pasted.emit(data)
