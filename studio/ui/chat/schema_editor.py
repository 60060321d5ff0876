"""The JSON Schema of structured output: written as JSON, or built from a list of fields.

The JSON text is the schema; the field list is a second way to edit it. Editing the fields
rewrites the JSON (through :func:`schema_from_fields`); editing the JSON refills the fields when
the schema is one the field list can show, and otherwise says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import FIELD_TYPES, Field, schema_from_fields
from studio.ui.chat.panel_parts import JsonEdit, button, label, named, pretty_json
from studio.ui.common.restyle import set_style_flag

SCHEMA_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
DEFAULT_SCHEMA_NAME = "response"
NAME, TYPE, REQUIRED, DESCRIPTION = range(4)
MIN_VISIBLE_ROWS = 3
MAX_VISIBLE_ROWS = 8


def schema_problem(value: Mapping[str, Any]) -> str:
    """Why ``value`` is not a valid JSON Schema (draft 2020-12), in the UI language; "" if ok."""
    try:
        Draft202012Validator.check_schema(dict(value))
    except SchemaError as exc:
        return QCoreApplication.translate(
            "SchemaEditor", "Not a valid JSON Schema at {where}: {reason}"
        ).format(where=exc.json_path, reason=exc.message)
    return ""


def fields_of(schema: Mapping[str, Any]) -> list[Field] | None:
    """The field rows that build exactly ``schema``, or None when the list cannot show it."""
    if schema.get("type") != "object":
        return None
    properties = schema.get("properties")
    required = schema.get("required", [])
    if not isinstance(properties, Mapping) or not isinstance(required, list):
        return None
    rows: list[Field] = []
    for name, prop in properties.items():
        if not isinstance(prop, Mapping) or prop.get("type") not in FIELD_TYPES:
            return None
        description = prop.get("description", "")
        if not isinstance(description, str):
            return None
        rows.append((str(name), str(prop["type"]), name in required, description))
    try:
        rebuilt = schema_from_fields(rows)
    except ValueError:
        return None
    given = dict(schema)
    given["required"] = sorted(str(r) for r in required)
    rebuilt["required"] = sorted(rebuilt["required"])
    return rows if rebuilt == given else None


class SchemaEditor(QWidget):
    """A schema name, and the schema as JSON text or as a table of fields.

    Signals:
        changed(): the user edited the schema or its name (see :meth:`error`).
        committed(): an edit was finished (a cell, or focus left a text box).
    """

    changed = Signal()
    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schemaEditor")
        self._loading = False
        self._fields_error = ""
        self._last_edit = "json"

        name_label = QLabel(self.tr("Schema name"), self)
        tip = self.tr("Sent to the relay with the schema: letters, digits, “_” or “-”")
        self.name_edit = named(QLineEdit(self), "schemaNameEdit", self.tr("Schema name"), tip)
        self.name_edit.setProperty("panelEdit", True)
        self.name_edit.setPlaceholderText(DEFAULT_SCHEMA_NAME)
        name_label.setBuddy(self.name_edit)
        self.name_hint = label("", self, role="fieldError", name="schemaNameError")
        self.name_hint.hide()

        self.tabs = named(QTabWidget(self), "schemaTabs", self.tr("How to edit the schema"))
        self.tabs.setDocumentMode(True)
        self.fields_page = self._build_fields_page()
        self.tabs.addTab(self.fields_page, self.tr("Fields"))
        self.raw = JsonEdit(
            "schemaJsonEdit", self.tr("JSON Schema"), self, empty_ok=False, check=schema_problem
        )
        self.raw.edit.setPlaceholderText('{"type": "object", "properties": {…}}')
        self.raw_page = QWidget(self)
        raw_layout = QVBoxLayout(self.raw_page)
        raw_layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        raw_layout.setContentsMargins(0, 6, 0, 0)
        raw_layout.addWidget(self.raw)
        self.tabs.addTab(self.raw_page, self.tr("JSON Schema"))
        self.tabs.setTabToolTip(0, self.tr("Build a flat object from a list of fields"))
        self.tabs.setTabToolTip(1, self.tr("Write any JSON Schema (draft 2020-12)"))

        name_row = QHBoxLayout()
        name_row.setContentsMargins(0, 0, 0, 0)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(name_row)
        layout.addWidget(self.name_hint)
        layout.addWidget(self.tabs)

        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._on_tabs_current_changed(self.tabs.currentIndex())
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.name_edit.editingFinished.connect(self.committed)
        self.raw.edited.connect(self._on_raw_edited)
        self.raw.editing_finished.connect(self.committed)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_field_button.clicked.connect(self._on_add_field_button_clicked)
        self.remove_field_button.clicked.connect(self._on_remove_field_button_clicked)
        self._fit_table()

    def _build_fields_page(self) -> QWidget:
        page = QWidget(self)
        self.table = named(
            QTableWidget(0, 4, page), "schemaFieldsTable", self.tr("Fields of the answer")
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Type"), self.tr("Required"), self.tr("Description")]
        )
        header = named(
            self.table.horizontalHeader(), "schemaFieldsHeader", self.tr("Field columns")
        )
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TYPE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REQUIRED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        named(self.table.verticalHeader(), "schemaFieldsRowHeader", self.tr("Field rows")).hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.add_field_button = button(
            page, "addFieldButton", self.tr("Add field"), self.tr("Add a field")
        )
        self.remove_field_button = button(
            page, "removeFieldButton", self.tr("Remove"), self.tr("Remove the selected field")
        )
        self.fields_hint = label("", page, role="fieldError", name="schemaFieldsError")
        self.fields_hint.hide()
        self.notice = label(
            self.tr(
                "This schema uses more than the field list can show. Edit it in the JSON "
                "Schema tab; editing the fields here would replace it."
            ),
            page,
            role="hint",
            name="schemaFieldsNotice",
        )
        self.notice.hide()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_field_button)
        buttons.addWidget(self.remove_field_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.fields_hint)
        return page

    # ---- reading and writing -------------------------------------------------------------

    def schema(self) -> dict[str, Any] | None:
        """The schema to use, or None while :meth:`error` says why there is none."""
        return None if self.error() else self.raw.value()

    def schema_name(self) -> str:
        """The schema's name (``response`` when left empty)."""
        return self.name_edit.text().strip() or DEFAULT_SCHEMA_NAME

    def error(self) -> str:
        """Why the schema or its name cannot be used ("" when both can)."""
        name = self.name_edit.text().strip()
        if name and not SCHEMA_NAME_RE.match(name):
            return self._name_problem()
        if self._last_edit == "fields" and self._fields_error:
            return self._fields_error
        if not self.raw.text().strip():
            return self.tr("Add fields, or write a JSON Schema, to use schema mode.")
        return self.raw.error

    def fields(self) -> list[Field]:
        """The rows of the field list."""
        rows: list[Field] = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, NAME)
            required = self.table.item(row, REQUIRED)
            description = self.table.item(row, DESCRIPTION)
            combo = self.table.cellWidget(row, TYPE)
            rows.append(
                (
                    name.text().strip() if name is not None else "",
                    str(combo.currentData()) if isinstance(combo, QComboBox) else "string",
                    required is not None and required.checkState() == Qt.CheckState.Checked,
                    description.text().strip() if description is not None else "",
                )
            )
        return rows

    def set_schema(self, schema: Mapping[str, Any] | None, name: str = DEFAULT_SCHEMA_NAME) -> None:
        """Show ``schema`` and ``name`` (the field list too, when it can show the schema)."""
        rows = fields_of(schema) if schema is not None else []
        self._loading = True
        try:
            self.name_edit.setText("" if name == DEFAULT_SCHEMA_NAME else name)
            self.raw.set_value(schema)
            self._set_rows(rows or [])
        finally:
            self._loading = False
        self._last_edit = "json"
        self._show_fields_error("")
        self._show_name_problem()
        self.notice.setVisible(rows is None)
        self.tabs.setCurrentIndex(0 if rows is not None else 1)

    # ---- the table -----------------------------------------------------------------------

    def _set_rows(self, rows: Sequence[Field]) -> None:
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            for row in rows:
                self._append_row(row)
        finally:
            self.table.blockSignals(False)
        self._fit_table()

    def _append_row(self, field: Field) -> int:
        name, kind, required, description = field
        row = self.table.rowCount()
        blocked = self.table.blockSignals(True)
        try:
            self.table.insertRow(row)
            self.table.setItem(row, NAME, QTableWidgetItem(name))
            combo = QComboBox(self.table)
            combo.setObjectName("fieldTypeCombo")
            for value, tip in self._type_choices():
                combo.addItem(value, value)
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(kind)))
            combo.currentIndexChanged.connect(self._on_field_type_changed)
            self.table.setCellWidget(row, TYPE, combo)
            check = QTableWidgetItem()
            check.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            check.setCheckState(Qt.CheckState.Checked if required else Qt.CheckState.Unchecked)
            check.setToolTip(self.tr("The answer must contain this field"))
            self.table.setItem(row, REQUIRED, check)
            self.table.setItem(row, DESCRIPTION, QTableWidgetItem(description))
        finally:
            self.table.blockSignals(blocked)
        self._fit_table()
        return row

    def _type_choices(self) -> list[tuple[str, str]]:
        return [
            ("string", self.tr("Text")),
            ("number", self.tr("A number (may have decimals)")),
            ("integer", self.tr("A whole number")),
            ("boolean", self.tr("true or false")),
            ("array", self.tr("A list of texts")),
            ("object", self.tr("A nested object")),
        ]

    def _fit_table(self) -> None:
        rows = min(MAX_VISIBLE_ROWS, max(MIN_VISIBLE_ROWS, self.table.rowCount()))
        row_height = self.table.verticalHeader().defaultSectionSize()
        height = self.table.horizontalHeader().sizeHint().height() + rows * row_height
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)
        self.remove_field_button.setEnabled(self.table.rowCount() > 0)
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, TYPE)
            if combo is not None:
                combo.setAccessibleName(self.tr("Type of field {number}").format(number=row + 1))

    def _fields_problem(self, rows: Sequence[Field]) -> str:
        if not rows:
            return self.tr("Add at least one field.")
        seen: set[str] = set()
        for number, (name, _kind, _required, _note) in enumerate(rows, start=1):
            if not name:
                return self.tr("Field {number} needs a name.").format(number=number)
            if name in seen:
                return self.tr("The field name “{name}” is used twice.").format(name=name)
            seen.add(name)
        return ""

    def _show_fields_error(self, text: str) -> None:
        self._fields_error = text
        self.fields_hint.setText(text)
        self.fields_hint.setVisible(bool(text))

    def _name_problem(self) -> str:
        return self.tr("The schema name may only use letters, digits, “_” or “-” (up to 64).")

    def _show_name_problem(self) -> None:
        name = self.name_edit.text().strip()
        problem = self._name_problem() if name and not SCHEMA_NAME_RE.match(name) else ""
        self.name_hint.setText(problem)
        self.name_hint.setVisible(bool(problem))
        set_style_flag(self.name_edit, "invalid", bool(problem))

    # ---- edits ---------------------------------------------------------------------------

    def _on_fields_edited(self) -> None:
        if self._loading:
            return
        self._last_edit = "fields"
        rows = self.fields()
        problem = self._fields_problem(rows)
        self._show_fields_error(problem)
        if not problem:
            self.raw.set_text(pretty_json(schema_from_fields(rows)))
            self.notice.hide()
        self.changed.emit()
        self.committed.emit()

    def _on_raw_edited(self) -> None:
        self._last_edit = "json"
        value = self.raw.value()
        if value is not None:
            rows = fields_of(value)
            if rows is not None:
                self._set_rows(rows)
                self._show_fields_error("")
            self.notice.setVisible(rows is None)
        self.changed.emit()

    def _on_tabs_current_changed(self, index: int) -> None:
        # Size the tabs to the page shown, not to the tallest one.
        for number, page in enumerate((self.fields_page, self.raw_page)):
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.tabs.updateGeometry()

    def _on_name_edit_text_edited(self, _text: str) -> None:
        self._show_name_problem()
        self.changed.emit()

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self._on_fields_edited()

    def _on_field_type_changed(self, _index: int) -> None:
        self._on_fields_edited()

    def _on_add_field_button_clicked(self) -> None:
        names = {row[0] for row in self.fields()}
        number = len(names) + 1
        while f"field_{number}" in names:
            number += 1
        row = self._append_row((f"field_{number}", "string", True, ""))
        self._on_fields_edited()
        self.tabs.setCurrentIndex(0)
        self.table.setFocus()
        self.table.setCurrentCell(row, NAME)
        item = self.table.item(row, NAME)
        if item is not None:
            self.table.editItem(item)

    def _on_remove_field_button_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows:
            current = self.table.currentRow()
            rows = [current if current >= 0 else self.table.rowCount() - 1]
        for row in (r for r in rows if r >= 0):
            self.table.removeRow(row)
        self._fit_table()
        self._on_fields_edited()
