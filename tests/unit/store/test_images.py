"""ImageStore look-ups (the content-addressed picture folder)."""

from __future__ import annotations

from pathlib import Path

from studio.store.database import Database
from studio.store.images import ImageStore


def test_many_paths_come_from_one_lookup(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.sqlite3")
    try:
        store = ImageStore(tmp_path / "images", db)
        first = store.put(b"\\x89PNG one", "png", "image/png", 1, 1)
        second = store.put(b"\\xff\\xd8 two", "jpg", "image/jpeg", 1, 1)
        missing = "0" * 64
        found = store.paths([first, second, first, missing])
        assert found == {first: store.path(first), second: store.path(second)}
        assert store.paths([]) == {}
    finally:
        db.close()
