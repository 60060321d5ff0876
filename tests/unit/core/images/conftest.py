"""Fixtures for the image workflow tests (no Qt): a loopback relay, a client on it and a
real gallery (SQLite file and image folder) under ``tmp_path``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.core.images import ImageJobEvent, ImageJobRun
from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from tests.fakes.image_server import ImageServer


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    """The scripted Images API relay on 127.0.0.1."""
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def client(server: ImageServer) -> AsyncIterator[ApiClient]:
    """An API client talking to ``server``."""
    api = ApiClient(ProviderConfig(base_url=server.base_url, name="loopback", proxy_mode="none"))
    yield api
    await api.aclose()


@pytest.fixture
def gallery(db: Database, tmp_path: Path) -> GalleryStore:
    """The gallery on ``db`` with its files under ``tmp_path/images``."""
    return GalleryStore(db, ImageStore(tmp_path / "images", db))


async def collect(run: ImageJobRun) -> list[ImageJobEvent]:
    """Every event of ``run``, in order."""
    return [event async for event in run.events()]


def kinds(events: list[ImageJobEvent]) -> list[str]:
    """The class names of ``events``."""
    return [type(event).__name__ for event in events]
