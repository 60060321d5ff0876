"""The assistant picker of a new chat: a filter box over the list, made for the keyboard.

Typing filters (names and models, letter case ignored), Up/Down move, Enter picks, Esc picks
"No assistant" (the default settings). Text that matches no assistant is not lost: Enter
hands it on (``passed_on``), so a message typed here by habit goes to the message box.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import Assistant

VISIBLE_ROWS = 5
PROMPT_PREVIEW = 60
ROLE_ID = Qt.ItemDataRole.UserRole
NO_ASSISTANT = -1


class AssistantPicker(QFrame):
    """Lists "No assistant" and the assistants; the chat page shows it in a new chat.

    Signals:
        picked(object): an assistant's id, or None for no assistant.
        passed_on(str): Enter on text that matches no assistant (for the message box).
    """

    picked = Signal(object)
    passed_on = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assistantPicker")
        self.title = QLabel(self.tr("Start with an assistant"), self)
        self.title.setObjectName("assistantPickerTitle")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("assistantFilterEdit")
        self.filter_edit.setAccessibleName(self.tr("Find an assistant"))
        self.filter_edit.setPlaceholderText(self.tr("Type to find an assistant…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.installEventFilter(self)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.list = QListWidget(self)
        self.list.setObjectName("assistantList")
        self.list.setAccessibleName(self.tr("Assistants"))
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.hint = QLabel(self.tr("Enter picks · Esc starts a plain chat"), self)
        self.hint.setObjectName("assistantPickerHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self._assistants: list[Assistant] = []
        self._current: int | None = None

    # ---- public --------------------------------------------------------------------------

    @property
    def current_id(self) -> int | None:
        """The assistant picked last (None: no assistant)."""
        return self._current

    def set_assistants(self, assistants: Sequence[Assistant], current: int | None) -> None:
        """Show ``assistants``, ``current`` marked as the one in use; the filter is cleared."""
        self._assistants = list(assistants)
        self._current = current
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self._fill("")

    def focus_filter(self) -> None:
        """Put the keyboard in the filter box."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def visible_names(self) -> list[str]:
        """The rows shown, first line only ("No assistant" included when shown)."""
        rows = (self.list.item(r) for r in range(self.list.count()))
        return [item.text().split("\n")[0] for item in rows if item is not None]

    # ---- events --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down, Page Up/Down move in the list, Enter picks, Esc picks no assistant."""
        if watched is self.filter_edit and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:  # ours, not the window's Stop
                event.accept()
                return True
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick_current()
                return True
            if key == Qt.Key.Key_Escape:
                self._choose(None)
                return True
        return super().eventFilter(watched, event)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self._fill(text)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        value = item.data(ROLE_ID)
        self._choose(None if value == NO_ASSISTANT else int(value))

    # ---- helpers -------------------------------------------------------------------------

    def _fill(self, text: str) -> None:
        words = text.casefold().split()
        self.list.clear()
        plain = self.tr("No assistant")
        if not words or all(w in plain.casefold() for w in words):
            self._add(plain, self.tr("The default settings"), NO_ASSISTANT)
        for assistant in self._assistants:
            haystack = f"{assistant.name} {assistant.settings.model}".casefold()
            if all(w in haystack for w in words):
                self._add(assistant.name, self._detail(assistant), assistant.id or 0)
        wanted = NO_ASSISTANT if self._current is None else self._current
        rows = [self.list.item(r) for r in range(self.list.count())]
        row = next(
            (r for r, item in enumerate(rows) if item is not None and item.data(ROLE_ID) == wanted),
            0,
        )
        if words:
            row = 0  # the best match of what was typed
        if self.list.count():
            self.list.setCurrentRow(row)
        self.hint.setText(
            self.tr("No assistant matches. Enter puts the text in the message box.")
            if words and not self.list.count()
            else self.tr("Enter picks · Esc starts a plain chat")
        )
        shown = max(1, min(self.list.count(), VISIBLE_ROWS))
        height = self.list.sizeHintForRow(0) if self.list.count() else 0
        self.list.setFixedHeight(shown * max(height, 1) + 2 * self.list.frameWidth() + 6)
        self.list.setVisible(self.list.count() > 0)

    def _add(self, name: str, detail: str, value: int) -> None:
        item = QListWidgetItem(f"{name}\n{detail}" if detail else name)
        item.setData(ROLE_ID, value)
        item.setToolTip(detail or name)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {detail}" if detail else name)
        self.list.addItem(item)

    def _detail(self, assistant: Assistant) -> str:
        settings = assistant.settings
        prompt = " ".join(settings.system_prompt.split())
        if len(prompt) > PROMPT_PREVIEW:
            prompt = prompt[: PROMPT_PREVIEW - 1] + "…"
        model = settings.model or self.tr("model picked in the chat")
        return f"{model} · {prompt}" if prompt else model

    def _move(self, key: int) -> None:
        count = self.list.count()
        if not count:
            return
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(key), 0)
        if not step:
            step = -VISIBLE_ROWS if key == Qt.Key.Key_PageUp else VISIBLE_ROWS
        row = min(count - 1, max(0, self.list.currentRow() + step))
        self.list.setCurrentRow(row)

    def _pick_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            text = self.filter_edit.text()
            self._choose(None)
            if text.strip():
                self.passed_on.emit(text)
            return
        self._on_list_item_activated(item)

    def _choose(self, assistant_id: int | None) -> None:
        self._current = assistant_id
        self.picked.emit(assistant_id)
