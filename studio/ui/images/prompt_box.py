"""The prompt box: multi-line, Ctrl+Enter generates, ↑/↓ at the edges walk the prompt history."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

MIN_LINES = 3
MAX_LINES = 9


class PromptEdit(QPlainTextEdit):
    """Where the description of the picture is written.

    ↑ on the first line shows the previous prompt from the history, ↓ on the last line the
    next one; going past the newest brings back what was being typed. Ctrl+Enter emits
    :attr:`submitted`; Enter starts a new line.
    """

    submitted = Signal()

    def __init__(
        self,
        name: str,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        min_lines: int = MIN_LINES,
        max_lines: int = MAX_LINES,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self._history_source: Callable[[], Sequence[str]] | None = None
        self._history: list[str] = []
        self._position = -1  # -1: the draft; 0: the newest history entry …
        self._draft = ""
        self.textChanged.connect(self._fit_height)
        self._fit_height()

    def set_history_source(self, source: Callable[[], Sequence[str]]) -> None:
        """Where ↑/↓ read prompts from (newest first); read afresh on each first ↑."""
        self._history_source = source

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter submits; ↑/↓ at the first/last line walk the history."""
        key = event.key()
        modifiers = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            modifiers & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            self.submitted.emit()
            return
        plain = not (modifiers & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and key == Qt.Key.Key_Up and self._on_first_line() and self._walk(+1):
            event.accept()
            return
        if plain and key == Qt.Key.Key_Down and self._on_last_line() and self._walk(-1):
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        """As tall as the text, between the minimum and maximum number of lines."""
        hint = super().sizeHint()
        return QSize(hint.width(), self._wanted_height())

    # -- history -------------------------------------------------------------------------

    def _walk(self, step: int) -> bool:
        if self._position == -1 and step > 0:
            self._history = self._load_history()
            self._draft = self.toPlainText()
        target = self._position + step
        if target < -1 or target >= len(self._history):
            return False
        self._position = target
        text = self._draft if target == -1 else self._history[target]
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self.textChanged.emit()
        cursor = self.textCursor()
        # Older prompts leave the cursor at the start (↑ goes on), newer ones at the end.
        cursor.movePosition(
            QTextCursor.MoveOperation.Start if step > 0 else QTextCursor.MoveOperation.End
        )
        self.setTextCursor(cursor)
        return True

    def _load_history(self) -> list[str]:
        if self._history_source is None:
            return []
        current = self.toPlainText().strip()
        seen: list[str] = []
        for prompt in self._history_source():
            if prompt.strip() and prompt not in seen and prompt.strip() != current:
                seen.append(prompt)
        return seen

    def reset_history_position(self) -> None:
        """Forget where in the history the box is (after a prompt was used)."""
        self._position = -1
        self._draft = ""

    def _on_first_line(self) -> bool:
        cursor = self.textCursor()
        if cursor.blockNumber() != 0:
            return False
        layout = cursor.block().layout()
        if layout is None or layout.lineCount() == 0:
            return True
        return layout.lineForTextPosition(cursor.positionInBlock()).lineNumber() == 0

    def _on_last_line(self) -> bool:
        cursor = self.textCursor()
        if cursor.blockNumber() != self.document().blockCount() - 1:
            return False
        layout = cursor.block().layout()
        if layout is None or layout.lineCount() == 0:
            return True
        line = layout.lineForTextPosition(cursor.positionInBlock()).lineNumber()
        return line == layout.lineCount() - 1

    # -- size ----------------------------------------------------------------------------

    def _wanted_height(self) -> int:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._min_lines, min(self._max_lines, round(self.document().size().height())))
        margins = self.contentsMargins()
        frame = round(self.document().documentMargin() * 2)
        return lines * line + frame + margins.top() + margins.bottom() + 2

    def _fit_height(self) -> None:
        self.setFixedHeight(self._wanted_height())
