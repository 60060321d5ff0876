"""Fixtures for the image session tests: a real database and image folder, the real demo
relay (``relay``, from tests/qt/conftest.py) or a scripted loopback relay, and sessions.

The ``run`` fixture runs a coroutine on the qasync loop; inside it, :func:`expect` turns the
next emission of a signal into a future and :func:`settled` waits for a job to end.
"""

from __future__ import annotations

import base64
import io
import random
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.config.image_models import ImageModelSpec, load_image_models
from studio.session.images import ImageJob, ImageStudioSession
from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from tests.qt.images_session.loopback import Loopback
from tests.qt.signals import expect

Run = Callable[[Awaitable[Any]], Any]
FINISHED = ("done", "failed", "cancelled")


async def settled(job: ImageJob) -> str:
    """Wait until ``job`` is done, failed or cancelled; return that state."""
    if job.state not in FINISHED:
        await expect(job.state_changed, lambda state: state in FINISHED)
    return job.state


def picture(
    fmt: str = "PNG", size: tuple[int, int] = (48, 32), seed: int = 1, mode: str = "RGB"
) -> bytes:
    """A noisy picture made with Pillow, encoded as ``fmt``."""
    rng = random.Random(seed)
    image = Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * len(mode)))
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    """Mode, size and decoded pixels."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


def b64(data: bytes) -> str:
    """Standard base64 text."""
    return base64.b64encode(data).decode("ascii")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The data folder of the test (database and images)."""
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    """A real history database file."""
    database = Database(data_dir / "studio.sqlite3")
    yield database
    database.close()


@pytest.fixture
def gallery(db: Database, data_dir: Path) -> GalleryStore:
    """The gallery on ``db`` with files under ``data/images``."""
    return GalleryStore(db, ImageStore(data_dir / "images", db))


@pytest.fixture(scope="session")
def specs() -> list[ImageModelSpec]:
    """The shipped model table."""
    return load_image_models()


@pytest.fixture
def loopback(run: Run) -> Iterator[Loopback]:
    """A scripted relay on 127.0.0.1, running on the test's loop."""
    server: Loopback = run(Loopback().start())
    yield server
    run(server.aclose())


@pytest.fixture
def make_client(run: Run) -> Iterator[Callable[[str], ApiClient]]:
    """API clients for a base URL; closed after the test."""
    clients: list[ApiClient] = []

    def build(base_url: str) -> ApiClient:
        client = ApiClient(ProviderConfig(base_url=base_url, name="test relay"))
        clients.append(client)
        return client

    yield build
    for client in clients:
        run(client.aclose())


@pytest.fixture
def make_session(
    gallery: GalleryStore,
    make_client: Callable[[str], ApiClient],
    specs: list[ImageModelSpec],
) -> Callable[..., ImageStudioSession]:
    """An image session on the test gallery talking to ``base_url``."""

    def build(base_url: str, *, max_concurrent: int = 2) -> ImageStudioSession:
        client = make_client(base_url)
        return ImageStudioSession(gallery, lambda: client, specs, max_concurrent=max_concurrent)

    return build
