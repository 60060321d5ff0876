"""Assistants: named presets of a chat's settings, and the rules a preset follows.

An :class:`Assistant` is a name and a :class:`ChatSettings` (model, system prompt, sampling
parameters, extra body, output mode, tools: built-ins and library functions by id). A chat
started from one copies its settings (:meth:`Assistant.chat_settings`) and keeps its name;
changing or deleting the assistant later never touches such a chat. An empty model means
"the model picked in the chat". The window's Settings and ``studio chat --assistant`` use
the same :class:`AssistantBook`; its checks are those of a chat's own settings
(:mod:`studio.core.chat.options`), so a preset can never hold what a chat would refuse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from studio.core.chat.functions import existing_ids
from studio.core.chat.options import (
    ChatSettings,
    checked_image_policy,
    checked_output,
    checked_params,
    checked_tools,
)
from studio.core.chat.tools import ToolRegistry, ToolSpec, ToolSpecError
from studio.store.assistants import AssistantRecord, AssistantStore
from studio.store.database import ConstraintError
from studio.store.functions import FunctionStore

NAME_LIMIT = 60
"""The longest name, in characters (it is shown in a header and a picker)."""

ProblemCode = Literal["name_empty", "name_long", "name_taken", "settings"]


@dataclass(frozen=True)
class AssistantProblem:
    """Why an assistant cannot be saved: a code (the window words it), the assistant's name
    as typed and, for ``settings``, the checks' own sentences."""

    code: ProblemCode
    name: str
    details: tuple[str, ...] = ()


class AssistantError(ValueError):
    """Assistants could not be saved; ``problems`` lists every reason (nothing was saved)."""

    def __init__(self, problems: Sequence[AssistantProblem]) -> None:
        super().__init__("; ".join(f"{p.name or '(no name)'}: {p.code}" for p in problems))
        self.problems = list(problems)


def clean_name(name: str) -> str:
    """A name as stored: spaces at the ends dropped, runs of spaces made one."""
    return " ".join(name.split())


@dataclass(frozen=True)
class Assistant:
    """A named preset; ``id`` is None until it is saved."""

    id: int | None
    name: str
    settings: ChatSettings

    @classmethod
    def from_record(cls, record: AssistantRecord) -> Assistant:
        """The assistant a stored row describes (unreadable values are dropped)."""
        settings = ChatSettings.from_parts(record.model, record.system_prompt, record.params)
        return cls(record.id, record.name, settings)

    def to_record(self) -> AssistantRecord:
        """The row to store (``id`` 0 for a new one; timestamps are the store's)."""
        settings = self.settings
        return AssistantRecord(
            self.id or 0, self.name, settings.model, settings.system_prompt,
            settings.to_params(), 0.0, 0.0,
        )  # fmt: skip

    def chat_settings(self, model: str = "") -> ChatSettings:
        """The settings a chat started from this assistant copies; ``model`` is used when
        the assistant names none (the model picked in the chat)."""
        return dataclasses.replace(self.settings, model=self.settings.model or model.strip())


def settings_problems(
    settings: ChatSettings, registry: ToolRegistry, library: Mapping[int, ToolSpec]
) -> list[str]:
    """What a chat's own checks say about ``settings`` (empty when they pass)."""
    problems: list[str] = []
    try:
        checked_params(settings.params, settings.extra_body)
    except ValueError as exc:
        problems.append(str(exc))
    output = settings.output
    try:
        checked_output(output.mode, output.schema, output.schema_name, output)
    except ValueError as exc:
        problems.append(str(exc))
    tools = settings.tools
    try:
        checked_tools(tools.builtins, tools.user, registry, tools.functions, library)
    except ToolSpecError as exc:
        problems.extend(exc.errors)
    except ValueError as exc:
        problems.append(str(exc))
    try:
        checked_image_policy(settings.image_policy)
    except ValueError as exc:
        problems.append(str(exc))
    return problems


def assistant_problems(
    assistants: Sequence[Assistant],
    registry: ToolRegistry,
    library: Mapping[int, ToolSpec],
    *,
    taken: Iterable[str] = (),
) -> list[AssistantProblem]:
    """Every problem of ``assistants`` (saved together): a missing, overlong or repeated name
    (letter case ignored; ``taken`` are names of other stored assistants) and whatever a chat's
    own checks refuse in the settings."""
    problems: list[AssistantProblem] = []
    seen = {clean_name(n).casefold() for n in taken}
    for assistant in assistants:
        name = clean_name(assistant.name)
        if not name:
            problems.append(AssistantProblem("name_empty", assistant.name))
        elif len(name) > NAME_LIMIT:
            problems.append(AssistantProblem("name_long", name))
        elif name.casefold() in seen:
            problems.append(AssistantProblem("name_taken", name))
        seen.add(name.casefold())
        found = settings_problems(assistant.settings, registry, library)
        if found:
            problems.append(AssistantProblem("settings", name, tuple(found)))
    return problems


class AssistantBook:
    """The stored assistants, read and saved by the rules above.

    ``functions`` is the library the assistants' enabled functions come from (a deleted one
    is dropped when read); ``registry`` knows the built-in tools.
    """

    def __init__(
        self, store: AssistantStore, functions: FunctionStore | None, registry: ToolRegistry
    ) -> None:
        self._store = store
        self._functions = functions
        self._registry = registry

    @property
    def registry(self) -> ToolRegistry:
        """The built-in tools."""
        return self._registry

    def library(self) -> dict[int, ToolSpec]:
        """The library's definitions by id."""
        if self._functions is None:
            return {}
        return {r.id: ToolSpec(r.name, r.description, r.parameters) for r in self._functions.list()}

    def assistants(self) -> list[Assistant]:
        """Every assistant, by name."""
        library = self.library()
        return [self._read(r, library) for r in self._store.list()]

    def get(self, assistant_id: int) -> Assistant | None:
        """One assistant, or None."""
        record = self._store.get(assistant_id)
        return None if record is None else self._read(record, self.library())

    def by_name(self, name: str) -> Assistant | None:
        """The assistant called ``name`` (letter case and extra spaces ignored), or None."""
        record = self._store.by_name(clean_name(name))
        return None if record is None else self._read(record, self.library())

    def save(self, assistants: Sequence[Assistant], deleted: Iterable[int] = ()) -> list[Assistant]:
        """Save new (``id`` None) and changed assistants and delete ``deleted``, all or
        nothing; the saved assistants, in the order given. :class:`AssistantError` lists
        every problem (nothing is saved then)."""
        gone = set(deleted)
        changing = {a.id for a in assistants if a.id is not None}
        taken = [r.name for r in self._store.list() if r.id not in gone | changing]
        cleaned = [dataclasses.replace(a, name=clean_name(a.name)) for a in assistants]
        problems = assistant_problems(cleaned, self._registry, self.library(), taken=taken)
        if problems:
            raise AssistantError(problems)
        updated = [a.to_record() for a in cleaned if a.id is not None]
        created = [a.to_record() for a in cleaned if a.id is None]
        try:
            ids = iter(self._store.save_all(deleted=sorted(gone), updated=updated, created=created))
        except ConstraintError:  # another window took a name meanwhile
            raise AssistantError(
                [AssistantProblem("name_taken", a.name) for a in cleaned if a.id is None]
            ) from None
        return [a if a.id is not None else dataclasses.replace(a, id=next(ids)) for a in cleaned]

    def _read(self, record: AssistantRecord, library: Mapping[int, ToolSpec]) -> Assistant:
        assistant = Assistant.from_record(record)
        tools = assistant.settings.tools
        kept = existing_ids(tools.functions, library)
        if kept == tools.functions:
            return assistant
        settings = dataclasses.replace(
            assistant.settings, tools=dataclasses.replace(tools, functions=kept)
        )
        return dataclasses.replace(assistant, settings=settings)
