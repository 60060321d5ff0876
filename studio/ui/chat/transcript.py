"""The conversation as a read-only document: user turns, answers rendered as markdown.

Only the answer being written is re-rendered, and only its unfinished tail: blocks that are
complete (see :func:`stable_length`) are rendered once and frozen. Re-rendering is throttled by
a timer. Links open in the browser only when clicked and only for http(s); nothing remote is
ever loaded into the view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrame,
    QTextFrameFormat,
    QTextLength,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from studio.ui.chat.markdown import render_markdown, stable_length
from studio.ui.theme import mix

RENDER_INTERVAL_MS = 50
READING_WIDTH = 860
SAFE_SCHEMES = frozenset({"http", "https"})
_ROLE_PROPERTY = 0x100001  # QTextFormat.UserProperty + 1: "user" or "assistant" on a turn frame


class TranscriptView(QTextBrowser):
    """Shows the turns of one conversation; the last answer may still be growing."""

    link_opened = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName(self.tr("Conversation"))
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(20)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._answer = ""
        self._frozen = 0
        self._live_start = -1
        self._frame: QTextFrame | None = None
        self._stick_to_bottom = True
        self._side_margin = -1.0
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self._render_live)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # -- public API ----------------------------------------------------------------------

    @property
    def answer_text(self) -> str:
        """The raw markdown of the answer being written (or the last one)."""
        return self._answer

    def is_empty(self) -> bool:
        """True when no turn has been added."""
        return self.document().isEmpty()

    def add_user_message(self, text: str) -> None:
        """Append a user turn, shown as plain text."""
        self._finish_live()
        cursor = self._new_turn(self.tr("You"), user=True)
        cursor.insertText(text)
        self._stick_to_bottom = True

    def begin_answer(self, model: str) -> None:
        """Start an answer from ``model``; text arrives through :meth:`append_answer`."""
        self._finish_live()
        cursor = self._new_turn(model or self.tr("Assistant"), user=False)
        self._frame = cursor.currentFrame()
        self._answer = ""
        self._frozen = 0
        self._live_start = cursor.position()
        self._stick_to_bottom = True

    def append_answer(self, text: str) -> None:
        """Add streamed text to the growing answer; rendering follows shortly."""
        if self._frame is None:
            self.begin_answer("")
        self._answer += text
        if not self._render_timer.isActive():
            self._render_timer.start()

    def end_answer(self, status: str) -> None:
        """Render the answer one last time and note how it ended."""
        if self._frame is None:
            return
        self._render_timer.stop()
        self._render_live()
        note = ""
        if status == "interrupted":
            note = self.tr("Stopped — the answer above is incomplete.")
        elif status == "failed":
            note = self.tr("The answer was cut off.") if self._answer else self.tr("No answer.")
        if note:
            cursor = self._tail_cursor()
            if self._answer:
                cursor.insertBlock(QTextBlockFormat(), self._note_format())
            else:
                cursor.setBlockFormat(QTextBlockFormat())  # the empty answer block was flattened
            cursor.insertText(note, self._note_format())
        self._frame = None
        self._live_start = -1

    def discard_answer(self) -> None:
        """Remove the last answer (before asking the same question again)."""
        self._render_timer.stop()
        frames = self.document().rootFrame().childFrames()
        if frames and frames[-1].frameFormat().property(_ROLE_PROPERTY) == "assistant":
            frame = frames[-1]
            cursor = QTextCursor(self.document())
            cursor.setPosition(frame.firstPosition() - 1)
            cursor.setPosition(frame.lastPosition() + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        self._frame = None
        self._live_start = -1
        self._answer = ""

    def clear_conversation(self) -> None:
        """Remove every turn."""
        self._render_timer.stop()
        self._frame = None
        self._live_start = -1
        self._answer = ""
        self._frozen = 0
        self.clear()
        self._side_margin = -1.0
        self._apply_column()

    # -- Qt overrides --------------------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Load nothing: answers must not make the app fetch remote (or local) files."""
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the text in a readable column centred in wide windows."""
        super().resizeEvent(event)
        self._apply_column()

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint user turns when the palette changes (light/dark switch)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for frame in self.document().rootFrame().childFrames():
                frame_format = frame.frameFormat()
                frame_format.setBackground(
                    self._turn_background(frame_format.property(_ROLE_PROPERTY) == "user")
                )
                frame.setFrameFormat(frame_format)

    # -- rendering -----------------------------------------------------------------------

    def _apply_column(self) -> None:
        margin = self.document().documentMargin()
        side = max(margin, (self.viewport().width() - READING_WIDTH) / 2)
        if side == self._side_margin:
            return
        self._side_margin = side
        root = self.document().rootFrame()
        frame_format = root.frameFormat()
        frame_format.setLeftMargin(side)
        frame_format.setRightMargin(side)
        root.setFrameFormat(frame_format)

    def _new_turn(self, label: str, *, user: bool) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        spacer = cursor.position()
        frame_format = QTextFrameFormat()
        frame_format.setPadding(12)
        frame_format.setBottomMargin(10)
        frame_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        frame_format.setBackground(self._turn_background(user))
        frame_format.setBorder(1 if user else 0)
        frame_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        frame_format.setBorderBrush(self._turn_border())
        frame_format.setProperty(_ROLE_PROPERTY, "user" if user else "assistant")
        cursor.insertFrame(frame_format)
        self._squash_spacers(spacer, spacer)
        self._squash_spacers(
            self.document().rootFrame().lastPosition(), self.document().rootFrame().lastPosition()
        )
        label_format = QTextCharFormat()
        label_format.setFontWeight(QFont.Weight.DemiBold)
        label_format.setForeground(self._muted_color())
        block_format = QTextBlockFormat()
        block_format.setBottomMargin(4)
        cursor.setBlockFormat(block_format)
        cursor.insertText(label, label_format)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        return cursor

    def _render_live(self) -> None:
        if self._frame is None or self._live_start < 0:
            return
        boundary = stable_length(self._answer, self._frozen)
        start = self._live_start
        cursor = self._tail_cursor()
        cursor.setPosition(self._live_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        background = self._code_background()
        if boundary > self._frozen:
            # These blocks are finished: render them once and never touch them again.
            cursor.insertFragment(
                render_markdown(self._answer[self._frozen : boundary], background)
            )
            self._frozen = boundary
            if boundary < len(self._answer):
                cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self._live_start = cursor.position()
        tail = self._answer[self._frozen :]
        if tail.strip():
            cursor.insertFragment(render_markdown(tail, background))
        self._squash_spacers(start, self._frame.lastPosition())

    def _squash_spacers(self, start: int, end: int) -> None:
        """Flatten the empty paragraphs Qt keeps around frames (code blocks, tables, turns).

        Qt needs a block after every frame; left alone, each shows as a blank line.
        """
        document = self.document()
        block = document.findBlock(start)
        flat = QTextBlockFormat()
        flat.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        flat.setTopMargin(0)
        flat.setBottomMargin(0)
        cursor = QTextCursor(document)
        while block.isValid() and block.position() <= end:
            if block.length() == 1:
                cursor.setPosition(block.position())
                frame = cursor.currentFrame()
                if frame is self._frame or frame is document.rootFrame():
                    cursor.setBlockFormat(flat)
            block = block.next()

    def _finish_live(self) -> None:
        if self._frame is not None:
            self.end_answer("complete")

    def _tail_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        assert self._frame is not None
        cursor.setPosition(self._frame.lastPosition())
        return cursor

    def _note_format(self) -> QTextCharFormat:
        note = QTextCharFormat()
        note.setFontItalic(True)
        note.setForeground(self._muted_color())
        return note

    def _muted_color(self) -> QColor:
        palette = self.palette()
        return mix(
            palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.6
        )

    def _code_background(self) -> QColor:
        palette = self.palette()
        return mix(
            palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.07
        )

    def _turn_border(self) -> QColor:
        palette = self.palette()
        return mix(
            palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Base), 0.3
        )

    def _turn_background(self, user: bool) -> QColor:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if not user:
            return base
        return mix(palette.color(QPalette.ColorRole.Highlight), base, 0.12)

    # -- slots ---------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES and url.isValid():
            QDesktopServices.openUrl(url)
            self.link_opened.emit(url)

    def _on_scrolled(self, value: int) -> None:
        self._stick_to_bottom = value >= self.verticalScrollBar().maximum() - 4

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)
