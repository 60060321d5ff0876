"""The chat page's top bar: title, model picker, refresh and new-chat buttons."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from studio.ui.common.resources import icon


class ChatHeader(QFrame):
    """Holds the controls that apply to the whole conversation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatHeader")
        color = self.palette().color(QPalette.ColorRole.Text)
        self.title = QLabel(self.tr("New chat"), self)
        self.title.setObjectName("pageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        title = self.title
        model_label = QLabel(self.tr("Model"), self)
        model_label.setObjectName("modelLabel")
        self.model_picker = QComboBox(self)
        self.model_picker.setObjectName("modelPicker")
        self.model_picker.setAccessibleName(self.tr("Model"))
        self.model_picker.setToolTip(self.tr("The model that answers; you can also type a name"))
        self.model_picker.setEditable(True)
        self.model_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_picker.setMaxVisibleItems(20)
        self.model_picker.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.model_picker.setMinimumContentsLength(10)
        self.model_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = self.model_picker.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        model_label.setBuddy(self.model_picker)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setObjectName("refreshModelsButton")
        self.refresh_button.setProperty("flatButton", True)
        self.refresh_button.setIcon(icon("retry", color))
        self.refresh_button.setIconSize(QSize(16, 16))
        self.refresh_button.setAccessibleName(self.tr("Refresh the model list"))
        self.refresh_button.setToolTip(self.tr("Refresh the model list"))
        self.panel_button = QToolButton(self)
        self.panel_button.setObjectName("panelToggleButton")
        self.panel_button.setProperty("flatButton", True)
        self.panel_button.setCheckable(True)
        self.panel_button.setText(self.tr("Parameters"))
        self.panel_button.setIcon(icon("sparkle", color))
        self.panel_button.setIconSize(QSize(18, 18))
        self.panel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.panel_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.panel_button.setAccessibleName(self.tr("Show or hide parameters and tools"))
        self.panel_button.setToolTip(
            self.tr("System prompt, sampling parameters, JSON output and tools of this chat")
        )
        for button in (self.refresh_button, self.panel_button):
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(title, 1)
        layout.addWidget(model_label)
        layout.addWidget(self.model_picker)
        layout.addWidget(self.refresh_button)
        layout.addSpacing(6)
        layout.addWidget(self.panel_button)

    @property
    def model(self) -> str:
        """The model name shown (typed or picked)."""
        return self.model_picker.currentText().strip()

    def set_models(self, names: Iterable[str], current: str = "") -> None:
        """Replace the list; keep ``current`` (or what was shown) as the choice."""
        keep = current or self.model
        self.model_picker.blockSignals(True)
        self.model_picker.clear()
        self.model_picker.addItems(list(dict.fromkeys(n for n in names if n)))
        self.model_picker.blockSignals(False)
        index = self.model_picker.findText(keep) if keep else -1
        if index >= 0:
            self.model_picker.setCurrentIndex(index)
        elif keep:
            self.model_picker.setEditText(keep)
        elif self.model_picker.count():
            self.model_picker.setCurrentIndex(0)
