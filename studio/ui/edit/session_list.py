"""The Edit page's sessions: each with its thumbnail, last prompt, date and version count.

A click (or Enter) opens a session. "New from file…" and "Paste image" start one; so does
dropping a picture on the list. Delete (the key, or the context menu) reports the session at
once and offers Undo for a few seconds, as the gallery does: the page deletes it (to the
trash) on :attr:`EditSessionList.delete_requested` and brings it back on
:attr:`EditSessionList.restore_requested`. Before the first session an empty state says how
to start.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.edit.panel_mime import encoded_image, image_files, offers_image
from studio.ui.edit.panel_style import ThemedPanel
from studio.ui.edit.panel_thumbs import PanelThumbnails
from studio.ui.edit.session_delegate import RowRole, SessionDelegate
from studio.ui.edit.session_empty import SessionsEmptyState
from studio.ui.edit.session_text import session_details, session_title
from studio.ui.edit.values import SessionRow
from studio.ui.images.undo_bar import UndoBar


class EditSessionList(ThemedPanel):
    """The list of edit sessions (see the module docstring).

    Signals:
        session_opened(int): open this session.
        new_from_file(): "New from file…" (the page shows an open dialog).
        new_from_clipboard(): "Paste image" or Ctrl+V (the page reads the clipboard).
        delete_requested(int): delete this session (Undo is offered).
        restore_requested(int): Undo was pressed: bring this session back.
        files_dropped(list[Path]): image files dropped on the list (new sessions).
        image_dropped(bytes): encoded image data dropped on the list (a new session).
    """

    session_opened = Signal(int)
    new_from_file = Signal()
    new_from_clipboard = Signal()
    delete_requested = Signal(int)
    restore_requested = Signal(int)
    files_dropped = Signal(list)
    image_dropped = Signal(bytes)

    def __init__(
        self, parent: QWidget | None = None, *, thumbnails: PanelThumbnails | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editSessionList")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Edit sessions"))
        self.setAcceptDrops(True)
        self._owns_thumbnails = thumbnails is None
        self.thumbnails = thumbnails if thumbnails is not None else PanelThumbnails(self)
        self.thumbnails.ready.connect(self._on_thumbnail_ready)
        self._rows: list[SessionRow] = []
        self._hidden: set[int] = set()  # deleted here, until the page's next set_sessions
        self._current: int | None = None
        self._items: dict[int, QListWidgetItem] = {}

        title = QLabel(self.tr("Edit sessions"), self)
        title.setProperty("sectionTitle", True)
        self.new_button = QToolButton(self)
        self.new_button.setObjectName("newEditFromFileButton")
        self.new_button.setProperty("primaryButton", True)
        self.new_button.setText(self.tr("New from file…"))
        self.new_button.setAccessibleName(self.tr("New from file…"))
        self.new_button.setToolTip(self.tr("Start an edit session from a picture file"))
        self.new_button.clicked.connect(self.new_from_file)
        self.paste_button = QToolButton(self)
        self.paste_button.setObjectName("pasteEditImageButton")
        self.paste_button.setProperty("cardButton", True)
        self.paste_button.setText(self.tr("Paste image"))
        self.paste_button.setAccessibleName(self.tr("Paste image"))
        self.paste_button.setToolTip(
            self.tr("Start an edit session from the picture on the clipboard (Ctrl+V)")
        )
        self.paste_button.clicked.connect(self.new_from_clipboard)
        self.buttons = QWidget(self)
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)

        self.list = QListWidget(self)
        self.list.setObjectName("editSessionRows")
        self.list.setAccessibleName(self.tr("Edit sessions"))
        self.list.setMouseTracking(True)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_context_menu)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.itemActivated.connect(self._on_item_activated)
        self.delegate = SessionDelegate(
            self.list,
            pixmap_for=self._pixmap_for,
            is_current=lambda session_id: session_id == self._current,
            palette=self.palette(),
        )
        self.list.setItemDelegate(self.delegate)

        self.empty = SessionsEmptyState(self)
        self.empty.open_file.connect(self.new_from_file)
        self.empty.paste_image.connect(self.new_from_clipboard)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)

        self.undo_bar = UndoBar(self)
        self.undo_bar.undo_requested.connect(self._on_undo_requested)

        self._delete_action = QAction(self.tr("Delete"), self)
        self._delete_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self._delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._delete_action.triggered.connect(self._on_delete_shortcut)
        self.list.addAction(self._delete_action)
        self._paste_action = QAction(self.tr("Paste image"), self)
        self._paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self._paste_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._paste_action.triggered.connect(self.new_from_clipboard)
        self.addAction(self._paste_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.buttons)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.undo_bar)

        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self._update_paste)
        self.apply_style()
        self._update_paste()
        self._rebuild()

    # -- public --------------------------------------------------------------------------

    def set_sessions(self, rows: Sequence[SessionRow]) -> None:
        """The sessions, in the order to show them (most recent first, usually)."""
        self._rows = list(rows)
        self._hidden &= {row.id for row in rows}
        self._rebuild()

    def set_current(self, session_id: int | None) -> None:
        """Highlight the open session."""
        self._current = session_id
        item = self._items.get(session_id) if session_id is not None else None
        if item is not None:
            self.list.setCurrentItem(item)
        self.list.viewport().update()

    def session_ids(self) -> list[int]:
        """The sessions shown, top to bottom."""
        return [row.id for row in self._shown()]

    def item(self, session_id: int) -> QListWidgetItem | None:
        """The row of ``session_id``."""
        return self._items.get(session_id)

    def row_lines(self, session_id: int, width: int) -> tuple[str, str]:
        """The two lines ``session_id``'s row shows at ``width`` pixels of text."""
        row = next(r for r in self._rows if r.id == session_id)
        return self.delegate.lines(row, self.list.font(), width)

    @property
    def showing_empty_state(self) -> bool:
        """True while there is no session to list."""
        return self.stack.currentWidget() is self.empty

    def delete(self, session_id: int) -> None:
        """Hide the session, report it and offer Undo."""
        row = next((r for r in self._rows if r.id == session_id), None)
        if row is None or session_id in self._hidden:
            return
        self._hidden.add(session_id)
        self._rebuild()
        self.delete_requested.emit(session_id)
        self.undo_bar.offer(session_id, self.tr("Session deleted"))

    def shutdown(self) -> None:
        """Stop decoding thumbnails (call when the page closes; thumbnails handed in by the
        page are the page's to shut down)."""
        if self._owns_thumbnails:
            self.thumbnails.shutdown()

    def palette_changed(self, palette: QPalette) -> None:
        """Repaint the rows in the new colours."""
        delegate = getattr(self, "delegate", None)
        if delegate is not None:
            delegate.update_colors(palette)

    # -- building ------------------------------------------------------------------------

    def _shown(self) -> list[SessionRow]:
        return [row for row in self._rows if row.id not in self._hidden]

    def _rebuild(self) -> None:
        self.list.clear()
        self._items.clear()
        shown = self._shown()
        for row in shown:
            item = QListWidgetItem()
            item.setData(RowRole, row)
            title = session_title(row)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {session_details(row)}")
            item.setToolTip(" ".join(row.last_prompt.split()) or title)
            self._items[row.id] = item
            self.list.addItem(item)
        self.stack.setCurrentWidget(self.list if shown else self.empty)
        self.buttons.setVisible(bool(shown))  # the empty state has the same two buttons
        if self._current in self._items:
            self.list.setCurrentItem(self._items[self._current])

    @staticmethod
    def _thumb_key(row: SessionRow) -> str:
        # A session's picture changes with its versions: the key changes with updated_at.
        return f"edit-session:{row.id}:{row.updated_at:.3f}"

    def _pixmap_for(self, row: SessionRow) -> QPixmap | None:
        return self.thumbnails.pixmap(self._thumb_key(row), row.thumbnail)

    def _on_thumbnail_ready(self, key: str) -> None:
        if key.startswith("edit-session:"):
            self.list.viewport().update()

    # -- events --------------------------------------------------------------------------

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        row = item.data(RowRole) if item is not None else None
        return row.id if isinstance(row, SessionRow) else None

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        row = item.data(RowRole)
        if isinstance(row, SessionRow) and row.id != self._current:
            self.session_opened.emit(row.id)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        row = item.data(RowRole)
        if isinstance(row, SessionRow):
            self.session_opened.emit(row.id)

    def _on_delete_shortcut(self) -> None:
        session_id = self._selected_id()
        if session_id is not None:
            self.delete(session_id)

    def _on_undo_requested(self, session_id: int) -> None:
        self._hidden.discard(session_id)
        self._rebuild()
        self.restore_requested.emit(session_id)

    def _on_context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        row = item.data(RowRole) if item is not None else None
        if not isinstance(row, SessionRow):
            return
        menu = self.context_menu(row.id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def context_menu(self, session_id: int) -> QMenu:
        """Open / Delete for ``session_id``."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open")).triggered.connect(
            lambda: self.session_opened.emit(session_id)
        )
        menu.addSeparator()
        menu.addAction(self.tr("Delete")).triggered.connect(lambda: self.delete(session_id))
        return menu

    def _update_paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        has = mime is not None and (offers_image(mime) or bool(image_files(mime)))
        self.paste_button.setEnabled(has)
        self.empty.paste_button.setEnabled(has)
        tip = "" if has else self.tr("The clipboard holds no picture")
        self.empty.paste_button.setToolTip(tip)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept pictures (each starts a session)."""
        if offers_image(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting pictures."""
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Report the dropped files or image data."""
        mime = event.mimeData()
        files = image_files(mime)
        if files:
            self.files_dropped.emit(files)
            event.acceptProposedAction()
            return
        data = encoded_image(mime)
        if data is not None:
            self.image_dropped.emit(data)
            event.acceptProposedAction()
            return
        event.ignore()
