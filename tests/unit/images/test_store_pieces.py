"""Big images are stored without extra copies: metadata as pieces, files written from pieces,
and a gallery page read with one query (each file's extension comes with its row)."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import pytest
from PIL import Image

from studio.media.metadata import embed_metadata, metadata_parts, read_metadata
from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from tests.unit.images.conftest import picture, pixels

INFO = {"prompt": "一只猫 on a roof", "model": "m", "seed": "7"}


def big_png(side: int = 1300) -> bytes:
    """A PNG of noise, about 5 MB: over the size where hashing and writing run side by side."""
    rng = random.Random(side)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(
        out, "PNG", compress_level=1
    )
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_metadata_pieces_are_views_of_the_image_and_join_to_the_tagged_file(
    fmt: str, mime: str
) -> None:
    data = picture(fmt, size=(120, 90))

    parts = metadata_parts(data, mime, INFO)

    assert b"".join(parts) == embed_metadata(data, mime, INFO)
    assert read_metadata(b"".join(parts))["prompt"] == INFO["prompt"]
    views = [part for part in parts if isinstance(part, memoryview)]
    assert views and all(view.obj is data for view in views)  # no copy of the image
    assert sum(len(view) for view in views) == len(data)


def test_webp_and_other_formats_as_pieces() -> None:
    webp = picture("WEBP", size=(40, 30))
    assert b"".join(metadata_parts(webp, "image/webp", INFO)) == embed_metadata(
        webp, "image/webp", INFO
    )
    gif = picture("GIF")
    assert metadata_parts(gif, "image/gif", INFO) == [gif]
    assert embed_metadata(gif, "image/gif", INFO) is gif


@pytest.mark.parametrize("size", ["small", "big"])
def test_a_file_stored_from_pieces_is_the_joined_bytes(
    db: Database, tmp_path: Path, size: str
) -> None:
    store = ImageStore(tmp_path / "images", db)
    data = picture("PNG") if size == "small" else big_png()
    parts = metadata_parts(data, "image/png", INFO)
    joined = b"".join(parts)

    image_hash = store.put_parts(parts, "png", "image/png", 1, 1)

    assert image_hash == hashlib.sha256(joined).hexdigest()
    assert store.get(image_hash) == joined
    assert store.info(image_hash).bytes == len(joined)  # type: ignore[union-attr]
    assert store.verify(image_hash)
    # The same bytes again (joined this time): one file, one row, nothing left behind.
    assert store.put(joined, "png", "image/png", 1, 1) == image_hash
    files = [path for path in (tmp_path / "images").rglob("*") if path.is_file()]
    assert files == [store.path(image_hash)]


def test_a_big_generated_image_is_stored_intact_with_its_metadata(gallery: GalleryStore) -> None:
    data = big_png()
    job = gallery.add_job("gpt-image-1", "a very noisy picture", {"size": "1300x1300"})

    item = gallery.add_image(job, 0, data, "image/png", "png", 1300, 1300, 42)

    stored = item.path.read_bytes()
    assert stored[: len(data) - 12] == data[:-12]  # everything but IEND untouched
    assert pixels(stored) == pixels(data)
    assert read_metadata(stored)["prompt"] == "a very noisy picture"
    assert gallery.images.verify(item.image_hash)


def test_a_gallery_page_is_one_query(gallery: GalleryStore, db: Database) -> None:
    job = gallery.add_job("gpt-image-1", "many pictures", {})
    for index in range(30):
        gallery.add_image(job, index, picture("PNG", seed=index), "image/png", "png", 64, 48, None)
    statements: list[str] = []
    with db.transaction() as conn:
        conn.set_trace_callback(statements.append)
    try:
        items = gallery.list(limit=200)
    finally:
        with db.transaction() as conn:
            conn.set_trace_callback(None)

    assert len(items) == 30
    assert all(item.path.is_file() and item.path.suffix == ".png" for item in items)
    assert [item.path for item in items] == [gallery.images.path(i.image_hash) for i in items]
    queries = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 1, statements


def test_file_path_checks_the_hash(db: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images", db)
    with pytest.raises(ValueError):
        store.file_path("../../etc/passwd", "png")
    good = "ab" * 32
    assert store.file_path(good, "png") == tmp_path / "images" / "ab" / f"{good[2:]}.png"
