"""The image gallery: generation jobs, the images they produced, and the prompt history.

A job row is written before its request goes out, so the prompt and parameters survive a
failure, a cancel or a crash. Each image is stored the way the relay sent it (never
re-encoded) with the generation metadata embedded in the format's own metadata
(:func:`studio.media.metadata.embed_metadata`); the embedded copy is the file the
:class:`~studio.store.images.ImageStore` keeps. It is handed over as pieces
(:func:`~studio.media.metadata.metadata_parts`), so a big image is never copied to add its
metadata. Deleting an item only marks it, so it can be restored (undo). Item queries read
each file's extension in the same query (no look-up per row). No Qt: the session layer turns
this into signals. Of :mod:`studio.media` only the byte-level metadata and format sniffing
are used (standard library only, no Pillow); ``tests/unit/store/test_store_imports.py``
keeps it so.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.media.metadata import generation_info, metadata_parts
from studio.media.sniff import EXTENSIONS, MIME_TYPES, sniff_format
from studio.store.database import Database
from studio.store.images import ImageStore

JOB_STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED_STATES = frozenset({"done", "failed", "cancelled"})
PROMPT_HISTORY_SIZE = 500
INTERRUPTED_ERROR = "Studio stopped before this job finished."

_ITEM_COLUMNS = (
    "SELECT g.id, g.job_id, g.image_hash, g.idx, g.seed, g.revised_prompt, g.created_at, "
    "g.deleted_at, j.model, j.prompt, j.params_json, j.provider, j.usage_json, i.mime, "
    "i.width, i.height, i.ext "
    "FROM gallery_items g JOIN image_jobs j ON j.id = g.job_id "
    "JOIN images i ON i.hash = g.image_hash"
)
_ITEM_ORDER = " ORDER BY j.created_at DESC, j.id DESC, g.idx ASC, g.id ASC"
_JOB_COLUMNS = (
    "SELECT id, model, prompt, params_json, provider, status, error, created_at, finished_at, "
    "usage_json FROM image_jobs"
)


@dataclass(frozen=True)
class GalleryItem:
    """One stored image of a job, with everything needed to make it again."""

    id: int
    job_id: int
    image_hash: str
    path: Path
    index: int
    width: int
    height: int
    mime: str
    model: str
    prompt: str
    params: dict[str, Any]
    seed: int | None
    created_at: float
    revised_prompt: str | None
    provider: str = ""
    deleted_at: float | None = None
    usage: dict[str, Any] | None = None


@dataclass(frozen=True)
class JobRecord:
    """One generation job as stored. ``status`` is one of :data:`JOB_STATES`; ``usage`` is
    the token usage the relay reported for it (None when it reported none)."""

    id: int
    model: str
    prompt: str
    params: dict[str, Any]
    status: str
    error: str | None
    created_at: float
    finished_at: float | None
    provider: str = ""
    usage: dict[str, Any] | None = None


class GalleryStore:
    """Jobs, gallery items and prompt history in the history database."""

    def __init__(
        self, db: Database, images: ImageStore, *, clock: Callable[[], float] = time.time
    ) -> None:
        """Use ``db`` (migrated to schema v2 or later) and put files in ``images``."""
        self._db = db
        self._images = images
        self._clock = clock

    @property
    def images(self) -> ImageStore:
        """The content-addressed image folder the items live in."""
        return self._images

    # ---- jobs --------------------------------------------------------------------------

    def add_job(
        self, model: str, prompt: str, params: Mapping[str, Any], provider: str = ""
    ) -> int:
        """Record a job (status ``queued``) before its request is sent; return its id."""
        cursor = self._db.execute(
            "INSERT INTO image_jobs (model, prompt, params_json, provider, status, created_at) "
            "VALUES (?, ?, ?, ?, 'queued', ?)",
            (model, prompt, _dump(params), provider, self._clock()),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def set_job_status(self, job_id: int, status: str, error: str | None = None) -> None:
        """Move a job to ``status``; a finished state (done/failed/cancelled) is timestamped.

        ``error`` is the one-line message of a failed job (or a warning of a done one).
        """
        if status not in JOB_STATES:
            raise ValueError(f"unknown job status {status!r}")
        finished = self._clock() if status in FINISHED_STATES else None
        self._db.execute(
            "UPDATE image_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?",
            (status, error, finished, job_id),
        )

    def set_job_usage(self, job_id: int, usage: Mapping[str, Any] | None) -> None:
        """Keep the token usage the relay reported for a job."""
        self._db.execute(
            "UPDATE image_jobs SET usage_json = ? WHERE id = ?",
            (_dump(usage) if usage else None, job_id),
        )

    def job(self, job_id: int) -> JobRecord | None:
        """One job, or None."""
        row = self._db.query_one(f"{_JOB_COLUMNS} WHERE id = ?", (job_id,))
        return _job(row) if row is not None else None

    def jobs(self, limit: int = 100) -> builtins.list[JobRecord]:
        """The most recent jobs first (failed and cancelled ones too)."""
        rows = self._db.query(f"{_JOB_COLUMNS} ORDER BY created_at DESC, id DESC LIMIT ?", (limit,))
        return [_job(row) for row in rows]

    def unfinished_jobs(self, limit: int = 100) -> builtins.list[JobRecord]:
        """The jobs still queued or running, most recent first, at most ``limit`` (at
        startup: those that a crash or a quit interrupted)."""
        rows = self._db.query(
            f"{_JOB_COLUMNS} WHERE status IN ('queued', 'running') "
            "ORDER BY created_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [_job(row) for row in rows]

    def mark_interrupted_at_startup(self) -> int:
        """Fail the jobs a crash or a quit left queued or running; return how many."""
        cursor = self._db.execute(
            "UPDATE image_jobs SET status = 'failed', error = ?, finished_at = ? "
            "WHERE status IN ('queued', 'running')",
            (INTERRUPTED_ERROR, self._clock()),
        )
        return max(0, cursor.rowcount)

    # ---- images ------------------------------------------------------------------------

    def add_image(
        self,
        job_id: int,
        index: int,
        data: bytes,
        mime: str,
        ext: str,
        width: int,
        height: int,
        seed: int | None,
        revised_prompt: str | None = None,
    ) -> GalleryItem:
        """Store one image of a job and return its gallery item.

        The bytes are kept as received, with the job's prompt, model, parameters, seed, date
        and software embedded in the format's own metadata; that copy is what the image store
        keeps. The format is taken from the bytes when they are recognised (a JPEG announced as
        PNG is stored as ``.jpg``). Runs happily in a worker thread (file write and hashing).
        """
        job = self.job(job_id)
        if job is None:
            raise KeyError(f"no image job {job_id}")
        found = sniff_format(data)
        if found is not None:
            mime, ext = MIME_TYPES[found], EXTENSIONS[found]
        created = self._clock()
        info = generation_info(
            prompt=job.prompt,
            model=job.model,
            params=job.params,
            seed=seed,
            created_at=created,
            revised_prompt=revised_prompt,
        )
        stored = metadata_parts(data, mime, info)
        image_hash = self._images.put_parts(stored, ext, mime, width, height)
        cursor = self._db.execute(
            "INSERT INTO gallery_items (job_id, image_hash, idx, seed, revised_prompt, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (job_id, image_hash, index, seed, revised_prompt, created),
        )
        assert cursor.lastrowid is not None
        item = self.get(int(cursor.lastrowid))
        assert item is not None
        return item

    def get(self, item_id: int, *, include_deleted: bool = False) -> GalleryItem | None:
        """One item (None when unknown, or deleted unless ``include_deleted``)."""
        row = self._db.query_one(f"{_ITEM_COLUMNS} WHERE g.id = ?", (item_id,))
        if row is None or (row["deleted_at"] is not None and not include_deleted):
            return None
        return self._item(row)

    def list(
        self,
        model: str | None = None,
        text: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> builtins.list[GalleryItem]:
        """Items not deleted, newest job first and each job's images in order.

        ``model`` keeps one model's images; ``text`` keeps the jobs whose prompt contains
        every word of it (any substring, Chinese included).
        """
        where, params = _filters(model, text)
        rows = self._db.query(
            f"{_ITEM_COLUMNS} WHERE {where}{_ITEM_ORDER} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [self._item(row) for row in rows]

    def count(self, model: str | None = None, text: str | None = None) -> int:
        """How many items :meth:`list` would give without a limit."""
        where, params = _filters(model, text)
        row = self._db.query_one(
            "SELECT count(*) FROM gallery_items g JOIN image_jobs j ON j.id = g.job_id "
            f"WHERE {where}",
            params,
        )
        return int(row[0]) if row is not None else 0

    def job_items(self, job_id: int) -> builtins.list[GalleryItem]:
        """The items of one job (not deleted), in order."""
        rows = self._db.query(
            f"{_ITEM_COLUMNS} WHERE g.job_id = ? AND g.deleted_at IS NULL ORDER BY g.idx, g.id",
            (job_id,),
        )
        return [self._item(row) for row in rows]

    def models(self) -> builtins.list[str]:
        """The models that have images in the gallery, sorted."""
        rows = self._db.query(
            "SELECT DISTINCT j.model FROM gallery_items g JOIN image_jobs j ON j.id = g.job_id "
            "WHERE g.deleted_at IS NULL ORDER BY j.model"
        )
        return [str(row[0]) for row in rows]

    def delete(self, item_id: int) -> bool:
        """Move an item to the trash (the file stays, for undo); False if nothing changed."""
        cursor = self._db.execute(
            "UPDATE gallery_items SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            (self._clock(), item_id),
        )
        return cursor.rowcount > 0

    def restore(self, item_id: int) -> bool:
        """Take an item out of the trash; False if it was not there."""
        cursor = self._db.execute(
            "UPDATE gallery_items SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
            (item_id,),
        )
        return cursor.rowcount > 0

    def purge_deleted(self, deleted_before: float) -> int:
        """Forget the items moved to the trash before ``deleted_before``; return how many.

        Only the item rows go: their job stays (it is history) and their files are left to
        :mod:`studio.store.cleanup`, which removes an image once nothing refers to it.
        """
        cursor = self._db.execute(
            "DELETE FROM gallery_items WHERE deleted_at IS NOT NULL AND deleted_at < ?",
            (deleted_before,),
        )
        return max(0, cursor.rowcount)

    # ---- prompt history ------------------------------------------------------------------

    def remember_prompt(self, prompt: str) -> None:
        """Put ``prompt`` at the top of the history (once, however often it is used)."""
        text = prompt.strip()
        if not text:
            return
        with self._db.transaction() as conn:
            row = conn.execute("SELECT max(used_at) FROM prompt_history").fetchone()
            latest = float(row[0]) if row is not None and row[0] is not None else 0.0
            # Strictly increasing, so the order holds even when the clock stands still.
            used_at = max(self._clock(), latest + 1e-6)
            conn.execute(
                "INSERT INTO prompt_history (prompt, used_at) VALUES (?, ?) "
                "ON CONFLICT(prompt) DO UPDATE SET used_at = excluded.used_at",
                (text, used_at),
            )
            conn.execute(
                "DELETE FROM prompt_history WHERE prompt NOT IN "
                "(SELECT prompt FROM prompt_history ORDER BY used_at DESC LIMIT ?)",
                (PROMPT_HISTORY_SIZE,),
            )

    def prompt_history(self, limit: int = 100) -> builtins.list[str]:
        """Prompts used before, most recent first, each once."""
        rows = self._db.query(
            "SELECT prompt FROM prompt_history ORDER BY used_at DESC LIMIT ?", (limit,)
        )
        return [str(row[0]) for row in rows]

    # ---- rows ----------------------------------------------------------------------------

    def _item(self, row: sqlite3.Row) -> GalleryItem:
        seed = row["seed"]
        deleted = row["deleted_at"]
        return GalleryItem(
            id=int(row["id"]),
            job_id=int(row["job_id"]),
            image_hash=str(row["image_hash"]),
            path=self._images.file_path(str(row["image_hash"]), str(row["ext"])),
            index=int(row["idx"]),
            width=int(row["width"]),
            height=int(row["height"]),
            mime=str(row["mime"]),
            model=str(row["model"]),
            prompt=str(row["prompt"]),
            params=_load(row["params_json"]),
            seed=int(seed) if seed is not None else None,
            created_at=float(row["created_at"]),
            revised_prompt=row["revised_prompt"],
            provider=str(row["provider"] or ""),
            deleted_at=float(deleted) if deleted is not None else None,
            usage=_load(row["usage_json"]) or None,
        )


def _job(row: sqlite3.Row) -> JobRecord:
    finished = row["finished_at"]
    return JobRecord(
        id=int(row["id"]),
        model=str(row["model"]),
        prompt=str(row["prompt"]),
        params=_load(row["params_json"]),
        status=str(row["status"]),
        error=row["error"],
        created_at=float(row["created_at"]),
        finished_at=float(finished) if finished is not None else None,
        provider=str(row["provider"] or ""),
        usage=_load(row["usage_json"]) or None,
    )


def _filters(model: str | None, text: str | None) -> tuple[str, Sequence[Any]]:
    """The WHERE clause (over ``g`` and ``j``) for a model and a text filter."""
    clauses = ["g.deleted_at IS NULL"]
    params: builtins.list[Any] = []
    if model:
        clauses.append("j.model = ?")
        params.append(model)
    terms = [term for term in (text or "").split() if term]
    # The trigram index needs three characters; shorter words (two Chinese characters are a
    # whole word) are matched with LIKE, which a few thousand prompts make cheap.
    long_terms = [term for term in terms if len(term) >= 3]
    if long_terms:
        clauses.append("j.id IN (SELECT rowid FROM image_jobs_fts WHERE image_jobs_fts MATCH ?)")
        params.append(" ".join('"' + term.replace('"', '""') + '"' for term in long_terms))
    for term in terms:
        if len(term) < 3:
            clauses.append("j.prompt LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(term))
    return " AND ".join(clauses), params


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _dump(params: Mapping[str, Any]) -> str:
    return json.dumps(dict(params), ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
