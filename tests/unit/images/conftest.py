"""Fixtures for the gallery tests: a real database file, a real image folder, real pictures."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore


class StepClock:
    """A clock that moves one second forward at every reading, so orderings are certain."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def picture(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB", seed: int = 1) -> bytes:
    """A noisy picture (so every encoder really compresses something) saved as ``fmt``."""
    rng = random.Random(seed)
    image = Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * len(mode)))
    out = io.BytesIO()
    params: dict[str, object] = {"quality": 85} if fmt in ("JPEG", "WEBP") else {}
    image.save(out, fmt, **params)
    return out.getvalue()


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    """Mode, size and decoded pixels of an encoded image."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


@pytest.fixture
def clock() -> StepClock:
    """The store's clock."""
    return StepClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the history database lives."""
    return tmp_path / "data" / "studio.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """The history database, migrated to the current schema."""
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture
def gallery(db: Database, tmp_path: Path, clock: StepClock) -> GalleryStore:
    """A gallery on ``db`` with its image folder under the data directory."""
    return GalleryStore(db, ImageStore(tmp_path / "data" / "images", db, clock=clock), clock=clock)
