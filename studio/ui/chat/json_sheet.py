"""A JSON value as a readable sheet: fields and values, lists, and lists of records as tables.

An object is a grid of field names and values; a list of scalars is one line (``a, b, c``);
a list of objects is a table with a header row of their fields; nested objects and lists
nest the same way. Strings are shown as they are (no quotes), ``null`` muted. Values are
selectable labels that wrap to the width they get (never widening the transcript); long
values are cut with "…" and long unbroken runs such as links in the middle (the whole value
in the tooltip; Copy JSON copies it exactly), and long lists show their first rows and how
many more there are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

MAX_TEXT = 280
"""Characters of one value shown before it is cut with "…"."""
MAX_WORD = 40
"""Longer unbroken runs (links, ids) are cut in the middle, so they never need more width
than a narrow cell has."""
MAX_TOOLTIP = 4000
MAX_ROWS = 50
"""Rows of one list shown; the rest are counted."""
MAX_COLUMNS = 8
"""More fields than this and a list of objects is shown as one sheet per item."""
MAX_DEPTH = 6
"""Deeper values are shown as compact JSON."""


_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def scalar_text(value: Any) -> str:
    """A JSON scalar as a reader expects it: strings bare, ``true``/``false``/``null``."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def is_scalar(value: Any) -> bool:
    """True for a string, number, boolean or null."""
    return not isinstance(value, dict | list)


def record_columns(items: Sequence[Any]) -> list[str] | None:
    """The fields of a list of objects (in the order first seen), or None when the list is
    not made of objects or has too many fields for a table."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    columns: dict[str, None] = {}
    for item in items:
        columns.update(dict.fromkeys(str(key) for key in item))
    if not columns or len(columns) > MAX_COLUMNS:
        return None
    return list(columns)


def _shorten_word(match: re.Match[str]) -> str:
    word = match.group(0)
    keep = (MAX_WORD - 1) // 2
    return word[:keep] + "…" + word[-keep:]


def _cut(text: str) -> tuple[str, str]:
    """The text shown and the tooltip (empty when nothing was cut)."""
    shown = text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rstrip() + "…"
    shown = _LONG_WORD.sub(_shorten_word, shown)
    if shown == text:
        return text, ""
    return shown, text if len(text) <= MAX_TOOLTIP else text[:MAX_TOOLTIP] + "…"


class JsonSheet(QFrame):
    """``value`` (an object or a list) laid out as a sheet; ``depth`` counts the nesting."""

    def __init__(self, value: Any, parent: QWidget | None = None, *, depth: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("jsonSheet")
        self.setProperty("nested", depth > 0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._depth = depth
        self._grid = QGridLayout(self)
        margin = 0 if depth == 0 else 6
        self._grid.setContentsMargins(margin, margin // 2, margin, margin // 2)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        columns = record_columns(value) if isinstance(value, list) else None
        if isinstance(value, dict):
            self._fields(value)
        elif columns is not None:
            self._records(value, columns)
        elif isinstance(value, list):
            self._items(value)
        else:
            self._grid.addWidget(self._cell(value), 0, 0)

    # ---- layouts ---------------------------------------------------------------------------

    def _fields(self, value: Mapping[str, Any]) -> None:
        for row, (key, item) in enumerate(value.items()):
            self._grid.addWidget(self._key(str(key)), row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(self._cell(item), row, 1)
        self._grid.setColumnStretch(1, 1)

    def _records(self, items: Sequence[Mapping[str, Any]], columns: list[str]) -> None:
        for column, name in enumerate(columns):
            header = self._key(name)
            header.setProperty("jsonHeader", True)
            self._grid.addWidget(header, 0, column)
            self._grid.setColumnStretch(column, 1)
        shown = items[:MAX_ROWS]
        for row, item in enumerate(shown, start=1):
            for column, name in enumerate(columns):
                cell = self._cell(item[name]) if name in item else self._missing()
                self._grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        self._more(len(items) - len(shown), len(shown) + 1, len(columns))

    def _items(self, items: Sequence[Any]) -> None:
        if all(is_scalar(item) for item in items):
            joined = QCoreApplication.translate("JsonSheet", ", ").join(
                scalar_text(item) for item in items
            )
            self._grid.addWidget(self._text(joined or "[]", "jsonList"), 0, 0)
            return
        shown = items[:MAX_ROWS]
        for row, item in enumerate(shown):
            self._grid.addWidget(self._key(f"{row + 1}"), row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(self._cell(item), row, 1)
        self._grid.setColumnStretch(1, 1)
        self._more(len(items) - len(shown), len(shown), 2)

    def _more(self, hidden: int, row: int, span: int) -> None:
        if hidden > 0:
            more = self._text(
                QCoreApplication.translate("JsonSheet", "… and {count} more").format(count=hidden),
                "jsonMore",
            )
            self._grid.addWidget(more, row, 0, 1, span)

    # ---- cells -----------------------------------------------------------------------------

    def _cell(self, value: Any) -> QWidget:
        if is_scalar(value):
            label = self._text(scalar_text(value), "jsonValue")
            if value is None:
                label.setProperty("jsonNull", True)
            return label
        if not value:
            return self._text("[]" if isinstance(value, list) else "{}", "jsonValue")
        if isinstance(value, list) and all(is_scalar(item) for item in value):
            return self._text(
                QCoreApplication.translate("JsonSheet", ", ").join(
                    scalar_text(item) for item in value
                ),
                "jsonList",
            )
        if self._depth + 1 >= MAX_DEPTH:
            return self._text(json.dumps(value, ensure_ascii=False), "jsonValue")
        return JsonSheet(value, self, depth=self._depth + 1)

    def _key(self, name: str) -> QLabel:
        label = self._text(name, "jsonKey")
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        label.setMaximumWidth(220)
        return label

    def _missing(self) -> QLabel:
        label = self._text("—", "jsonValue")
        label.setProperty("jsonNull", True)
        label.setAccessibleName(QCoreApplication.translate("JsonSheet", "No value"))
        return label

    def _text(self, text: str, name: str) -> QLabel:
        shown, tooltip = _cut(text)
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        # Ignored: the label takes the width the sheet gives it and wraps (a long word is
        # clipped) instead of asking for the width of its longest word.
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(24)
        label.setText(shown)
        if tooltip:
            label.setToolTip(tooltip)
        return label
