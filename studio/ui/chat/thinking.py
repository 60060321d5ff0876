"""A collapsible panel with the model's reasoning ("thinking") for the current answer."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from studio.ui.common.resources import icon

MAX_HEIGHT = 180


class ThinkingPanel(QFrame):
    """Hidden until reasoning arrives; open while the model thinks, folded once it answers.

    A fold or unfold by the user is respected for the rest of that answer.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thinkingPanel")
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("thinkingToggle")
        self.toggle.setAccessibleName(self.tr("Show or hide the model's thinking"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.clicked.connect(self._on_toggle_clicked)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("thinkingText")
        self.text.setAccessibleName(self.tr("The model's thinking"))
        self.text.setReadOnly(True)
        self.text.textChanged.connect(self._fit_height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text)
        self._thinking = False
        self._user_choice = False
        self.reset()

    @property
    def reasoning(self) -> str:
        """All the reasoning of the current answer."""
        return self.text.toPlainText()

    @property
    def expanded(self) -> bool:
        """True when the reasoning text is shown."""
        return self.toggle.isChecked()

    def reset(self) -> None:
        """Forget the reasoning and hide the panel (a new answer starts)."""
        self.text.clear()
        self._thinking = False
        self._user_choice = False
        self._set_expanded(False)
        self.hide()

    def append(self, text: str) -> None:
        """Add reasoning text; shows the panel, open, on the first piece."""
        if not self._thinking and not self.text.document().isEmpty():
            self._thinking = True
        if self.isHidden():
            self._thinking = True
            self.show()
            if not self._user_choice:
                self._set_expanded(True)
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.maximum())
        self._update_label()

    def answer_started(self) -> None:
        """The answer text began: thinking is over, fold it unless the user chose otherwise."""
        if self._thinking:
            self._thinking = False
            if not self._user_choice:
                self._set_expanded(False)
            self._update_label()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width wraps the reasoning differently: refit the height."""
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped reasoning, up to MAX_HEIGHT (then it scrolls)."""
        if not self.text.isVisibleTo(self):
            return
        margin = round(self.text.document().documentMargin())
        width = max(50, self.text.viewport().width() - 2 * margin)
        metrics = self.text.fontMetrics()
        bounds = metrics.boundingRect(
            QRect(0, 0, width, 1_000_000),
            int(Qt.TextFlag.TextWordWrap),
            self.text.toPlainText() or " ",
        )
        frame = self.text.frameWidth() * 2 + 2 * margin + 2
        self.text.setFixedHeight(min(MAX_HEIGHT, bounds.height() + frame))

    def _set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.text.setVisible(expanded)
        if expanded:
            self._fit_height()
        color = self.palette().color(QPalette.ColorRole.Text)
        self.toggle.setIcon(icon("chevron_down" if expanded else "chevron_right", color))
        self._update_label()

    def _update_label(self) -> None:
        count = len(self.text.toPlainText())
        if self._thinking:
            label = self.tr("Thinking…")
        else:
            label = self.tr("Thought process ({count} characters)").format(count=count)
        self.toggle.setText(label)

    def _on_toggle_clicked(self, checked: bool) -> None:
        self._user_choice = True
        self._set_expanded(checked)
