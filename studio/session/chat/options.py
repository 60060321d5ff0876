"""The settings of a chat being edited, whether stored or not yet: one API for the panels.

:class:`ChatOptions` is what the Parameters and Tools panels edit: a stored conversation's
settings (:class:`~studio.session.chat.conversation.ConversationSession`), a new chat's before
its first message, or an assistant's in Settings (:class:`ChatDraft`, held in memory). Every
change is checked by the core's rules (:mod:`studio.core.chat.options`) before it is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.core.chat.assistants import Assistant
from studio.core.chat.options import (
    ChatSettings,
    ImagePolicy,
    OutputMode,
    checked_image_policy,
    checked_output,
    checked_params,
    checked_tools,
)
from studio.core.chat.tools import ToolRegistry, ToolSpec
from studio.session.chat.functions import FunctionLibrarySession

__all__ = ["ChatDraft", "ChatOptions"]


class ChatOptions(QObject):
    """Settings that the panels edit; subclasses keep them (:meth:`_update`).

    Signals:
        settings_changed(): model, system prompt, parameters, output mode, tools or the image
            policy changed.
    """

    settings_changed = Signal()

    def __init__(
        self,
        tools: ToolRegistry,
        library: FunctionLibrarySession | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tools = tools
        self._library = library

    @property
    def settings(self) -> ChatSettings:
        """The settings as they are now."""
        raise NotImplementedError

    @property
    def registry(self) -> ToolRegistry:
        """The built-in tools."""
        return self._tools

    @property
    def library(self) -> FunctionLibrarySession | None:
        """The library of user functions this chat enables functions from, if any."""
        return self._library

    @property
    def allows_empty_model(self) -> bool:
        """True for an assistant, whose empty model means "the one picked in the chat"."""
        return False

    def _update(self, **changes: Any) -> None:
        """Keep ``changes`` (names of :class:`ChatSettings` fields) and announce them."""
        raise NotImplementedError

    def set_model(self, model: str) -> None:
        """Use ``model`` for the next answers."""
        model = model.strip()
        if not model and not self.allows_empty_model:
            raise ValueError("The model name is empty.")
        self._update(model=model)

    def set_system_prompt(self, text: str) -> None:
        """Use ``text`` as the system prompt (empty: none)."""
        self._update(system_prompt=text)

    def set_params(self, params: Mapping[str, Any]) -> None:
        """Replace the sampling parameters (and ``extra_body``, a dict, if given).

        Names: temperature, top_p, max_tokens, presence_penalty, frequency_penalty, seed;
        None leaves one unset. ``ValueError`` for an unknown name or a value out of range.
        """
        checked, extra = checked_params(params, self.settings.extra_body)
        self._update(params=checked, extra_body=extra)

    def set_output_mode(
        self,
        mode: OutputMode,
        schema: Mapping[str, Any] | None = None,
        *,
        schema_name: str = "response",
    ) -> None:
        """Structured output: ``off``, ``json_object`` or ``json_schema`` (with ``schema``).

        ``ValueError`` for an unknown mode, or a missing or invalid schema.
        """
        output = checked_output(mode, schema, schema_name, self.settings.output)
        self._update(output=output)

    def set_tools(
        self,
        builtins: Iterable[str],
        user_tools: Iterable[ToolSpec | Mapping[str, Any]] = (),
        functions: Iterable[int] | None = None,
    ) -> None:
        """Enable built-in tools by name and library functions by id (None: keep those
        enabled), and set the functions defined for this chat only.

        ``ValueError`` for an unknown built-in or a function no longer in the library;
        :class:`ToolSpecError` (a ValueError) listing every problem of the user tools.
        """
        ids = self.settings.tools.functions if functions is None else tuple(functions)
        library = self._library.by_id() if self._library is not None else {}
        self._update(tools=checked_tools(builtins, user_tools, self._tools, ids, library))

    def set_image_policy(self, policy: ImagePolicy | str) -> None:
        """Which earlier images are sent again: ``all``, ``last`` (default) or ``none``.

        ``ValueError`` for anything else.
        """
        checked = checked_image_policy(policy)
        if checked != self.settings.image_policy:
            self._update(image_policy=checked)


class ChatDraft(ChatOptions):
    """Settings kept in memory: a new chat's before its first message is sent (nothing is
    stored until then, so an unused new chat leaves no trace), or an assistant's while it is
    edited in Settings (``empty_model``: its model may be left to the chat).

    ``assistant`` is the assistant the settings were copied from, if any.
    """

    def __init__(
        self,
        settings: ChatSettings,
        tools: ToolRegistry,
        library: FunctionLibrarySession | None = None,
        *,
        assistant: Assistant | None = None,
        empty_model: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(tools, library, parent)
        self._settings = settings
        self._assistant = assistant
        self._empty_model = empty_model

    @property
    def settings(self) -> ChatSettings:
        """The settings as they are now."""
        return self._settings

    @property
    def assistant(self) -> Assistant | None:
        """The assistant these settings were copied from, if any."""
        return self._assistant

    @property
    def allows_empty_model(self) -> bool:
        """True when the model may be left empty (an assistant's)."""
        return self._empty_model

    def _update(self, **changes: Any) -> None:
        self._settings = dataclasses.replace(self._settings, **changes)
        self.settings_changed.emit()
