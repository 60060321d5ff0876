"""The editor of one user function: name, description and parameters (JSON Schema).

It checks what it can say in the UI language (the name's characters, the parameters being an
object schema) as the user types; the Tools panel saves what it holds and lists the library's
complaints under it (:meth:`FunctionEditor.show_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from studio.session.chat import TOOL_NAME_RE, ToolSpec
from studio.ui.chat.panel_parts import (
    JsonEdit,
    button,
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


class FunctionEditor(QFrame):
    """Edits one function (hidden until :meth:`open`).

    Signals:
        save_requested(): Save or Enter in the name box.
        cancelled(): Cancel or Esc.
    """

    save_requested = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolEditor")
        self.title = label("", self, role="sectionTitle", name="toolEditorTitle")
        name_label = label(self.tr("Name"), self)
        self.name_edit = named(QLineEdit(self), "toolNameEdit", self.tr("Function name"))
        self.name_edit.setProperty("panelEdit", True)
        self.name_edit.setPlaceholderText("get_weather")
        self.name_edit.setMaxLength(64)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.name_edit.returnPressed.connect(self.save_requested)
        name_label.setBuddy(self.name_edit)
        self.name_hint = label("", self, role="fieldError", name="toolNameError")
        self.name_hint.hide()
        description_label = label(self.tr("Description"), self)
        self.description_edit = text_box(
            self,
            "toolDescriptionEdit",
            self.tr("Function description"),
            self.tr("What the function does and when the model should call it"),
        )
        grow_with_text(self.description_edit, 2, 6)
        description_label.setBuddy(self.description_edit)
        parameters_label = label(self.tr("Parameters (JSON Schema)"), self)
        self.template_button = button(
            self,
            "toolTemplateButton",
            self.tr("Start from template"),
            self.tr("Insert an example parameters schema"),
        )
        self.template_button.clicked.connect(self._on_template_button_clicked)
        accessible = self.tr("Function parameters as JSON Schema")
        self.parameters = JsonEdit(
            "toolParametersEdit", accessible, self, empty_ok=False, check=parameters_problem
        )
        parameters_label.setBuddy(self.parameters.edit)
        self.errors_label = label("", self, name="toolErrors")
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors_label.hide()
        self.save_button = button(self, "saveToolButton", self.tr("Save function"))
        self.save_button.setProperty("panelButton", False)
        self.save_button.setProperty("primaryButton", True)
        self.save_button.clicked.connect(self.save_requested)
        self.cancel_button = button(
            self, "cancelToolButton", self.tr("Cancel"), self.tr("Cancel editing the function")
        )
        self.cancel_button.clicked.connect(self.cancelled)
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.cancelled)
        parameters_row = QHBoxLayout()
        parameters_row.setContentsMargins(0, 4, 0, 0)
        parameters_row.addWidget(parameters_label, 1)
        parameters_row.addWidget(self.template_button)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 4, 0, 0)
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        for widget in (self.title, name_label, self.name_edit, self.name_hint):
            layout.addWidget(widget)
        layout.addWidget(description_label)
        layout.addWidget(self.description_edit)
        layout.addLayout(parameters_row)
        layout.addWidget(self.parameters)
        layout.addWidget(self.errors_label)
        layout.addLayout(actions)
        self.hide()

    def open(self, spec: ToolSpec | None, *, new: bool) -> None:
        """Show ``spec`` (None: an empty new function) with the keyboard in the name."""
        self.title.setText(self.tr("New function") if new else self.tr("Edit function"))
        self.name_edit.setText(spec.name if spec else "")
        self.description_edit.setPlainText(spec.description if spec else "")
        self.parameters.set_value(dict(spec.parameters) if spec else EMPTY_PARAMETERS)
        self.show_errors([])
        self.show_name_problem(quiet_when_empty=True)
        self.show()
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def spec(self) -> ToolSpec | None:
        """The function typed, or None (its problems shown) when it cannot be saved."""
        name = self.name_edit.text().strip()
        self.show_name_problem()  # shown under the name, so not repeated in the list
        parameters = self.parameters.value()
        problems = []
        if parameters is None and not self.parameters.hint.isVisible():
            problems.append(self.tr("Describe the parameters as a JSON Schema."))
        self.show_errors(problems)
        if not TOOL_NAME_RE.match(name) or parameters is None:
            return None
        return ToolSpec(name, self.description_edit.toPlainText().strip(), parameters)

    def show_errors(self, errors: Sequence[str]) -> None:
        """List ``errors`` under the editor (none: hide the list)."""
        self.errors_label.setText("\n".join(f"• {error}" for error in errors))
        self.errors_label.setVisible(bool(errors))

    def show_name_problem(self, *, quiet_when_empty: bool = False) -> None:
        """Say under the name what is wrong with it, if anything."""
        name = self.name_edit.text().strip()
        bad = not TOOL_NAME_RE.match(name) and not (quiet_when_empty and not name)
        self.name_hint.setText(self._name_problem(name) if bad else "")
        self.name_hint.setVisible(bad)
        set_style_flag(self.name_edit, "invalid", bad)

    def _name_problem(self, name: str) -> str:
        if not name:
            return self.tr("Give the function a name, such as get_weather.")
        return self.tr(
            "The name may only use letters, digits, “_” or “-” (1 to 64, no spaces): {name}"
        ).format(name=name)

    def _on_template_button_clicked(self) -> None:
        self.parameters.insert_text(pretty_json(TEMPLATE))
        self.parameters.edit.setFocus()

    def _on_name_edit_text_changed(self, _text: str) -> None:
        self.show_name_problem(quiet_when_empty=True)
