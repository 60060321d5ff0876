"""The left-hand navigation: the app's name and one button per page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

NAV_WIDTH = 196


class NavigationBar(QFrame):
    """Exclusive page buttons; emits :attr:`page_selected` with the page index."""

    page_selected = Signal(int)

    def __init__(
        self, title: str, subtitle: str, logo: QIcon, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setFixedWidth(NAV_WIDTH)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.page_selected)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 16, 12, 12)
        self._layout.setSpacing(4)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("appTitle")
        self.subtitle_label = QLabel(subtitle, self)
        self.subtitle_label.setObjectName("appSubtitle")
        self.subtitle_label.setWordWrap(True)
        logo_label = QLabel(self)
        logo_label.setObjectName("appLogo")
        logo_label.setPixmap(logo.pixmap(30, 30))
        title_row = QHBoxLayout()
        title_row.setSpacing(8)
        title_row.addWidget(logo_label)
        title_row.addWidget(self.title_label, 1)
        self._layout.addLayout(title_row)
        self._layout.addWidget(self.subtitle_label)
        self._layout.addSpacing(14)
        self._footer = QVBoxLayout()
        self._layout.addStretch(1)
        self._layout.addLayout(self._footer)
        self._buttons: list[QToolButton] = []

    def add_page(self, name: str, text: str, accessible_name: str, page_icon: QIcon) -> QToolButton:
        """Add a button for the next page; returns it."""
        button = QToolButton(self)
        button.setObjectName(name)
        button.setProperty("navButton", True)
        button.setText(text)
        button.setAccessibleName(accessible_name)
        button.setIcon(page_icon)
        button.setIconSize(QSize(20, 20))
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        index = len(self._buttons)
        self._group.addButton(button, index)
        self._buttons.append(button)
        self._layout.insertWidget(2 + index + 1, button)
        if index == 0:
            button.setChecked(True)
        return button

    def add_footer(self, widget: QWidget) -> None:
        """Put ``widget`` at the bottom of the bar."""
        self._footer.addWidget(widget)

    def select(self, index: int) -> None:
        """Check the button of page ``index`` and announce it."""
        if 0 <= index < len(self._buttons):
            self._buttons[index].setChecked(True)
            self.page_selected.emit(index)

    @property
    def buttons(self) -> list[QToolButton]:
        """The page buttons, in page order."""
        return list(self._buttons)
