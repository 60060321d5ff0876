"""Help → Keyboard shortcuts lists every shortcut the window really has: the menu actions and
window shortcuts are bound from the same table the sheet is made of, and this test reads the
window's bindings back and compares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from studio.ui.common.shortcuts import EDIT_KEYS, WINDOW_SHORTCUTS, key_text, sequences
from studio.ui.common.shortcuts_dialog import ShortcutsDialog
from studio.ui.edit.canvas import TOOL_KEYS

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def bound_keys(window: QWidget) -> dict[str, str]:
    """Key → where it is bound, for every window-wide binding of ``window`` that is live
    (an action in a menu or on the window, a shortcut whose widget is shown)."""
    found: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in WINDOW_WIDE or not action.associatedObjects():
            continue
        for sequence in action.shortcuts():
            found[_portable(sequence)] = action.objectName()
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if shortcut.context() not in WINDOW_WIDE or not shortcut.isEnabled():
            continue
        if isinstance(owner, QWidget) and owner is not window and not owner.isVisible():
            continue
        keys: list[QKeySequence] = shortcut.keys()  # a QShortcut's keys, not a dict's
        for sequence in keys:
            found[_portable(sequence)] = f"QShortcut on {owner.objectName()}"
    return found


def test_the_sheet_lists_exactly_the_windows_shortcuts(make_studio: Callable[..., Any]) -> None:
    window = make_studio().window
    listed = {_portable(s) for item in WINDOW_SHORTCUTS for s in sequences(item.name)}
    assert {"Ctrl+F", "Ctrl+E", "Ctrl+,", "Ctrl+N", "Esc"} <= listed
    for page in range(3):  # each page shows its own widgets
        window.navigation.select(page)
        bound = bound_keys(window)
        assert set(bound) == listed, (page, bound)


def test_the_dialog_shows_every_row_of_the_table(make_studio: Callable[..., Any]) -> None:
    window = make_studio().window
    dialog = ShortcutsDialog(window, send_on_enter=True)
    keys = [keys for keys, _ in dialog.rows]
    for item in WINDOW_SHORTCUTS:
        assert key_text(item) in keys, item.name
    assert {"Ctrl+F", "Ctrl+E", "Ctrl+,"} <= set(keys)
    assert ("Return", "Send the message") in [
        (QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText), w)
        for k, w in dialog.rows
    ]
    ctrl_enter = ShortcutsDialog(window, send_on_enter=False)
    assert ("Ctrl+Return", "Send the message") in [
        (QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText), w)
        for k, w in ctrl_enter.rows
    ]
    dialog.deleteLater()
    ctrl_enter.deleteLater()


def test_the_edit_section_has_every_tool_key() -> None:
    listed = {key for item in EDIT_KEYS for key in item.keys if isinstance(key, str)}
    for key in TOOL_KEYS:
        assert QKeySequence(key).toString() in listed
