"""The message box: Enter sends, Shift+Enter starts a new line, and it grows with the text."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

MIN_LINES = 2
MAX_LINES = 10


class Composer(QPlainTextEdit):
    """A multi-line editor that emits :attr:`submitted` on Enter.

    With ``send_on_enter`` False, Ctrl+Enter sends and Enter starts a new line.
    """

    submitted = Signal()
    focus_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, send_on_enter: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message"))
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.send_on_enter = send_on_enter
        self.textChanged.connect(self._fit_height)
        self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Send on Enter (or Ctrl+Enter); Shift+Enter always inserts a line break."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            modifiers = event.modifiers()
            shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            if not shift and (ctrl or self.send_on_enter):
                event.accept()
                self.submitted.emit()
                return
            if shift:
                self.textCursor().insertBlock()
                event.accept()
                return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tell the surrounding frame to draw its focus border."""
        super().focusInEvent(event)
        self.focus_changed.emit(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Tell the surrounding frame to drop its focus border."""
        super().focusOutEvent(event)
        self.focus_changed.emit(False)

    def sizeHint(self) -> QSize:
        """As tall as the text, between MIN_LINES and MAX_LINES lines."""
        hint = super().sizeHint()
        return QSize(hint.width(), self._wanted_height())

    def _wanted_height(self) -> int:
        line = self.fontMetrics().lineSpacing()
        lines = max(MIN_LINES, min(MAX_LINES, round(self.document().size().height())))
        margins = self.contentsMargins()
        frame = round(self.document().documentMargin() * 2)
        return lines * line + frame + margins.top() + margins.bottom() + 2

    def _fit_height(self) -> None:
        self.setFixedHeight(self._wanted_height())
