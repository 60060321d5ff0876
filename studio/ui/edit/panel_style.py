"""The side panels' own style rules, filled in from the palette (light and dark themes).

Each panel is a :class:`ThemedPanel`: it sets these rules on itself and again when the
palette changes, so it looks finished on any page (and alone, in tests and screenshots).
Delegates that paint by hand get the new palette through :meth:`ThemedPanel.palette_changed`.
"""

from __future__ import annotations

from string import Template

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from studio.ui.theme import theme_tokens

RULES = """
#referenceTray, #versionTree, #editSessionList {
    background: $sidebar;
}

QLabel[sectionTitle="true"] {
    color: $muted;
    font-weight: 600;
}

QLabel[hint="true"], #trayCount, #trayLimitNote, #versionHint, #editSessionsEmptyText {
    color: $muted;
}

#trayLimitNote[full="true"] {
    color: $danger;
}

#traySlot {
    background: palette(base);
    border: 1px solid $border;
    border-radius: 10px;
}

#traySlot:focus {
    border: 1px solid $accent;
}

#traySlot[base="true"] {
    border: 1px solid $accent_soft;
    background: $accent_softer;
}

#traySlot[over="true"] {
    border: 1px solid $accent;
    background: $accent_soft;
}

#traySlot[unsent="true"] {
    background: $hover;
    border: 1px dashed $border_strong;
}

#trayAddSlot {
    border: 1px dashed $border_strong;
    border-radius: 10px;
    background: transparent;
    color: $muted;
}

#trayAddSlot:hover, #trayAddSlot:focus {
    border-color: $accent;
    color: palette(text);
}

#trayAddSlot:disabled {
    color: $muted;
    border-color: $border;
}

#referenceTray[dropping="true"] #traySlots {
    background: $accent_softer;
    border: 1px dashed $accent;
    border-radius: 12px;
}

#trayDropMarker {
    background: $accent;
    border-radius: 1px;
}

#traySlots, #trayScroll {
    background: transparent;
    border: none;
}

#traySlotNumber {
    font-weight: 600;
}

#traySlotLabel {
    color: $muted;
}

QToolButton#traySlotRemove {
    border: 1px solid $border;
    border-radius: 9px;
    background: palette(base);
    padding: 1px;
}

QToolButton#traySlotRemove:hover {
    border-color: $danger_border;
    background: $danger_soft;
}

QTreeWidget#versionTreeView, QListWidget#versionStripView, QListWidget#editSessionRows {
    border: none;
    background: transparent;
    outline: none;
}

QTreeWidget#versionTreeView::item, QListWidget#versionStripView::item,
QTreeWidget#versionTreeView::item:selected, QListWidget#versionStripView::item:selected {
    background: transparent;
}

#versionCompareBar, #undoBar {
    background: $accent_softer;
    border: 1px solid $accent_soft;
    border-radius: 10px;
}

QToolButton[cardButton="true"] {
    border: 1px solid $border;
    border-radius: 7px;
    padding: 3px 8px;
    background: palette(base);
}

QToolButton[cardButton="true"]:hover {
    background: $hover;
}

QToolButton[cardButton="true"]:focus {
    border-color: $accent;
}

QToolButton[cardButton="true"]:disabled {
    color: $muted;
    background: transparent;
}

QToolButton[primaryButton="true"] {
    border: none;
    border-radius: 7px;
    padding: 4px 10px;
    font-weight: 600;
    background: $accent;
    color: $accent_text;
}

QToolButton[primaryButton="true"]:hover {
    background: $accent_hover;
}

QToolButton[primaryButton="true"]:disabled {
    background: $border;
    color: $muted;
}

#editSessionsEmptyTitle {
    font-weight: 600;
    font-size: 15px;
}
"""


def panel_stylesheet(palette: QPalette) -> str:
    """The panels' rules for ``palette``."""
    return Template(RULES).safe_substitute(theme_tokens(palette))


class ThemedPanel(QWidget):
    """A panel that keeps its style rules in step with the application palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sheet = ""

    def apply_style(self) -> None:
        """Set the rules for the current palette (does nothing when they did not change)."""
        palette = QApplication.palette()
        sheet = panel_stylesheet(palette)
        if sheet == self._sheet:
            return
        self._sheet = sheet
        self.setStyleSheet(sheet)
        self.palette_changed(palette)

    def palette_changed(self, palette: QPalette) -> None:
        """Hook for colours painted by hand (delegates); ``palette`` is the new one."""

    def changeEvent(self, event: QEvent) -> None:
        """Follow theme changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_style()
