"""Small pieces of a message card: the thinking box, tool-call cards, the JSON card and the
notice row (interrupted, cut off, filtered, failed)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import JsonVerdict
from studio.ui.chat.json_problem_text import json_problem_text
from studio.ui.chat.json_sheet import JsonSheet
from studio.ui.common.resources import icon
from studio.ui.common.restyle import set_style_flag


def flat_button(parent: QWidget, name: str, text: str, icon_name: str | None = None) -> QToolButton:
    """A small text button in the style of the message actions."""
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setAccessibleName(text)
    button.setProperty("flatButton", True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    if icon_name:
        button.setIcon(icon(icon_name, parent.palette().color(QPalette.ColorRole.Text)))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


def plain_label(parent: QWidget, text: str = "", name: str = "") -> QLabel:
    """A selectable, wrapping plain-text label."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


class ThinkingBox(QFrame):
    """The model's reasoning, folded under a "Thinking" toggle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageThinking")
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("thinkingToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(self.tr("Show or hide the model's thinking"))
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.text = plain_label(self, name="thinkingText")
        self.text.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text)
        self._reasoning = ""
        self._live = False
        self.hide()

    @property
    def reasoning(self) -> str:
        """All the reasoning shown."""
        return self._reasoning

    def set_reasoning(self, text: str, *, live: bool = False) -> None:
        """Show ``text``; while ``live`` the box stays open so the thinking can be read."""
        self._reasoning = text
        self._live = live
        self.setVisible(bool(text.strip()))
        if live and not self.toggle.isChecked():
            self.toggle.setChecked(True)
        self._refresh()

    def append(self, text: str) -> None:
        """Add streamed reasoning."""
        self.set_reasoning(self._reasoning + text, live=True)

    def answer_started(self) -> None:
        """Fold the box once the answer itself starts."""
        if self._live:
            self._live = False
            self.toggle.setChecked(False)

    def _refresh(self) -> None:
        label = self.tr("Thinking…") if self._live else self.tr("Thought process")
        count = len(self._reasoning)
        self.toggle.setText(
            self.tr("{label} ({count} characters)").format(label=label, count=count)
        )
        arrow = "chevron_down" if self.toggle.isChecked() else "chevron_right"
        self.toggle.setIcon(icon(arrow, self.palette().color(QPalette.ColorRole.Text)))
        if self.text.isVisible():
            self.text.setText(self._reasoning)

    def _on_toggle_toggled(self, checked: bool) -> None:
        self.text.setVisible(checked)
        self._refresh()


class ToolCallCard(QFrame):
    """One tool call: the function, its arguments, and a result box while it waits."""

    result_submitted = Signal(str, str)

    def __init__(self, call: Mapping[str, Any], *, pending: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toolCallCard")
        function = call.get("function") if isinstance(call.get("function"), Mapping) else {}
        assert isinstance(function, Mapping)
        self.call_id = str(call.get("id") or "")
        name = str(function.get("name") or "?")
        arguments = str(function.get("arguments") or "{}")
        try:
            arguments = json.dumps(json.loads(arguments), ensure_ascii=False, indent=2)
        except ValueError:
            pass
        title = QLabel(self.tr("Calls function {name}").format(name=f"<b>{name}</b>"), self)
        title.setObjectName("toolCallTitle")
        args = plain_label(self, arguments, "toolCallArguments")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(args)
        self.result_edit: QPlainTextEdit | None = None
        if pending:
            hint = plain_label(
                self, self.tr("Run it yourself and paste the result (JSON or text):"), "toolHint"
            )
            self.result_edit = QPlainTextEdit(self)
            self.result_edit.setObjectName("toolResultEdit")
            self.result_edit.setAccessibleName(self.tr("Result of {name}").format(name=name))
            self.result_edit.setPlaceholderText('{"temperature": 21, "unit": "celsius"}')
            self.result_edit.setFixedHeight(72)
            self.check_label = plain_label(self, "", "toolResultCheck")
            self.result_edit.textChanged.connect(self._on_result_text_changed)
            submit = flat_button(self, "submitToolResultButton", self.tr("Send result"), "send")
            submit.clicked.connect(self._on_submit_clicked)
            row = QHBoxLayout()
            row.addWidget(self.check_label, 1)
            row.addWidget(submit)
            layout.addWidget(hint)
            layout.addWidget(self.result_edit)
            layout.addLayout(row)

    def _on_result_text_changed(self) -> None:
        assert self.result_edit is not None
        text = self.result_edit.toPlainText().strip()
        if not text:
            self.check_label.setText("")
            return
        try:
            json.loads(text)
        except ValueError as exc:
            self.check_label.setText(
                self.tr("Not JSON ({error}); it will be sent as text.").format(
                    error=exc.msg if hasattr(exc, "msg") else str(exc)
                )
            )
        else:
            self.check_label.setText(self.tr("Valid JSON."))

    def _on_submit_clicked(self) -> None:
        assert self.result_edit is not None
        text = self.result_edit.toPlainText().strip()
        if text:
            self.result_submitted.emit(self.call_id, text)


class ToolResultCard(QFrame):
    """A tool's result as it was sent back to the model."""

    def __init__(self, name: str, content: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toolResultCard")
        try:
            content = json.dumps(json.loads(content), ensure_ascii=False, indent=2)
        except ValueError:
            pass
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        title = self.tr("Result of {name}").format(name=name) if name else self.tr("Tool result")
        layout.addWidget(plain_label(self, title, "toolResultTitle"))
        layout.addWidget(plain_label(self, content, "toolResultText"))


class JsonCard(QFrame):
    """A structured answer's check: valid JSON as a sheet of its fields (lists and nested
    objects included, see :class:`JsonSheet`), or the problem in the UI language."""

    def __init__(self, verdict: JsonVerdict, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("jsonCard")
        self.setProperty("valid", verdict.ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        head = QHBoxLayout()
        title = self.tr("Valid JSON") if verdict.ok else self.tr("Not valid JSON")
        self.title = QLabel(f"<b>{title}</b>", self)
        self.title.setObjectName("jsonCardTitle")
        head.addWidget(self.title, 1)
        self.detail = verdict.pretty
        self.sheet: JsonSheet | None = None
        if verdict.ok:
            copy = flat_button(self, "copyJsonButton", self.tr("Copy JSON"), "copy")
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.detail))
            head.addWidget(copy)
        layout.addLayout(head)
        if verdict.problem is not None:
            self.detail = json_problem_text(verdict.problem)
            layout.addWidget(plain_label(self, self.detail, "jsonError"))
            return
        value = verdict.value
        if isinstance(value, dict | list) and value:
            self.sheet = JsonSheet(value, self)
            self.sheet.setAccessibleName(self.tr("The answer as a table"))
            layout.addWidget(self.sheet)


class NoticeRow(QFrame):
    """A line under an answer: what happened and the action that helps."""

    action_clicked = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageNotice")
        self.label = plain_label(self, "", "messageNoticeText")
        self.buttons: dict[str, QToolButton] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 4, 6, 4)
        self._layout.addWidget(self.label, 1)
        self.hide()

    def show_notice(self, kind: str, text: str, actions: list[tuple[str, str, str]]) -> None:
        """Show ``text``; ``actions`` are (name, label, icon) buttons emitting their name."""
        set_style_flag(self, "kind", kind)
        self.label.setText(text)
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for name, label, icon_name in actions:
            button = flat_button(self, f"{name}Button", label, icon_name)
            button.clicked.connect(lambda _=False, n=name: self.action_clicked.emit(n))
            self._layout.addWidget(button)
            self.buttons[name] = button
        self.show()
