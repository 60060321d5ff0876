"""The gallery: filters, the thumbnail grid, the undo bar and the details of the selection."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.ui.images.details_panel import DetailsPanel
from studio.ui.images.gallery_actions import GalleryActions
from studio.ui.images.gallery_delegate import ThumbnailDelegate
from studio.ui.images.gallery_model import GalleryModel
from studio.ui.images.icons import page_icon
from studio.ui.images.protocols import Gallery, GalleryEntry
from studio.ui.images.thumbnails import ThumbnailCache
from studio.ui.images.undo_bar import UndoBar

SEARCH_DELAY_MS = 250


class GalleryView(QListView):
    """The thumbnail grid (objectName ``imageGallery``); items drag out as files.

    Each job's pictures follow a header row as wide as the view (see the delegate), so every
    job starts a line. Headers are disabled items: arrows, clicks and drags pass them by; Home,
    End and the page keys land on the nearest picture.

    Signals:
        open_requested(QModelIndex): Enter on the current picture.
    """

    open_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageGallery")
        self.setAccessibleName(self.tr("Gallery"))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSpacing(0)
        self.setWrapping(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(100)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Headers are exactly as wide as the viewport: never scroll sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(24)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the current picture (double-click does too)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            event.accept()
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Like the grid's own moves, but never onto a job header."""
        model = self.model()
        if not isinstance(model, GalleryModel):
            return super().moveCursor(cursorAction, modifiers)
        action = QAbstractItemView.CursorAction
        if cursorAction == action.MoveHome:
            return model.index(model.row_at(0)) if model.item_count else QModelIndex()
        if cursorAction == action.MoveEnd:
            last = model.item_count - 1
            return model.index(model.row_at(last)) if last >= 0 else QModelIndex()
        index = super().moveCursor(cursorAction, modifiers)
        if index.isValid() and model.item(index.row()) is None:  # a header: its first picture
            row = model.row_at(model.number_at(index.row()))
            return model.index(row) if row >= 0 else self.currentIndex()
        return index


class GalleryPanel(QWidget):
    """Everything about saved pictures.

    Signals:
        notice(str): a passing message for the status bar.
    """

    notice = Signal(str)

    def __init__(
        self,
        gallery: Gallery,
        thumbnails: ThumbnailCache,
        parent: QWidget | None = None,
        *,
        editing_available: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("galleryPanel")
        self._gallery = gallery
        color = self.palette().color(QPalette.ColorRole.Text)
        self.model = GalleryModel(gallery, thumbnails, self)
        self.gallery_actions = GalleryActions(
            thumbnails, self, color=color, editing_available=editing_available
        )

        title = QLabel(self.tr("Gallery"), self)
        title.setObjectName("galleryTitle")
        title.setProperty("sectionTitle", True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("galleryCount")
        self.model_filter = QComboBox(self)
        self.model_filter.setObjectName("galleryModelFilter")
        self.model_filter.setAccessibleName(self.tr("Show pictures of one model"))
        self.model_filter.setToolTip(self.tr("Show the pictures of one model"))
        self.model_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_filter.setMinimumContentsLength(7)
        self.search = QLineEdit(self)
        self.search.setObjectName("gallerySearch")
        self.search.setAccessibleName(self.tr("Search prompts"))
        self.search.setPlaceholderText(self.tr("Search prompts…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(page_icon("search", color), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(120)
        self.search.setMaximumWidth(260)
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(16, 10, 12, 6)
        toolbar.setSpacing(6)
        toolbar.addWidget(title)
        toolbar.addWidget(self.count_label)
        toolbar.addStretch(1)
        toolbar.addWidget(self.model_filter)
        toolbar.addWidget(self.search, 1)

        self.undo_bar = UndoBar(self)
        self.view = GalleryView(self)
        self.delegate = ThumbnailDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setModel(self.model)
        self.view.addAction(self.gallery_actions.delete_action)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("galleryEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)
        self.details = DetailsPanel(self.gallery_actions, thumbnails, self)

        undo_row = QHBoxLayout()
        undo_row.setContentsMargins(16, 0, 16, 4)
        undo_row.addWidget(self.undo_bar)
        grid_column = QVBoxLayout()
        grid_column.setContentsMargins(0, 0, 0, 0)
        grid_column.setSpacing(0)
        grid_column.addLayout(toolbar)
        grid_column.addLayout(undo_row)
        grid_column.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(grid_column, 1)
        layout.addWidget(self.details)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filters)
        self.model_filter.currentIndexChanged.connect(self.apply_filters)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.open_requested.connect(self._on_view_activated)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.model.modelReset.connect(self._on_rows_changed)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.gallery_actions.delete_requested.connect(self.delete_item)
        self.gallery_actions.notice.connect(self.notice)
        self.undo_bar.undo_requested.connect(self.restore_item)
        self._refresh_model_filter()
        self._on_rows_changed()

    # -- public --------------------------------------------------------------------------

    @property
    def current_item(self) -> GalleryEntry | None:
        """The selected picture."""
        return self.details.item

    def refresh(self) -> None:
        """Read the gallery again (new pictures arrived, or one was deleted/restored)."""
        keep = self.current_item.id if self.current_item is not None else None
        self._refresh_model_filter()
        self.model.reload()
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:  # among the loaded rows: select again, without scrolling
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        else:
            self._show_item(None)

    def select_item(self, item_id: int) -> bool:
        """Select the picture ``item_id`` (loading pages until it shows); False if absent."""
        row = self.model.row_of(item_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(item_id)
        if row < 0:
            return False
        index = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)
        return True

    def apply_filters(self) -> None:
        """Apply the model filter and the search text now."""
        self._search_timer.stop()
        model = self.model_filter.currentData()
        self.model.set_filters(model if isinstance(model, str) else None, self.search.text())

    def delete_item(self, item_id: int) -> None:
        """Delete a picture (it can be brought back from the undo bar)."""
        number = self.model.number_of(item_id)
        if self._gallery.delete(item_id) is False:
            return
        self.refresh()
        if self.model.item_count:  # select the picture that took its place (or the last)
            next_item = self.model.item_at(min(max(number, 0), self.model.item_count - 1))
            if next_item is not None:
                self.select_item(next_item.id)
        self.undo_bar.offer(item_id, self.tr("Picture deleted."))

    def restore_item(self, item_id: int) -> None:
        """Bring a deleted picture back."""
        self._gallery.restore(item_id)
        self.refresh()
        self.select_item(item_id)
        self.notice.emit(self.tr("Picture restored"))

    # -- internals -----------------------------------------------------------------------

    def _refresh_model_filter(self) -> None:
        current = self.model_filter.currentData()
        self.model_filter.blockSignals(True)
        self.model_filter.clear()
        self.model_filter.addItem(self.tr("All models"), None)
        for name in self._gallery.models():
            self.model_filter.addItem(name, name)
        index = self.model_filter.findData(current) if isinstance(current, str) else 0
        self.model_filter.setCurrentIndex(max(0, index))
        self.model_filter.blockSignals(False)

    def _on_rows_changed(self) -> None:
        total = self.model.total
        self.count_label.setText(
            self.tr("1 picture")
            if total == 1
            else self.tr("{count} pictures").format(count=f"{total:,}")
        )
        if total:
            self.stack.setCurrentWidget(self.view)
        else:
            filtered = any(self.model.filters)
            self.empty_label.setText(
                self.tr("No pictures match. Try other words or another model.")
                if filtered
                else self.tr("Nothing here yet. Every picture is saved here the moment it arrives.")
            )
            self.stack.setCurrentWidget(self.empty_label)
        if self.current_item is not None and self.model.row_of(self.current_item.id) < 0:
            self._show_item(None)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_item(self.model.item(current.row()) if current.isValid() else None)

    def _show_item(self, item: GalleryEntry | None) -> None:
        self.details.set_item(item)
        self.gallery_actions.set_item(item)

    def _on_view_activated(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        if item is not None:
            self.gallery_actions.open_requested.emit(item.id)

    def _on_context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid() or self.model.item(index.row()) is None:  # empty, or a header
            return
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.gallery_actions.refresh_edit_state()
        menu = QMenu(self)
        menu.setObjectName("galleryContextMenu")
        for number, action in enumerate(self.gallery_actions.actions):
            if number in (3, 6, 8):
                menu.addSeparator()
            menu.addAction(action)
        menu.popup(self.view.viewport().mapToGlobal(position))
