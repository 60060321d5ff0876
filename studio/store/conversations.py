"""Conversations: create, list (pinned first), rename, pin, soft delete with undo, search."""

from __future__ import annotations

import builtins
import json
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from studio.store.database import Database
from studio.store.plain_text import markdown_to_plain

Clock = Callable[[], float]

_SNIPPET_RADIUS = 40


@dataclass(frozen=True)
class ConversationRecord:
    """One conversation as stored (``deleted_at`` is set while it is in the trash).

    ``leaf_id`` is the last message of the branch it was showing (None: the newest one);
    ``assistant`` the name of the assistant it was started from (None: none).
    """

    id: int
    title: str
    model: str
    system_prompt: str | None
    params: dict[str, Any]
    pinned: bool
    created_at: float
    updated_at: float
    deleted_at: float | None
    leaf_id: int | None = None
    assistant: str | None = None

    @property
    def is_deleted(self) -> bool:
        """True while the conversation is in the trash."""
        return self.deleted_at is not None


@dataclass(frozen=True)
class SearchHit:
    """A message that matches a search: where it is and a short excerpt around the match.

    ``snippet`` is plain text; the matched part is between ``[`` and ``]`` by default (see
    :meth:`ConversationStore.search`), with ``…`` where text was cut.
    """

    conversation_id: int
    message_id: int
    snippet: str
    title: str
    role: str


def _record(row: sqlite3.Row) -> ConversationRecord:
    params: dict[str, Any] = {}
    if row["params_json"]:
        try:
            loaded = json.loads(row["params_json"])
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            params = loaded
    return ConversationRecord(
        id=int(row["id"]),
        title=row["title"] or "",
        model=row["model"] or "",
        system_prompt=row["system_prompt"],
        params=params,
        pinned=bool(row["pinned"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        deleted_at=None if row["deleted_at"] is None else float(row["deleted_at"]),
        leaf_id=None if row["leaf_id"] is None else int(row["leaf_id"]),
        assistant=row["assistant"] or None,
    )


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def make_snippet(text: str, terms: list[str], marks: tuple[str, str]) -> str:
    """An excerpt of ``text`` around the first of ``terms`` found (case-insensitive), as
    plain text: Markdown marks are left out (a link keeps its address only when the match
    is in it)."""
    flat = " ".join(markdown_to_plain(text).split())
    if not _has_term(flat, terms):
        flat = " ".join(markdown_to_plain(text, keep_urls=True).split())
    if not _has_term(flat, terms):  # the match is in the markup itself: show it as it is
        flat = " ".join(text.split())
    lowered = flat.casefold()
    for term in terms:
        pos = lowered.find(term.casefold())
        if pos < 0:
            continue
        end = pos + len(term)
        start = max(0, pos - _SNIPPET_RADIUS)
        stop = min(len(flat), end + _SNIPPET_RADIUS)
        head = ("…" if start > 0 else "") + flat[start:pos]
        tail = flat[end:stop] + ("…" if stop < len(flat) else "")
        return f"{head}{marks[0]}{flat[pos:end]}{marks[1]}{tail}"
    cut = flat[: 2 * _SNIPPET_RADIUS]
    return cut + ("…" if len(flat) > len(cut) else "")


def _has_term(text: str, terms: list[str]) -> bool:
    lowered = text.casefold()
    return any(term.casefold() in lowered for term in terms)


class ConversationStore:
    """Typed access to the ``conversations`` table."""

    _COLUMNS = (
        "id, title, model, system_prompt, params_json, pinned, created_at, updated_at, "
        "deleted_at, leaf_id, assistant"
    )

    def __init__(self, db: Database, *, clock: Clock = time.time) -> None:
        """Use ``db``; ``clock`` gives timestamps (tests inject a fake one)."""
        self._db = db
        self._clock = clock

    def create(
        self,
        title: str,
        model: str,
        system_prompt: str | None = None,
        params: Mapping[str, Any] | None = None,
        *,
        assistant: str | None = None,
    ) -> int:
        """Create a conversation and return its id (``assistant``: started from that one)."""
        now = self._clock()
        values = (title, model, system_prompt, _dump(params), now, now)
        if assistant:
            cur = self._db.execute(
                "INSERT INTO conversations (title, model, system_prompt, params_json, pinned, "
                "created_at, updated_at, assistant) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
                (*values, assistant),
            )
        else:  # (the column is left out: also works on a file of an older schema)
            cur = self._db.execute(
                "INSERT INTO conversations (title, model, system_prompt, params_json, pinned, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
                values,
            )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    @property
    def database(self) -> Database:
        """The database the conversations live in (for the stores beside this one)."""
        return self._db

    def get(self, conversation_id: int) -> ConversationRecord | None:
        """The conversation (also when in the trash), or ``None``."""
        row = self._db.query_one(
            f"SELECT {self._COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
        )
        return None if row is None else _record(row)

    def list(self, include_deleted: bool = False) -> list[ConversationRecord]:
        """All conversations, pinned first, then most recently updated first."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        rows = self._db.query(
            f"SELECT {self._COLUMNS} FROM conversations {where} "
            "ORDER BY pinned DESC, updated_at DESC, id DESC"
        )
        return [_record(r) for r in rows]

    def deleted(self) -> builtins.list[ConversationRecord]:
        """The trash, most recently deleted first."""
        rows = self._db.query(
            f"SELECT {self._COLUMNS} FROM conversations WHERE deleted_at IS NOT NULL "
            "ORDER BY deleted_at DESC, id DESC"
        )
        return [_record(r) for r in rows]

    def rename(self, conversation_id: int, title: str) -> None:
        """Change the title."""
        self._update(conversation_id, "title = ?", (title,))

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """Pin to the top of the list, or unpin."""
        # Pinning does not count as an update, so the order among the unpinned is kept.
        self._db.execute(
            "UPDATE conversations SET pinned = ? WHERE id = ?", (int(pinned), conversation_id)
        )

    def set_leaf(self, conversation_id: int, message_id: int | None) -> None:
        """Remember the last message of the branch shown (leaves ``updated_at`` alone: picking
        a version does not move a conversation up the list)."""
        self._db.execute(
            "UPDATE conversations SET leaf_id = ? WHERE id = ?", (message_id, conversation_id)
        )

    def update_settings(
        self,
        conversation_id: int,
        *,
        model: str | None = None,
        system_prompt: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        """Change the model, system prompt or parameters (``None`` leaves a value as is)."""
        sets: list[str] = []
        values: list[Any] = []
        if model is not None:
            sets.append("model = ?")
            values.append(model)
        if system_prompt is not None:
            sets.append("system_prompt = ?")
            values.append(system_prompt)
        if params is not None:
            sets.append("params_json = ?")
            values.append(_dump(params))
        if sets:
            self._update(conversation_id, ", ".join(sets), tuple(values))

    def touch(self, conversation_id: int) -> None:
        """Mark the conversation as just updated (moves it to the top of its group)."""
        self._update(conversation_id, "", ())

    def delete(self, conversation_id: int) -> None:
        """Move to the trash (soft delete); :meth:`restore` undoes it."""
        self._db.execute(
            "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            (self._clock(), conversation_id),
        )

    def restore(self, conversation_id: int) -> None:
        """Take a conversation out of the trash."""
        self._db.execute(
            "UPDATE conversations SET deleted_at = NULL WHERE id = ?", (conversation_id,)
        )

    def purge(self, conversation_id: int) -> None:
        """Delete for good, with its messages. Image files are kept (they may be shared)."""
        self._db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def purge_deleted(self, older_than: float | None = None) -> int:
        """Empty the trash (only items deleted before ``older_than`` if given); return count."""
        if older_than is None:
            cur = self._db.execute("DELETE FROM conversations WHERE deleted_at IS NOT NULL")
        else:
            cur = self._db.execute(
                "DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at < ?",
                (older_than,),
            )
        return int(cur.rowcount)

    def latest(self) -> int | None:
        """The most recently updated conversation not in the trash, or ``None``."""
        row = self._db.query_one(
            "SELECT id FROM conversations WHERE deleted_at IS NULL "
            "ORDER BY updated_at DESC, id DESC LIMIT 1"
        )
        return None if row is None else int(row["id"])

    def data_version(self) -> int:
        """Changes when another process wrote to the history (see
        :meth:`Database.data_version`)."""
        return self._db.data_version()

    def search(
        self, query: str, limit: int = 50, *, marks: tuple[str, str] = ("[", "]")
    ) -> builtins.list[SearchHit]:
        """Messages containing every word of ``query`` (conversations in the trash excluded).

        Words of three or more characters use the FTS5 trigram index, which matches any
        substring, Chinese included; if any word is shorter, a ``LIKE`` scan is used instead.
        Answers still streaming are found only by the ``LIKE`` path.
        """
        terms = [t for t in query.split() if t]
        if not terms or limit <= 0:
            return []
        if all(len(t) >= 3 for t in terms):
            match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            rows = self._db.query(
                "SELECT m.id, m.conversation_id, m.role, m.text, c.title "
                "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE messages_fts MATCH ? AND c.deleted_at IS NULL "
                # Newest first: ranking every match of a common word costs ~100 ms on
                # 100k messages, and people mostly look for what they said recently.
                "ORDER BY messages_fts.rowid DESC LIMIT ?",
                (match, limit),
            )
        else:
            conditions = " AND ".join("m.text LIKE ? ESCAPE '\\'" for _ in terms)
            rows = self._db.query(
                "SELECT m.id, m.conversation_id, m.role, m.text, c.title "
                # CROSS JOIN keeps SQLite scanning messages newest-first (stopping at the
                # limit) instead of starting from conversations and sorting every match.
                "FROM messages m CROSS JOIN conversations c ON c.id = m.conversation_id "
                f"WHERE {conditions} AND c.deleted_at IS NULL "
                "ORDER BY m.id DESC LIMIT ?",
                (*[_like_pattern(t) for t in terms], limit),
            )
        return [
            SearchHit(
                conversation_id=int(r["conversation_id"]),
                message_id=int(r["id"]),
                snippet=make_snippet(r["text"] or "", terms, marks),
                title=r["title"] or "",
                role=r["role"],
            )
            for r in rows
        ]

    def _update(self, conversation_id: int, assignments: str, values: tuple[Any, ...]) -> None:
        sets = f"{assignments}, updated_at = ?" if assignments else "updated_at = ?"
        self._db.execute(
            f"UPDATE conversations SET {sets} WHERE id = ?",
            (*values, self._clock(), conversation_id),
        )


def _dump(params: Mapping[str, Any] | None) -> str | None:
    return None if params is None else json.dumps(dict(params), ensure_ascii=False)
