"""The conversation's tools panel: built-in tools to switch on, and the user's own functions.

Built-in tools run inside Studio. The user's functions are only described to the model (name,
description, parameters as JSON Schema); when the model calls one, the conversation asks the
user for the result. Every change goes through ``ConversationSession.set_tools``, which checks
the whole set; its complaints are listed under the editor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import count
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import (
    CALCULATOR_TOOL,
    TIME_TOOL,
    TOOL_NAME_RE,
    ConversationSession,
    ToolRegistry,
    ToolSpec,
    ToolSpecError,
)
from studio.ui.chat.panel_parts import (
    JsonEdit,
    build_shell,
    button,
    card,
    grow_with_text,
    label,
    named,
    pretty_json,
    text_box,
)
from studio.ui.chat.schema_editor import schema_problem
from studio.ui.common.restyle import set_style_flag

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
        self._registry = registry if registry is not None else ToolRegistry()
        self._session: ConversationSession | None = None
        self._editing: int | None = None  # index of the function edited; None: a new one
        self._removed: tuple[int, ToolSpec] | None = None
        self._loading = False
        self.shell = build_shell(
            self,
            "tools",
            self.tr("Open a conversation to choose its tools."),
            self.tr("Tools of this conversation"),
        )
        self.scroll_area, self.status = self.shell.scroll_area, self.shell.status
        self.unbound_hint = self.shell.unbound_hint
        self.shell.body.addWidget(self._build_builtin_card(self.shell.content))
        self.shell.body.addWidget(self._build_user_card(self.shell.content))
        self.shell.body.addStretch(1)
        self.undo_button = button(
            self, "undoRemoveToolButton", self.tr("Undo"), self.tr("Undo removing the function")
        )
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.shell.footer.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        self.shell.fit_width()
        self.bind(None)

    # ---- building ------------------------------------------------------------------------

    def _build_builtin_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "builtinToolsCard")
        layout.addWidget(label(self.tr("Built-in tools"), frame, role="sectionTitle"))
        hint = self.tr("Studio runs these by itself and sends back the result.")
        layout.addWidget(label(hint, frame, role="hint"))
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
            title, description = texts.get(name, (name, tool.spec.description if tool else ""))
            tip = self.tr("Function name: {name}").format(name=name)
            check = named(QCheckBox(title, frame), f"builtinTool_{name}", title, tip)
            check.toggled.connect(self._on_builtin_toggled)
            note = label(description, frame, role="hint")
            note.setContentsMargins(24, 0, 0, 4)
            self.builtin_checks[name] = check
            layout.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(note)
        return frame

    def _build_user_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "userToolsCard")
        layout.addWidget(label(self.tr("Your functions"), frame, role="sectionTitle"))
        explanation = self.tr(
            "When the model calls one of your functions, Studio asks you for the result."
        )
        layout.addWidget(label(explanation, frame, role="hint", name="userToolsExplanation"))
        self.tool_list = named(QListWidget(frame), "userToolList", self.tr("Your functions"))
        self.tool_list.setWordWrap(True)
        self.tool_list.currentRowChanged.connect(self._update_buttons)
        self.tool_list.itemActivated.connect(self._on_tool_list_item_activated)  # Enter
        self.tool_list.itemDoubleClicked.connect(self._on_tool_list_item_activated)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tool_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._on_remove_button_clicked)
        empty = self.tr("No functions yet. Add one, for example get_weather(location).")
        self.empty_label = label(empty, frame, role="hint", name="userToolsEmpty")
        self.add_button = button(frame, "addToolButton", self.tr("Add"), self.tr("Add a function"))
        self.edit_button = button(
            frame, "editToolButton", self.tr("Edit"), self.tr("Edit the selected function")
        )
        self.duplicate_button = button(
            frame,
            "duplicateToolButton",
            self.tr("Duplicate"),
            self.tr("Duplicate the selected function"),
        )
        self.remove_button = button(
            frame, "removeToolButton", self.tr("Remove"), self.tr("Remove the selected function")
        )
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for widget in (self.add_button, self.edit_button, self.duplicate_button):
            buttons.addWidget(widget)
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
        self.name_edit = named(QLineEdit(self.editor), "toolNameEdit", self.tr("Function name"))
        self.name_edit.setProperty("panelEdit", True)
        self.name_edit.setPlaceholderText("get_weather")
        self.name_edit.setMaxLength(64)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.name_edit.returnPressed.connect(self.save_function)
        name_label.setBuddy(self.name_edit)
        self.name_hint = label("", self.editor, role="fieldError", name="toolNameError")
        self.name_hint.hide()
        description_label = label(self.tr("Description"), self.editor)
        self.description_edit = text_box(
            self.editor,
            "toolDescriptionEdit",
            self.tr("Function description"),
            self.tr("What the function does and when the model should call it"),
        )
        grow_with_text(self.description_edit, 2, 6)
        description_label.setBuddy(self.description_edit)
        parameters_label = label(self.tr("Parameters (JSON Schema)"), self.editor)
        self.template_button = button(
            self.editor,
            "toolTemplateButton",
            self.tr("Start from template"),
            self.tr("Insert an example parameters schema"),
        )
        self.template_button.clicked.connect(self._on_template_button_clicked)
        accessible = self.tr("Function parameters as JSON Schema")
        self.parameters = JsonEdit(
            "toolParametersEdit", accessible, self.editor, empty_ok=False, check=parameters_problem
        )
        parameters_label.setBuddy(self.parameters.edit)
        self.errors_label = label("", self.editor, name="toolErrors")
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors_label.hide()
        self.save_button = button(self.editor, "saveToolButton", self.tr("Save function"))
        self.save_button.setProperty("panelButton", False)
        self.save_button.setProperty("primaryButton", True)
        self.save_button.clicked.connect(self.save_function)
        self.cancel_button = button(
            self.editor,
            "cancelToolButton",
            self.tr("Cancel"),
            self.tr("Cancel editing the function"),
        )
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
        self.shell.set_bound(session is not None)

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
        except ValueError as exc:  # ToolSpecError lists every problem
            errors = exc.errors if isinstance(exc, ToolSpecError) else [str(exc)]
            if errors_in_editor:
                self._show_errors(errors)
            else:
                self.status.show_error("\n".join(errors))
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
        rows = self.tool_list.count()
        self.empty_label.setVisible(rows == 0)
        self.tool_list.setVisible(rows > 0)
        if rows:
            shown = sum(self.tool_list.sizeHintForRow(r) for r in range(min(rows, LIST_ROWS)))
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

    def _update_buttons(self, *_args: object) -> None:
        selected = self.tool_list.currentRow() >= 0
        for widget in (self.edit_button, self.duplicate_button, self.remove_button):
            widget.setEnabled(selected)

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
        set_style_flag(self.name_edit, "invalid", bad)

    def _forget_removed(self) -> None:
        self._removed = None
        self.undo_button.hide()

    # ---- events --------------------------------------------------------------------------

    def _on_builtin_toggled(self, _on: bool) -> None:
        if not self._loading and self._apply(self._user_tools()):
            self.status.show_saved()

    def _on_add_button_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_button_clicked(self) -> None:
        if self.tool_list.currentRow() >= 0:
            self.open_editor(self.tool_list.currentRow())

    def _on_tool_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_editor(self.tool_list.row(item))

    def _on_duplicate_button_clicked(self) -> None:
        specs = self._user_tools()
        row = self.tool_list.currentRow()
        if not 0 <= row < len(specs):
            return
        taken = {s.name for s in specs} | set(self._registry.builtin_names())
        original = specs[row]
        names = (f"{original.name[:56]}_copy{n if n > 1 else ''}" for n in count(1))
        name = next(n for n in names if n not in taken)
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
        self.shell.set_bound(False)
