"""The content-addressed image store with real PNG files made by Pillow."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from studio.store.database import Database
from studio.store.images import ImageStore


def _png(color: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def images(tmp_path: Path, db: Database) -> ImageStore:
    return ImageStore(tmp_path / "images", db)


def test_put_is_content_addressed_and_bytes_are_identical(
    images: ImageStore, tmp_path: Path
) -> None:
    data = _png((200, 30, 30))
    digest = images.put(data, "png", "image/png", 64, 48)
    assert digest == hashlib.sha256(data).hexdigest()
    path = images.path(digest)
    assert path == tmp_path / "images" / digest[:2] / f"{digest[2:]}.png"
    assert path.read_bytes() == data
    assert images.get(digest) == data
    assert images.has(digest) and images.verify(digest)
    with Image.open(path) as img:
        assert img.size == (64, 48)
    info = images.info(digest)
    assert info is not None
    assert (info.mime, info.width, info.height, info.bytes) == ("image/png", 64, 48, len(data))


def test_put_is_idempotent(images: ImageStore, db: Database) -> None:
    data = _png((0, 120, 255))
    first = images.put(data, ".PNG", "image/png", 64, 48)
    mtime = images.path(first).stat().st_mtime_ns
    second = images.put(data, "png", "image/png", 64, 48)
    assert first == second
    assert images.path(first).stat().st_mtime_ns == mtime  # not rewritten
    assert db.query_one("SELECT count(*) FROM images")[0] == 1  # type: ignore[index]
    files = [p for p in images.root.rglob("*") if p.is_file()]
    assert files == [images.path(first)]  # no temporary files left behind

    other = images.put(_png((0, 120, 254)), "png", "image/png", 64, 48)
    assert other != first
    assert images.get(other) != images.get(first)


def test_missing_file_is_rewritten_on_put(images: ImageStore) -> None:
    data = _png((1, 2, 3))
    digest = images.put(data, "png", "image/png", 64, 48)
    images.path(digest).unlink()
    assert not images.has(digest)
    images.put(data, "png", "image/png", 64, 48)
    assert images.get(digest) == data


def test_unknown_and_malformed_hashes(images: ImageStore) -> None:
    unknown = "0" * 64
    assert not images.has(unknown)
    with pytest.raises(KeyError):
        images.path(unknown)
    with pytest.raises(ValueError):
        images.get("../../etc/passwd")
    assert not images.has("../../etc/passwd")
    with pytest.raises(ValueError):
        images.put(b"x", "p/ng", "image/png", 1, 1)


def test_database_never_holds_image_bytes(images: ImageStore, db: Database) -> None:
    data = _png((9, 9, 9), size=(300, 200))
    images.put(data, "png", "image/png", 300, 200)
    db.close()
    raw = b"".join(p.read_bytes() for p in db.path.parent.glob("studio.sqlite3*"))
    assert data[8:200] not in raw  # the PNG body is not in the database files
