"""The two views of the version tree: a tree (the side panel) and a strip (narrow windows).

Both drag versions out as files (the tree's ``file_for`` gives each version's file), so a
version dropped on the desktop or a file manager is copied there, as gallery pictures are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QRect, Qt, QUrl
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from studio.ui.common.resources import icon
from studio.ui.edit.values import VersionNode
from studio.ui.edit.version_delegate import NodeRole

FileFor = Callable[[int], Path | None]


def files_mime(nodes: Sequence[VersionNode], file_for: FileFor | None) -> QMimeData | None:
    """File URLs for the versions that have a file (None when none has)."""
    if file_for is None:
        return None
    urls = []
    for node in nodes:
        path = file_for(node.id)
        if path is not None:
            urls.append(QUrl.fromLocalFile(str(path)))
    if not urls:
        return None
    mime = QMimeData()
    mime.setUrls(urls)
    return mime


def _setup(view: QAbstractItemView) -> None:
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setDragEnabled(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
    view.setDefaultDropAction(Qt.DropAction.CopyAction)
    view.setMouseTracking(True)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


class VersionTreeView(QTreeWidget):
    """The versions as a tree; rows drag out as files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionTreeView")
        self.file_for: FileFor | None = None
        _setup(self)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        self.setExpandsOnDoubleClick(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def drawRow(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The row without the style's selection fill (the delegate draws its own)."""
        plain = QStyleOptionViewItem(option)
        palette = QPalette(plain.palette)  # type: ignore[attr-defined]
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, Qt.GlobalColor.transparent)
        plain.palette = palette  # type: ignore[attr-defined]
        super().drawRow(painter, plain, index)

    def drawBranches(
        self, painter: QPainter, rect: QRect, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Only the expand arrow (the style would paint the selection over the indent)."""
        if not self.model().hasChildren(index):
            return
        name = "chevron_down" if self.isExpanded(index) else "chevron_right"
        color = self.palette().color(QPalette.ColorRole.PlaceholderText)
        side = 14
        area = QRect(
            rect.right() - self.indentation() + 1, rect.top(), self.indentation(), rect.height()
        )
        target = QRect(area.center().x() - side // 2, area.center().y() - side // 2, side, side)
        icon(name, color).paint(painter, target)

    def mimeTypes(self) -> list[str]:
        """Files."""
        return ["text/uri-list"]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        """The dragged versions' files."""
        nodes = [item.data(0, NodeRole) for item in items]
        mime = files_mime([n for n in nodes if isinstance(n, VersionNode)], self.file_for)
        return mime if mime is not None else QMimeData()


class VersionStripView(QListWidget):
    """The versions in one scrolling row of tiles, in the tree's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionStripView")
        self.file_for: FileFor | None = None
        _setup(self)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def mimeTypes(self) -> list[str]:
        """Files."""
        return ["text/uri-list"]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        """The dragged versions' files."""
        nodes = [item.data(NodeRole) for item in items]
        mime = files_mime([n for n in nodes if isinstance(n, VersionNode)], self.file_for)
        return mime if mime is not None else QMimeData()
