"""Small building blocks shared by the settings pages: labels with a role, state colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.ui.common.restyle import set_style_flag


def set_state(widget: QWidget, state: str) -> None:
    """Colour ``widget`` by ``state``: ``"ok"`` (green), ``"error"`` (red) or ``""``."""
    set_style_flag(widget, "state", state)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Draw a red frame around an input that holds a value that cannot be used."""
    set_style_flag(widget, "invalid", invalid)


def role_label(text: str, role: str, parent: QWidget, name: str = "") -> QLabel:
    """A plain-text label styled by ``role`` (``pageTitle``, ``section`` or ``hint``)."""
    label = QLabel(text, parent)
    label.setProperty("role", role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    if role == "hint":
        label.setWordWrap(True)
    return label


def lay_out_table(
    owner: QWidget, table: QWidget, add: QPushButton, remove: QPushButton, hint: QLabel
) -> None:
    """An editable table in ``owner``: the table, then Add and Remove, then a hint line."""
    buttons = QHBoxLayout()
    buttons.setContentsMargins(0, 0, 0, 0)
    buttons.addWidget(add)
    buttons.addWidget(remove)
    buttons.addStretch(1)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(table, 1)
    layout.addLayout(buttons)
    layout.addWidget(hint)
