"""Assistants: named presets of a chat's settings (model, system prompt, the rest as params).

``params`` has the shape of a conversation's ``params`` (see
:mod:`studio.core.chat.options`). Names are unique regardless of letter case
(``COLLATE NOCASE``); a second one is a :class:`ConstraintError`.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.store.database import Database

Clock = Callable[[], float]


@dataclass(frozen=True)
class AssistantRecord:
    """One assistant as stored (an empty ``model`` keeps the model picked in the chat)."""

    id: int
    name: str
    model: str
    system_prompt: str
    params: dict[str, Any]
    created_at: float
    updated_at: float


def _record(row: sqlite3.Row) -> AssistantRecord:
    try:
        params = json.loads(row["params_json"] or "{}")
    except ValueError:
        params = None
    return AssistantRecord(
        id=int(row["id"]),
        name=row["name"],
        model=row["model"] or "",
        system_prompt=row["system_prompt"] or "",
        params=params if isinstance(params, dict) else {},
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
    )


class AssistantStore:
    """Typed access to the ``assistants`` table."""

    _COLUMNS = "id, name, model, system_prompt, params_json, created_at, updated_at"

    def __init__(self, db: Database, *, clock: Clock = time.time) -> None:
        """Use ``db``; ``clock`` gives timestamps (tests inject a fake one)."""
        self._db = db
        self._clock = clock

    def list(self) -> list[AssistantRecord]:
        """Every assistant, by name (letter case ignored)."""
        rows = self._db.query(
            f"SELECT {self._COLUMNS} FROM assistants ORDER BY name COLLATE NOCASE, id"
        )
        return [_record(r) for r in rows]

    def get(self, assistant_id: int) -> AssistantRecord | None:
        """One assistant, or None."""
        row = self._db.query_one(
            f"SELECT {self._COLUMNS} FROM assistants WHERE id = ?", (assistant_id,)
        )
        return None if row is None else _record(row)

    def by_name(self, name: str) -> AssistantRecord | None:
        """The assistant called ``name`` (letter case ignored), or None."""
        row = self._db.query_one(
            f"SELECT {self._COLUMNS} FROM assistants WHERE name = ? COLLATE NOCASE", (name,)
        )
        return None if row is None else _record(row)

    def create(self, name: str, model: str, system_prompt: str, params: Mapping[str, Any]) -> int:
        """Add an assistant; its id (``ConstraintError`` when the name is taken)."""
        now = self._clock()
        cursor = self._db.execute(
            "INSERT INTO assistants (name, model, system_prompt, params_json, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (name, model, system_prompt, _dump(params), now, now),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def update(
        self,
        assistant_id: int,
        name: str,
        model: str,
        system_prompt: str,
        params: Mapping[str, Any],
    ) -> None:
        """Change an assistant (``ConstraintError`` when another one has the name)."""
        self._db.execute(
            "UPDATE assistants SET name = ?, model = ?, system_prompt = ?, params_json = ?, "
            "updated_at = ? WHERE id = ?",
            (name, model, system_prompt, _dump(params), self._clock(), assistant_id),
        )

    def save_all(
        self,
        *,
        deleted: Sequence[int] = (),
        updated: Sequence[AssistantRecord] = (),
        created: Sequence[AssistantRecord] = (),
    ) -> builtins.list[int]:
        """Delete, change and add assistants in one transaction; the new ones' ids.

        Names may be swapped between assistants (they pass through placeholders first).
        ``ConstraintError`` (nothing changed) when a name would be used twice.
        """
        now = self._clock()
        ids: builtins.list[int] = []
        with self._db.transaction() as conn:
            for assistant_id in deleted:
                conn.execute("DELETE FROM assistants WHERE id = ?", (assistant_id,))
            for record in updated:
                conn.execute(
                    "UPDATE assistants SET name = ? WHERE id = ?",
                    (f"\u2060renaming {record.id}", record.id),
                )
            for record in updated:
                conn.execute(
                    "UPDATE assistants SET name = ?, model = ?, system_prompt = ?, "
                    "params_json = ?, updated_at = ? WHERE id = ?",
                    (
                        record.name,
                        record.model,
                        record.system_prompt,
                        _dump(record.params),
                        now,
                        record.id,
                    ),
                )
            for record in created:
                cursor = conn.execute(
                    "INSERT INTO assistants (name, model, system_prompt, params_json, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        record.name,
                        record.model,
                        record.system_prompt,
                        _dump(record.params),
                        now,
                        now,
                    ),
                )
                assert cursor.lastrowid is not None
                ids.append(int(cursor.lastrowid))
        return ids

    def delete(self, assistant_id: int) -> None:
        """Remove an assistant (chats started from it keep their settings and its name)."""
        self._db.execute("DELETE FROM assistants WHERE id = ?", (assistant_id,))


def _dump(params: Mapping[str, Any]) -> str:
    return json.dumps(dict(params), ensure_ascii=False)
