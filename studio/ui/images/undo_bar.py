"""A slim bar after a delete: "Picture deleted · Undo", gone after a few seconds."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from studio.ui.images.icons import page_icon

VISIBLE_MS = 10_000


class UndoBar(QFrame):
    """Offers to undo the last delete.

    Signals:
        undo_requested(int): Undo was pressed for the item id shown.
    """

    undo_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setAccessibleName(self.tr("Undo delete"))
        self._item_id = -1
        self.label = QLabel(self)
        self.label.setObjectName("undoMessage")
        self.label.setWordWrap(True)  # a narrow column: two lines rather than a cut
        self.undo_button = QToolButton(self)
        self.undo_button.setObjectName("undoDeleteButton")
        self.undo_button.setProperty("cardButton", True)
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the delete"))
        self.undo_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("undoCloseButton")
        self.close_button.setProperty("flatButton", True)
        self.close_button.setIcon(page_icon("close", self.palette().color(QPalette.ColorRole.Text)))
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.setToolTip(self.tr("Dismiss"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 6, 4)
        layout.setSpacing(8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VISIBLE_MS)
        self._timer.timeout.connect(self.hide)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    @property
    def item_id(self) -> int:
        """The item the bar offers to bring back (-1: none)."""
        return self._item_id

    def offer(self, item_id: int, message: str) -> None:
        """Show ``message`` with Undo for ``item_id``."""
        self._item_id = item_id
        self.label.setText(message)
        self.show()
        self._timer.start()

    def _on_undo_clicked(self) -> None:
        self._timer.stop()
        self.hide()
        if self._item_id >= 0:
            item_id, self._item_id = self._item_id, -1
            self.undo_requested.emit(item_id)
