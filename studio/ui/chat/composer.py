"""The message box: Enter sends, Shift+Enter starts a new line, and it grows with the text.

Pasted or dropped images (picture data, image files, an image address) are not inserted as
text: they are handed on with :attr:`Composer.images_offered` to become attachments.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

from studio.ui.chat.mime_sources import incoming_images, offers_images

MIN_LINES = 2
MAX_LINES = 10


class Composer(QPlainTextEdit):
    """A multi-line editor that emits :attr:`submitted` on Enter.

    With ``send_on_enter`` False, Ctrl+Enter sends and Enter starts a new line. While
    :attr:`accepts_images` is True, images pasted or dropped on it are emitted with
    :attr:`images_offered` (a list of :class:`~studio.ui.chat.mime_sources.Incoming`).
    """

    submitted = Signal()
    focus_changed = Signal(bool)
    images_offered = Signal(list)

    def __init__(self, parent: QWidget | None = None, *, send_on_enter: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message"))
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.send_on_enter = send_on_enter
        self.accepts_images = False
        self._dropping = False
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

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Images count as insertable (they become attachments)."""
        if self.accepts_images and offers_images(source, pasted=not self._dropping):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Hand images on as attachments; insert anything else as text."""
        if self.accepts_images:
            images = incoming_images(source, pasted=not self._dropping)
            if images:
                self.images_offered.emit(images)
                return
        super().insertFromMimeData(source)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """A drop judges addresses more freely than a paste (a dragged browser image)."""
        self._dropping = True
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """See :meth:`dragEnterEvent`."""
        self._dropping = True
        super().dragMoveEvent(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        """Back to paste rules."""
        self._dropping = False
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Insert with drop rules, then go back to paste rules."""
        self._dropping = True
        try:
            super().dropEvent(event)
        finally:
            self._dropping = False

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
