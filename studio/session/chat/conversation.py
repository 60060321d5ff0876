"""One conversation as the UI sees it: the visible branch, versions, actions and settings.

:class:`ConversationSession` adds the user's actions to :class:`ChatEngine`: send, stop,
regenerate (versions ‹ 2/3 ›), edit and resend (branches), continue, retry, tool results,
the json_object fallback and the per-conversation settings.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from studio.media.limits import RequestTooLarge, images_to_leave_out
from studio.session.chat import toolrounds
from studio.session.chat.engine import ChatEngine, ClientFactory
from studio.session.chat.history import stored_hash
from studio.session.chat.settings import (
    ImagePolicy,
    OutputMode,
    checked_image_policy,
    checked_output,
    checked_params,
    checked_tools,
)
from studio.session.chat.tools import ToolSpec
from studio.store.messages import MessageRecord

__all__ = ["ClientFactory", "ConversationSession"]

_USAGE_KEYS = (
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "cached_tokens",
    "reasoning_tokens",
)


class ConversationSession(ChatEngine):
    """A conversation's messages (all branches) and the streaming of its answers.

    Signals:
        message_added(int): a message was saved (user, answer placeholder or tool result).
        message_removed(int): a failed answer was replaced by :meth:`retry`.
        answer_started(int): an answer (new or continued) began streaming.
        answer_delta(int, str, str): newly arrived answer text (refusal text included) and
            reasoning, about 30 times a second; never per token.
        answer_finished(int, str): an answer ended: complete, interrupted or failed.
        answer_failed(int, str, str): a failed answer's one-line message and copyable details
            (emitted just before ``answer_finished(id, "failed")``).
        branch_changed(): the visible branch changed (a version was picked or added).
        tool_calls_requested(int, list): calls of user-defined tools of this assistant message
            wait for :meth:`submit_tool_result` (dicts: assistant_id, id, name, arguments).
        tool_rounds_capped(int): automatic tool rounds stopped after ``max_auto_rounds``.
        json_checked(int, bool, str): a structured answer was checked: pretty JSON or error.
        schema_fallback_offered(int): the relay refused json_schema for this failed answer;
            :meth:`use_schema_fallback` retries with json_object and the schema in the prompt.
        usage_changed(): token usage was recorded (see :meth:`usage_totals`).
        busy_changed(bool): streaming started (True) or ended (False).
        retrying(int, float): the request failed before any output; attempt number, delay.
        settings_changed(): model, system prompt, parameters, output mode, tools or the image
            policy changed.
        title_changed(str): the conversation got its automatic title.
        images_left_out(int, str): that many earlier images were left out of the request
            just sent to keep it under the size limit (notes stand in for them), and the
            sentence telling the user; once per send, regenerate, retry …
        send_refused(str): :meth:`send` or :meth:`edit_and_resend` saved nothing because the
            message's own images are over the request limit; one sentence saying what to do.
    """

    def message(self, message_id: int) -> MessageRecord | None:
        """A message of this conversation (with the live text while it streams)."""
        record = self._tree.get(message_id)
        return None if record is None else self._live(record)

    def branch(self) -> list[MessageRecord]:
        """The visible branch, root first (the streaming answer with its text so far)."""
        return [self._live(r) for r in self._tree.visible_branch(self._selection)]

    def live_text(self, message_id: int) -> tuple[str, str]:
        """The full text and reasoning of a message so far (streaming or not)."""
        record = self.message(message_id)
        return ("", "") if record is None else (record.text, record.reasoning or "")

    def versions(self, message_id: int) -> tuple[int, int]:
        """``(index, count)`` of ``message_id`` among its versions; index starts at 1."""
        siblings = [r.id for r in self._tree.siblings(message_id)]
        return siblings.index(message_id) + 1, len(siblings)

    def select_version(self, message_id: int, index: int) -> None:
        """Show version ``index`` (1-based) of the turn ``message_id`` belongs to."""
        siblings = self._tree.siblings(message_id)
        if not 1 <= index <= len(siblings):
            raise IndexError(f"version {index} of {len(siblings)}")
        chosen = siblings[index - 1]
        self._selection[chosen.parent_id] = chosen.id
        self._remember_branch()
        self.branch_changed.emit()

    def pending_tool_calls(self) -> list[dict[str, Any]]:
        """Calls at the end of the branch still waiting for a result (see the signal)."""
        if self._busy:
            return []
        return [c.to_dict() for c in toolrounds.pending_calls(self.branch())]

    def usage_totals(self) -> dict[str, int]:
        """Tokens used by every answer of the conversation (all versions), and ``answers``."""
        totals = dict.fromkeys(_USAGE_KEYS, 0)
        totals["answers"] = 0
        for record in self._tree.records():
            if record.usage:
                totals["answers"] += 1
                for key in _USAGE_KEYS:
                    value = record.usage.get(key)
                    if isinstance(value, int):
                        totals[key] += value
        return totals

    # ---- actions -----------------------------------------------------------------------

    def send(self, text: str, attachments: Sequence[Mapping[str, Any]] | None = None) -> int | None:
        """Add a user message at the end of the visible branch and stream the answer.

        Returns the user message's id; None (nothing sent) while busy, when empty, or when
        the images alone are over the request limit (``send_refused`` says so).
        """
        text = text.lstrip("\r\n").rstrip()
        if self._busy or (not text and not attachments):
            return None
        if self._refuse_oversized(attachments):
            return None
        user_id = self._messages.add(
            self._id, "user", text, parent_id=self._tail_id(), attachments=attachments
        )
        self._adopt(user_id)
        self._auto_rounds = 0
        self._begin(user_id)
        return user_id

    def regenerate(self, assistant_id: int) -> int | None:
        """Stream a new version of an answer (kept beside the old ones); the new answer's id."""
        record = self._tree.get(assistant_id)
        if self._busy or record is None or record.role != "assistant":
            return None
        self._auto_rounds = 0
        answer_id = self._begin(record.parent_id)
        self.branch_changed.emit()
        return answer_id

    def edit_and_resend(self, user_id: int, new_text: str) -> int | None:
        """Start a new branch from an edited copy of a user message; the new message's id."""
        record = self._tree.get(user_id)
        text = new_text.lstrip("\r\n").rstrip()
        if self._busy or record is None or record.role != "user" or not text:
            return None
        if self._refuse_oversized(record.attachments):
            return None
        new_id = self._messages.add(
            self._id, "user", text, parent_id=record.parent_id, attachments=record.attachments
        )
        self._adopt(new_id)
        self.branch_changed.emit()
        self._auto_rounds = 0
        self._begin(new_id)
        return new_id

    def continue_answer(self, assistant_id: int) -> bool:
        """Ask the model to go on with a cut answer; the text is appended to the same message.

        Only for the last message of its branch that was interrupted or cut by max_tokens.
        """
        record = self._tree.get(assistant_id)
        if self._busy or record is None or record.role != "assistant":
            return False
        if self._tree.children(assistant_id):
            return False
        if record.status != "interrupted" and record.finish_reason != "length":
            return False
        if not self._messages.reopen(assistant_id):
            # Gone, or already streaming (another window is continuing it): show what is stored.
            with contextlib.suppress(KeyError):
                self._reload(assistant_id)
            self.branch_changed.emit()
            return False
        self._selection[record.parent_id] = assistant_id
        self._begin(record.parent_id, resume=record)
        return True

    def retry(self, assistant_id: int) -> int | None:
        """Ask again: a failed answer is replaced, any other gets a new version (regenerate)."""
        record = self._tree.get(assistant_id)
        if self._busy or record is None or record.role != "assistant":
            return None
        if record.status != "failed" or self._tree.children(assistant_id):
            return self.regenerate(assistant_id)
        self._auto_rounds = 0
        answer_id = self._begin(record.parent_id)
        # Deleted after the new answer exists, so SQLite never reuses the failed one's id.
        self._messages.delete(assistant_id)
        self._tree.remove(assistant_id)
        self.message_removed.emit(assistant_id)
        self.branch_changed.emit()
        return answer_id

    def regenerate_from(self, parent_id: int | None) -> int | None:
        """Stream a new answer to ``parent_id`` (a user or tool message); the answer's id."""
        if self._busy:
            return None
        self._auto_rounds = 0
        answer_id = self._begin(parent_id)
        self.branch_changed.emit()
        return answer_id

    def use_schema_fallback(self, assistant_id: int) -> int | None:
        """Switch to json_object with the schema in the system prompt, and ask again."""
        output = self._settings.output
        if output.mode != "json_schema" or output.schema is None:
            return None
        self._update(output=dataclasses.replace(output, schema_in_prompt=True))
        return self.retry(assistant_id)

    def submit_tool_result(self, call_id: str, content: str) -> bool:
        """Give the result of a user-defined tool call; True when ``content`` is valid JSON.

        Any text is accepted. When it was the last call of the round waiting for a result,
        the conversation continues with a new answer. ``KeyError`` if no such call waits.
        """
        pending = toolrounds.pending_calls(self.branch()) if not self._busy else []
        if not any(call.id == call_id for call in pending):
            raise KeyError(call_id)
        tool_id = self._add_tool_message(self._tail_id(), call_id, content)
        if len(pending) == 1:
            self._auto_rounds = 0
            self._begin(tool_id)
        return toolrounds.is_json(content)

    def _refuse_oversized(self, attachments: Sequence[Mapping[str, Any]] | None) -> bool:
        """True when the images of a new message alone are over the request limit.

        ``send_refused`` then says so in one sentence; the caller saves nothing.
        """
        if not attachments or self._images is None:
            return False
        sizes: list[int] = []
        for ref in attachments:
            image_hash = stored_hash(ref)
            try:
                info = self._images.info(image_hash) if image_hash is not None else None
            except ValueError:  # not a hash: sent as a note, like a missing file
                info = None
            if info is not None:
                sizes.append(info.bytes)
        try:
            images_to_leave_out(sizes, 0, self._request_limit(self._settings.model))
        except RequestTooLarge as error:
            self.send_refused.emit(error.message(self._language()))
            return True
        return False

    # ---- settings ----------------------------------------------------------------------

    def set_model(self, model: str) -> None:
        """Use ``model`` for the next answers."""
        model = model.strip()
        if not model:
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
        checked, extra = checked_params(params, self._settings.extra_body)
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
        output = checked_output(mode, schema, schema_name, self._settings.output)
        self._update(output=output)

    def set_tools(
        self, builtins: Iterable[str], user_tools: Iterable[ToolSpec | Mapping[str, Any]] = ()
    ) -> None:
        """Enable built-in tools by name and set the user's tool definitions.

        ``ValueError`` for an unknown built-in; :class:`ToolSpecError` (a ValueError) listing
        every problem of the user tools.
        """
        self._update(tools=checked_tools(builtins, user_tools, self._tools))

    def set_image_policy(self, policy: ImagePolicy | str) -> None:
        """Which earlier images are sent again: ``all``, ``last`` (default) or ``none``.

        Saved with the conversation; ``ValueError`` for anything else.
        """
        checked = checked_image_policy(policy)
        if checked != self._settings.image_policy:
            self._update(image_policy=checked)
