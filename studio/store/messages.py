"""Messages: plain ones, and answers written while they stream so a crash loses almost nothing.

An answer starts with :meth:`MessageStore.start_answer` (status ``streaming``), is rewritten by
:meth:`MessageStore.update_streaming` at least every half second (each call is one committed
autocommit statement, so a kill loses at most the text since the last call), and ends with
:meth:`MessageStore.finish`. At startup :meth:`MessageStore.mark_interrupted_at_startup` turns
answers left ``streaming`` by a crash into ``interrupted``.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from studio.store.database import Database

Role = Literal["system", "user", "assistant", "tool"]
Status = Literal["complete", "streaming", "interrupted", "failed"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant", "tool")
STATUSES: tuple[Status, ...] = ("complete", "streaming", "interrupted", "failed")
FINAL_STATUSES: tuple[Status, ...] = ("complete", "interrupted", "failed")


@dataclass(frozen=True)
class MessageRecord:
    """One stored message.

    ``attachments`` are image-store references, each a dict with at least ``hash`` (and
    usually ``mime``, ``name``, ``detail``); never image bytes. ``usage`` and ``tool_calls``
    are the API's own JSON shapes. ``output`` is the structured-output setting an answer was
    requested with (``{"mode": …, "schema": …, "schema_name": …, "schema_in_prompt": …}``),
    ``None`` for other messages and for answers saved before Studio stored it.
    """

    id: int
    conversation_id: int
    parent_id: int | None
    role: Role
    text: str
    reasoning: str | None
    refusal: str | None
    model: str | None
    status: Status
    finish_reason: str | None
    error: str | None
    usage: dict[str, Any] | None
    tool_calls: list[dict[str, Any]] | None
    tool_call_id: str | None
    attachments: list[dict[str, Any]]
    created_at: float
    updated_at: float
    output: dict[str, Any] | None = None


def _load(raw: str | None) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _record(row: sqlite3.Row) -> MessageRecord:
    usage = _load(row["usage_json"])
    tool_calls = _load(row["tool_calls_json"])
    attachments = _load(row["attachments_json"])
    output = _load(row["output_json"])
    return MessageRecord(
        id=int(row["id"]),
        conversation_id=int(row["conversation_id"]),
        parent_id=None if row["parent_id"] is None else int(row["parent_id"]),
        role=cast(Role, row["role"]),
        text=row["text"] or "",
        reasoning=row["reasoning"],
        refusal=row["refusal"],
        model=row["model"],
        status=cast(Status, row["status"]),
        finish_reason=row["finish_reason"],
        error=row["error"],
        usage=usage if isinstance(usage, dict) else None,
        tool_calls=[c for c in tool_calls if isinstance(c, dict)]
        if isinstance(tool_calls, list)
        else None,
        tool_call_id=row["tool_call_id"],
        attachments=[a for a in attachments if isinstance(a, dict)]
        if isinstance(attachments, list)
        else [],
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        output=output if isinstance(output, dict) else None,
    )


def _check_attachments(attachments: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    checked: list[dict[str, Any]] = []
    for item in attachments:
        if not isinstance(item.get("hash"), str):
            raise ValueError("an attachment needs the 'hash' of an image in the ImageStore")
        for value in item.values():
            if isinstance(value, str) and value.startswith("data:"):
                raise ValueError("attachments refer to the ImageStore; never store base64 data")
        checked.append(dict(item))
    return checked


class MessageStore:
    """Typed access to the ``messages`` table."""

    _COLUMNS = (
        "id, conversation_id, parent_id, role, text, reasoning, refusal, model, status, "
        "finish_reason, error, usage_json, tool_calls_json, tool_call_id, attachments_json, "
        "created_at, updated_at, output_json"
    )

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        """Use ``db``; ``clock`` gives timestamps (tests inject a fake one)."""
        self._db = db
        self._clock = clock

    def add(
        self,
        conversation_id: int,
        role: Role,
        text: str,
        *,
        model: str | None = None,
        status: Status = "complete",
        parent_id: int | None = None,
        tool_calls: Sequence[Mapping[str, Any]] | None = None,
        tool_call_id: str | None = None,
        attachments: Sequence[Mapping[str, Any]] | None = None,
        reasoning: str | None = None,
        output: Mapping[str, Any] | None = None,
    ) -> int:
        """Append a message and return its id; the conversation counts as updated.

        ``output``: for an answer, the structured-output settings it is requested with.

        Raises ``ValueError`` for an unknown role or status or an attachment holding base64,
        and :class:`~studio.store.database.ConstraintError` if the conversation does not exist.
        """
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        refs = _check_attachments(attachments) if attachments else None
        calls = [dict(c) for c in tool_calls] if tool_calls is not None else None
        now = self._clock()
        with self._db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, text, reasoning, model, "
                "status, tool_calls_json, tool_call_id, attachments_json, output_json, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    parent_id,
                    role,
                    text,
                    reasoning,
                    model,
                    status,
                    _dump(calls),
                    tool_call_id,
                    _dump(refs),
                    _dump(dict(output) if output is not None else None),
                    now,
                    now,
                ),
            )
            conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id)
            )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def start_answer(
        self,
        conversation_id: int,
        model: str,
        parent_id: int | None = None,
        *,
        output: Mapping[str, Any] | None = None,
    ) -> int:
        """Create an empty assistant message with status ``streaming`` and return its id.

        ``output`` is stored with it: the structured-output settings it is requested with.
        """
        return self.add(
            conversation_id,
            "assistant",
            "",
            model=model,
            status="streaming",
            parent_id=parent_id,
            output=output,
        )

    def update_streaming(self, message_id: int, text: str, reasoning: str | None = None) -> bool:
        """Save the text (and reasoning) received so far; committed before returning.

        Cheap: one row update by primary key, no search-index work. Returns ``False`` if the
        message is no longer streaming (finished or deleted) and nothing was written.
        """
        cur = self._db.execute(
            "UPDATE messages SET text = ?, reasoning = ?, updated_at = ? "
            "WHERE id = ? AND status = 'streaming'",
            (text, reasoning, self._clock(), message_id),
        )
        return cur.rowcount > 0

    def reopen(self, message_id: int) -> bool:
        """Make a finished answer ``streaming`` again, to continue it (cut or interrupted).

        Its text leaves the search index until it finishes (indexed once then, not at every
        save); a crash meanwhile leaves it ``interrupted`` at the next start, as before.
        Returns ``False`` when the message is gone or already streaming.
        """
        cur = self._db.execute(
            "UPDATE messages SET status = 'streaming', updated_at = ? "
            "WHERE id = ? AND status != 'streaming'",
            (self._clock(), message_id),
        )
        return cur.rowcount > 0

    def finish(
        self,
        message_id: int,
        status: Status,
        *,
        text: str,
        reasoning: str | None = None,
        refusal: str | None = None,
        finish_reason: str | None = None,
        usage: Mapping[str, Any] | None = None,
        tool_calls: Sequence[Mapping[str, Any]] | None = None,
        error: str | None = None,
    ) -> None:
        """Write the final state of an answer (``complete``, ``interrupted`` or ``failed``)."""
        if status not in FINAL_STATUSES:
            raise ValueError(f"an answer cannot finish with status {status!r}")
        calls = [dict(c) for c in tool_calls] if tool_calls is not None else None
        now = self._clock()
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE messages SET status = ?, text = ?, reasoning = ?, refusal = ?, "
                "finish_reason = ?, usage_json = ?, tool_calls_json = ?, error = ?, "
                "updated_at = ? WHERE id = ?",
                (
                    status,
                    text,
                    reasoning,
                    refusal,
                    finish_reason,
                    _dump(dict(usage) if usage is not None else None),
                    _dump(calls),
                    error,
                    now,
                    message_id,
                ),
            )
            conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = "
                "(SELECT conversation_id FROM messages WHERE id = ?)",
                (now, message_id),
            )

    def add_attachments(self, message_id: int, attachments: Sequence[Mapping[str, Any]]) -> None:
        """Append image-store references to a message's attachments (the images a model put
        in its answer); ``ValueError`` for a reference holding base64, as for :meth:`add`."""
        refs = _check_attachments(attachments)
        if not refs:
            return
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT attachments_json FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                raise KeyError(message_id)
            old = _load(row["attachments_json"])
            kept = [a for a in old if isinstance(a, dict)] if isinstance(old, list) else []
            conn.execute(
                "UPDATE messages SET attachments_json = ?, updated_at = ? WHERE id = ?",
                (_dump(kept + refs), self._clock(), message_id),
            )

    def get(self, message_id: int) -> MessageRecord | None:
        """The message, or ``None``."""
        row = self._db.query_one(
            f"SELECT {self._COLUMNS} FROM messages WHERE id = ?", (message_id,)
        )
        return None if row is None else _record(row)

    def list(self, conversation_id: int) -> builtins.list[MessageRecord]:
        """Every message of the conversation (all branches) in the order they were added."""
        rows = self._db.query(
            f"SELECT {self._COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        return [_record(r) for r in rows]

    def delete(self, message_id: int) -> None:
        """Delete one message; replies to it keep existing with no parent."""
        self._db.execute("DELETE FROM messages WHERE id = ?", (message_id,))

    def mark_interrupted_at_startup(self) -> int:
        """Turn every ``streaming`` message (left by a crash) into ``interrupted``; return count.

        Call once at startup, before any new answer starts.
        """
        cur = self._db.execute(
            "UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'",
            (self._clock(),),
        )
        return int(cur.rowcount)
