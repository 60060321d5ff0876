"""Garbage collection of the image store: files that nothing refers to any more are removed.

The content-addressed :class:`~studio.store.images.ImageStore` only ever adds files; this
module takes away the ones no longer needed. An image is kept while anything refers to it:

- a **message**: every hash-shaped text anywhere in ``messages.attachments_json`` counts (the
  column holds a JSON list of references ``{"hash": …, "mime": …, …}``; reading every text
  leaf with SQLite's ``json_tree`` rather than only ``$[*].hash`` keeps the images of fields
  added later too). A row whose JSON is damaged counts with every hash its text contains.
  Messages in the trash still refer to their images; purging a conversation drops them.
- an **edit session** (:mod:`studio.store.edits`), live or in the trash: its versions' shown
  and unblended pictures, the masks and the references of the session's draft and of every
  round.
- a **gallery item**, live or in the trash. Items in the trash for longer than
  :data:`TRASH_GRACE_S` are forgotten first (their rows only: the job stays, it is history),
  which is what finally releases a deleted picture.
- a **composer draft**: images attached but not sent are stored at once and referenced by
  nothing until the message is sent. Drafts are not saved anywhere (they live in memory, in
  each chat page's ``AttachmentDraft``), so after a restart they are gone for good; while
  Studio runs, :data:`ORPHAN_GRACE_S` protects them: only images stored longer ago than that
  are ever removed. Another Studio process's drafts may be older than that, so while another
  window or a CLI run uses the folder (:mod:`studio.store.presence`) unreferenced images are
  not collected at all (``orphans=False``). The collector runs once, a second after the
  window shows (:class:`StartupCleanup`); the command line never runs it.

Removal order (crash safety): in one write transaction per batch the conditions are checked
again (against messages added since the scan), each row is deleted and then its file, and the
transaction commits last. A crash leaves at worst rows without files, of images nothing
refers to (the next run drops them), never a file that no row names. Afterwards, a file that
reappeared (the same bytes stored again by another process in that instant) gets its row back.

Also removed: temporary files left in the image folder by a crash (``.incoming.*.tmp`` at the
top, ``.<name>.*.tmp`` beside the images) once older than :data:`TEMP_GRACE_S`.

Storing bytes identical to an image already stored refreshes its ``created_at`` (see
:meth:`ImageStore.put_parts`) before the file is checked, so an old unused image attached
again gets a new grace period; if the clean-up removed it first, it is stored anew.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from studio.store.database import Database, StoreError
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore

log = logging.getLogger(__name__)

ORPHAN_GRACE_S: Final = 3600.0
"""An image nothing refers to is removed only once it was stored longer ago than this."""
TRASH_GRACE_S: Final = 7 * 86400.0
"""Gallery items stay in the trash this long before they are forgotten."""
TEMP_GRACE_S: Final = 86400.0
"""Temporary files older than this were left by a crash (a write takes seconds at most)."""
STARTUP_DELAY_S: Final = 1.0
"""Seconds between the window showing and the start-up collection."""
BATCH: Final = 100
"""Images removed per write transaction (keeps other writers' waits short)."""

_HASH_TEXT = re.compile(r"[0-9a-fA-F]{64}")
_TOP_TEMP = re.compile(r"^\.incoming\.[0-9a-f]+\.tmp$")
_SIDE_TEMP = re.compile(r"^\.[0-9a-f]{62}\.[a-z0-9]{1,8}\.[0-9a-f]+\.tmp$")
_SHARD = re.compile(r"^[0-9a-f]{2}$")
_MESSAGE_REFS = (
    "SELECT DISTINCT j.value FROM messages m, "
    "json_tree(CASE WHEN json_valid(m.attachments_json) THEN m.attachments_json ELSE '[]' END) j "
    "WHERE m.attachments_json IS NOT NULL AND m.id > ? AND m.id <= ? "
    "AND j.type = 'text' AND length(j.value) = 64"
)
_DAMAGED_REFS = (
    "SELECT attachments_json FROM messages WHERE attachments_json IS NOT NULL "
    "AND NOT json_valid(attachments_json) AND id > ? AND id <= ?"
)
_EDIT_REFS_JSON = (
    "json_each(CASE WHEN json_valid({0}.references_json) THEN {0}.references_json ELSE '[]' END)"
)
# What edit sessions, rounds and versions name: one list, built once per query (NOT IN over an
# uncorrelated subquery), never NULL (a NULL would make NOT IN false for every image).
_EDIT_REFS = (
    "SELECT image_hash FROM edit_versions "
    "UNION ALL SELECT raw_hash FROM edit_versions WHERE raw_hash IS NOT NULL "
    "UNION ALL SELECT mask_hash FROM edit_sessions WHERE mask_hash IS NOT NULL "
    "UNION ALL SELECT mask_hash FROM edit_rounds WHERE mask_hash IS NOT NULL "
    f"UNION ALL SELECT j.value FROM edit_sessions s, {_EDIT_REFS_JSON.format('s')} j "
    "WHERE j.type = 'text' "
    f"UNION ALL SELECT j.value FROM edit_rounds r, {_EDIT_REFS_JSON.format('r')} j "
    "WHERE j.type = 'text'"
)
_NOT_REFERENCED = (
    "NOT EXISTS (SELECT 1 FROM gallery_items g WHERE g.image_hash = i.hash) "
    f"AND i.hash NOT IN ({_EDIT_REFS})"
)


@dataclass(frozen=True)
class CleanupPolicy:
    """How old things must be before they go (seconds)."""

    orphan_grace: float = ORPHAN_GRACE_S
    trash_grace: float = TRASH_GRACE_S
    temp_grace: float = TEMP_GRACE_S


@dataclass(frozen=True)
class CleanupReport:
    """What one collection removed.

    ``images``: image rows deleted (with their file, or whose file was already gone);
    ``files``: files deleted, temporary ones included; ``bytes_freed``: their sizes;
    ``kept``: files that could not be deleted (they keep their row, the next run tries
    again); ``stopped``: the collection was asked to stop before the end.
    """

    gallery_items: int = 0
    images: int = 0
    files: int = 0
    temp_files: int = 0
    bytes_freed: int = 0
    kept: int = 0
    stopped: bool = False

    def __str__(self) -> str:
        """One line for the log."""
        text = (
            f"{self.images} unused images, {self.temp_files} temporary files and "
            f"{self.gallery_items} trashed gallery items removed; {self.files} files, "
            f"{self.bytes_freed / 1e6:.1f} MB freed"
        )
        if self.kept:
            text += f"; {self.kept} files could not be deleted"
        return text + (" (stopped early)" if self.stopped else "")


def collect(
    db: Database,
    images_root: Path,
    *,
    clock: Callable[[], float] = time.time,
    policy: CleanupPolicy = CleanupPolicy(),
    stop: threading.Event | None = None,
    orphans: bool = True,
) -> CleanupReport:
    """Remove what nothing refers to any more (see the module docstring); blocking.

    Run it in a worker thread, preferably with a connection of its own (readers are never
    blocked; writers wait for one short batch at most). ``stop`` ends it early, between
    batches. Without ``orphans`` only trashed gallery items and crash leftovers go.
    """
    halt = stop or threading.Event()
    now = clock()
    images = ImageStore(images_root, db, clock=clock)
    purged = GalleryStore(db, images, clock=clock).purge_deleted(now - policy.trash_grace)
    temp_files, temp_bytes = _remove_temporary(Path(images_root), now - policy.temp_grace)
    removed = _Removal(db, images, now - policy.orphan_grace, clock)
    stopped = False
    for batch in removed.candidates() if orphans else ():
        if halt.is_set():
            stopped = True
            break
        removed.remove(batch)
    removed.restore_reappeared()  # once more, after the others had time to finish writing
    return CleanupReport(
        gallery_items=purged,
        images=removed.images,
        files=removed.files + temp_files,
        temp_files=temp_files,
        bytes_freed=removed.bytes_freed + temp_bytes,
        kept=removed.kept,
        stopped=stopped,
    )


class StartupCleanup:
    """Runs :func:`collect` once, ``delay`` seconds after :meth:`start`, in a worker thread.

    The collection opens a connection of its own (the database file at ``database_path``), so
    the GUI thread's reads never wait for it. :meth:`aclose` stops it at exit: before the
    delay is over nothing runs; a running collection ends after its current batch. Failures
    that only mean "not this time" (the database busy in another process, a disk error) are
    logged as warnings; the next start tries again.
    """

    def __init__(
        self,
        database_path: Path,
        images_root: Path,
        *,
        delay: float = STARTUP_DELAY_S,
        clock: Callable[[], float] = time.time,
        policy: CleanupPolicy = CleanupPolicy(),
        orphans: bool = True,
    ) -> None:
        """Collect in ``database_path`` and ``images_root`` (``DataPaths``); ``orphans``:
        also unreferenced images (only when no other Studio process uses the folder)."""
        self._database_path = Path(database_path)
        self._images_root = Path(images_root)
        self._delay = delay
        self._clock = clock
        self._policy = policy
        self._orphans = orphans
        self._stop = threading.Event()
        self._working = False
        self._task: asyncio.Task[CleanupReport | None] | None = None

    @property
    def task(self) -> asyncio.Task[CleanupReport | None] | None:
        """The running (or finished) collection; its result is the report (None if none)."""
        return self._task

    def start(self) -> asyncio.Task[CleanupReport | None]:
        """Schedule the collection on the running loop (once) and return its task."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="image-store-cleanup"
            )
            self._task.add_done_callback(_report_failure)
        return self._task

    async def aclose(self) -> None:
        """Stop the collection and wait until its thread has let go of the files."""
        self._stop.set()
        task = self._task
        if task is None or task.done():
            return
        if not self._working:
            task.cancel()
        await asyncio.wait([task])

    async def _run(self) -> CleanupReport | None:
        await asyncio.sleep(self._delay)
        if self._stop.is_set():
            return None
        self._working = True
        started = time.monotonic()
        try:
            report = await asyncio.to_thread(self._collect)
        except (StoreError, OSError) as error:
            log.warning("image cleanup skipped: %s", error)
            return None
        log.info("image cleanup: %s in %.2f s", report, time.monotonic() - started)
        return report

    def _collect(self) -> CleanupReport:
        with Database(self._database_path) as db:
            return collect(
                db,
                self._images_root,
                clock=self._clock,
                policy=self._policy,
                stop=self._stop,
                orphans=self._orphans,
            )


def _report_failure(task: asyncio.Task[CleanupReport | None]) -> None:
    """Send an unexpected error of the collection to the loop's error reporter."""
    if not task.cancelled() and task.exception() is not None:
        task.get_loop().call_exception_handler(
            {"message": "the image store cleanup failed", "exception": task.exception()}
        )


class _Removal:
    """Unreferenced images stored before ``cutoff``: found, then removed batch by batch."""

    def __init__(
        self, db: Database, images: ImageStore, cutoff: float, clock: Callable[[], float]
    ) -> None:
        self._db = db
        self._clock = clock
        self._images = images
        self._cutoff = cutoff
        self._scanned_to = 0  # messages up to this id have been read
        self._gone: list[sqlite3.Row] = []
        self.images = self.files = self.bytes_freed = self.kept = 0

    def candidates(self) -> list[list[str]]:
        """Old images that no message, gallery item or edit session names, in batches (a
        snapshot)."""
        last = self._last_message_id()
        referenced = self._message_refs(0, last)
        self._scanned_to = last
        rows = self._db.query(
            f"SELECT i.hash FROM images i WHERE i.created_at < ? AND {_NOT_REFERENCED} "
            "ORDER BY i.created_at, i.hash",
            (self._cutoff,),
        )
        found = [str(row[0]) for row in rows if str(row[0]) not in referenced]
        return [found[start : start + BATCH] for start in range(0, len(found), BATCH)]

    def remove(self, batch: Sequence[str]) -> None:
        """Check ``batch`` again under the write lock and remove what is still unused."""
        marks = ", ".join("?" * len(batch))
        gone: list[sqlite3.Row] = []
        with self._db.transaction():
            # Holding the write lock: no message can be added until the commit.
            last = self._last_message_id()
            referenced = self._message_refs(self._scanned_to, last)
            self._scanned_to = last
            rows = self._db.query(
                "SELECT i.hash, i.ext, i.mime, i.width, i.height, i.bytes FROM images i "
                f"WHERE i.hash IN ({marks}) AND i.created_at < ? AND {_NOT_REFERENCED}",
                (*batch, self._cutoff),
            )
            for row in rows:
                if str(row["hash"]) in referenced:
                    continue
                try:
                    freed = self._images.remove(str(row["hash"]))
                except OSError as error:
                    log.warning("cannot delete the unused image %s: %s", row["hash"], error)
                    self.kept += 1
                    continue
                if freed is None:
                    continue
                gone.append(row)
                self.images += 1
                if freed:
                    self.files += 1
                    self.bytes_freed += freed
        self._gone.extend(gone)
        self.restore_reappeared(gone)

    def restore_reappeared(self, rows: Sequence[sqlite3.Row] | None = None) -> None:
        """Give a row back to a file stored again while its row was being deleted (by
        default, check every image removed so far)."""
        for row in self._gone if rows is None else rows:
            path = self._images.file_path(str(row["hash"]), str(row["ext"]))
            if path.is_file():
                log.info("image %s was stored again during the cleanup; kept", row["hash"])
                self._db.execute(
                    "INSERT OR IGNORE INTO images (hash, ext, mime, width, height, bytes, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (*tuple(row), self._clock()),
                )

    def _last_message_id(self) -> int:
        row = self._db.query_one("SELECT max(id) FROM messages")
        return int(row[0]) if row is not None and row[0] is not None else 0

    def _message_refs(self, after: int, up_to: int) -> set[str]:
        """The hashes named by messages with ``after < id <= up_to``."""
        found = {
            str(row[0]).lower()
            for row in self._db.query(_MESSAGE_REFS, (after, up_to))
            if _HASH_TEXT.fullmatch(str(row[0]))
        }
        for row in self._db.query(_DAMAGED_REFS, (after, up_to)):
            found.update(match.lower() for match in _HASH_TEXT.findall(str(row[0])))
        return found


def _remove_temporary(root: Path, cutoff: float) -> tuple[int, int]:
    """Delete temporary files older than ``cutoff`` left in the image folder; (count, bytes)."""
    count = freed = 0
    for entry in _temporary_files(root):
        try:
            info = entry.stat(follow_symlinks=False)
            if info.st_mtime >= cutoff:
                continue  # maybe being written right now
            os.unlink(entry.path)
        except FileNotFoundError:
            continue
        except OSError as error:
            log.warning("cannot delete the temporary file %s: %s", entry.path, error)
            continue
        count += 1
        freed += info.st_size
    return count, freed


def _temporary_files(root: Path) -> Iterator[os.DirEntry[str]]:
    """The files named like :class:`ImageStore`'s temporary files, at the top and beside
    the images."""
    try:
        with os.scandir(root) as top:
            entries = list(top)
    except OSError:
        return
    for entry in entries:
        if _TOP_TEMP.match(entry.name) and entry.is_file(follow_symlinks=False):
            yield entry
        elif _SHARD.match(entry.name) and entry.is_dir(follow_symlinks=False):
            try:
                with os.scandir(entry.path) as shard:
                    found = [
                        item
                        for item in shard
                        if _SIDE_TEMP.match(item.name) and item.is_file(follow_symlinks=False)
                    ]
            except OSError:
                continue
            yield from found
