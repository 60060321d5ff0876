"""Assistants as the window sees them: the list to pick from, and the working copy Settings edits.

:class:`AssistantsSession` lists the saved assistants (the picker of a new chat reads it) and
says when they changed. :class:`AssistantsEditor` is the Settings page's working copy: each
assistant's settings are a :class:`~studio.session.chat.options.ChatDraft` the Parameters and
Tools panels edit, and nothing is stored until :meth:`AssistantsEditor.save` (OK or Apply),
which saves every change at once by the core's rules; :meth:`AssistantsEditor.revert` (Cancel)
throws the edits away.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from studio.core.chat.assistants import (
    Assistant,
    AssistantBook,
    AssistantProblem,
    assistant_problems,
    clean_name,
)
from studio.core.chat.options import ChatSettings
from studio.core.chat.tools import ToolRegistry
from studio.session.chat.functions import FunctionLibrarySession
from studio.session.chat.options import ChatDraft

__all__ = ["AssistantDraft", "AssistantsEditor", "AssistantsSession"]


class AssistantsSession(QObject):
    """The saved assistants.

    Signals:
        changed(): assistants were added, changed or deleted (Settings saved them).
    """

    changed = Signal()

    def __init__(
        self, book: AssistantBook, library: FunctionLibrarySession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._library = library

    @property
    def book(self) -> AssistantBook:
        """The core's assistants (the rules and the store)."""
        return self._book

    @property
    def library(self) -> FunctionLibrarySession:
        """The user functions assistants enable."""
        return self._library

    def assistants(self) -> list[Assistant]:
        """Every assistant, by name."""
        return self._book.assistants()

    def get(self, assistant_id: int) -> Assistant | None:
        """One assistant, or None (deleted)."""
        return self._book.get(assistant_id)

    def editor(self, parent: QObject | None = None) -> AssistantsEditor:
        """A fresh working copy for the Settings dialog."""
        return AssistantsEditor(self, parent)

    def announce(self) -> None:
        """Say that the assistants changed (after the editor saved)."""
        self.changed.emit()


_keys = itertools.count(1)


@dataclass(eq=False)
class AssistantDraft:
    """One assistant in the working copy: its id (None until saved), name and settings."""

    id: int | None
    name: str
    options: ChatDraft
    key: int = field(default_factory=lambda: next(_keys))

    def assistant(self) -> Assistant:
        """The assistant as it would be saved now."""
        return Assistant(self.id, self.name, self.options.settings)


class AssistantsEditor(QObject):
    """The assistants being edited in Settings (a working copy).

    Signals:
        edited(): something changed (an assistant added, duplicated, removed, renamed, or its
            settings); the dialog re-checks what can be saved.
    """

    edited = Signal()

    def __init__(self, session: AssistantsSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._items: list[AssistantDraft] = []
        self._saved: dict[int, Assistant] = {}
        self._deleted: list[int] = []
        self.revert()

    # ---- reading -----------------------------------------------------------------------

    @property
    def items(self) -> list[AssistantDraft]:
        """The assistants, in the order shown."""
        return list(self._items)

    @property
    def registry(self) -> ToolRegistry:
        """The built-in tools."""
        return self._session.book.registry

    @property
    def library(self) -> FunctionLibrarySession:
        """The user functions an assistant may enable."""
        return self._session.library

    @property
    def dirty(self) -> bool:
        """True when something differs from what is saved."""
        if self._deleted:
            return True
        return any(self._changed(item) for item in self._items)

    def problems(self) -> list[AssistantProblem]:
        """Why the working copy cannot be saved (empty when it can)."""
        drafts = [item.assistant() for item in self._items]
        return assistant_problems(drafts, self.registry, self.library.by_id())

    def item(self, key: int) -> AssistantDraft | None:
        """The assistant with this key, if it is still in the copy."""
        return next((i for i in self._items if i.key == key), None)

    # ---- editing -----------------------------------------------------------------------

    def add(self, name: str, model: str = "") -> AssistantDraft:
        """A new assistant with the default settings (and ``model``, if given)."""
        item = self._draft(None, self._free_name(name), ChatSettings(model=model.strip()))
        self._items.append(item)
        self.edited.emit()
        return item

    def duplicate(self, item: AssistantDraft, name: str) -> AssistantDraft:
        """A copy of ``item`` under a new name, placed after it."""
        copy = self._draft(None, self._free_name(name), item.options.settings)
        self._items.insert(self._items.index(item) + 1, copy)
        self.edited.emit()
        return copy

    def remove(self, item: AssistantDraft) -> None:
        """Take ``item`` out (deleted from the store on :meth:`save`)."""
        if item not in self._items:
            return
        self._items.remove(item)
        if item.id is not None:
            self._deleted.append(item.id)
        item.options.deleteLater()
        self.edited.emit()

    def rename(self, item: AssistantDraft, name: str) -> None:
        """Give ``item`` a new name (checked on :meth:`save` and by :meth:`problems`)."""
        if name != item.name:
            item.name = name
            self.edited.emit()

    # ---- saving ------------------------------------------------------------------------

    def save(self) -> list[Assistant]:
        """Store every change at once; :class:`AssistantError` (nothing stored) listing the
        problems. The saved assistants."""
        changed = [item for item in self._items if self._changed(item)]
        saved = self._session.book.save([i.assistant() for i in changed], self._deleted)
        for item, assistant in zip(changed, saved, strict=True):
            item.id, item.name = assistant.id, assistant.name
        self._deleted = []
        self._saved = {a.id: a for a in self._session.book.assistants() if a.id is not None}
        self._session.announce()
        return saved

    def revert(self) -> None:
        """Throw the edits away: show what is stored."""
        for item in self._items:
            item.options.deleteLater()
        assistants = self._session.assistants()
        self._saved = {a.id: a for a in assistants if a.id is not None}
        self._items = [self._draft(a.id, a.name, a.settings) for a in assistants]
        self._deleted = []

    # ---- helpers -----------------------------------------------------------------------

    def _draft(self, assistant_id: int | None, name: str, settings: ChatSettings) -> AssistantDraft:
        options = ChatDraft(settings, self.registry, self.library, empty_model=True, parent=self)
        options.settings_changed.connect(self.edited)
        return AssistantDraft(assistant_id, name, options)

    def _changed(self, item: AssistantDraft) -> bool:
        saved = self._saved.get(item.id) if item.id is not None else None
        if saved is None:
            return True
        return saved.name != item.name or saved.settings != item.options.settings

    def _free_name(self, name: str) -> str:
        taken = {clean_name(i.name).casefold() for i in self._items}
        base = clean_name(name)
        candidate, number = base, 2
        while candidate.casefold() in taken:
            candidate = f"{base} {number}"
            number += 1
        return candidate
