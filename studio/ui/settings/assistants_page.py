"""The Assistants page: named presets a new chat starts from (add, duplicate, delete, edit).

The list is on the left; on the right the selected assistant's name, model (from the relay's
list, or left to the chat) and, in two tabs, the chat's own Parameters and Tools panels bound
to the assistant's settings, so a preset is edited exactly as a chat is. Everything goes to
the :class:`~studio.session.chat.AssistantsEditor` working copy; OK or Apply saves it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import NAME_LIMIT, AssistantDraft, AssistantsEditor
from studio.ui.chat.params_panel import ParamsPanel
from studio.ui.chat.tools_panel import ToolsPanel
from studio.ui.settings.parts import role_label

LIST_WIDTH = 210
ROLE_KEY = Qt.ItemDataRole.UserRole


class AssistantsPage(QWidget):
    """Lists the assistants and edits the selected one.

    Signals:
        edited(): the assistants changed (the dialog re-checks what can be saved).
    """

    edited = Signal()

    def __init__(
        self, editor: AssistantsEditor, models: Iterable[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._models = list(dict.fromkeys(m for m in models if m))
        self._loading = False
        self.assistant_list = QListWidget(self)
        self.assistant_list.setObjectName("assistantsList")
        self.assistant_list.setAccessibleName(self.tr("Assistants"))
        self.add_button = self._button(
            "addAssistantButton", self.tr("Add"), self.tr("Add an assistant")
        )
        self.duplicate_button = self._button(
            "duplicateAssistantButton", self.tr("Duplicate"), self.tr("Duplicate the assistant")
        )
        self.remove_button = self._button(
            "removeAssistantButton", self.tr("Delete"), self.tr("Delete the assistant")
        )
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        for widget in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(widget)
        left_panel = QWidget(self)
        left_panel.setFixedWidth(LIST_WIDTH)
        left = QVBoxLayout(left_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(8)
        left.addWidget(role_label(self.tr("Assistants"), "section", self))
        left.addWidget(self.assistant_list, 1)
        left.addWidget(
            role_label(
                self.tr("A new chat can start from one (Ctrl+N, then pick it)."), "hint", self
            )
        )
        left.addLayout(buttons)

        self.stack = QStackedWidget(self)
        self.empty_label = role_label(
            self.tr(
                "No assistants yet. An assistant is a name for a system prompt, a model, "
                "parameters, an output mode and tools; a new chat can start from it."
            ),
            "hint",
            self,
            "assistantsEmptyLabel",
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self._build_form())

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(left_panel)
        layout.addWidget(self.stack, 1)

        self.assistant_list.currentRowChanged.connect(self._on_assistant_list_row_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        editor.edited.connect(self.edited)
        self.load()

    def _build_form(self) -> QWidget:
        form_widget = QWidget(self)
        self.name_edit = QLineEdit(form_widget)
        self.name_edit.setObjectName("assistantNameEdit")
        self.name_edit.setAccessibleName(self.tr("Assistant name"))
        self.name_edit.setPlaceholderText(self.tr("For example: Translator"))
        self.name_edit.setMaxLength(NAME_LIMIT)
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.model_combo = QComboBox(form_widget)
        self.model_combo.setObjectName("assistantModelCombo")
        self.model_combo.setAccessibleName(self.tr("Assistant model"))
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.addItems(self._models)
        line = self.model_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("The model picked in the chat"))
        self.model_combo.setToolTip(
            self.tr("Leave empty to keep the model picked in the chat when it starts")
        )
        self.model_combo.currentTextChanged.connect(self._on_model_text_changed)
        self.params_panel = ParamsPanel(form_widget)
        self.params_panel.status.announce_saves = False
        self.tools_panel = ToolsPanel(form_widget, registry=self._editor.registry, manage=False)
        self.tools_panel.status.announce_saves = False
        self.tabs = QTabWidget(form_widget)
        self.tabs.setObjectName("assistantTabs")
        self.tabs.addTab(self.params_panel, self.tr("Prompt and parameters"))
        self.tabs.addTab(self.tools_panel, self.tr("Tools"))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Model"), self.model_combo)
        layout = QVBoxLayout(form_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        return form_widget

    # -- public ------------------------------------------------------------------------------

    @property
    def current(self) -> AssistantDraft | None:
        """The assistant selected in the list."""
        item = self.assistant_list.currentItem()
        return self._editor.item(int(item.data(ROLE_KEY))) if item is not None else None

    def load(self, select_key: int | None = None) -> None:
        """Rebuild the list from the working copy; select ``select_key`` (else the first)."""
        current = self.current
        wanted = select_key if select_key is not None else (current.key if current else None)
        self._loading = True
        try:
            self.assistant_list.clear()
            for item in self._editor.items:
                row = QListWidgetItem(self._title(item))
                row.setData(ROLE_KEY, item.key)
                self.assistant_list.addItem(row)
        finally:
            self._loading = False
        keys = [i.key for i in self._editor.items]
        row_index = keys.index(wanted) if wanted in keys else (0 if keys else -1)
        self.assistant_list.setCurrentRow(row_index)
        self._show(self.current)

    def select(self, key: int) -> None:
        """Select and show the assistant with this key."""
        keys = [i.key for i in self._editor.items]
        if key in keys:
            self.assistant_list.setCurrentRow(keys.index(key))
            self.name_edit.setFocus()

    def flush(self) -> None:
        """Apply the edits still waiting for the panels' short delay."""
        if self.params_panel.pending:
            self.params_panel.apply_now()

    def showEvent(self, event: QShowEvent) -> None:
        """Lay the rows out again now that the dialog's style (row padding) applies."""
        super().showEvent(event)
        self.assistant_list.doItemsLayout()

    # -- helpers -----------------------------------------------------------------------------

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        return button

    def _title(self, item: AssistantDraft) -> str:
        return " ".join(item.name.split()) or self.tr("(unnamed)")

    def _show(self, item: AssistantDraft | None) -> None:
        self.flush()
        self._loading = True
        try:
            self.stack.setCurrentIndex(1 if item is not None else 0)
            self.duplicate_button.setEnabled(item is not None)
            self.remove_button.setEnabled(item is not None)
            self.params_panel.bind(item.options if item is not None else None)
            self.tools_panel.bind(item.options if item is not None else None)
            if item is None:
                return
            if self.name_edit.text() != item.name:
                self.name_edit.setText(item.name)
            model = item.options.settings.model
            index = self.model_combo.findText(model) if model else -1
            if index >= 0:
                self.model_combo.setCurrentIndex(index)
            else:
                self.model_combo.setEditText(model)
        finally:
            self._loading = False

    # -- slots -------------------------------------------------------------------------------

    def _on_assistant_list_row_changed(self, _row: int) -> None:
        if not self._loading:
            self._show(self.current)

    def _on_name_edited(self, text: str) -> None:
        item = self.current
        if item is None or self._loading:
            return
        self._editor.rename(item, text)
        row = self.assistant_list.currentItem()
        if row is not None:
            row.setText(self._title(item))

    def _on_model_text_changed(self, text: str) -> None:
        item = self.current
        if item is None or self._loading:
            return
        if item.options.settings.model != text.strip():
            item.options.set_model(text)

    def _on_add_clicked(self) -> None:
        self.flush()
        item = self._editor.add(self.tr("New assistant"))
        self.load(item.key)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _on_duplicate_clicked(self) -> None:
        current = self.current
        if current is None:
            return
        self.flush()
        copy = self._editor.duplicate(current, self.tr("{name} (copy)").format(name=current.name))
        self.load(copy.key)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _on_remove_clicked(self) -> None:
        current = self.current
        if current is None:
            return
        row = self.assistant_list.currentRow()
        self.params_panel.bind(None)
        self.tools_panel.bind(None)
        self._editor.remove(current)
        items = self._editor.items
        self.load(items[min(row, len(items) - 1)].key if items else None)
