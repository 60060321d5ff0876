"""Building blocks of the chat side panels: style, layout, JSON box, status line.

The panels' own style rules live here rather than in the shared ``resources/style.qss``; they
name only widgets of these panels and use the same palette ``$tokens``
(see :func:`studio.ui.theme.theme_tokens`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from string import Template
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.restyle import set_style_flag
from studio.ui.theme import theme_tokens

SAVED_VISIBLE_MS = 2500
Checker = Callable[[Any], str]
W = TypeVar("W", bound=QWidget)

_RULES = Template(
    """
#paramsPanel, #toolsPanel { background: $sidebar; }
#paramsScroll, #toolsScroll, #paramsContent, #toolsContent {
    background: transparent; border: none;
}
QFrame[panelCard="true"] {
    background: palette(base); border: 1px solid $border; border-radius: 10px;
}
QLabel[sectionTitle="true"] { font-weight: 600; }
QLabel[hint="true"], QLabel[state="ok"] { color: $muted; }
QLabel[fieldError="true"], QLabel[state="error"] { color: $danger; }
QPlainTextEdit[panelEdit="true"], QLineEdit[panelEdit="true"] {
    border: 1px solid $border_strong; border-radius: 7px; padding: 3px 5px;
    background: palette(base); selection-background-color: $accent_soft;
    selection-color: palette(text);
}
QPlainTextEdit[panelEdit="true"]:focus, QLineEdit[panelEdit="true"]:focus {
    border: 1px solid $accent;
}
QPlainTextEdit[invalid="true"], QLineEdit[invalid="true"],
QPlainTextEdit[invalid="true"]:focus, QLineEdit[invalid="true"]:focus {
    border: 1px solid $danger;
}
QLabel#toolErrors {
    color: $danger; background: $danger_soft; border: 1px solid $danger_border;
    border-radius: 8px; padding: 6px 8px;
}
QFrame#toolEditor {
    background: $accent_softer; border: 1px solid $accent_soft; border-radius: 10px;
}
QListWidget#userToolList {
    border: 1px solid $border; border-radius: 8px; background: palette(base); padding: 3px;
    outline: none;
}
QListWidget#userToolList::item { padding: 5px 6px; border-radius: 6px; }
QListWidget#userToolList::item:selected { background: $accent_soft; color: palette(text); }
QListWidget#userToolList::indicator {
    width: 13px; height: 13px; border: 1px solid $border_strong; border-radius: 3px;
    background: palette(base);
}
QListWidget#userToolList::indicator:checked { background: $accent; border-color: $accent; }
QTableWidget#schemaFieldsTable {
    border: 1px solid $border; border-radius: 6px; background: palette(base);
    gridline-color: $border;
}
QToolButton[panelButton="true"] {
    border: 1px solid $border_strong; border-radius: 7px; padding: 4px 8px;
    background: palette(base);
}
QToolButton[panelButton="true"]:hover { background: $hover; }
QToolButton[panelButton="true"]:focus { border-color: $accent; }
QToolButton[panelButton="true"]:disabled { color: $muted; border-color: $border; }
QToolButton[primaryButton="true"] {
    border: none; border-radius: 7px; padding: 5px 14px; font-weight: 600;
    background: $accent; color: $accent_text;
}
QToolButton[primaryButton="true"]:hover { background: $accent_hover; }
QToolButton[primaryButton="true"]:focus { border: 2px solid $accent_soft; }
"""
)


def panel_stylesheet(palette: QPalette) -> str:
    """The side panels' style rules for ``palette``."""
    return _RULES.safe_substitute(theme_tokens(palette))


class PanelStyle(QObject):
    """Keeps a panel's style rules in step with the palette (light/dark switches)."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self._panel = panel
        panel.installEventFilter(self)
        self.refresh()

    def refresh(self) -> None:
        """Apply the rules for the current application palette (only when they changed)."""
        sheet = panel_stylesheet(QApplication.palette())
        if self._panel.styleSheet() != sheet:
            self._panel.setStyleSheet(sheet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-tint on a palette change."""
        if watched is self._panel and event.type() == QEvent.Type.PaletteChange:
            self.refresh()
        return super().eventFilter(watched, event)


def label(text: str, parent: QWidget, *, role: str = "", name: str = "") -> QLabel:
    """A word-wrapped plain-text label; ``role`` is ``sectionTitle``, ``hint`` or ``fieldError``."""
    widget = QLabel(text, parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    if role:
        widget.setProperty(role, True)
    if name:
        widget.setObjectName(name)
    return widget


def named(widget: W, name: str, accessible: str, tip: str = "") -> W:
    """``widget`` with its objectName, accessibleName and (optional) tooltip set."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)
    return widget


def button(parent: QWidget, name: str, text: str, accessible: str = "") -> QToolButton:
    """A small outlined panel button (``accessible`` defaults to the text)."""
    widget = named(QToolButton(parent), name, accessible or text)
    widget.setText(text)
    widget.setProperty("panelButton", True)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def text_box(parent: QWidget, name: str, accessible: str, placeholder: str) -> QPlainTextEdit:
    """A multi-line plain-text box in the panels' style (Tab moves on)."""
    widget = named(QPlainTextEdit(parent), name, accessible)
    widget.setProperty("panelEdit", True)
    widget.setPlaceholderText(placeholder)
    widget.setTabChangesFocus(True)
    return widget


def card(parent: QWidget, name: str) -> tuple[QFrame, QVBoxLayout]:
    """A rounded frame for one section of a panel, and its layout."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setProperty("panelCard", True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 12)
    layout.setSpacing(6)
    return frame, layout


@dataclass
class Shell:
    """The frame both panels share: a hint while unbound, a scrolling body, a footer."""

    unbound_hint: QLabel
    scroll_area: QScrollArea
    content: QWidget
    body: QVBoxLayout
    status: StatusLine
    footer: QHBoxLayout

    def fit_width(self) -> None:
        """Never let the panel get narrower than its content (which would be cut off)."""
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        self.scroll_area.setMinimumWidth(self.content.minimumSizeHint().width() + bar)

    def set_bound(self, bound: bool) -> None:
        """Enable the body (a conversation is shown) or disable it and show the hint."""
        self.unbound_hint.setVisible(not bound)
        self.scroll_area.setEnabled(bound)


def build_shell(panel: QWidget, prefix: str, hint: str, accessible: str) -> Shell:
    """Lay out ``panel`` (objectName ``<prefix>Panel``) as a :class:`Shell`; fill ``body``."""
    panel.setObjectName(f"{prefix}Panel")
    panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    unbound_hint = label(hint, panel, role="hint")
    unbound_hint.setContentsMargins(12, 10, 12, 0)
    content = QWidget(panel)
    content.setObjectName(f"{prefix}Content")
    scroll_area = named(QScrollArea(panel), f"{prefix}Scroll", accessible)
    scroll_area.setWidgetResizable(True)
    scroll_area.setFrameShape(QFrame.Shape.NoFrame)
    scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll_area.setWidget(content)
    body = QVBoxLayout(content)
    body.setContentsMargins(12, 12, 12, 12)
    body.setSpacing(10)
    status = StatusLine(f"{prefix}Status", panel)
    footer = QHBoxLayout()
    footer.setContentsMargins(12, 6, 12, 10)
    footer.addWidget(status, 1)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(unbound_hint)
    layout.addWidget(scroll_area, 1)
    layout.addLayout(footer)
    PanelStyle(panel)
    return Shell(unbound_hint, scroll_area, content, body, status, footer)


def grow_with_text(edit: QPlainTextEdit, least: int, most: int) -> None:
    """Let ``edit`` be as tall as its text, from ``least`` to ``most`` lines (then it scrolls)."""

    def fit(*_args: object) -> None:
        lines = max(least, min(most, round(edit.document().size().height())))
        margins = 2 * edit.document().documentMargin() + 14  # frame, padding, border
        edit.setFixedHeight(round(edit.fontMetrics().lineSpacing() * lines + margins))

    layout = edit.document().documentLayout()
    layout.documentSizeChanged.connect(fit)
    fit()


def pretty_json(value: Any) -> str:
    """``value`` as indented JSON, non-ASCII kept readable."""
    return json.dumps(value, ensure_ascii=False, indent=2)


class JsonEdit(QWidget):
    """A monospace text box for JSON, checked as the user types, with a red hint under it.

    The text must hold a JSON object (empty is allowed when ``empty_ok``); ``check`` may add
    a further test of the parsed object and returns a message ("" when it passes). An empty
    box that needs an object has an :attr:`error` but shows no red hint: nothing is wrong yet.

    Signals:
        edited(): the user changed the text (valid or not; see :attr:`error`).
        editing_finished(): the box lost the keyboard focus.
    """

    edited = Signal()
    editing_finished = Signal()

    def __init__(
        self,
        name: str,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        empty_ok: bool = True,
        check: Checker | None = None,
        lines: int = 5,
    ) -> None:
        super().__init__(parent)
        self._empty_ok = empty_ok
        self._check = check
        self._error = ""
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setProperty("panelEdit", True)
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        grow_with_text(self.edit, lines, lines * 3)
        self.edit.installEventFilter(self)
        self.hint = label("", self, role="fieldError", name=f"{name}Error")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self._loading = False
        self.edit.textChanged.connect(self._on_edit_text_changed)

    @property
    def error(self) -> str:
        """Why the text cannot be used ("" when it can)."""
        return self._error

    def text(self) -> str:
        """The text as typed."""
        return self.edit.toPlainText()

    def value(self) -> dict[str, Any] | None:
        """The parsed object (``{}`` when empty and allowed); None when there is an error."""
        value, error = self._parse()
        return None if error else value

    def set_value(self, value: Mapping[str, Any] | None) -> None:
        """Show ``value`` pretty-printed (empty text for None or an empty allowed object)."""
        text = "" if value is None or (not value and self._empty_ok) else pretty_json(dict(value))
        self.set_text(text)

    def set_text(self, text: str) -> None:
        """Replace the text without emitting :attr:`edited` (validation still runs)."""
        self._loading = True
        try:
            if self.edit.toPlainText() != text:
                self.edit.setPlainText(text)
        finally:
            self._loading = False
        self._validate()

    def insert_text(self, text: str) -> None:
        """Replace the whole text as an edit the user can undo (Ctrl+Z)."""
        cursor = self.edit.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        self.edit.setTextCursor(cursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report focus-out as :attr:`editing_finished`."""
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.editing_finished.emit()
        return super().eventFilter(watched, event)

    def _parse(self) -> tuple[dict[str, Any] | None, str]:
        text = self.edit.toPlainText()
        if not text.strip():
            if self._empty_ok:
                return {}, ""
            return None, self.tr("Write a JSON object here.")
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, self.tr("Not valid JSON (line {line}, column {column}): {reason}").format(
                line=exc.lineno, column=exc.colno, reason=exc.msg
            )
        if not isinstance(value, dict):
            return None, self.tr("This must be a JSON object in braces: {example}").format(
                example="{ … }"
            )
        if self._check is not None:
            problem = self._check(value)
            if problem:
                return None, problem
        return value, ""

    def _validate(self) -> None:
        _value, error = self._parse()
        self._error = error
        shown = error if self.edit.toPlainText().strip() else ""
        self.hint.setText(shown)
        self.hint.setVisible(bool(shown))
        set_style_flag(self.edit, "invalid", bool(shown))

    def _on_edit_text_changed(self) -> None:
        if self._loading:
            return
        self._validate()
        self.edited.emit()


class StatusLine(QLabel):
    """A one-line result under a panel: "Saved" for a while, or an error until fixed.

    The line keeps its height when empty, so the panel does not jump as results come and go.
    With :attr:`announce_saves` False (a working copy that OK saves later) "Saved" is not
    said; errors still are.
    """

    announce_saves = True

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.setInterval(SAVED_VISIBLE_MS)
        self._fade.timeout.connect(self._on_fade_timeout)
        self.setMinimumHeight(self.fontMetrics().height())
        self.clear_status()

    @property
    def state(self) -> str:
        """``ok``, ``error`` or ``""`` (nothing shown)."""
        return str(self.property("state") or "")

    def show_saved(self, text: str = "") -> None:
        """Say that the change was saved (the message fades after a moment)."""
        if not self.announce_saves:
            self.clear_status()
            return
        self.setText("✓ " + (text or self.tr("Saved")))
        set_style_flag(self, "state", "ok")
        self._fade.start()

    def show_error(self, text: str) -> None:
        """Show why a change was not applied (stays until the next result)."""
        self._fade.stop()
        self.setText(text)
        set_style_flag(self, "state", "error")

    def clear_status(self) -> None:
        """Show nothing."""
        self._fade.stop()
        self.setText("")
        set_style_flag(self, "state", "")

    def _on_fade_timeout(self) -> None:
        if self.state == "ok":
            self.clear_status()
