"""The session's versions: a tree of results (parent → children, branches kept), or a strip.

Each row shows the thumbnail, the name (``v3``) and prompt, the model and cost, and the round's
status when it did not finish (interrupted, failed, cancelled, running). The base being
edited is highlighted. Selecting a version reports it; two versions are picked with
Ctrl+click (or "Compare with…" then a click) and compared. "Continue from here" makes a
version the new base. Versions drag out to the desktop as files (:attr:`VersionTree.file_for`).

The layout of branches is :mod:`studio.ui.edit.version_layout`'s; the painting
:mod:`studio.ui.edit.version_delegate`'s. A hundred versions fill the tree at once: rows are
plain items drawn by the delegate, and thumbnails are decoded only for rows on screen.
``set_compact(True)`` switches to a one-row strip for narrow windows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMenu,
    QStackedWidget,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.ui.edit import version_layout
from studio.ui.edit.panel_style import ThemedPanel
from studio.ui.edit.panel_thumbs import PanelThumbnails
from studio.ui.edit.values import VersionNode
from studio.ui.edit.version_delegate import (
    TILE_HEIGHT,
    NodeRole,
    NumberRole,
    ParentNoteRole,
    VersionDelegate,
)
from studio.ui.edit.version_text import tooltip, version_name
from studio.ui.edit.version_views import FileFor, VersionStripView, VersionTreeView

PICTURE_STATUSES = frozenset({"done"})


class VersionTree(ThemedPanel):
    """The versions of the open session (see the module docstring).

    Signals:
        version_selected(int): one version was selected (show it).
        continue_from(int): make this version the base of the next round.
        compare_requested(int, int): compare these versions (older first; a version with its
            parent: the parent first).
        export_requested(int), copy_requested(int), send_to_chat(int), add_to_gallery(int),
            new_session_requested(int):
            take this version out.
    """

    version_selected = Signal(int)
    continue_from = Signal(int)
    compare_requested = Signal(int, int)
    export_requested = Signal(int)
    copy_requested = Signal(int)
    send_to_chat = Signal(int)
    add_to_gallery = Signal(int)
    new_session_requested = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, *, thumbnails: PanelThumbnails | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("versionTree")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Versions"))
        self._owns_thumbnails = thumbnails is None
        self.thumbnails = thumbnails if thumbnails is not None else PanelThumbnails(self)
        self.thumbnails.ready.connect(self._on_thumbnail_ready)
        self._nodes: dict[int, VersionNode] = {}
        self._numbers: dict[int, int] = {}
        self._current: int | None = None
        self._file_for: FileFor | None = None
        self._compact = False
        self._picked: list[int] = []  # the selection, in the order it was made
        self._picking: int | None = None  # "Compare with…": waiting for the second version
        self._last_selected: int | None = None
        self._tree_items: dict[int, QTreeWidgetItem] = {}
        self._strip_items: dict[int, QListWidgetItem] = {}
        self._built = {"tree": False, "strip": False}

        title = QLabel(self.tr("Versions"), self)
        title.setProperty("sectionTitle", True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("versionCount")
        self.count_label.setProperty("hint", True)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(title)
        header.addWidget(self.count_label)
        header.addStretch(1)

        self.tree_view = VersionTreeView(self)
        self.tree_view.setAccessibleName(self.tr("Version tree"))
        self.strip_view = VersionStripView(self)
        self.strip_view.setAccessibleName(self.tr("Versions"))
        self.strip_view.setFixedHeight(TILE_HEIGHT + 24)
        palette = self.palette()
        self.tree_delegate = self._delegate(compact=False, palette=palette)
        self.strip_delegate = self._delegate(compact=True, palette=palette)
        self.tree_view.setItemDelegate(self.tree_delegate)
        self.strip_view.setItemDelegate(self.strip_delegate)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree_view)
        self.stack.addWidget(self.strip_view)
        for view in (self.tree_view, self.strip_view):
            view.itemSelectionChanged.connect(self._on_selection_changed)
            view.customContextMenuRequested.connect(partial(self._on_context_menu, view))
        self.tree_view.itemActivated.connect(self._on_tree_item_activated)
        self.strip_view.itemActivated.connect(self._on_strip_item_activated)

        self.compare_bar = QWidget(self)
        self.compare_bar.setObjectName("versionCompareBar")
        self.compare_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.compare_hint = QLabel(self.compare_bar)
        self.compare_hint.setObjectName("versionHint")
        self.compare_hint.setWordWrap(True)
        self.cancel_pick_button = QToolButton(self.compare_bar)
        self.cancel_pick_button.setObjectName("versionCancelPickButton")
        self.cancel_pick_button.setProperty("cardButton", True)
        self.cancel_pick_button.setText(self.tr("Cancel"))
        self.cancel_pick_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_pick_button.clicked.connect(self.cancel_pick)
        bar = QHBoxLayout(self.compare_bar)
        bar.setContentsMargins(10, 4, 4, 4)
        bar.addWidget(self.compare_hint, 1)
        bar.addWidget(self.cancel_pick_button)
        self.compare_bar.hide()

        self.continue_button = self._button("versionContinueButton", self.tr("Continue from here"))
        self.continue_button.setAccessibleName(self.tr("Continue from here"))
        self.continue_button.setProperty("primaryButton", True)
        self.continue_button.setProperty("cardButton", False)
        self.continue_button.setToolTip(
            self.tr("Make the selected version the base of the next edit (Enter)")
        )
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.compare_button = self._button("versionCompareButton", self.tr("Compare"))
        self.compare_button.setAccessibleName(self.tr("Compare"))
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.more_button = self._button("versionMoreButton", "⋯")
        self.more_button.setToolTip(self.tr("Export, copy, send to chat, add to the gallery"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more_button)
        self.more_menu.aboutToShow.connect(self._fill_more_menu)
        self.more_button.setMenu(self.more_menu)
        self.more_button.setAccessibleName(self.tr("More actions"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)

        self._copy_action = QAction(self.tr("Copy"), self)
        self._copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self._copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._copy_action.triggered.connect(self._on_copy_shortcut)
        self._escape_action = QAction(self.tr("Cancel"), self)
        self._escape_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self._escape_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape_action.triggered.connect(self.cancel_pick)
        self.addAction(self._copy_action)
        self.addAction(self._escape_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.compare_bar)
        layout.addLayout(buttons)
        self.apply_style()
        self._rebuild()

    # -- public: content -----------------------------------------------------------------

    @property
    def file_for(self) -> FileFor | None:
        """Gives a version's file for dragging it out (None: versions do not drag)."""
        return self._file_for

    @file_for.setter
    def file_for(self, provider: FileFor | None) -> None:
        self._file_for = provider
        self.tree_view.file_for = provider
        self.strip_view.file_for = provider

    def set_versions(self, nodes: Sequence[VersionNode], current: int | None = None) -> None:
        """Show ``nodes`` (any order); ``current`` is the base being edited."""
        self._nodes = {node.id: node for node in nodes}
        self._current = current
        self._rebuild()

    def update_version(self, node: VersionNode) -> None:
        """Add ``node`` or replace the version with its id (a round that finished)."""
        self._nodes[node.id] = node
        self._rebuild()

    def set_current(self, version_id: int | None) -> None:
        """Highlight ``version_id`` as the base being edited."""
        self._current = version_id
        self._update_buttons()
        self.tree_view.viewport().update()
        self.strip_view.viewport().update()

    @property
    def current(self) -> int | None:
        """The base being edited."""
        return self._current

    def node(self, version_id: int) -> VersionNode | None:
        """The version shown under ``version_id``."""
        return self._nodes.get(version_id)

    def name(self, version_id: int) -> str:
        """``v3`` / ``Original``."""
        node = self._nodes.get(version_id)
        return "" if node is None else version_name(node, self._numbers.get(version_id, 0))

    def tree_item(self, version_id: int) -> QTreeWidgetItem | None:
        """The tree's row for ``version_id`` (built even while the strip shows)."""
        self._ensure_built("tree")
        return self._tree_items.get(version_id)

    def strip_item(self, version_id: int) -> QListWidgetItem | None:
        """The strip's tile for ``version_id``."""
        self._ensure_built("strip")
        return self._strip_items.get(version_id)

    # -- public: selection and modes -------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The selected versions, in the order they were picked (at most two)."""
        return list(self._picked)

    def select(self, version_id: int) -> None:
        """Select only ``version_id`` (and scroll to it)."""
        view = self._view()
        if self._compact:
            item = self._strip_items.get(version_id)
            if item is not None:
                self.strip_view.setCurrentItem(item)
                self.strip_view.scrollToItem(item)
        else:
            tree_item = self._tree_items.get(version_id)
            if tree_item is not None:
                self.tree_view.setCurrentItem(tree_item)
                self.tree_view.scrollToItem(tree_item)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def pick_compare(self, version_id: int) -> None:
        """ "Compare with…": the next version selected is compared with ``version_id``."""
        if version_id not in self._nodes:
            return
        self._picking = version_id
        self.compare_hint.setText(
            self.tr("Click the version to compare with {name} (Esc cancels)").format(
                name=self.name(version_id)
            )
        )
        self.compare_bar.show()

    def cancel_pick(self) -> None:
        """Leave "Compare with…" without comparing."""
        self._picking = None
        self._update_buttons()

    @property
    def compact(self) -> bool:
        """True while the strip shows instead of the tree."""
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Show the versions as a one-row strip (narrow windows) or as the tree."""
        if compact == self._compact:
            return
        selected = list(self._picked)
        self._compact = compact
        self._ensure_built("strip" if compact else "tree")
        self.stack.setCurrentWidget(self.strip_view if compact else self.tree_view)
        self._restore_selection(selected)

    def shutdown(self) -> None:
        """Stop decoding thumbnails (call when the page closes; thumbnails handed in by the
        page are the page's to shut down)."""
        if self._owns_thumbnails:
            self.thumbnails.shutdown()

    def palette_changed(self, palette: QPalette) -> None:
        """Repaint the rows in the new theme's colours."""
        for delegate in (
            getattr(self, "tree_delegate", None),
            getattr(self, "strip_delegate", None),
        ):
            if delegate is not None:
                delegate.update_colors(palette)

    # -- building ------------------------------------------------------------------------

    def _delegate(self, *, compact: bool, palette: QPalette) -> VersionDelegate:
        return VersionDelegate(
            self,
            compact=compact,
            pixmap_for=self._pixmap_for,
            failed_for=lambda node: self.thumbnails.failed(self._thumb_key(node.id)),
            is_base=lambda version_id: version_id == self._current,
            palette=palette,
        )

    def _button(self, name: str, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setProperty("cardButton", True)
        button.setText(text)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _rebuild(self) -> None:
        selected = list(self._picked)
        if self._picking not in self._nodes:
            self._picking = None
        self._numbers = version_layout.numbers(list(self._nodes.values()))
        self._built = {"tree": False, "strip": False}
        self._ensure_built("strip" if self._compact else "tree")
        count = len(self._nodes)
        self.count_label.setText(str(count) if count else "")
        self._restore_selection([i for i in selected if i in self._nodes])
        self._update_buttons()

    def _ensure_built(self, which: str) -> None:
        if self._built[which]:
            return
        self._built[which] = True
        rows = version_layout.layout(list(self._nodes.values()))
        if which == "tree":
            self._build_tree(rows)
        else:
            self._build_strip(rows)

    def _build_tree(self, rows: Sequence[version_layout.Placed]) -> None:
        view = self.tree_view
        view.blockSignals(True)
        view.clear()
        self._tree_items.clear()

        def add(parent: QTreeWidgetItem | None, placed: Sequence[version_layout.Placed]) -> None:
            for row in placed:
                item = QTreeWidgetItem()
                self._fill(item, row.node)
                self._tree_items[row.node.id] = item
                if parent is None:
                    view.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                add(item, row.nested)

        add(None, rows)
        view.expandAll()
        view.blockSignals(False)

    def _build_strip(self, rows: Sequence[version_layout.Placed]) -> None:
        view = self.strip_view
        view.blockSignals(True)
        view.clear()
        self._strip_items.clear()
        previous: int | None = None
        for node, _depth in version_layout.flatten(rows):
            item = QListWidgetItem()
            parent = node.parent_id if node.parent_id in self._nodes else None
            if parent is not None and parent != previous:
                item.setData(ParentNoteRole, self.tr("from {name}").format(name=self.name(parent)))
            previous = node.id
            item.setData(NodeRole, node)
            item.setData(NumberRole, self._numbers.get(node.id, 0))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self._accessible(node))
            item.setToolTip(self._tooltip(node))
            self._strip_items[node.id] = item
            view.addItem(item)
        view.blockSignals(False)

    def _fill(self, item: QTreeWidgetItem, node: VersionNode) -> None:
        item.setData(0, NodeRole, node)
        item.setData(0, NumberRole, self._numbers.get(node.id, 0))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, self._accessible(node))
        item.setToolTip(0, self._tooltip(node))

    def _accessible(self, node: VersionNode) -> str:
        name = self.name(node.id)
        parts = [name, " ".join(node.prompt.split()), node.model]
        return ", ".join(part for part in parts if part)

    def _tooltip(self, node: VersionNode) -> str:
        parent = node.parent_id if node.parent_id in self._nodes else None
        return tooltip(node, self.name(node.id), self.name(parent) if parent is not None else None)

    def _restore_selection(self, ids: Sequence[int]) -> None:
        view = self._view()
        view.blockSignals(True)
        view.clearSelection()
        for version_id in ids:
            if self._compact:
                strip_item = self._strip_items.get(version_id)
                if strip_item is not None:
                    strip_item.setSelected(True)
            else:
                tree_item = self._tree_items.get(version_id)
                if tree_item is not None:
                    tree_item.setSelected(True)
        view.blockSignals(False)
        self._picked = [i for i in ids if i in self._nodes]
        self._update_buttons()

    # -- thumbnails ----------------------------------------------------------------------

    @staticmethod
    def _thumb_key(version_id: int) -> str:
        return f"version:{version_id}"

    def _pixmap_for(self, node: VersionNode) -> QPixmap | None:
        return self.thumbnails.pixmap(self._thumb_key(node.id), node.thumbnail)

    def _on_thumbnail_ready(self, key: str) -> None:
        if not key.startswith("version:"):
            return
        try:
            version_id = int(key.split(":", 1)[1])
        except ValueError:
            return
        if self._compact:
            strip_item = self._strip_items.get(version_id)
            if strip_item is not None:
                rect = self.strip_view.visualItemRect(strip_item)
                self.strip_view.viewport().update(rect)
        else:
            tree_item = self._tree_items.get(version_id)
            if tree_item is not None:
                self.tree_view.viewport().update(self.tree_view.visualItemRect(tree_item))

    # -- selection and actions -------------------------------------------------------------

    def _view(self) -> QAbstractItemView:
        return self.strip_view if self._compact else self.tree_view

    def _selected_in_view(self) -> list[int]:
        if self._compact:
            items: Sequence[QTreeWidgetItem | QListWidgetItem] = self.strip_view.selectedItems()
            nodes = [item.data(NodeRole) for item in items if isinstance(item, QListWidgetItem)]
        else:
            nodes = [item.data(0, NodeRole) for item in self.tree_view.selectedItems()]
        return [node.id for node in nodes if isinstance(node, VersionNode)]

    def _on_selection_changed(self) -> None:
        now = self._selected_in_view()
        picked = [i for i in self._picked if i in now] + [i for i in now if i not in self._picked]
        if len(picked) > 2:  # keep the two picked last
            for extra in picked[:-2]:
                self._set_selected(extra, False)
            picked = picked[-2:]
        self._picked = picked
        if self._picking is not None and len(picked) >= 1 and picked[-1] != self._picking:
            first, other = self._picking, picked[-1]
            self._picking = None
            self._emit_compare(first, other)
        if len(picked) == 1 and picked[0] != self._last_selected:
            self._last_selected = picked[0]
            self.version_selected.emit(picked[0])
        elif not picked:
            self._last_selected = None
        self._update_buttons()

    def _set_selected(self, version_id: int, selected: bool) -> None:
        view = self._view()
        view.blockSignals(True)
        if self._compact:
            strip_item = self._strip_items.get(version_id)
            if strip_item is not None:
                strip_item.setSelected(selected)
        else:
            tree_item = self._tree_items.get(version_id)
            if tree_item is not None:
                tree_item.setSelected(selected)
        view.blockSignals(False)

    def _has_picture(self, version_id: int | None) -> bool:
        node = self._nodes.get(version_id) if version_id is not None else None
        return node is not None and node.status in PICTURE_STATUSES

    def _single(self) -> int | None:
        return self._picked[0] if len(self._picked) == 1 else None

    def _comparison(self) -> tuple[int, int] | None:
        """The pair the Compare button compares now (None: nothing to compare)."""
        if len(self._picked) == 2:
            first, second = self._picked
            if self._has_picture(first) and self._has_picture(second):
                return self._ordered(first, second)
            return None
        single = self._single()
        node = self._nodes.get(single) if single is not None else None
        if node is None or node.parent_id not in self._nodes or node.parent_id is None:
            return None
        if self._has_picture(node.id) and self._has_picture(node.parent_id):
            return node.parent_id, node.id
        return None

    def _ordered(self, first: int, second: int) -> tuple[int, int]:
        a, b = self._nodes[first], self._nodes[second]
        return (first, second) if (a.created_at, a.id) <= (b.created_at, b.id) else (second, first)

    def _update_buttons(self) -> None:
        single = self._single()
        self.continue_button.setEnabled(
            single is not None and single != self._current and self._has_picture(single)
        )
        two = len(self._picked) == 2
        self.compare_button.setToolTip(
            self.tr("Compare the two selected versions")
            if two
            else self.tr("Compare with the version it was made from (Ctrl+click picks two)")
        )
        self.compare_button.setEnabled(self._comparison() is not None)
        self.more_button.setEnabled(single is not None)
        self.more_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        if self._picking is not None:
            self.cancel_pick_button.show()
            self.compare_bar.show()
        elif two:
            names = [self.name(i) for i in self._picked]
            self.compare_hint.setText(
                self.tr("{first} and {second} selected").format(first=names[0], second=names[1])
            )
            self.cancel_pick_button.hide()
            self.compare_bar.show()
        else:
            self.compare_bar.hide()

    def _emit_compare(self, first: int, second: int) -> None:
        if self._has_picture(first) and self._has_picture(second) and first != second:
            self.compare_requested.emit(*self._ordered(first, second))

    def _on_continue_clicked(self) -> None:
        single = self._single()
        if single is not None and self._has_picture(single):
            self.continue_from.emit(single)

    def _on_compare_clicked(self) -> None:
        pair = self._comparison()
        if pair is not None:
            self.compare_requested.emit(*pair)

    def _on_copy_shortcut(self) -> None:
        single = self._single()
        if single is not None and self._has_picture(single):
            self.copy_requested.emit(single)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self._activate(item.data(0, NodeRole))

    def _on_strip_item_activated(self, item: QListWidgetItem) -> None:
        self._activate(item.data(NodeRole))

    def _activate(self, node: object) -> None:
        picture = isinstance(node, VersionNode) and self._has_picture(node.id)
        if isinstance(node, VersionNode) and picture and node.id != self._current:
            self.continue_from.emit(node.id)

    # -- menus ---------------------------------------------------------------------------

    def _actions_for(self, menu: QMenu, version_id: int) -> None:
        """Fill ``menu`` with what can be done with ``version_id``."""
        picture = self._has_picture(version_id)
        node = self._nodes[version_id]

        def add(text: str, slot: object, enabled: bool = True) -> QAction:
            action = menu.addAction(text)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            return action

        add(
            self.tr("Continue from here"),
            partial(self.continue_from.emit, version_id),
            picture and version_id != self._current,
        )
        parent = node.parent_id if node.parent_id in self._nodes else None
        add(
            self.tr("Compare with parent"),
            partial(self._emit_compare, parent if parent is not None else -1, version_id),
            parent is not None and picture and self._has_picture(parent),
        )
        add(self.tr("Compare with…"), partial(self.pick_compare, version_id), picture)
        menu.addSeparator()
        add(self.tr("Export…"), partial(self.export_requested.emit, version_id), picture)
        add(self.tr("Copy"), partial(self.copy_requested.emit, version_id), picture)
        add(self.tr("Send to chat"), partial(self.send_to_chat.emit, version_id), picture)
        add(self.tr("Add to gallery"), partial(self.add_to_gallery.emit, version_id), picture)
        add(
            self.tr("Open as a new session"),
            partial(self.new_session_requested.emit, version_id),
            picture,
        )

    def _fill_more_menu(self) -> None:
        self.more_menu.clear()
        single = self._single()
        if single is not None:
            self._actions_for(self.more_menu, single)

    def context_menu(self, version_id: int) -> QMenu:
        """The menu a right-click on ``version_id`` opens (built fresh each time)."""
        menu = QMenu(self)
        self._actions_for(menu, version_id)
        return menu

    def _on_context_menu(self, view: QAbstractItemView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        node = index.data(NodeRole) if index.isValid() else None
        if not isinstance(node, VersionNode):
            return
        menu = self.context_menu(node.id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(view.viewport().mapToGlobal(pos))
