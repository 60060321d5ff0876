"""Every keyboard shortcut of the window, in one table.

The main window binds its menu actions and window shortcuts from :data:`WINDOW_SHORTCUTS`
(:func:`sequences`), and Help → Keyboard shortcuts lists the same table (:func:`sheet`), so
the sheet cannot leave one out. The keys that a widget reads itself (the message box, the
image prompt, the mask canvas) are listed here too, by section.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

Key = str | QKeySequence.StandardKey


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds these calls)."""
    return text


@dataclass(frozen=True)
class Shortcut:
    """One shortcut: its name (the action's object name without ``Action``), its keys
    (portable text such as ``"Ctrl+E"``, or a standard key that follows the platform) and
    what it does (English, translated in context ``Shortcuts``)."""

    name: str
    keys: tuple[Key, ...]
    what: str


WINDOW_SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "newChat", (QKeySequence.StandardKey.New,), QT_TRANSLATE_NOOP("Shortcuts", "New chat")
    ),
    Shortcut(
        "search",
        (QKeySequence.StandardKey.Find,),
        QT_TRANSLATE_NOOP("Shortcuts", "Search all chats"),
    ),
    Shortcut("export", ("Ctrl+E",), QT_TRANSLATE_NOOP("Shortcuts", "Export this chat")),
    Shortcut("stop", ("Esc",), QT_TRANSLATE_NOOP("Shortcuts", "Stop the answer")),
    Shortcut("goPage1", ("Ctrl+1",), QT_TRANSLATE_NOOP("Shortcuts", "Go to Chat")),
    Shortcut("goPage2", ("Ctrl+2",), QT_TRANSLATE_NOOP("Shortcuts", "Go to Images")),
    Shortcut("goPage3", ("Ctrl+3",), QT_TRANSLATE_NOOP("Shortcuts", "Go to Edit")),
    Shortcut("settings", ("Ctrl+,",), QT_TRANSLATE_NOOP("Shortcuts", "Settings")),
    Shortcut(
        "shortcuts",
        (QKeySequence.StandardKey.HelpContents,),
        QT_TRANSLATE_NOOP("Shortcuts", "This list of shortcuts"),
    ),
    Shortcut("quit", ("Ctrl+Q",), QT_TRANSLATE_NOOP("Shortcuts", "Quit Studio")),
)
"""The window's own shortcuts (menu actions and window shortcuts), in the sheet's order."""

IMAGES_KEYS: tuple[Shortcut, ...] = (
    Shortcut("generate", ("Ctrl+Return",), QT_TRANSLATE_NOOP("Shortcuts", "Generate")),
    Shortcut(
        "promptHistory",
        ("Up", "Down"),
        QT_TRANSLATE_NOOP("Shortcuts", "Earlier and later prompts (in the prompt)"),
    ),
)

EDIT_KEYS: tuple[Shortcut, ...] = (
    Shortcut("brush", ("B",), QT_TRANSLATE_NOOP("Shortcuts", "Brush")),
    Shortcut("eraser", ("E",), QT_TRANSLATE_NOOP("Shortcuts", "Eraser")),
    Shortcut("rect", ("M",), QT_TRANSLATE_NOOP("Shortcuts", "Rectangle")),
    Shortcut("lasso", ("L",), QT_TRANSLATE_NOOP("Shortcuts", "Lasso")),
    Shortcut("brushSize", ("[", "]"), QT_TRANSLATE_NOOP("Shortcuts", "Smaller, larger brush")),
    Shortcut("undo", ("Ctrl+Z",), QT_TRANSLATE_NOOP("Shortcuts", "Undo a stroke")),
    Shortcut("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), QT_TRANSLATE_NOOP("Shortcuts", "Redo")),
    Shortcut("fit", ("Ctrl+0",), QT_TRANSLATE_NOOP("Shortcuts", "Fit the picture")),
    Shortcut("actualSize", ("Ctrl+1",), QT_TRANSLATE_NOOP("Shortcuts", "Actual size (100 %)")),
    Shortcut("pan", ("Space",), QT_TRANSLATE_NOOP("Shortcuts", "Hold to pan")),
    Shortcut(
        "paste",
        (QKeySequence.StandardKey.Paste,),
        QT_TRANSLATE_NOOP("Shortcuts", "Paste a picture: a new session"),
    ),
)
"""Keys of the Edit page (the mask canvas when it has the focus)."""


def find(name: str) -> Shortcut:
    """The window shortcut called ``name`` (``KeyError`` if there is none)."""
    for shortcut in WINDOW_SHORTCUTS:
        if shortcut.name == name:
            return shortcut
    raise KeyError(name)


def sequences(name: str) -> list[QKeySequence]:
    """The key sequences of window shortcut ``name`` (for ``QAction.setShortcuts``)."""
    found: list[QKeySequence] = []
    for key in find(name).keys:
        if isinstance(key, QKeySequence.StandardKey):
            found.extend(QKeySequence.keyBindings(key))
        else:
            found.append(QKeySequence(key))
    return found


def key_text(shortcut: Shortcut) -> str:
    """The keys as the sheet shows them (``Ctrl+N``; several joined by commas)."""
    texts: list[str] = []
    for key in shortcut.keys:
        if isinstance(key, QKeySequence.StandardKey):
            bindings = QKeySequence.keyBindings(key)
            sequence = bindings[0] if bindings else QKeySequence()
        else:
            sequence = QKeySequence(key)
        texts.append(sequence.toString(QKeySequence.SequenceFormat.NativeText) or str(key))
    return ", ".join(texts)


def composer_keys(send_on_enter: bool) -> tuple[Shortcut, ...]:
    """The message box's keys, which follow the "send with" setting."""
    if send_on_enter:
        return (
            Shortcut("send", ("Return",), QT_TRANSLATE_NOOP("Shortcuts", "Send the message")),
            Shortcut("newLine", ("Shift+Return",), QT_TRANSLATE_NOOP("Shortcuts", "New line")),
        )
    return (
        Shortcut("send", ("Ctrl+Return",), QT_TRANSLATE_NOOP("Shortcuts", "Send the message")),
        Shortcut("newLine", ("Return",), QT_TRANSLATE_NOOP("Shortcuts", "New line")),
    )


def sheet(send_on_enter: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
    """The sheet: (section title, [(keys, what it does)]) in the UI language."""

    def rows(shortcuts: tuple[Shortcut, ...]) -> list[tuple[str, str]]:
        return [
            (key_text(item), QCoreApplication.translate("Shortcuts", item.what))
            for item in shortcuts
        ]

    def title(text: str) -> str:
        return QCoreApplication.translate("Shortcuts", text)

    return [
        (title(QT_TRANSLATE_NOOP("Shortcuts", "Everywhere")), rows(WINDOW_SHORTCUTS)),
        (title(QT_TRANSLATE_NOOP("Shortcuts", "Message box")), rows(composer_keys(send_on_enter))),
        (title(QT_TRANSLATE_NOOP("Shortcuts", "Images: the prompt")), rows(IMAGES_KEYS)),
        (title(QT_TRANSLATE_NOOP("Shortcuts", "Edit: the picture")), rows(EDIT_KEYS)),
    ]
