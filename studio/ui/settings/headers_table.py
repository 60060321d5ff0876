"""Extra HTTP headers for a relay: a two-column table, with credential names refused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from studio.ui.settings.parts import lay_out_table, role_label, set_state
from studio.ui.settings.validation import header_problem, problem_text


class HeadersTable(QWidget):
    """Name/value rows. Rows without a name are ignored.

    Signals:
        headers_changed(dict): the headers now in the table (problems included; the
            dialog refuses to save while :attr:`problem` is set).
    """

    headers_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("headersTable")
        self.table.setAccessibleName(self.tr("Extra headers"))
        self.table.setHorizontalHeaderLabels([self.tr("Header"), self.tr("Value")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        self.add_button = QPushButton(self.tr("Add header"), self)
        self.add_button.setObjectName("addHeaderButton")
        self.add_button.setAccessibleName(self.tr("Add a header"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeHeaderButton")
        self.remove_button.setAccessibleName(self.tr("Remove the selected header"))
        self.hint = role_label("", "hint", self, "headersHint")
        self.hint.setAccessibleName(self.tr("Header problem"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        lay_out_table(self, self.table, self.add_button, self.remove_button, self.hint)
        self._update_buttons()
        self._show_problem({})

    @property
    def problem(self) -> str:
        """The sentence about the first bad header ("" when all are fine)."""
        return self.hint.text() if self.hint.property("state") == "error" else ""

    def headers(self) -> dict[str, str]:
        """The named rows, in table order."""
        found: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name = self._text(row, 0).strip()
            if name:
                found[name] = self._text(row, 1).strip()
        return found

    def set_headers(self, headers: dict[str, str]) -> None:
        """Show ``headers`` (replacing the rows)."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for name, value in headers.items():
            self._append(name, value)
        self.table.blockSignals(False)
        self._update_buttons()
        self._show_problem(headers)

    def add_row(self, name: str = "", value: str = "") -> int:
        """Add a row (editing its name when empty); returns its index."""
        self.table.blockSignals(True)
        row = self._append(name, value)
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        if not name:
            item = self.table.item(row, 0)
            if item is not None:
                self.table.editItem(item)
        self._emit()
        return row

    def _append(self, name: str, value: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        return row

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _show_problem(self, headers: dict[str, str]) -> None:
        for name, value in headers.items():
            problem = header_problem(name, value)
            if problem is not None:
                self.hint.setText(problem_text(problem))
                set_state(self.hint, "error")
                return
        self.hint.setText(
            self.tr(
                "Sent with every request, e.g. HTTP-Referer or X-Title. The key does not "
                "belong here: use the API key field."
            )
        )
        set_state(self.hint, "")

    def _emit(self) -> None:
        headers = self.headers()
        self._show_problem(headers)
        self.headers_changed.emit(headers)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _on_add_clicked(self) -> None:
        self.add_row()

    def _on_remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in reversed(rows):
            self.table.removeRow(row)
        self._update_buttons()
        self._emit()

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self._emit()
