"""No sqlite3 error leaves the store: a locked, damaged or closed database and a refused change
each come out as a StoreError that says what to do, chained to SQLite's own error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from studio.store.conversations import ConversationStore
from studio.store.database import (
    ConstraintError,
    Database,
    DatabaseBusyError,
    DatabaseDamagedError,
    StoreError,
)
from studio.store.messages import MessageStore


def test_a_database_another_program_keeps_locked_gives_a_busy_error(db_path: Path) -> None:
    with Database(db_path, busy_timeout_ms=0) as db:  # no waiting: the lock is not let go
        conversations = ConversationStore(db)
        first = conversations.create("Kept", "m")
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DatabaseBusyError) as busy:
                conversations.create("Refused", "m")
            with pytest.raises(StoreError):
                conversations.rename(first, "Renamed")
            with pytest.raises(StoreError):  # a transaction cannot even begin
                MessageStore(db).add(first, "user", "hello")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert isinstance(busy.value.__cause__, sqlite3.OperationalError)
        assert str(db_path) in busy.value.args[0]
        assert "close it and try again" in busy.value.args[0]
        # Once the other program lets go, the same objects work again.
        conversations.rename(first, "Renamed")
        assert [c.title for c in conversations.list()] == ["Renamed"]


def test_a_damaged_database_gives_a_damaged_error(db_path: Path) -> None:
    with Database(db_path) as db:
        conversations = ConversationStore(db)
        for number in range(200):  # several pages of rows
            conversations.create(f"Conversation {number} " + "x" * 200, "m")
        row = db.query_one("SELECT rootpage FROM sqlite_master WHERE name = 'conversations'")
        assert row is not None
        root = int(row[0])
        page_size = int(db.query("PRAGMA page_size")[0][0])
    with db_path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xa5" * page_size)  # the table's root page is now noise
    with Database(db_path) as db, pytest.raises(DatabaseDamagedError) as damaged:
        ConversationStore(db).list()
    assert isinstance(damaged.value.__cause__, sqlite3.DatabaseError)
    assert "move the file away" in damaged.value.args[0]


def test_a_refused_change_is_a_constraint_error_and_changes_nothing(db: Database) -> None:
    messages = MessageStore(db)
    with pytest.raises(ConstraintError) as refused:
        messages.add(12345, "user", "for a conversation that does not exist")
    assert isinstance(refused.value.__cause__, sqlite3.IntegrityError)
    assert db.query("SELECT count(*) FROM messages")[0][0] == 0
    # The failed transaction was rolled back: the next one works.
    conversation = ConversationStore(db).create("Fine", "m")
    messages.add(conversation, "user", "hello")
    assert db.query("SELECT count(*) FROM messages")[0][0] == 1


def test_a_closed_database_gives_a_store_error(db_path: Path) -> None:
    db = Database(db_path)
    conversations = ConversationStore(db)
    db.close()
    with pytest.raises(StoreError, match="closed"):
        conversations.list()
