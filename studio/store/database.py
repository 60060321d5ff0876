"""The SQLite history database: one connection, WAL, versioned schema, backup before migrating.

One ``sqlite3`` connection is shared by every store and thread (``check_same_thread=False``);
an ``RLock`` serialises its use. Writes are small (a message row, a streaming update), so one
connection is simpler than a pool and still never blocks the GUI for long. The connection runs
in autocommit mode: each ``execute`` is its own committed transaction unless it happens inside
:meth:`Database.transaction`.

No ``sqlite3`` error leaves the store: :meth:`Database.execute`, :meth:`~Database.query`,
:meth:`~Database.query_one` and :meth:`~Database.transaction` (also for what runs inside it)
raise a :class:`StoreError` instead, chained to the sqlite error (``__cause__``)::

    StoreError                  base; the message says what happened and what to do
    ├── DatabaseOpenError       the file cannot be opened as a Studio database
    ├── DatabaseTooNewError     written by a newer Studio
    ├── MigrationError          upgrading the schema failed (the file is unchanged)
    ├── DatabaseBusyError       another connection holds a lock for longer than the timeout
    ├── DatabaseDamagedError    the file is damaged (malformed pages, not a database)
    └── ConstraintError         a change the schema forbids (a missing or referenced row)
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from studio.store.schema import MIGRATIONS, Migration

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """Base class of storage errors; the message says what happened and what to do."""


class DatabaseOpenError(StoreError):
    """The file cannot be opened as a Studio database (damaged, not SQLite, no access)."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer Studio whose schema this version does not know."""


class MigrationError(StoreError):
    """Upgrading the schema failed; the database file is left as it was."""


class DatabaseBusyError(StoreError):
    """Another connection (another Studio, a backup tool) kept the database locked."""


class DatabaseDamagedError(StoreError):
    """The database file is damaged or has been replaced by something that is not SQLite."""


class ConstraintError(StoreError):
    """The schema refused a change (e.g. a message for a conversation that does not exist,
    or removing an image a gallery item still refers to); nothing was changed."""


_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """The :class:`StoreError` for ``error`` from the database at ``path`` (raise it
    ``from error``)."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if isinstance(error, sqlite3.IntegrityError) or primary == sqlite3.SQLITE_CONSTRAINT:
        return ConstraintError(f"The history database refused the change: {error}.")
    if primary in _BUSY_CODES:
        return DatabaseBusyError(
            f"The history database {path} is locked by another program ({error}). If another "
            "copy of Studio is running, close it and try again."
        )
    if primary in _DAMAGED_CODES:
        return DatabaseDamagedError(
            f"The history database {path} is damaged ({error}). Quit Studio and move the file "
            "away to start a new history (a copy may be restored from a backup)."
        )
    return StoreError(
        f"The history database {path} could not be used ({error}). Check that the disk has "
        "free space and the file can be written, then try again."
    )


class Database:
    """The history database at ``path``, opened, configured and migrated to the latest schema.

    ``migrations`` defaults to the application's schema; tests pass longer or shorter lists to
    simulate older and newer versions of Studio. After opening, :attr:`backup_path` names the
    copy made before migrating (``None`` if nothing was migrated).
    """

    def __init__(
        self,
        path: Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        """Open (creating if needed) and migrate; raises a :class:`StoreError` subclass."""
        self._path = Path(path)
        self._lock = threading.RLock()
        self.backup_path: Path | None = None
        self.migrated_from: int | None = None
        self._path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                str(self._path),
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise DatabaseOpenError(
                f"Cannot open the history database {self._path}: {exc}"
            ) from exc
        conn.row_factory = sqlite3.Row
        try:
            self._configure(conn, busy_timeout_ms)
            self._migrate(conn, migrations)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise DatabaseOpenError(
                f"Cannot use the history database {self._path} ({exc}). If another copy of "
                "Studio is running, close it and try again."
            ) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise DatabaseOpenError(
                f"The history database {self._path} is damaged or is not a Studio database "
                f"({exc}). Move it away to start a new history."
            ) from exc
        except sqlite3.Error as exc:
            conn.close()
            raise DatabaseOpenError(f"Cannot use the history database {self._path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        self._conn: sqlite3.Connection | None = conn

    def __repr__(self) -> str:
        """Name the file."""
        return f"Database({str(self._path)!r})"

    def __enter__(self) -> Database:
        """Use as a context manager that closes the database."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the database."""
        self.close()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def schema_version(self) -> int:
        """The schema version stored in the file (``PRAGMA user_version``)."""
        row = self.query_one("PRAGMA user_version")
        assert row is not None
        return int(row[0])

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection (another
        Studio process, ``studio chat``) commits to the file, never for this one's writes.
        One cheap read, for noticing outside changes."""
        row = self.query_one("PRAGMA data_version")
        return int(row[0]) if row is not None else 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement (committed at once outside :meth:`transaction`).

        Use the cursor's ``lastrowid`` and ``rowcount`` only; read rows with :meth:`query`.
        """
        with self._lock, self._errors():
            return self._connection().execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a query and return all rows."""
        with self._lock, self._errors():
            return self._connection().execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """Run a query and return its first row, or ``None``."""
        with self._lock, self._errors():
            row: sqlite3.Row | None = self._connection().execute(sql, params).fetchone()
            return row

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and run a write transaction; commit on success, roll back on error.

        Nested use joins the outer transaction. A ``sqlite3`` error inside the block, or in
        beginning or committing, comes out as a :class:`StoreError` (after the roll-back).
        """
        with self._lock, self._errors():
            conn = self._connection()
            if conn.in_transaction:
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # (SQLite itself ends it after some errors)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise store_error(error, self._path) from error

    def close(self) -> None:
        """Close the connection (idempotent). SQLite checkpoints the WAL on the last close."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # only a hint to the query planner; closing matters
            with self._errors():
                conn.close()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("The history database is closed.")
        return self._conn

    def _configure(self, conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        if mode != "wal":
            # e.g. a network file system without shared memory; still usable, just slower.
            log.warning("SQLite WAL mode unavailable for %s (journal_mode=%s)", self._path, mode)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self, conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
        target = len(migrations)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > target:
            raise DatabaseTooNewError(
                f"The history database {self._path} was written by a newer version of Studio "
                f"(schema v{version}; this version understands up to v{target}). "
                "Update Studio, or move the file away to start a new history."
            )
        if version == target:
            return
        has_content = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if has_content or version > 0:
            self.backup_path = self._backup(conn, version)
        self.migrated_from = version
        for step in range(version, target):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another Studio process may have migrated meanwhile.
                current = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if current == step:
                    migrations[step](conn)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
            except Exception as exc:
                conn.execute("ROLLBACK")
                kept = f" A copy was kept at {self.backup_path}." if self.backup_path else ""
                raise MigrationError(
                    f"Could not upgrade the history database {self._path} from schema "
                    f"v{step} to v{step + 1}: {exc}. The file was left unchanged.{kept}"
                ) from exc
            conn.execute("COMMIT")
        log.info("history database %s migrated from v%d to v%d", self._path, version, target)

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        target = self._path.with_name(f"{self._path.name}.v{version}.bak")
        counter = 1
        while target.exists():
            counter += 1
            target = self._path.with_name(f"{self._path.name}.v{version}.{counter}.bak")
        try:
            dest = sqlite3.connect(str(target))
            try:
                conn.backup(dest)
            finally:
                dest.close()
        except sqlite3.Error as exc:
            raise MigrationError(
                f"Could not copy the history database to {target} before upgrading it: {exc}. "
                "Nothing was changed; free some disk space and start Studio again."
            ) from exc
        return target
