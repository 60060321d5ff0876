"""Fixtures for the edit workflow tests (no Qt): a loopback relay recording multipart parts, a
client on it, real stores (SQLite file and image folder) under ``tmp_path``, real pictures."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.config.image_models import ImageModelSpec, builtin_models, spec_for
from studio.core.edit import EditRound, EditRoundEvent, EditSessions
from studio.store.database import Database
from studio.store.edits import EditSession, EditStore
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from tests.fakes.image_server import ImageServer, Reply, b64

EDITS = "/v1/images/edits"
CHAT = "/v1/chat/completions"


def picture(
    size: tuple[int, int] = (64, 48),
    colour: tuple[int, ...] = (200, 30, 30),
    fmt: str = "PNG",
) -> bytes:
    """A real picture of one colour."""
    mode = "RGBA" if len(colour) == 4 else "RGB"
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt)
    return out.getvalue()


def gradient(size: tuple[int, int] = (64, 48)) -> bytes:
    """A real PNG whose every pixel differs from its neighbours (compositing shows)."""
    image = Image.new("RGB", size)
    image.putdata(
        [(x * 4 % 256, y * 5 % 256, (x + y) % 256) for y in range(size[1]) for x in range(size[0])]
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def mask_png(size: tuple[int, int], box: tuple[int, int, int, int] | None) -> bytes:
    """A mode L mask of ``size``: 255 (editable) inside ``box``, 0 elsewhere."""
    mask = Image.new("L", size, 0)
    if box is not None:
        mask.paste(255, box)
    out = io.BytesIO()
    mask.save(out, "PNG")
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    """``data`` decoded (loaded)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def answer(*images: bytes, usage: Mapping[str, Any] | None = None) -> Reply:
    """An Images API answer carrying ``images`` as base64."""
    body: dict[str, Any] = {"created": 1, "data": [{"b64_json": b64(data)} for data in images]}
    if usage is not None:
        body["usage"] = dict(usage)
    return Reply(body=body)


def spec(model: str) -> ImageModelSpec:
    """The shipped table's spec of ``model``."""
    return spec_for(model, builtin_models())


@pytest.fixture
async def server() -> AsyncIterator[ImageServer]:
    """The scripted relay on 127.0.0.1."""
    async with ImageServer() as srv:
        yield srv


@pytest.fixture
async def client(server: ImageServer) -> AsyncIterator[ApiClient]:
    """An API client talking to ``server`` (image field form ``image[]``)."""
    api = ApiClient(ProviderConfig(base_url=server.base_url, name="loopback", proxy_mode="none"))
    yield api
    await api.aclose()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the tests that reopen the database keep it (the ``db`` fixture's file)."""
    return tmp_path / "studio.sqlite3"


@pytest.fixture
def images(db: Database, tmp_path: Path) -> ImageStore:
    return ImageStore(tmp_path / "images", db)


@pytest.fixture
def edits(db: Database, images: ImageStore) -> EditStore:
    """The edit store on the test's database."""
    return EditStore(db, images)


@pytest.fixture
def gallery(db: Database, images: ImageStore) -> GalleryStore:
    return GalleryStore(db, images)


@pytest.fixture
def sessions(edits: EditStore, gallery: GalleryStore) -> EditSessions:
    return EditSessions(edits, gallery)


async def new_session(
    sessions: EditSessions,
    source: bytes,
    *,
    model: str = "gpt-image-1",
    prompt: str = "add a red hat",
    params: Mapping[str, Any] | None = None,
    mask: bytes | None = None,
    references: tuple[bytes, ...] = (),
    keep_outside: bool = True,
) -> EditSession:
    """A session with its draft set as given."""
    session = await sessions.open_bytes(source, name="photo.png", model=model)
    if mask is not None:
        await sessions.set_mask(session.id, mask)
    hashes = [await sessions.add_reference(data) for data in references]
    return sessions.update_draft(
        session.id,
        prompt=prompt,
        params=dict(params or {}),
        references=hashes,
        keep_outside=keep_outside,
    )


async def collect(run: EditRound) -> list[EditRoundEvent]:
    """Every event of ``run``, in order."""
    return [event async for event in run.events()]


def kinds(events: list[EditRoundEvent]) -> list[str]:
    """The class names of ``events``."""
    return [type(event).__name__ for event in events]
