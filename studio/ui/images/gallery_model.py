"""The gallery as a Qt list model: pages of rows read from the store as the view scrolls.

Rows come newest first (the store's order). ``fetchMore`` reads one page at a time, so a gallery
of thousands opens as fast as one of ten. Thumbnails are requested when a row is painted and
arrive later from the :class:`ThumbnailCache`; the row is then repainted.
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
)

from studio.ui.images.protocols import Gallery, GalleryEntry, thumbnail_key
from studio.ui.images.thumbnails import ThumbnailCache

PAGE_SIZE = 200
ItemRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
FailedRole = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex


class GalleryModel(QAbstractListModel):
    """Gallery items (optionally filtered by model and text), loaded page by page."""

    def __init__(
        self,
        gallery: Gallery,
        thumbnails: ThumbnailCache,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._gallery = gallery
        self._thumbnails = thumbnails
        self._page_size = page_size
        self._items: list[GalleryEntry] = []
        self._rows_by_key: dict[str, list[int]] = {}
        self._total = 0
        self._model_filter: str | None = None
        self._text_filter: str | None = None
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self.reload()

    # -- filters and loading ---------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many items match the filters (loaded or not)."""
        return self._total

    @property
    def filters(self) -> tuple[str | None, str | None]:
        """The model and text filters in force."""
        return self._model_filter, self._text_filter

    def set_filters(self, model: str | None, text: str | None) -> None:
        """Show only ``model``'s pictures and prompts containing ``text`` (None: all)."""
        model = model or None
        text = (text or "").strip() or None
        if (model, text) == (self._model_filter, self._text_filter):
            return
        self._model_filter, self._text_filter = model, text
        self.reload()

    def reload(self) -> None:
        """Read the rows again (new pictures, a delete); as many as were loaded."""
        wanted = max(self._page_size, len(self._items))
        self.beginResetModel()
        self._total = self._gallery.count(self._model_filter, self._text_filter)
        self._items = list(
            self._gallery.list(self._model_filter, self._text_filter, limit=wanted, offset=0)
        )
        self._index_rows()
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """True while rows beyond those loaded match."""
        return not parent.isValid() and len(self._items) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """Load the next page of rows."""
        if parent.isValid():
            return
        more = list(
            self._gallery.list(
                self._model_filter,
                self._text_filter,
                limit=self._page_size,
                offset=len(self._items),
            )
        )
        if not more:
            self._total = len(self._items)
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._items.extend(more)
        for row in range(first, len(self._items)):
            self._rows_by_key.setdefault(thumbnail_key(self._items[row]), []).append(row)
        self.endInsertRows()

    # -- lookups ---------------------------------------------------------------------------

    def item(self, row: int) -> GalleryEntry | None:
        """The item on ``row`` (None outside the loaded rows)."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int:
        """The row of item ``item_id`` among the loaded rows, or -1."""
        return next((row for row, item in enumerate(self._items) if item.id == item_id), -1)

    # -- the model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Thumbnail, tooltip, accessible text and the item itself."""
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.request(thumbnail_key(item), item.path)
        if role == FailedRole:
            return self._thumbnails.failed(thumbnail_key(item))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.DisplayRole):
            return item.prompt if role == Qt.ItemDataRole.AccessibleTextRole else None
        if role == ItemRole:
            return item
        if role == IdRole:
            return item.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Selectable, and draggable out to other applications."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        """Files, as other applications take them."""
        return ["text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """The files of the dragged items as URLs (and their paths as text)."""
        mime = QMimeData()
        paths = []
        for index in indexes:
            item = self.item(index.row())
            if item is not None and item.path not in paths:
                paths.append(item.path)
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
        mime.setText("\n".join(str(path) for path in paths))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        """Other applications get a copy."""
        return Qt.DropAction.CopyAction

    # -- internals -------------------------------------------------------------------------

    def _index_rows(self) -> None:
        self._rows_by_key = {}
        for row, item in enumerate(self._items):
            self._rows_by_key.setdefault(thumbnail_key(item), []).append(row)

    def _on_thumbnail_ready(self, key: str) -> None:
        for row in self._rows_by_key.get(key, ()):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _tooltip(self, item: GalleryEntry) -> str:
        when = datetime.datetime.fromtimestamp(item.created_at).strftime("%Y-%m-%d %H:%M")
        prompt = item.prompt if len(item.prompt) <= 300 else item.prompt[:299] + "…"
        return f"{prompt}\n{item.model} · {item.width}×{item.height} · {when}"
