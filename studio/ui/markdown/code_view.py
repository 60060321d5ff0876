"""A fenced code block: a header with the language and a Copy button over scrollable code.

Long lines scroll sideways instead of wrapping. The code sits in a :class:`QTextBrowser` that
refuses to load any resource, so nothing in an answer can make it fetch a file or a URL. While
a long block is still streaming without highlighting, new text is appended to the document
instead of replacing it, so each update costs as much as the new text only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.markdown.highlight import MarkdownColors, colors
from studio.ui.markdown.render import Block

COPIED_FEEDBACK_MS = 1500
MONOSPACE_FAMILIES = [
    "JetBrains Mono",
    "Cascadia Mono",
    "SF Mono",
    "Menlo",
    "Consolas",
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "monospace",
]


def monospace_font(base: QFont) -> QFont:
    """``base`` in a monospace family (first installed of a few good ones)."""
    font = QFont(base)
    font.setFamilies(MONOSPACE_FAMILIES)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    return font


class SealedTextBrowser(QTextBrowser):
    """A read-only text browser that never loads a resource (image, style sheet, page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resource_requests: list[QUrl] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Vertical wheel turns scroll the conversation, not this (never taller) code box."""
        delta = event.angleDelta()
        sideways = abs(delta.x()) >= abs(delta.y()) or bool(
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        if sideways:
            super().wheelEvent(event)
            return
        outer = self.parentWidget()
        while outer is not None and not isinstance(outer, QAbstractScrollArea):
            outer = outer.parentWidget()
        if outer is None:
            event.ignore()
            return
        # Qt would pass an ignored event on only if it came from the system; say it directly.
        QCoreApplication.sendEvent(outer.viewport(), event)
        event.accept()

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Record the request and answer with nothing usable: answers must not load anything.

        Not ``None`` (nor empty bytes): for those Qt falls back to reading local files and
        ``data:`` URLs itself. A null image and a blank style sheet stop it.
        """
        self.resource_requests.append(QUrl(name))
        if getattr(type, "value", type) == QTextDocument.ResourceType.ImageResource.value:
            return QImage()
        return " "


class CodeBlockView(QFrame):
    """Shows one code block with its language and a Copy button."""

    height_changed = Signal()
    """The block's height changed (its lines, or the horizontal scroll bar came or went)."""

    def __init__(self, block: Block, *, dark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeBlock")
        self.block_kind = "code"
        self._block: Block | None = None
        self._shown_plain: str | None = None  # the code shown unhighlighted, for appends
        self._theme = colors(dark)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)

        header = self._header = QWidget(self)
        header.setObjectName("codeHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 2, 4, 2)
        self._language = QLabel(header)
        self._language.setObjectName("codeLanguage")
        self._copy = QToolButton(header)
        self._copy.setObjectName("copyCodeButton")
        self._copy.setProperty("flatButton", True)
        self._copy.setAutoRaise(True)
        self._copy.setCursor(Qt.CursorShape.PointingHandCursor)
        self._copy.clicked.connect(self._on_copy_clicked)
        row.addWidget(self._language)
        row.addStretch(1)
        row.addWidget(self._copy)
        layout.addWidget(header)

        self._code = SealedTextBrowser(self)
        self._code.setObjectName("codeText")
        self._code.setFrameShape(QFrame.Shape.NoFrame)
        self._code.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        self._code.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._code.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._code.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._code.setFont(monospace_font(self.font()))
        self._code.setTabStopDistance(4 * self._code.fontMetrics().horizontalAdvance(" "))
        self._code.document().setDocumentMargin(10)
        self._code.viewport().setAutoFillBackground(False)
        self._code.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self._code.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._code.viewport().installEventFilter(self)
        layout.addWidget(self._code)

        self._restore = QTimer(self)
        self._restore.setSingleShot(True)
        self._restore.setInterval(COPIED_FEEDBACK_MS)
        self._restore.timeout.connect(self._show_copy_text)
        self._retranslate()
        self._apply_theme()
        self.set_block(block)

    @property
    def code(self) -> str:
        """The raw code (what Copy puts on the clipboard)."""
        return (self._block.code or "") if self._block else ""

    @property
    def copy_button(self) -> QToolButton:
        """The Copy button."""
        return self._copy

    @property
    def text_browser(self) -> SealedTextBrowser:
        """The browser that shows the code."""
        return self._code

    def set_block(self, block: Block) -> None:
        """Show ``block`` (a ``code`` block), replacing what was shown."""
        previous, self._block = self._block, block
        if previous is not None and (previous.html, previous.language) == (
            block.html,
            block.language,
        ):
            return  # e.g. the tail's block frozen as it is: nothing to redo
        self._language.setText(block.language or self.tr("Code"))
        code = block.code or ""
        shown = self._shown_plain
        if not block.highlighted and shown is not None and code.startswith(shown):
            if len(code) > len(shown):
                cursor = QTextCursor(self._code.document())
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertText(code[len(shown) :])
        else:
            self._code.setHtml(block.html)
        self._shown_plain = None if block.highlighted else code
        self._fit_height()

    def set_dark(self, dark: bool) -> None:
        """Switch the frame colours (the caller re-renders the code itself)."""
        self._theme = colors(dark)
        self._apply_theme()

    # -- internals ---------------------------------------------------------------------------

    def _apply_theme(self) -> None:
        theme: MarkdownColors = self._theme
        palette = self._code.palette()
        palette.setColor(QPalette.ColorRole.Text, QColor(theme.code_text))
        palette.setColor(QPalette.ColorRole.Base, QColor(theme.code_background))
        self._code.setPalette(palette)
        label_palette = self._language.palette()
        label_palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.muted))
        self._language.setPalette(label_palette)
        self._copy.setPalette(label_palette)
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        """Speak the new language when the application's language changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()

    def _retranslate(self) -> None:
        self._copy.setAccessibleName(self.tr("Copy code"))
        self._copy.setToolTip(self.tr("Copy the code to the clipboard"))
        if not self._restore.isActive():
            self._show_copy_text()
        if self._block is not None and not self._block.language:
            self._language.setText(self.tr("Code"))

    def _show_copy_text(self) -> None:
        self._copy.setText(self.tr("Copy"))

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.code)
        self._copy.setText(self.tr("Copied"))
        self._restore.start()

    def _fit_height(self) -> None:
        """Tall enough for every line, plus the horizontal scroll bar when lines are long."""
        document = self._code.document()
        height = int(document.size().height() + 0.99)
        bar = self._code.horizontalScrollBar()
        if document.idealWidth() > self._code.viewport().width() + 1:
            height += bar.sizeHint().height()
        height += 2 * self._code.frameWidth()
        if self._code.height() != height:
            self._code.setFixedHeight(height)
            frame_layout = self.layout()
            if frame_layout is not None:
                frame_layout.activate()  # our size hint is up to date before anyone asks
            self.height_changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The scroll bar may appear or go when the code's width changes."""
        if watched is self._code.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_height()
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded frame with a tinted header (cheaper than a style sheet per block)."""
        theme = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor(theme.code_border), 1))
        painter.setBrush(QColor(theme.code_background))
        painter.drawRoundedRect(rect, 8, 8)
        bottom = self._header.geometry().bottom() + 0.5
        painter.save()
        painter.setClipRect(QRectF(rect.left(), rect.top(), rect.width(), bottom))
        painter.setBrush(QColor(theme.code_header))
        painter.drawRoundedRect(rect, 8, 8)
        painter.restore()
        painter.drawLine(QPointF(rect.left(), bottom), QPointF(rect.right(), bottom))
        painter.end()
