"""The history database: pragmas, migrations, backups before migrating, refusing newer files."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from studio.store.conversations import ConversationStore
from studio.store.database import (
    Database,
    DatabaseOpenError,
    DatabaseTooNewError,
    MigrationError,
    StoreError,
)
from studio.store.messages import MessageStore
from studio.store.schema import MIGRATIONS, SCHEMA_VERSION


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_new_database_uses_wal_and_safe_pragmas(db: Database, db_path: Path) -> None:
    assert db.query_one("PRAGMA journal_mode")[0] == "wal"  # type: ignore[index]
    assert db.query_one("PRAGMA synchronous")[0] == 1  # type: ignore[index]  # NORMAL
    assert db.query_one("PRAGMA foreign_keys")[0] == 1  # type: ignore[index]
    assert db.query_one("PRAGMA busy_timeout")[0] > 0  # type: ignore[index]
    assert db.schema_version == SCHEMA_VERSION
    # The WAL setting is stored in the file: another program opening it sees WAL too.
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_empty_file_is_migrated_without_backup_and_reopens(db_path: Path) -> None:
    db_path.touch()  # an empty file, as left by an interrupted first start
    first = Database(db_path)
    assert first.backup_path is None
    assert first.migrated_from == 0
    conv = ConversationStore(first).create("kept", "m")
    first.close()

    second = Database(db_path)
    try:
        assert second.migrated_from is None  # nothing to do the second time
        assert second.backup_path is None
        assert ConversationStore(second).get(conv) is not None
        assert {"conversations", "messages", "images", "messages_fts"} <= _tables(db_path)
    finally:
        second.close()
    assert list(db_path.parent.glob("*.bak")) == []


def test_old_database_with_data_is_copied_before_migrating(db_path: Path) -> None:
    # Simulate a file from an older Studio (schema v0 with some data of its own).
    with sqlite3.connect(db_path) as old:
        old.execute("CREATE TABLE notes (body TEXT)")
        old.execute("INSERT INTO notes VALUES ('old history')")

    db = Database(db_path)
    try:
        assert db.migrated_from == 0
        assert db.backup_path == db_path.with_name("studio.sqlite3.v0.bak")
        assert db.schema_version == SCHEMA_VERSION
        assert db.query("SELECT body FROM notes")[0][0] == "old history"
    finally:
        db.close()

    backup = db_path.with_name("studio.sqlite3.v0.bak")
    assert _user_version(backup) == 0
    assert "conversations" not in _tables(backup)
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("old history",)]


def _add_tags_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE conversations ADD COLUMN tags TEXT")


def test_upgrade_to_a_later_schema_keeps_a_copy_of_the_previous_version(db_path: Path) -> None:
    with Database(db_path) as v1:
        conv = ConversationStore(v1).create("before upgrade", "gpt-4o")
        MessageStore(v1).add(conv, "user", "你好世界")

    with Database(db_path, migrations=(*MIGRATIONS, _add_tags_column)) as v2:
        assert v2.schema_version == SCHEMA_VERSION + 1
        assert v2.backup_path == db_path.with_name(f"studio.sqlite3.v{SCHEMA_VERSION}.bak")
        assert ConversationStore(v2).get(conv).title == "before upgrade"  # type: ignore[union-attr]
        assert v2.query("SELECT tags FROM conversations")[0][0] is None

    backup = db_path.with_name(f"studio.sqlite3.v{SCHEMA_VERSION}.bak")
    assert _user_version(backup) == SCHEMA_VERSION
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT text FROM messages").fetchall() == [("你好世界",)]


def _broken(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x)")
    conn.execute("THIS IS NOT SQL")


def test_failed_migration_leaves_the_file_as_it_was(db_path: Path) -> None:
    with Database(db_path) as v1:
        ConversationStore(v1).create("precious", "m")

    with pytest.raises(MigrationError, match="left unchanged"):
        Database(db_path, migrations=(*MIGRATIONS, _broken))

    assert _user_version(db_path) == SCHEMA_VERSION
    assert "half_done" not in _tables(db_path)
    with Database(db_path) as again:
        assert [c.title for c in ConversationStore(again).list()] == ["precious"]


def test_database_from_a_newer_studio_is_refused_clearly(db_path: Path) -> None:
    with sqlite3.connect(db_path) as newer:
        newer.execute("CREATE TABLE future (x)")
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")

    with pytest.raises(DatabaseTooNewError) as info:
        Database(db_path)
    message = str(info.value)
    assert "newer version of Studio" in message
    assert f"v{SCHEMA_VERSION + 5}" in message and f"v{SCHEMA_VERSION}" in message
    # Nothing was touched: no backup, same version.
    assert _user_version(db_path) == SCHEMA_VERSION + 5
    assert list(db_path.parent.glob("*.bak")) == []


def test_a_file_that_is_not_a_database_gives_a_clear_error(db_path: Path) -> None:
    db_path.write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(DatabaseOpenError, match="not a Studio database"):
        Database(db_path)


def test_closed_database_refuses_work(db_path: Path) -> None:
    db = Database(db_path)
    db.close()
    db.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        db.query("SELECT 1")


def test_transaction_rolls_back_on_error(db: Database, convs: ConversationStore) -> None:
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute(
            "INSERT INTO conversations (title, model, created_at, updated_at) "
            "VALUES ('lost', 'm', 0, 0)"
        )
        raise RuntimeError("boom")
    assert convs.list() == []


def test_threads_share_the_connection_safely(db: Database, convs: ConversationStore) -> None:
    conv = convs.create("threads", "m")
    store = MessageStore(db)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(50):
                store.add(conv, "user", f"thread {n} message {i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    texts = {m.text for m in store.list(conv)}
    assert len(texts) == 200
    assert db.query_one("PRAGMA integrity_check")[0] == "ok"  # type: ignore[index]
