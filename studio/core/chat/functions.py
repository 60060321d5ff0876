"""The library of user functions: the rules for defining one, and what a chat offers.

A function is defined once (:class:`FunctionLibrary`, over
:class:`~studio.store.functions.FunctionStore`) and each chat or assistant enables it by id
(``ToolSettings.functions``). A definition is checked as a chat's own functions always were
(:meth:`ToolSpec.errors`), its name may not be a built-in tool's nor another library
function's. :func:`offered_settings` gives a chat's settings with the enabled library
functions resolved into definitions, which is what a request sends and what tool rounds read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from studio.core.chat.options import ChatSettings, ToolSettings
from studio.core.chat.tools import ToolRegistry, ToolSpec, ToolSpecError
from studio.store.database import ConstraintError
from studio.store.functions import FunctionRecord, FunctionStore


class FunctionNameTaken(ToolSpecError):
    """The name belongs to a built-in tool (``builtin``) or to another library function."""

    def __init__(self, name: str, *, builtin: bool) -> None:
        what = "a built-in tool" if builtin else "another function of your library"
        super().__init__([f"{name}: the name belongs to {what}."])
        self.name = name
        self.builtin = builtin


@dataclass(frozen=True)
class LibraryFunction:
    """A function of the library: its id (what chats enable) and its definition."""

    id: int
    spec: ToolSpec

    @classmethod
    def from_record(cls, record: FunctionRecord) -> LibraryFunction:
        """The function a stored row describes."""
        parameters = record.parameters or {"type": "object", "properties": {}}
        return cls(record.id, ToolSpec(record.name, record.description, parameters))


class FunctionLibrary:
    """The functions defined once for every chat; ``registry`` knows the built-in names."""

    def __init__(self, store: FunctionStore, registry: ToolRegistry) -> None:
        self._store = store
        self._registry = registry

    @property
    def registry(self) -> ToolRegistry:
        """The built-in tools."""
        return self._registry

    def functions(self) -> list[LibraryFunction]:
        """Every function, by name."""
        return [LibraryFunction.from_record(r) for r in self._store.list()]

    def get(self, function_id: int) -> LibraryFunction | None:
        """One function, or None (deleted)."""
        record = self._store.get(function_id)
        return None if record is None else LibraryFunction.from_record(record)

    def by_id(self) -> dict[int, ToolSpec]:
        """Every definition by id (what :func:`checked_tools` checks enabled ids against)."""
        return {f.id: f.spec for f in self.functions()}

    def add(self, spec: ToolSpec) -> LibraryFunction:
        """Define a new function; :class:`ToolSpecError` (or :class:`FunctionNameTaken`)."""
        self._check(spec, None)
        try:
            function_id = self._store.create(spec.name, spec.description, spec.parameters)
        except ConstraintError:  # another window added it meanwhile
            raise FunctionNameTaken(spec.name, builtin=False) from None
        return LibraryFunction(function_id, spec)

    def update(self, function_id: int, spec: ToolSpec) -> LibraryFunction:
        """Change a function everywhere it is enabled; ``KeyError`` when it was deleted."""
        if self._store.get(function_id) is None:
            raise KeyError(function_id)
        self._check(spec, function_id)
        try:
            self._store.update(function_id, spec.name, spec.description, spec.parameters)
        except ConstraintError:
            raise FunctionNameTaken(spec.name, builtin=False) from None
        return LibraryFunction(function_id, spec)

    def remove(self, function_id: int) -> FunctionRecord | None:
        """Delete a function (no chat offers it any more); the record, for :meth:`restore`."""
        record = self._store.get(function_id)
        if record is not None:
            self._store.delete(function_id)
        return record

    def restore(self, record: FunctionRecord) -> LibraryFunction:
        """Put a deleted function back with its id (the chats that enabled it offer it again);
        :class:`FunctionNameTaken` when its name was given to another one meanwhile."""
        try:
            self._store.restore(record)
        except ConstraintError:
            raise FunctionNameTaken(record.name, builtin=False) from None
        return LibraryFunction.from_record(record)

    def offered(self, tools: ToolSettings) -> tuple[ToolSpec, ...]:
        """The definitions a chat with ``tools`` sends (see :func:`offered_functions`)."""
        return offered_functions(tools, self._store)

    def _check(self, spec: ToolSpec, function_id: int | None) -> None:
        problems = spec.errors()
        if problems:
            raise ToolSpecError([f"{spec.name or '(no name)'}: {p}" for p in problems])
        if self._registry.is_builtin(spec.name):
            raise FunctionNameTaken(spec.name, builtin=True)
        other = self._store.by_name(spec.name)
        if other is not None and other.id != function_id:
            raise FunctionNameTaken(spec.name, builtin=False)


def offered_functions(tools: ToolSettings, store: FunctionStore | None) -> tuple[ToolSpec, ...]:
    """The user functions a chat sends: its enabled library functions (deleted ones are
    skipped, as is one whose name the chat's own functions use), then its own."""
    own = tools.user_names()
    found: list[ToolSpec] = []
    if store is not None:
        for function_id in tools.functions:
            record = store.get(function_id)
            if record is not None and record.name not in own:
                found.append(LibraryFunction.from_record(record).spec)
                own.add(record.name)
    return (*found, *tools.user)


def offered_settings(settings: ChatSettings, store: FunctionStore | None) -> ChatSettings:
    """``settings`` with every user function it offers in ``tools.user`` (no ids left)."""
    tools = settings.tools
    if not tools.functions:
        return settings
    resolved = ToolSettings(tools.builtins, offered_functions(tools, store))
    return dataclasses.replace(settings, tools=resolved)


def existing_ids(ids: Iterable[int], library: Mapping[int, ToolSpec]) -> tuple[int, ...]:
    """The ids of ``ids`` still in the library (a deleted function is simply dropped)."""
    return tuple(i for i in ids if i in library)
