"""The gallery as a Qt list model: pages of rows read from the store as the view scrolls.

Pictures come newest job first (the store's order), each job under a header row
(:class:`~studio.ui.images.gallery_groups.JobHeader`: prompt, model, date, count). Headers are
neither enabled nor selectable, so the view's keyboard moves, clicks and drags pass them by;
:meth:`GalleryModel.item` is None on them. ``fetchMore`` reads one page at a time, and a page
always ends with a whole job (the few pictures of the last job that the page cut off are read
with it), so a header's count is right from the start. A gallery of thousands opens as fast as
one of ten. Thumbnails are requested when a row is painted and arrive later from the
:class:`ThumbnailCache`; the row is then repainted.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
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

from studio.ui.images.gallery_groups import GalleryRows, JobHeader
from studio.ui.images.protocols import Gallery, GalleryEntry, thumbnail_key
from studio.ui.images.thumbnails import ThumbnailCache

PAGE_SIZE = 200
TAIL_SIZE = 16  # pictures read at a time to finish the job a page cut off
ItemRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
FailedRole = Qt.ItemDataRole.UserRole + 3
HeaderRole = Qt.ItemDataRole.UserRole + 4

AnyIndex = QModelIndex | QPersistentModelIndex


class GalleryModel(QAbstractListModel):
    """Gallery pictures (optionally filtered by model and text) under one header per job,
    loaded page by page.

    A *row* is a position in the view (header or picture); a picture's *number* counts the
    pictures alone (see :mod:`studio.ui.images.gallery_groups`).
    """

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
        self._page_size = max(1, page_size)
        self._rows = GalleryRows()
        self._total = 0
        self._model_filter: str | None = None
        self._text_filter: str | None = None
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self.reload()

    # -- filters and loading ---------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many pictures match the filters (loaded or not)."""
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
        """Read the rows again (new pictures, a delete); as many pictures as were loaded."""
        wanted = max(self._page_size, self._rows.item_count)
        self.beginResetModel()
        self._total = self._gallery.count(self._model_filter, self._text_filter)
        self._rows.clear()
        self._rows.extend(self._read(0, wanted))
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """True while pictures beyond those loaded match."""
        return not parent.isValid() and self._rows.item_count < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """Load the next page of pictures (and the rest of the last job it reaches)."""
        if parent.isValid():
            return
        more = self._read(self._rows.item_count, self._page_size)
        # Pictures already loaded (the rows moved under us since the last page) are skipped.
        fresh: dict[int, GalleryEntry] = {}
        for entry in more:
            if self._rows.number_of(entry.id) < 0:
                fresh.setdefault(entry.id, entry)
        added = self._count_new_rows(list(fresh.values()))
        if added == 0:  # the store has no more (it changed since): stop asking
            self._total = self._rows.item_count
            return
        before = len(self._rows)
        self.beginInsertRows(QModelIndex(), before, before + added - 1)
        appended = self._rows.extend(fresh.values())
        self.endInsertRows()
        for row in appended.grown:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    # -- lookups ---------------------------------------------------------------------------

    @property
    def item_count(self) -> int:
        """How many pictures are loaded (headers not counted)."""
        return self._rows.item_count

    def items(self) -> list[GalleryEntry]:
        """The loaded pictures, in order."""
        return self._rows.items

    def item(self, row: int) -> GalleryEntry | None:
        """The picture on ``row`` (None on a header and outside the loaded rows)."""
        return self._rows.item(row)

    def header(self, row: int) -> JobHeader | None:
        """The job header on ``row`` (None on a picture and outside the loaded rows)."""
        return self._rows.header(row)

    def headers(self) -> list[JobHeader]:
        """The loaded job headers, in order."""
        found = (self._rows.header(row) for row in range(len(self._rows)))
        return [header for header in found if header is not None]

    def row_of(self, item_id: int) -> int:
        """The row of picture ``item_id`` among the loaded rows, or -1."""
        return self._rows.row_of(item_id)

    def number_of(self, item_id: int) -> int:
        """The number of picture ``item_id`` among the loaded pictures, or -1."""
        return self._rows.number_of(item_id)

    def number_at(self, row: int) -> int:
        """The number of the picture on ``row`` (on a header: its job's first picture)."""
        return self._rows.number_at(row)

    def item_at(self, number: int) -> GalleryEntry | None:
        """Loaded picture number ``number`` (None outside)."""
        return self._rows.item_at(number)

    def row_at(self, number: int) -> int:
        """The row of picture number ``number`` (-1 outside the loaded pictures)."""
        return self._rows.row_at(number)

    # -- the model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows loaded so far (headers and pictures)."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Thumbnail, tooltip, accessible text and the item (or header) itself."""
        found = self._rows.row(index.row()) if index.isValid() else None
        if found is None:
            return None
        if isinstance(found, JobHeader):
            return self._header_data(found, role)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.request(thumbnail_key(found), found.path)
        if role == FailedRole:
            return self._thumbnails.failed(thumbnail_key(found))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(found)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return found.prompt
        if role == ItemRole:
            return found
        if role == IdRole:
            return found.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Pictures: selectable, and draggable out to other applications; headers: neither
        (nor enabled, so the view's keyboard moves skip them)."""
        if not index.isValid() or self._rows.item(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        """Files, as other applications take them."""
        return ["text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """The files of the dragged pictures as URLs (and their paths as text)."""
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

    def _read(self, offset: int, limit: int) -> list[GalleryEntry]:
        """``limit`` pictures from ``offset``, plus the rest of the last one's job."""
        filters = (self._model_filter, self._text_filter)
        page = list(self._gallery.list(*filters, limit=limit, offset=offset))
        while len(page) >= limit:  # a full page: its last job may go on
            tail = self._gallery.list(*filters, limit=TAIL_SIZE, offset=offset + len(page))
            same = _leading_job(tail, page[-1].job_id)
            page.extend(same)
            if len(same) < TAIL_SIZE:
                break
        return page

    def _count_new_rows(self, entries: Sequence[GalleryEntry]) -> int:
        """How many rows :meth:`GalleryRows.extend` will add for ``entries``."""
        last = self._rows.item_at(self._rows.item_count - 1)
        job = last.job_id if last is not None else None
        rows = 0
        for entry in entries:
            if entry.job_id != job:
                rows += 1
                job = entry.job_id
            rows += 1
        return rows

    def _on_thumbnail_ready(self, key: str) -> None:
        for row in self._rows.rows_of_key(key):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _header_data(self, header: JobHeader, role: int) -> Any:
        if role == HeaderRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            return header.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return header.accessible_text
        return None

    def _tooltip(self, item: GalleryEntry) -> str:
        when = datetime.datetime.fromtimestamp(item.created_at).strftime("%Y-%m-%d %H:%M")
        prompt = item.prompt if len(item.prompt) <= 300 else item.prompt[:299] + "…"
        return f"{prompt}\n{item.model} · {item.width}×{item.height} · {when}"


def _leading_job(entries: Sequence[GalleryEntry], job_id: int) -> list[GalleryEntry]:
    """The first entries of ``entries`` that belong to job ``job_id``."""
    same: list[GalleryEntry] = []
    for entry in entries:
        if entry.job_id != job_id:
            break
        same.append(entry)
    return same
