"""The conversation sidebar: new chat, search across every message, and the list itself.

The list shows pinned conversations first, then the most recent. Search (Ctrl+F) matches any
substring of any message (Chinese too, via the trigram index) and a click on a hit jumps to
that message. Rename, pin and delete (with an undo bar) live in each row's context menu.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QDate, QDateTime, QLocale, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import ChatManager, ConversationRecord
from studio.ui.chat.conversation_delegate import ConversationDelegate
from studio.ui.common.resources import icon

ROLE_CONVERSATION = Qt.ItemDataRole.UserRole
ROLE_MESSAGE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 150
UNDO_VISIBLE_MS = 8000


class ConversationSidebar(QWidget):
    """Lists conversations and search hits.

    Signals:
        conversation_selected(int): open this conversation.
        message_requested(int, int): open the conversation and show this message.
        new_chat_requested(): start a new conversation.
    """

    conversation_selected = Signal(int)
    message_requested = Signal(int, int)
    new_chat_requested = Signal()

    def __init__(self, manager: ChatManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationSidebar")
        self.setMinimumWidth(136)
        self._manager = manager
        self._current: int | None = None
        self._deleted: int | None = None

        self.new_button = QPushButton(icon("new_chat"), self.tr("New chat"), self)
        self.new_button.setObjectName("newChatButton")
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_chat_requested)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName(self.tr("Search all conversations"))
        self.search_box.setPlaceholderText(self.tr("Search all chats (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.search_box.returnPressed.connect(self._run_search)

        self.list = QListWidget(self)
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu)
        self.list.itemActivated.connect(self._on_list_item_chosen)
        self.list.itemClicked.connect(self._on_list_item_chosen)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(False)
        self.list.setItemDelegate(ConversationDelegate(self.list))

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("sidebarEmptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.undo_bar = QWidget(self)
        self.undo_bar.setObjectName("undoBar")
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(8, 4, 4, 4)
        self.undo_label = QLabel(self.tr("Conversation deleted."), self.undo_bar)
        self.undo_label.setObjectName("undoMessage")
        self.undo_label.setWordWrap(True)  # the sidebar is narrow: two lines, never cut
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QToolButton(self.undo_bar)
        self.undo_button.setObjectName("undoDeleteButton")
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        self.undo_button.clicked.connect(self._on_undo_clicked)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_VISIBLE_MS)
        self._undo_timer.timeout.connect(self.undo_bar.hide)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search_box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.undo_bar)

        manager.conversations_changed.connect(self._on_manager_conversations_changed)
        manager.conversation_deleted.connect(self._on_manager_conversation_deleted)
        self.refresh()

    # ---- public ------------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        """True while the list shows search hits rather than conversations."""
        return bool(self.search_box.text().strip())

    def set_current(self, conversation_id: int | None) -> None:
        """Highlight the open conversation."""
        self._current = conversation_id
        if not self.searching:
            self._select_current()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def refresh(self) -> None:
        """Rebuild the list (or re-run the search)."""
        if self.searching:
            self._run_search()
            return
        self.list.clear()
        records = self._manager.conversations()
        for record in records:
            self.list.addItem(self._conversation_item(record))
        self.empty_label.setText(self.tr("No conversations yet. Type a message to start one."))
        self.empty_label.setVisible(not records)
        self._select_current()

    # ---- items -------------------------------------------------------------------------

    def _conversation_item(self, record: ConversationRecord) -> QListWidgetItem:
        title = record.title.strip() or self.tr("New chat")
        when = _relative_time(record.updated_at)
        pin = "📌 " if record.pinned else ""
        item = QListWidgetItem(f"{pin}{title}\n{when} · {record.model}")
        item.setData(ROLE_CONVERSATION, record.id)
        item.setToolTip(title)
        return item

    def _select_current(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROLE_CONVERSATION) == self._current:
                self.list.setCurrentItem(item)
                return
        self.list.clearSelection()

    # ---- search ------------------------------------------------------------------------

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_box.text().strip()
        if not query:
            self.refresh()
            return
        self.list.clear()
        hits = self._manager.search(query)
        for hit in hits:
            title = hit.title.strip() or self.tr("New chat")
            snippet = " ".join(hit.snippet.split())
            item = QListWidgetItem(f"{title}\n{snippet}")
            item.setData(ROLE_CONVERSATION, hit.conversation_id)
            item.setData(ROLE_MESSAGE, hit.message_id)
            # Escaped: a tooltip would render a snippet that looks like HTML.
            item.setToolTip(f"<p>{html.escape(snippet)}</p>")
            self.list.addItem(item)
        self.empty_label.setText(self.tr("Nothing found for “{query}”.").format(query=query))
        self.empty_label.setVisible(not hits)

    # ---- actions -----------------------------------------------------------------------

    def _on_list_item_chosen(self, item: QListWidgetItem) -> None:
        conversation = item.data(ROLE_CONVERSATION)
        message = item.data(ROLE_MESSAGE)
        if not isinstance(conversation, int):
            return
        if isinstance(message, int):
            self.message_requested.emit(conversation, message)
        elif conversation != self._current:
            self.conversation_selected.emit(conversation)

    def _on_list_context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        conversation = item.data(ROLE_CONVERSATION)
        record = self._manager.get(conversation) if isinstance(conversation, int) else None
        if record is None:
            return
        menu = QMenu(self)
        rename = QAction(self.tr("Rename…"), menu)
        rename.triggered.connect(lambda: self.rename(record.id))
        pin = QAction(self.tr("Unpin") if record.pinned else self.tr("Pin to top"), menu)
        pin.triggered.connect(lambda: self._manager.set_pinned(record.id, not record.pinned))
        delete = QAction(self.tr("Delete"), menu)
        delete.triggered.connect(lambda: self._manager.delete(record.id))
        for action in (rename, pin, delete):
            menu.addAction(action)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def rename(self, conversation_id: int) -> None:
        """Ask for a new title."""
        record = self._manager.get(conversation_id)
        if record is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename conversation"), self.tr("Title:"), text=record.title
        )
        if ok and title.strip():
            self._manager.rename(conversation_id, title.strip())

    def _on_manager_conversations_changed(self) -> None:
        # Changes may come from elsewhere (another process): the view stays where it was.
        bar = self.list.verticalScrollBar()
        scrolled = bar.value()
        self.list.setAutoScroll(False)  # selecting the current row again must not scroll
        try:
            self.refresh()
        finally:
            self.list.setAutoScroll(True)
        bar.setValue(scrolled)

    def _on_manager_conversation_deleted(self, conversation_id: int) -> None:
        self._deleted = conversation_id
        record = self._manager.get(conversation_id)
        title = record.title if record is not None else ""
        self.undo_bar.show()
        # The title is cut to one line's room, so the sentence takes two lines at most.
        room = max(40, self.undo_label.width())
        short = self.undo_label.fontMetrics().elidedText(
            title[:40], Qt.TextElideMode.ElideRight, room
        )
        self.undo_label.setText(self.tr("Deleted “{title}”.").format(title=short))
        self.undo_label.setToolTip(title)
        self._undo_timer.start()

    def _on_undo_clicked(self) -> None:
        if self._deleted is not None:
            self._manager.undo_delete(self._deleted)
            self.conversation_selected.emit(self._deleted)
            self._deleted = None
        self.undo_bar.hide()


def _relative_time(timestamp: float) -> str:
    """The time for today's conversations, else the date, in the user's locale."""
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp))
    locale = QLocale()
    if moment.date() == QDate.currentDate():
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)
