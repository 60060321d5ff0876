"""The library of user functions as the window sees it: one QObject shared by every panel.

:class:`FunctionLibrarySession` defines, changes and deletes functions by the core's rules
(:class:`~studio.core.chat.functions.FunctionLibrary`) and says when the library changed, so
that every open Tools panel (the chat's, an assistant's) shows the same list.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from studio.core.chat.functions import FunctionLibrary, LibraryFunction
from studio.core.chat.tools import ToolRegistry, ToolSpec
from studio.store.functions import FunctionRecord, FunctionStore

__all__ = ["FunctionLibrarySession"]


class FunctionLibrarySession(QObject):
    """The functions defined once for every chat.

    Signals:
        changed(): a function was added, changed, deleted or restored.
    """

    changed = Signal()

    def __init__(
        self, store: FunctionStore, registry: ToolRegistry, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._library = FunctionLibrary(store, registry)

    @property
    def store(self) -> FunctionStore:
        """The table the functions live in (conversations resolve enabled ids from it)."""
        return self._store

    @property
    def registry(self) -> ToolRegistry:
        """The built-in tools (their names cannot be used)."""
        return self._library.registry

    def functions(self) -> list[LibraryFunction]:
        """Every function, by name."""
        return self._library.functions()

    def get(self, function_id: int) -> LibraryFunction | None:
        """One function, or None (deleted)."""
        return self._library.get(function_id)

    def by_id(self) -> dict[int, ToolSpec]:
        """Every definition by id."""
        return self._library.by_id()

    def add(self, spec: ToolSpec) -> LibraryFunction:
        """Define a function; :class:`ToolSpecError` or :class:`FunctionNameTaken`."""
        added = self._library.add(spec)
        self.changed.emit()
        return added

    def update(self, function_id: int, spec: ToolSpec) -> LibraryFunction:
        """Change a function for every chat that enables it (same errors as :meth:`add`;
        ``KeyError`` when it was deleted meanwhile)."""
        updated = self._library.update(function_id, spec)
        self.changed.emit()
        return updated

    def remove(self, function_id: int) -> FunctionRecord | None:
        """Delete a function from the library; the record, to :meth:`restore` it."""
        record = self._library.remove(function_id)
        if record is not None:
            self.changed.emit()
        return record

    def restore(self, record: FunctionRecord) -> LibraryFunction:
        """Undo :meth:`remove` (``FunctionNameTaken`` when the name was reused meanwhile)."""
        restored = self._library.restore(record)
        self.changed.emit()
        return restored
