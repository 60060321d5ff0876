"""Help → Keyboard shortcuts: the keys Studio understands, from the window's own table
(:mod:`studio.ui.common.shortcuts`), by section."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.shortcuts import sheet


class ShortcutsDialog(QDialog):
    """Lists the keyboard shortcuts (the message box's as the send key is set)."""

    def __init__(self, parent: QWidget | None = None, *, send_on_enter: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.rows: list[tuple[str, str]] = []
        """(keys, what they do) as listed, every section together (what the tests read)."""
        content = QWidget(self)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        larger = QFont(bold)
        larger.setPointSizeF(bold.pointSizeF() * 1.15)
        row = 0
        for title, entries in sheet(send_on_enter):
            heading = QLabel(title, content)
            heading.setProperty("sectionTitle", True)
            heading.setFont(larger)
            if row:
                grid.setRowMinimumHeight(row, 10)
                row += 1
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for keys, action in entries:
                key_label = QLabel(keys, content)
                key_label.setFont(bold)
                grid.addWidget(key_label, row, 0)
                grid.addWidget(QLabel(action, content), row, 1)
                self.rows.append((keys, action))
                row += 1
        scroll = QScrollArea(self)
        scroll.setObjectName("shortcutsScroll")
        scroll.setAccessibleName(self.tr("Keyboard shortcuts"))
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("shortcutsButtons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addWidget(scroll, 1)
        layout.addSpacing(10)
        layout.addWidget(buttons)
        hint = content.sizeHint()
        self.resize(hint.width() + 60, min(640, hint.height() + 90))
