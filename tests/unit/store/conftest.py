"""Fixtures for the store tests: a real SQLite file in tmp_path and a predictable clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore


class StepClock:
    """A clock that moves one second forward at every reading, so orderings are certain."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "studio.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture
def convs(db: Database, clock: StepClock) -> ConversationStore:
    return ConversationStore(db, clock=clock)


@pytest.fixture
def msgs(db: Database, clock: StepClock) -> MessageStore:
    return MessageStore(db, clock=clock)
