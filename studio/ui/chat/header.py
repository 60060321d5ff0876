"""The chat page's top bar: title, model picker, refresh and new-chat buttons."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
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

from studio.ui.common.elided_label import ElidedLabel
from studio.ui.common.resources import icon

BADGE_LENGTH = 24
TITLE_ROOM = 110


class ChatHeader(QFrame):
    """Holds the controls that apply to the whole conversation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatHeader")
        color = self.palette().color(QPalette.ColorRole.Text)
        self._title = self.tr("New chat")
        self._assistant = ""
        self._badge_folded = False
        self.title = ElidedLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.set_full_text(self._title)
        title = self.title
        self.assistant_badge = QLabel("", self)
        self.assistant_badge.setObjectName("assistantBadge")
        self.assistant_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.assistant_badge.setAccessibleName(self.tr("Assistant"))
        self.assistant_badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.assistant_badge.hide()
        model_label = QLabel(self.tr("Model"), self)
        model_label.setObjectName("modelLabel")
        self.model_label = model_label
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
        layout.addWidget(self.assistant_badge)
        layout.addSpacing(4)
        layout.addWidget(model_label)
        layout.addWidget(self.model_picker)
        layout.addWidget(self.refresh_button)
        layout.addSpacing(6)
        layout.addWidget(self.panel_button)

    def set_title(self, title: str) -> None:
        """Show the chat's title (the whole of it in the tooltip)."""
        self._title = title
        self._show_title()

    def set_assistant(self, name: str) -> None:
        """Show the name of the assistant the chat was started from ("" for none): a badge
        beside the title, or before the title's text when the header is too narrow for both."""
        self._assistant = name
        shown = name if len(name) <= BADGE_LENGTH else name[: BADGE_LENGTH - 1] + "…"
        self.assistant_badge.setText(shown)
        self.assistant_badge.setToolTip(
            self.tr("Started from the assistant {name}").format(name=name) if name else ""
        )
        self._fit_badge()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep room for the title: the badge folds into it when space runs out."""
        super().resizeEvent(event)
        self._fit_badge()

    def _fit_badge(self) -> None:
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        others = sum(
            w.sizeHint().width()
            for w in (self.model_label, self.model_picker, self.refresh_button, self.panel_button)
        )
        fixed = others + 8 * 6 + 10 + (margins.left() + margins.right() if margins else 0)
        room = self.width() - fixed - self.assistant_badge.sizeHint().width()
        badge = bool(self._assistant) and room >= TITLE_ROOM
        self._badge_folded = bool(self._assistant) and not badge
        self.assistant_badge.setVisible(badge)
        self._show_title()

    def _show_title(self) -> None:
        text = self._title
        if self._badge_folded:
            text = self.tr("{assistant} · {title}").format(assistant=self._assistant, title=text)
        self.title.set_full_text(text)
        self.title.setToolTip(text if text != self.tr("New chat") else "")

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
