"""Optional prices per model (per one million tokens), used to turn token counts into cost."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from studio.session.settings_editor import ModelPrice
from studio.ui.settings.parts import lay_out_table, role_label

MAX_PRICE = 100_000.0
DECIMALS = 4

Index = QModelIndex | QPersistentModelIndex


class PriceDelegate(QStyledItemDelegate):
    """Edits a price cell with a spin box, so a price is always a number ≥ 0."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A spin box for the cell."""
        editor = QDoubleSpinBox(parent)
        editor.setObjectName("priceEditor")
        editor.setAccessibleName(self.tr("Price per million tokens"))
        editor.setRange(0.0, MAX_PRICE)
        editor.setDecimals(DECIMALS)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Put the cell's number into the spin box."""
        if isinstance(editor, QDoubleSpinBox):
            editor.setValue(_number(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the spin box's number in the cell."""
        if isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, float(editor.value()), Qt.ItemDataRole.EditRole)


def _number(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return 0.0


class PricesTable(QWidget):
    """Model / input price / output price rows for one provider.

    Signals:
        prices_changed(dict): model id → :class:`ModelPrice` for the named rows.
    """

    prices_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("pricesTable")
        self.table.setAccessibleName(self.tr("Prices per model"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Input / 1M tokens"), self.tr("Output / 1M tokens")]
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._delegate = PriceDelegate(self.table)
        self.table.setItemDelegateForColumn(1, self._delegate)
        self.table.setItemDelegateForColumn(2, self._delegate)
        self.table.setMinimumHeight(110)
        self.add_button = QPushButton(self.tr("Add price"), self)
        self.add_button.setObjectName("addPriceButton")
        self.add_button.setAccessibleName(self.tr("Add a model price"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removePriceButton")
        self.remove_button.setAccessibleName(self.tr("Remove the selected price"))
        self.hint = role_label(
            self.tr(
                "Optional. In the currency your relay bills in; used to show what each "
                "conversation cost."
            ),
            "hint",
            self,
            "pricesHint",
        )
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        lay_out_table(self, self.table, self.add_button, self.remove_button, self.hint)
        self._suggested = ""
        self._update_buttons()

    def prices(self) -> dict[str, ModelPrice]:
        """The rows that name a model."""
        found: dict[str, ModelPrice] = {}
        for row in range(self.table.rowCount()):
            model = self._item(row, 0).text().strip()
            if model:
                found[model] = ModelPrice(self._price(row, 1), self._price(row, 2))
        return found

    def set_prices(self, prices: dict[str, ModelPrice], suggested_model: str = "") -> None:
        """Show ``prices``; ``suggested_model`` fills the model of a newly added row."""
        self._suggested = suggested_model
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for model, price in prices.items():
            self._append(model, price)
        self.table.blockSignals(False)
        self._update_buttons()

    def add_row(self, model: str = "", price: ModelPrice | None = None) -> int:
        """Add a row; returns its index."""
        self.table.blockSignals(True)
        row = self._append(model, price or ModelPrice(0.0, 0.0))
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        self._update_buttons()
        self.prices_changed.emit(self.prices())
        return row

    def _append(self, model: str, price: ModelPrice) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(model))
        for column, value in ((1, price.input), (2, price.output)):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, float(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        return row

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        return item if item is not None else QTableWidgetItem()

    def _price(self, row: int, column: int) -> float:
        return max(0.0, _number(self._item(row, column).data(Qt.ItemDataRole.EditRole)))

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _on_add_clicked(self) -> None:
        taken = set(self.prices())
        model = self._suggested if self._suggested not in taken else ""
        row = self.add_row(model)
        if not model:
            self.table.editItem(self._item(row, 0))

    def _on_remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in reversed(rows):
            self.table.removeRow(row)
        self._update_buttons()
        self.prices_changed.emit(self.prices())

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self.prices_changed.emit(self.prices())
