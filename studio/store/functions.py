"""The library of user functions: defined once, enabled by id in any chat or assistant.

Names are unique (a second function of the same name is a :class:`ConstraintError`); ids are
never reused (``AUTOINCREMENT``), so a chat that enabled a deleted function offers nothing
instead of another function. :meth:`FunctionStore.restore` puts a deleted one back with its id.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from studio.store.database import Database

Clock = Callable[[], float]


@dataclass(frozen=True)
class FunctionRecord:
    """One function of the library: its name, what it does and its JSON-Schema parameters."""

    id: int
    name: str
    description: str
    parameters: dict[str, Any]
    created_at: float
    updated_at: float


def _record(row: sqlite3.Row) -> FunctionRecord:
    try:
        parameters = json.loads(row["parameters_json"] or "{}")
    except ValueError:
        parameters = None
    return FunctionRecord(
        id=int(row["id"]),
        name=row["name"],
        description=row["description"] or "",
        parameters=parameters if isinstance(parameters, dict) else {},
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
    )


class FunctionStore:
    """Typed access to the ``user_functions`` table."""

    _COLUMNS = "id, name, description, parameters_json, created_at, updated_at"

    def __init__(self, db: Database, *, clock: Clock = time.time) -> None:
        """Use ``db``; ``clock`` gives timestamps (tests inject a fake one)."""
        self._db = db
        self._clock = clock

    def list(self) -> list[FunctionRecord]:
        """Every function, by name."""
        rows = self._db.query(f"SELECT {self._COLUMNS} FROM user_functions ORDER BY name, id")
        return [_record(r) for r in rows]

    def get(self, function_id: int) -> FunctionRecord | None:
        """One function, or None."""
        row = self._db.query_one(
            f"SELECT {self._COLUMNS} FROM user_functions WHERE id = ?", (function_id,)
        )
        return None if row is None else _record(row)

    def by_name(self, name: str) -> FunctionRecord | None:
        """The function called ``name`` (exactly), or None."""
        row = self._db.query_one(
            f"SELECT {self._COLUMNS} FROM user_functions WHERE name = ?", (name,)
        )
        return None if row is None else _record(row)

    def create(self, name: str, description: str, parameters: Mapping[str, Any]) -> int:
        """Add a function; its id (``ConstraintError`` when the name is taken)."""
        now = self._clock()
        cursor = self._db.execute(
            "INSERT INTO user_functions (name, description, parameters_json, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?)",
            (name, description, _dump(parameters), now, now),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def update(
        self, function_id: int, name: str, description: str, parameters: Mapping[str, Any]
    ) -> None:
        """Change a function (``ConstraintError`` when another one has the name)."""
        self._db.execute(
            "UPDATE user_functions SET name = ?, description = ?, parameters_json = ?, "
            "updated_at = ? WHERE id = ?",
            (name, description, _dump(parameters), self._clock(), function_id),
        )

    def delete(self, function_id: int) -> None:
        """Remove a function for good (chats that enabled it simply no longer offer it)."""
        self._db.execute("DELETE FROM user_functions WHERE id = ?", (function_id,))

    def restore(self, record: FunctionRecord) -> None:
        """Put a deleted function back with its id (``ConstraintError`` if the name is taken)."""
        self._db.execute(
            "INSERT INTO user_functions (id, name, description, parameters_json, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.name,
                record.description,
                _dump(record.parameters),
                record.created_at,
                self._clock(),
            ),
        )


def _dump(parameters: Mapping[str, Any]) -> str:
    return json.dumps(dict(parameters), ensure_ascii=False)
