"""The "Extra fields (JSON)" editor for models Studio does not know: checked as you type."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from studio.ui.common.restyle import set_style_flag


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds these calls)."""
    return text


# Python's own words for what is wrong, so that the hint is all in the UI language.
JSON_REASONS = {
    "Expecting value": QT_TRANSLATE_NOOP("ExtraFieldsEditor", "a value is missing"),
    "Expecting ',' delimiter": QT_TRANSLATE_NOOP("ExtraFieldsEditor", "a comma is missing"),
    "Expecting ':' delimiter": QT_TRANSLATE_NOOP("ExtraFieldsEditor", "a colon is missing"),
    "Expecting property name enclosed in double quotes": QT_TRANSLATE_NOOP(
        "ExtraFieldsEditor", "a field name in double quotes is expected"
    ),
    "Unterminated string starting at": QT_TRANSLATE_NOOP(
        "ExtraFieldsEditor", "a text is not closed with a double quote"
    ),
    "Extra data": QT_TRANSLATE_NOOP("ExtraFieldsEditor", "there is more after the object"),
    "Invalid control character at": QT_TRANSLATE_NOOP(
        "ExtraFieldsEditor", "a line break or tab inside a text"
    ),
    "Invalid \\escape": QT_TRANSLATE_NOOP("ExtraFieldsEditor", "an unknown \\ escape"),
}


class ExtraFieldsEditor(QWidget):
    """A JSON object whose fields are added to the request as they are.

    Signals:
        validity_changed(bool): the text became valid (True) or invalid (False).
    """

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("extraFields")
        self.title = QLabel(self.tr("Extra fields (JSON)"), self)
        self.title.setProperty("sectionTitle", True)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("extraJson")
        self.edit.setAccessibleName(self.tr("Extra fields as a JSON object"))
        self.edit.setToolTip(
            self.tr("Fields added to the request as they are, for example {example}").format(
                example='{"steps": 30, "guidance": 7.5}'
            )
        )
        self.edit.setPlaceholderText('{"steps": 30}')
        self.edit.setTabChangesFocus(True)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 16)
        self.title.setBuddy(self.edit)
        self.hint = QLabel(self)
        self.hint.setObjectName("extraJsonHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self._valid = True
        self.edit.textChanged.connect(self._check)

    @property
    def is_valid(self) -> bool:
        """True when the box is empty or holds a JSON object."""
        return self._valid

    def value(self) -> dict[str, Any] | None:
        """The fields to add (``None`` when empty or invalid)."""
        parsed, _error = self._parse()
        return parsed

    def text(self) -> str:
        """The text as typed (stripped)."""
        return self.edit.toPlainText().strip()

    def set_value(self, fields: Mapping[str, Any] | None) -> None:
        """Show ``fields`` pretty-printed (empty for none)."""
        text = json.dumps(dict(fields), ensure_ascii=False, indent=2) if fields else ""
        self.edit.setPlainText(text)

    def _parse(self) -> tuple[dict[str, Any] | None, str]:
        text = self.edit.toPlainText().strip()
        if not text:
            return None, ""
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = JSON_REASONS.get(exc.msg)
            return None, self.tr("Not valid JSON (line {line}, column {column}): {reason}").format(
                line=exc.lineno,
                column=exc.colno,
                reason=self.tr(reason) if reason is not None else exc.msg,
            )
        if not isinstance(parsed, dict):
            return None, self.tr('Write a JSON object in braces, such as {"steps": 30}.')
        return parsed, ""

    def _check(self) -> None:
        _parsed, error = self._parse()
        valid = not error
        self.hint.setText(error)
        self.hint.setVisible(not valid)
        set_style_flag(self.edit, "invalid", not valid)
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
