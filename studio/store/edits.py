"""Image-editing sessions: the session (with the draft of its next round), rounds, versions.

A session is a tree of versions. Its root is the source picture (a version without a round);
each round edits one version (``parent_version_id``) and adds its results as children of it.
The session row also keeps the draft the user is working on — the version the next round
edits (``base_version_id``), the mask (a mode-L PNG, 255 = editable), the extra references
after slot 1 (ordered image hashes), prompt, model, parameters, keep-outside and the image
field form — so a session reopens exactly as it was left.

Every image is a file of the content-addressed :class:`~studio.store.images.ImageStore`,
written (atomically) before the row that names it, so a row never points at a half-written
file. A round's row is written with every input before its request goes out (status
``running``); :meth:`EditStore.mark_interrupted_at_startup` turns the rounds a crash or a
quit left running into ``interrupted`` ones, inputs kept. Deleting a session only marks it
(undo with :meth:`EditStore.restore_session`); :mod:`studio.store.cleanup` never removes an
image a session, round or version refers to, deleted sessions included. No Qt, no Pillow:
the caller prepares the pictures (:mod:`studio.core.edit` does, with :mod:`studio.media`).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from studio.media.metadata import image_dimensions
from studio.media.sniff import EXTENSIONS, MIME_TYPES, sniff_format
from studio.store.database import Database
from studio.store.images import ImageStore

RUNNING: Final = "running"
ROUND_STATES: Final = ("running", "done", "failed", "cancelled", "interrupted")
FINISHED_ROUND_STATES: Final = frozenset({"done", "failed", "cancelled", "interrupted"})
IMAGE_FIELDS: Final = ("image", "image[]")
INTERRUPTED_ERROR: Final = "Studio stopped before this round finished."


class _Unset:
    """The default of :meth:`EditStore.update_draft`'s fields: leave the column as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True)
class EditSession:
    """One editing session with its draft (what the next round will send).

    ``references`` are the tray's images after slot 1 (slot 1 is the base version's image),
    in order; ``field`` is the image field form that worked (None: the provider's).
    """

    id: int
    title: str
    created_at: float
    updated_at: float
    base_version_id: int | None
    mask_hash: str | None
    references: tuple[str, ...]
    prompt: str
    model: str
    params: dict[str, Any]
    keep_outside: bool
    field: str | None
    deleted_at: float | None


@dataclass(frozen=True)
class SessionSummary:
    """A row of the session list: ``thumbnail_hash`` is the base version's image (the newest
    version's when there is no base), ``last_prompt`` the newest round's prompt (the draft's
    when no round was sent yet)."""

    id: int
    title: str
    created_at: float
    updated_at: float
    thumbnail_hash: str | None
    last_prompt: str
    versions: int


@dataclass(frozen=True)
class RoundRecord:
    """One press of Apply: every input, and how it ended.

    ``status`` is one of :data:`ROUND_STATES`; ``sent`` is what actually went out (sizes,
    formats, field form, route), ``usage`` the answer's token usage, ``cost`` its price.
    """

    id: int
    session_id: int
    parent_version_id: int | None
    prompt: str
    model: str
    params: dict[str, Any]
    mask_hash: str | None
    references: tuple[str, ...]
    keep_outside: bool
    status: str
    error: str | None
    usage: dict[str, Any] | None
    cost: float | None
    sent: dict[str, Any] | None
    started_at: float
    finished_at: float | None


@dataclass(frozen=True)
class EditVersion:
    """One picture of the tree: the source (``round_id`` None) or a round's result ``index``.

    ``image_hash`` is the picture shown (composited when the outside was kept), ``raw_hash``
    the unblended result (None when it is the same picture). ``depth`` is the distance from
    the root (set by :meth:`EditStore.versions`, 0 elsewhere).
    """

    id: int
    session_id: int
    round_id: int | None
    parent_id: int | None
    index: int
    image_hash: str
    raw_hash: str | None
    width: int
    height: int
    created_at: float
    depth: int = 0


_SESSION_COLUMNS = (
    "SELECT id, title, created_at, updated_at, base_version_id, mask_hash, references_json, "
    "prompt, model, params_json, keep_outside, field, deleted_at FROM edit_sessions"
)
_ROUND_COLUMNS = (
    "SELECT id, session_id, parent_version_id, prompt, model, params_json, mask_hash, "
    "references_json, keep_outside, status, error, usage_json, cost, sent_json, started_at, "
    "finished_at FROM edit_rounds"
)
_VERSION_COLUMNS = (
    "SELECT id, session_id, round_id, parent_id, idx, image_hash, raw_hash, width, height, "
    "created_at FROM edit_versions"
)
_SUMMARY = (
    "SELECT s.id, s.title, s.created_at, s.updated_at, s.prompt, "
    "coalesce((SELECT v.image_hash FROM edit_versions v WHERE v.id = s.base_version_id), "
    " (SELECT v.image_hash FROM edit_versions v WHERE v.session_id = s.id "
    "  ORDER BY v.id DESC LIMIT 1)) AS thumbnail, "
    "(SELECT r.prompt FROM edit_rounds r WHERE r.session_id = s.id "
    " ORDER BY r.id DESC LIMIT 1) AS last_prompt, "
    "(SELECT count(*) FROM edit_versions v WHERE v.session_id = s.id) AS versions "
    "FROM edit_sessions s WHERE s.deleted_at IS NULL "
    "ORDER BY s.updated_at DESC, s.id DESC LIMIT ? OFFSET ?"
)


class EditStore:
    """Edit sessions, rounds and versions in the history database, files in ``images``.

    Every method is safe in a worker thread (the database serialises its connection).
    """

    def __init__(
        self, db: Database, images: ImageStore, *, clock: Callable[[], float] = time.time
    ) -> None:
        """Use ``db`` (schema v5 or later) and keep pictures in ``images``."""
        self._db = db
        self._images = images
        self._clock = clock

    @property
    def images(self) -> ImageStore:
        """The content-addressed image folder the pictures live in."""
        return self._images

    # ---- images --------------------------------------------------------------------------

    def put_image(self, data: bytes) -> str:
        """Store one picture (a mask, a reference, a result) as it is; return its hash.

        The format and size come from the bytes (PNG, JPEG, WebP, GIF…); raises
        ``ValueError`` for bytes that are not a known picture format.
        """
        found = sniff_format(data)
        if found is None:
            raise ValueError("not a picture the image store knows")
        width, height = image_dimensions(data)
        return self._images.put(data, EXTENSIONS[found], MIME_TYPES[found], width, height)

    # ---- sessions ------------------------------------------------------------------------

    def create_session(
        self,
        source_png: bytes,
        *,
        title: str = "",
        model: str = "",
        prompt: str = "",
        params: Mapping[str, Any] | None = None,
        keep_outside: bool = True,
        field: str | None = None,
    ) -> EditSession:
        """A new session whose root version is ``source_png`` (prepared by the caller: the
        orientation applied, lossless PNG); the root is the base of the first round."""
        _check_field(field)
        image_hash = self.put_image(source_png)
        width, height = image_dimensions(source_png)
        now = self._clock()
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO edit_sessions (title, created_at, updated_at, prompt, model, "
                "params_json, keep_outside, field) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (title, now, now, prompt, model, _dump(params or {}), int(keep_outside), field),
            )
            session_id = _rowid(cursor)
            version = conn.execute(
                "INSERT INTO edit_versions (session_id, round_id, parent_id, idx, image_hash, "
                "width, height, created_at) VALUES (?, NULL, NULL, 0, ?, ?, ?, ?)",
                (session_id, image_hash, width, height, now),
            )
            conn.execute(
                "UPDATE edit_sessions SET base_version_id = ? WHERE id = ?",
                (_rowid(version), session_id),
            )
        found = self.session(session_id)
        assert found is not None
        return found

    def session(self, session_id: int, *, include_deleted: bool = False) -> EditSession | None:
        """One session (None when unknown, or deleted unless ``include_deleted``)."""
        row = self._db.query_one(f"{_SESSION_COLUMNS} WHERE id = ?", (session_id,))
        if row is None or (row["deleted_at"] is not None and not include_deleted):
            return None
        return _session(row)

    def sessions(self, limit: int = 200, offset: int = 0) -> list[SessionSummary]:
        """The sessions not deleted, the most recently changed first."""
        rows = self._db.query(_SUMMARY, (limit, offset))
        return [
            SessionSummary(
                id=int(row["id"]),
                title=str(row["title"]),
                created_at=float(row["created_at"]),
                updated_at=float(row["updated_at"]),
                thumbnail_hash=row["thumbnail"],
                last_prompt=str(row["last_prompt"] if row["last_prompt"] is not None else row[4]),
                versions=int(row["versions"]),
            )
            for row in rows
        ]

    def update_draft(
        self,
        session_id: int,
        *,
        title: str | _Unset = UNSET,
        base_version_id: int | _Unset = UNSET,
        mask_hash: str | _Unset | None = UNSET,
        references: Sequence[str] | _Unset = UNSET,
        prompt: str | _Unset = UNSET,
        model: str | _Unset = UNSET,
        params: Mapping[str, Any] | _Unset = UNSET,
        keep_outside: bool | _Unset = UNSET,
        field: str | _Unset | None = UNSET,
    ) -> EditSession:
        """Change the fields given (the others stay); returns the session as now stored.

        ``mask_hash`` and ``references`` name pictures stored before (:meth:`put_image`);
        ``base_version_id`` must be a version of this session. Raises ``KeyError`` for an
        unknown session and ``ValueError`` for a base of another session.
        """
        changes: dict[str, Any] = {}
        if not isinstance(title, _Unset):
            changes["title"] = title
        if not isinstance(base_version_id, _Unset):
            version = self.version(base_version_id)
            if version is None or version.session_id != session_id:
                raise ValueError(f"version {base_version_id} is not in session {session_id}")
            changes["base_version_id"] = base_version_id
        if not isinstance(mask_hash, _Unset):
            changes["mask_hash"] = mask_hash
        if not isinstance(references, _Unset):
            changes["references_json"] = json.dumps(list(references))
        if not isinstance(prompt, _Unset):
            changes["prompt"] = prompt
        if not isinstance(model, _Unset):
            changes["model"] = model
        if not isinstance(params, _Unset):
            changes["params_json"] = _dump(params)
        if not isinstance(keep_outside, _Unset):
            changes["keep_outside"] = int(keep_outside)
        if not isinstance(field, _Unset):
            changes["field"] = _check_field(field)
        changes["updated_at"] = self._clock()
        assignments = ", ".join(f"{name} = ?" for name in changes)
        cursor = self._db.execute(
            f"UPDATE edit_sessions SET {assignments} WHERE id = ?", (*changes.values(), session_id)
        )
        if cursor.rowcount == 0:
            raise KeyError(f"no edit session {session_id}")
        found = self.session(session_id, include_deleted=True)
        assert found is not None
        return found

    def delete_session(self, session_id: int) -> bool:
        """Move a session to the trash (everything stays, for undo); False if nothing changed."""
        cursor = self._db.execute(
            "UPDATE edit_sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            (self._clock(), session_id),
        )
        return cursor.rowcount > 0

    def restore_session(self, session_id: int) -> bool:
        """Take a session out of the trash; False if it was not there."""
        cursor = self._db.execute(
            "UPDATE edit_sessions SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
            (session_id,),
        )
        return cursor.rowcount > 0

    # ---- rounds --------------------------------------------------------------------------

    def start_round(
        self,
        session_id: int,
        *,
        parent_version_id: int,
        prompt: str,
        model: str,
        params: Mapping[str, Any],
        mask_hash: str | None,
        references: Sequence[str],
        keep_outside: bool,
    ) -> RoundRecord:
        """Record a round (status ``running``) with every input, before its request is sent."""
        now = self._clock()
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO edit_rounds (session_id, parent_version_id, prompt, model, "
                "params_json, mask_hash, references_json, keep_outside, status, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)",
                (
                    session_id,
                    parent_version_id,
                    prompt,
                    model,
                    _dump(params),
                    mask_hash,
                    json.dumps(list(references)),
                    int(keep_outside),
                    now,
                ),
            )
            conn.execute("UPDATE edit_sessions SET updated_at = ? WHERE id = ?", (now, session_id))
        found = self.round(_rowid(cursor))
        assert found is not None
        return found

    def record_sent(self, round_id: int, sent: Mapping[str, Any]) -> None:
        """Keep what was sent (sizes, formats, notes, field form, route) while still running."""
        self._db.execute(
            "UPDATE edit_rounds SET sent_json = ? WHERE id = ?", (_dump(sent), round_id)
        )

    def finish_round(
        self,
        round_id: int,
        status: str,
        *,
        error: str | None = None,
        usage: Mapping[str, Any] | None = None,
        cost: float | None = None,
        sent: Mapping[str, Any] | None = None,
    ) -> RoundRecord:
        """End a running round with ``status`` (``sent`` None keeps what was recorded)."""
        if status not in FINISHED_ROUND_STATES:
            raise ValueError(f"not a final round status: {status!r}")
        self._db.execute(
            "UPDATE edit_rounds SET status = ?, error = ?, usage_json = ?, cost = ?, "
            "sent_json = coalesce(?, sent_json), finished_at = ? WHERE id = ?",
            (
                status,
                error,
                _dump(usage) if usage else None,
                cost,
                _dump(sent) if sent is not None else None,
                self._clock(),
                round_id,
            ),
        )
        found = self.round(round_id)
        if found is None:
            raise KeyError(f"no edit round {round_id}")
        return found

    def round(self, round_id: int) -> RoundRecord | None:
        """One round, or None."""
        row = self._db.query_one(f"{_ROUND_COLUMNS} WHERE id = ?", (round_id,))
        return _round(row) if row is not None else None

    def rounds(self, session_id: int) -> list[RoundRecord]:
        """The rounds of a session, oldest first."""
        rows = self._db.query(f"{_ROUND_COLUMNS} WHERE session_id = ? ORDER BY id", (session_id,))
        return [_round(row) for row in rows]

    def mark_interrupted_at_startup(self) -> int:
        """End the rounds a crash or a quit left running as ``interrupted``; how many."""
        cursor = self._db.execute(
            "UPDATE edit_rounds SET status = 'interrupted', error = ?, finished_at = ? "
            "WHERE status = 'running'",
            (INTERRUPTED_ERROR, self._clock()),
        )
        return max(0, cursor.rowcount)

    # ---- versions ------------------------------------------------------------------------

    def add_version(
        self,
        session_id: int,
        *,
        round_id: int | None,
        parent_id: int,
        image_hash: str,
        width: int,
        height: int,
        raw_hash: str | None = None,
        index: int = 0,
    ) -> EditVersion:
        """Record result ``index`` of a round, a child of ``parent_id``; its pictures were
        stored before (:meth:`put_image`). ``raw_hash`` equal to ``image_hash`` is kept as None.
        ``round_id`` None records a picture made without a round (an expanded canvas).
        """
        now = self._clock()
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO edit_versions (session_id, round_id, parent_id, idx, image_hash, "
                "raw_hash, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    round_id,
                    parent_id,
                    index,
                    image_hash,
                    raw_hash if raw_hash != image_hash else None,
                    width,
                    height,
                    now,
                ),
            )
            conn.execute("UPDATE edit_sessions SET updated_at = ? WHERE id = ?", (now, session_id))
        found = self.version(_rowid(cursor))
        assert found is not None
        return found

    def version(self, version_id: int) -> EditVersion | None:
        """One version, or None."""
        row = self._db.query_one(f"{_VERSION_COLUMNS} WHERE id = ?", (version_id,))
        return _version(row) if row is not None else None

    def versions(self, session_id: int) -> list[EditVersion]:
        """The versions of a session in tree order: each version followed by its children
        (oldest first) and theirs, depth first; ``depth`` set."""
        rows = self._db.query(f"{_VERSION_COLUMNS} WHERE session_id = ? ORDER BY id", (session_id,))
        found = [_version(row) for row in rows]
        known = {version.id for version in found}
        children: dict[int | None, list[EditVersion]] = {}
        for version in found:
            parent = version.parent_id if version.parent_id in known else None
            children.setdefault(parent, []).append(version)
        ordered: list[EditVersion] = []
        stack = [(version, 0) for version in reversed(children.get(None, []))]
        while stack:
            version, depth = stack.pop()
            ordered.append(_with_depth(version, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(version.id, [])))
        return ordered

    def lineage(self, version_id: int) -> list[EditVersion]:
        """``version_id`` and its ancestors, the root first (empty for an unknown version)."""
        chain: list[EditVersion] = []
        seen: set[int] = set()
        current = self.version(version_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            chain.append(current)
            current = self.version(current.parent_id) if current.parent_id is not None else None
        chain.reverse()
        return chain

    def round_versions(self, round_id: int) -> list[EditVersion]:
        """The results of one round, in order."""
        rows = self._db.query(
            f"{_VERSION_COLUMNS} WHERE round_id = ? ORDER BY idx, id", (round_id,)
        )
        return [_version(row) for row in rows]


# ---- rows ------------------------------------------------------------------------------------


def _session(row: sqlite3.Row) -> EditSession:
    return EditSession(
        id=int(row["id"]),
        title=str(row["title"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        base_version_id=_int(row["base_version_id"]),
        mask_hash=row["mask_hash"],
        references=_hashes(row["references_json"]),
        prompt=str(row["prompt"]),
        model=str(row["model"]),
        params=_load(row["params_json"]),
        keep_outside=bool(row["keep_outside"]),
        field=row["field"],
        deleted_at=_float(row["deleted_at"]),
    )


def _round(row: sqlite3.Row) -> RoundRecord:
    return RoundRecord(
        id=int(row["id"]),
        session_id=int(row["session_id"]),
        parent_version_id=_int(row["parent_version_id"]),
        prompt=str(row["prompt"]),
        model=str(row["model"]),
        params=_load(row["params_json"]),
        mask_hash=row["mask_hash"],
        references=_hashes(row["references_json"]),
        keep_outside=bool(row["keep_outside"]),
        status=str(row["status"]),
        error=row["error"],
        usage=_load(row["usage_json"]) or None,
        cost=_float(row["cost"]),
        sent=_load(row["sent_json"]) if row["sent_json"] is not None else None,
        started_at=float(row["started_at"]),
        finished_at=_float(row["finished_at"]),
    )


def _version(row: sqlite3.Row) -> EditVersion:
    return EditVersion(
        id=int(row["id"]),
        session_id=int(row["session_id"]),
        round_id=_int(row["round_id"]),
        parent_id=_int(row["parent_id"]),
        index=int(row["idx"]),
        image_hash=str(row["image_hash"]),
        raw_hash=row["raw_hash"],
        width=int(row["width"]),
        height=int(row["height"]),
        created_at=float(row["created_at"]),
    )


def _with_depth(version: EditVersion, depth: int) -> EditVersion:
    return dataclasses.replace(version, depth=depth)


def _check_field(field: str | None) -> str | None:
    if field is not None and field not in IMAGE_FIELDS:
        raise ValueError(f"unknown image field form {field!r}")
    return field


def _rowid(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def _int(value: Any) -> int | None:
    return int(value) if value is not None else None


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _dump(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _hashes(text: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()
