"""The conversation's tools panel: built-in tools to switch on, and the user's own functions.

Built-in tools run inside Studio. The user's functions are only described to the model (name,
description, parameters as JSON Schema); when the model calls one, the conversation asks the
user for the result. Every change goes through ``ConversationSession.set_tools``, which checks
the whole set; its complaints are listed under the editor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import ConversationSession, ToolRegistry, ToolSpec, ToolSpecError
from studio.session.chat.tools import CALCULATOR_TOOL, TIME_TOOL, TOOL_NAME_RE
from studio.ui.chat.panel_parts import (
    JsonEdit,
    PanelStyle,
    StatusLine,
    card,
    label,
    pretty_json,
    set_flag,
)
from studio.ui.chat.schema_editor import schema_problem

TEMPLATE: dict[str, Any] = {
    "type": "object",
    "properties": {"location": {"type": "string", "description": "City name"}},
    "required": ["location"],
}
EMPTY_PARAMETERS: dict[str, Any] = {"type": "object", "properties": {}}
SUMMARY_LENGTH = 70
LIST_ROWS = 5


def parameters_problem(value: Mapping[str, Any]) -> str:
    """Why ``value`` cannot describe a function's arguments, in the UI language ("" if ok)."""
    problem = schema_problem(value)
    if problem:
        return problem
    if value.get("type") != "object":
        return QCoreApplication.translate(
            "ToolsPanel", 'The parameters need "type": "object" at the top.'
        )
    return ""


class ToolsPanel(QWidget):
    """The tools of one conversation; :meth:`bind` chooses which (None: disabled).

    ``registry`` supplies the built-in tools (the app passes the one its sessions use).
    """

    def __init__(
        self, parent: QWidget | None = None, *, registry: ToolRegistry | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("toolsPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._registry = registry if registry is not None else ToolRegistry()
        self._session: ConversationSession | None = None
        self._editing: int | None = None  # index of the function edited; None: a new one
        self._removed: tuple[int, ToolSpec] | None = None
        self._loading = False

        self.unbound_hint = label(
            self.tr("Open a conversation to choose its tools."), self, role="hint"
        )
        self.unbound_hint.setContentsMargins(12, 10, 12, 0)
        self.content = QWidget(self)
        self.content.setObjectName("toolsContent")
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("toolsScroll")
        self.scroll_area.setAccessibleName(self.tr("Tools of this conversation"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.content)
        body = QVBoxLayout(self.content)
        body.setContentsMargins(12, 12, 12, 12)
        body.setSpacing(10)
        body.addWidget(self._build_builtin_card())
        body.addWidget(self._build_user_card())
        body.addStretch(1)

        self.status = StatusLine("toolsStatus", self)
        self.undo_button = self._button("undoRemoveToolButton", self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo removing the function"))
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        footer = QHBoxLayout()
        footer.setContentsMargins(12, 6, 12, 10)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.unbound_hint)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(footer)
        self.style_rules = PanelStyle(self)
        self.bind(None)

    # ---- building ------------------------------------------------------------------------

    def _button(self, name: str, text: str, parent: QWidget | None = None) -> QToolButton:
        button = QToolButton(parent or self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setProperty("panelButton", True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _build_builtin_card(self) -> QFrame:
        frame, layout = card(self.content, "builtinToolsCard")
        layout.addWidget(label(self.tr("Built-in tools"), frame, role="sectionTitle"))
        layout.addWidget(
            label(
                self.tr("Studio runs these by itself and sends back the result."),
                frame,
                role="hint",
            )
        )
        self.builtin_checks: dict[str, QCheckBox] = {}
        texts = {
            TIME_TOOL: (
                self.tr("Current date and time"),
                self.tr("The date, time, time zone and day of the week, in any time zone."),
            ),
            CALCULATOR_TOOL: (
                self.tr("Calculator"),
                self.tr(
                    "Exact arithmetic: + − × ÷, powers, roots, logarithms, trigonometry, so "
                    "the model need not guess."
                ),
            ),
        }
        for name in self._registry.builtin_names():
            tool = self._registry.builtin(name)
            fallback = tool.spec.description if tool is not None else ""
            title, description = texts.get(name, (name, fallback))
            check = QCheckBox(title, frame)
            check.setObjectName(f"builtinTool_{name}")
            check.setAccessibleName(title)
            check.setToolTip(self.tr("Function name: {name}").format(name=name))
            check.toggled.connect(self._on_builtin_toggled)
            note = label(description, frame, role="hint")
            note.setContentsMargins(24, 0, 0, 4)
            self.builtin_checks[name] = check
            layout.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(note)
        return frame

    def _build_user_card(self) -> QFrame:
        frame, layout = card(self.content, "userToolsCard")
        layout.addWidget(label(self.tr("Your functions"), frame, role="sectionTitle"))
        layout.addWidget(
            label(
                self.tr(
                    "When the model calls one of your functions, Studio asks you for the result."
                ),
                frame,
                role="hint",
                name="userToolsExplanation",
            )
        )
        self.tool_list = QListWidget(frame)
        self.tool_list.setObjectName("userToolList")
        self.tool_list.setAccessibleName(self.tr("Your functions"))
        self.tool_list.setWordWrap(True)
        self.tool_list.currentRowChanged.connect(self._update_buttons)
        self.tool_list.itemDoubleClicked.connect(self._on_tool_list_item_double_clicked)
        self.tool_list.installEventFilter(self)
        self.empty_label = label(
            self.tr("No functions yet. Add one, for example get_weather(location)."),
            frame,
            role="hint",
            name="userToolsEmpty",
        )
        self.add_button = self._button("addToolButton", self.tr("Add"), frame)
        self.add_button.setAccessibleName(self.tr("Add a function"))
        self.edit_button = self._button("editToolButton", self.tr("Edit"), frame)
        self.edit_button.setAccessibleName(self.tr("Edit the selected function"))
        self.duplicate_button = self._button("duplicateToolButton", self.tr("Duplicate"), frame)
        self.duplicate_button.setAccessibleName(self.tr("Duplicate the selected function"))
        self.remove_button = self._button("removeToolButton", self.tr("Remove"), frame)
        self.remove_button.setAccessibleName(self.tr("Remove the selected function"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        for button in (self.add_button, self.edit_button, self.duplicate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addWidget(self.tool_list)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self._build_editor(frame))
        return frame

    def _build_editor(self, parent: QWidget) -> QFrame:
        self.editor = QFrame(parent)
        self.editor.setObjectName("toolEditor")
        self.editor_title = label("", self.editor, role="sectionTitle", name="toolEditorTitle")
        name_label = label(self.tr("Name"), self.editor)
        self.name_edit = QLineEdit(self.editor)
        self.name_edit.setObjectName("toolNameEdit")
        self.name_edit.setAccessibleName(self.tr("Function name"))
        self.name_edit.setProperty("panelEdit", True)
        self.name_edit.setPlaceholderText("get_weather")
        self.name_edit.setMaxLength(64)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.name_edit.returnPressed.connect(self.save_function)
        name_label.setBuddy(self.name_edit)
        self.name_hint = label("", self.editor, role="fieldError", name="toolNameError")
        self.name_hint.hide()
        description_label = label(self.tr("Description"), self.editor)
        self.description_edit = QPlainTextEdit(self.editor)
        self.description_edit.setObjectName("toolDescriptionEdit")
        self.description_edit.setAccessibleName(self.tr("Function description"))
        self.description_edit.setProperty("panelEdit", True)
        self.description_edit.setPlaceholderText(
            self.tr("What the function does and when the model should call it")
        )
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(
            self.description_edit.fontMetrics().lineSpacing() * 3 + 14
        )
        description_label.setBuddy(self.description_edit)
        parameters_label = label(self.tr("Parameters (JSON Schema)"), self.editor)
        self.template_button = self._button(
            "toolTemplateButton", self.tr("Start from template"), self.editor
        )
        self.template_button.setAccessibleName(self.tr("Insert an example parameters schema"))
        self.template_button.clicked.connect(self._on_template_button_clicked)
        self.parameters = JsonEdit(
            "toolParametersEdit",
            self.tr("Function parameters as JSON Schema"),
            self.editor,
            empty_ok=False,
            check=parameters_problem,
            lines=5,
        )
        parameters_label.setBuddy(self.parameters.edit)
        self.errors_label = label("", self.editor, name="toolErrors")
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors_label.hide()
        self.save_button = self._button("saveToolButton", self.tr("Save function"), self.editor)
        self.save_button.setProperty("panelButton", False)
        self.save_button.setProperty("primaryButton", True)
        self.save_button.clicked.connect(self.save_function)
        self.cancel_button = self._button("cancelToolButton", self.tr("Cancel"), self.editor)
        self.cancel_button.setAccessibleName(self.tr("Cancel editing the function"))
        self.cancel_button.clicked.connect(self.close_editor)
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.editor)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.close_editor)
        parameters_row = QHBoxLayout()
        parameters_row.setContentsMargins(0, 4, 0, 0)
        parameters_row.addWidget(parameters_label, 1)
        parameters_row.addWidget(self.template_button)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 4, 0, 0)
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self.editor)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        for widget in (self.editor_title, name_label, self.name_edit, self.name_hint):
            layout.addWidget(widget)
        layout.addWidget(description_label)
        layout.addWidget(self.description_edit)
        layout.addLayout(parameters_row)
        layout.addWidget(self.parameters)
        layout.addWidget(self.errors_label)
        layout.addLayout(actions)
        self.editor.hide()
        return self.editor

    # ---- public --------------------------------------------------------------------------

    @property
    def session(self) -> ConversationSession | None:
        """The conversation shown, if any."""
        return self._session

    def bind(self, session: ConversationSession | None) -> None:
        """Show and edit ``session``'s tools (None: nothing to edit; the panel is disabled)."""
        if session is self._session and session is not None:
            return
        old = self._session
        if old is not None:
            old.settings_changed.disconnect(self._on_session_settings_changed)
            old.destroyed.disconnect(self._on_session_destroyed)
        self._session = session
        self.close_editor()
        self._forget_removed()
        self.status.clear_status()
        if session is not None:
            session.settings_changed.connect(self._on_session_settings_changed)
            session.destroyed.connect(self._on_session_destroyed)
        self._load()
        self._set_bound(session is not None)

    def open_editor(self, index: int | None = None) -> None:
        """Edit the user function at ``index`` (None: a new function)."""
        specs = self._user_tools()
        spec = specs[index] if index is not None and 0 <= index < len(specs) else None
        self._editing = index if spec is not None else None
        self.editor_title.setText(self.tr("Edit function") if spec else self.tr("New function"))
        self.name_edit.setText(spec.name if spec else "")
        self.description_edit.setPlainText(spec.description if spec else "")
        self.parameters.set_value(dict(spec.parameters) if spec else EMPTY_PARAMETERS)
        self._show_errors([])
        self._show_name_problem(quiet_when_empty=True)
        if self._editing is not None:
            self.tool_list.setCurrentRow(self._editing)
        self.editor.show()
        self.scroll_area.ensureWidgetVisible(self.editor)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def close_editor(self) -> None:
        """Close the function editor without saving."""
        self._editing = None
        self._show_errors([])
        self.editor.hide()

    def save_function(self) -> bool:
        """Check the function in the editor and give the new set to the session."""
        session = self._session
        if session is None or not self.editor.isVisible():
            return False
        name = self.name_edit.text().strip()
        self._show_name_problem()  # shown under the name, so not repeated in the list
        parameters = self.parameters.value()
        problems = []
        if parameters is None and not self.parameters.hint.isVisible():
            problems.append(self.tr("Describe the parameters as a JSON Schema."))
        self._show_errors(problems)
        if not TOOL_NAME_RE.match(name) or parameters is None:
            return False
        spec = ToolSpec(name, self.description_edit.toPlainText().strip(), parameters)
        specs = self._user_tools()
        if self._editing is not None:
            specs[self._editing] = spec
        else:
            specs.append(spec)
        if not self._apply(specs, errors_in_editor=True):
            return False
        self.close_editor()
        self._select(name)
        self.status.show_saved(self.tr("Saved {name}").format(name=name))
        return True

    # ---- applying ------------------------------------------------------------------------

    def _user_tools(self) -> list[ToolSpec]:
        return list(self._session.settings.tools.user) if self._session is not None else []

    def _checked_builtins(self) -> list[str]:
        return [name for name, check in self.builtin_checks.items() if check.isChecked()]

    def _apply(self, specs: Sequence[ToolSpec], *, errors_in_editor: bool = False) -> bool:
        session = self._session
        if session is None:
            return False
        try:
            session.set_tools(self._checked_builtins(), specs)
        except ToolSpecError as exc:
            if errors_in_editor:
                self._show_errors(exc.errors)
            else:
                self.status.show_error("\n".join(exc.errors))
            self._load()
            return False
        except ValueError as exc:
            self.status.show_error(str(exc))
            self._load()
            return False
        self._forget_removed()
        self._load()
        return True

    # ---- showing -------------------------------------------------------------------------

    def _load(self) -> None:
        self._loading = True
        try:
            tools = self._session.settings.tools if self._session is not None else None
            for name, check in self.builtin_checks.items():
                check.setChecked(tools is not None and name in tools.builtins)
            current = self.tool_list.currentItem()
            keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
            self.tool_list.clear()
            for spec in tools.user if tools is not None else ():
                self.tool_list.addItem(self._item(spec))
        finally:
            self._loading = False
        if keep is not None:
            self._select(str(keep))
        count = self.tool_list.count()
        self.empty_label.setVisible(count == 0)
        self.tool_list.setVisible(count > 0)
        if count:
            shown = sum(self.tool_list.sizeHintForRow(r) for r in range(min(count, LIST_ROWS)))
            self.tool_list.setFixedHeight(shown + 2 * self.tool_list.frameWidth() + 8)
        self._update_buttons()

    def _item(self, spec: ToolSpec) -> QListWidgetItem:
        summary = " ".join(spec.description.split())
        if len(summary) > SUMMARY_LENGTH:
            summary = summary[: SUMMARY_LENGTH - 1] + "…"
        names = ", ".join(str(p) for p in dict(spec.parameters.get("properties") or {}))
        text = f"{spec.name}({names})" + (f"\n{summary}" if summary else "")
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, spec.name)
        item.setToolTip(spec.description or spec.name)
        return item

    def _select(self, name: str) -> None:
        for row in range(self.tool_list.count()):
            item = self.tool_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                self.tool_list.setCurrentRow(row)
                return

    def _set_bound(self, bound: bool) -> None:
        self.unbound_hint.setVisible(not bound)
        self.scroll_area.setEnabled(bound)

    def _update_buttons(self, *_args: object) -> None:
        selected = self.tool_list.currentRow() >= 0
        for button in (self.edit_button, self.duplicate_button, self.remove_button):
            button.setEnabled(selected)

    def _show_errors(self, errors: Sequence[str]) -> None:
        self.errors_label.setText("\n".join(f"• {error}" for error in errors))
        self.errors_label.setVisible(bool(errors))

    def _name_problem(self, name: str) -> str:
        if not name:
            return self.tr("Give the function a name, such as get_weather.")
        return self.tr(
            "The name may only use letters, digits, “_” or “-” (1 to 64, no spaces): {name}"
        ).format(name=name)

    def _show_name_problem(self, *, quiet_when_empty: bool = False) -> None:
        name = self.name_edit.text().strip()
        bad = not TOOL_NAME_RE.match(name) and not (quiet_when_empty and not name)
        self.name_hint.setText(self._name_problem(name) if bad else "")
        self.name_hint.setVisible(bad)
        set_flag(self.name_edit, "invalid", bad)

    def _forget_removed(self) -> None:
        self._removed = None
        self.undo_button.hide()

    # ---- events --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete removes and Enter edits the selected function in the list."""
        if (
            watched is self.tool_list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key == Qt.Key.Key_Delete and self.tool_list.currentRow() >= 0:
                self._on_remove_button_clicked()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tool_list.currentRow() >= 0:
                self._on_edit_button_clicked()
                return True
        return super().eventFilter(watched, event)

    def _on_builtin_toggled(self, _on: bool) -> None:
        if not self._loading and self._apply(self._user_tools()):
            self.status.show_saved()

    def _on_add_button_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_button_clicked(self) -> None:
        if self.tool_list.currentRow() >= 0:
            self.open_editor(self.tool_list.currentRow())

    def _on_tool_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.open_editor(self.tool_list.row(item))

    def _on_duplicate_button_clicked(self) -> None:
        specs = self._user_tools()
        row = self.tool_list.currentRow()
        if not 0 <= row < len(specs):
            return
        taken = {s.name for s in specs} | set(self._registry.builtin_names())
        original = specs[row]
        number = 1
        while True:
            suffix = "_copy" if number == 1 else f"_copy{number}"
            name = original.name[: 64 - len(suffix)] + suffix
            if name not in taken:
                break
            number += 1
        specs.insert(row + 1, ToolSpec(name, original.description, dict(original.parameters)))
        if self._apply(specs):
            self._select(name)
            self.status.show_saved(self.tr("Added {name}").format(name=name))

    def _on_remove_button_clicked(self) -> None:
        specs = self._user_tools()
        row = self.tool_list.currentRow()
        if not 0 <= row < len(specs):
            return
        removed = specs.pop(row)
        if self._editing is not None:
            self.close_editor()
        if self._apply(specs):
            self._removed = (row, removed)
            self.undo_button.show()
            self.status.show_saved(self.tr("Removed {name}").format(name=removed.name))

    def _on_undo_button_clicked(self) -> None:
        if self._removed is None:
            return
        row, spec = self._removed
        specs = self._user_tools()
        specs.insert(min(row, len(specs)), spec)
        if self._apply(specs):
            self._select(spec.name)
            self.status.show_saved(self.tr("Restored {name}").format(name=spec.name))

    def _on_template_button_clicked(self) -> None:
        self.parameters.insert_text(pretty_json(TEMPLATE))
        self.parameters.edit.setFocus()

    def _on_name_edit_text_changed(self, _text: str) -> None:
        self._show_name_problem(quiet_when_empty=True)

    def _on_session_settings_changed(self) -> None:
        self._load()

    def _on_session_destroyed(self, _obj: QObject | None = None) -> None:
        self._session = None
        self.close_editor()
        self._forget_removed()
        self._load()
        self._set_bound(False)
