"""The gallery store: schema v2 on an existing database, files with metadata and untouched
image data, the newest-first listing with model and Chinese text filters, delete and undo,
job states and the prompt history."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from studio.media.metadata import read_metadata
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.gallery import INTERRUPTED_ERROR, GalleryStore
from studio.store.images import ImageStore
from studio.store.messages import MessageStore
from studio.store.schema import MIGRATIONS
from tests.unit.images.conftest import StepClock, picture, pixels

PARAMS = {"size": "64x48", "quality": "high", "n": 1}


def _add(
    gallery: GalleryStore,
    prompt: str,
    model: str = "gpt-image-1",
    images: int = 1,
    fmt: str = "PNG",
) -> int:
    job = gallery.add_job(model, prompt, PARAMS, "relay")
    for index in range(images):
        data = picture(fmt, seed=zlib.crc32(f"{prompt}:{index}".encode()))
        mime = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
        gallery.add_image(job, index, data, mime, fmt.lower(), 64, 48, 7)
    gallery.set_job_status(job, "done")
    return job


def test_v2_migration_keeps_an_existing_v1_history(db_path: Path, tmp_path: Path) -> None:
    with Database(db_path, migrations=MIGRATIONS[:1]) as old:
        assert old.schema_version == 1
        conversation = ConversationStore(old).create("Trip to 杭州", "gpt-4o")
        # Written as a v1 Studio wrote it (today's MessageStore knows later columns).
        old.execute(
            "INSERT INTO messages (conversation_id, role, text, created_at, updated_at) "
            "VALUES (?, 'user', ?, 1, 1)",
            (conversation, "西湖有多大？"),
        )
        image_hash = ImageStore(tmp_path / "data" / "images", old).put(
            picture("PNG"), "png", "image/png", 64, 48
        )

    with Database(db_path) as db:
        assert db.schema_version == len(MIGRATIONS) >= 2
        assert db.migrated_from == 1
        assert db.backup_path is not None and db.backup_path.name == "studio.sqlite3.v1.bak"
        record = ConversationStore(db).get(conversation)
        assert record is not None and record.title == "Trip to 杭州"
        assert [m.text for m in MessageStore(db).list(conversation)] == ["西湖有多大？"]
        assert ConversationStore(db).search("西湖有")  # the chat index still works
        images = ImageStore(tmp_path / "data" / "images", db)
        assert images.verify(image_hash)
        gallery = GalleryStore(db, images)
        job = gallery.add_job("gpt-image-1", "一只红狐狸", PARAMS, "relay")
        item = gallery.add_image(job, 0, picture("PNG", seed=9), "image/png", "png", 64, 48, None)
        assert gallery.list() == [item]


@pytest.mark.parametrize(
    ("fmt", "mime", "ext"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
)
def test_a_stored_image_keeps_its_data_and_carries_its_metadata(
    gallery: GalleryStore, fmt: str, mime: str, ext: str
) -> None:
    original = picture(fmt, size=(80, 60))
    params = {"size": "80x60", "quality": "high", "negative_prompt": "模糊"}
    job = gallery.add_job("gpt-image-1", "一只红狐狸 in the snow", params, "my relay")
    item = gallery.add_image(job, 0, original, mime, ext, 80, 60, 1234, "A red fox, snowy")

    assert item.path.is_file() and item.path.suffix == f".{ext}"
    assert item.path.is_relative_to(gallery.images.root)
    stored = item.path.read_bytes()
    assert item.image_hash == gallery.images.info(item.image_hash).hash  # type: ignore[union-attr]
    assert gallery.images.verify(item.image_hash)
    # The compressed image data is copied as is: only a metadata block was added.
    if fmt == "PNG":
        assert stored[: len(original) - 12] == original[:-12]  # all but IEND, unchanged
    elif fmt == "JPEG":
        assert stored.endswith(original[2:])  # XMP went in right after SOI
    else:
        bitstream = original[20:]  # the VP8 chunk's payload
        assert bitstream[:-1] in stored
    assert pixels(stored) == pixels(original)

    meta = read_metadata(stored)
    assert meta["prompt"] == "一只红狐狸 in the snow"
    assert meta["model"] == "gpt-image-1"
    assert json.loads(meta["parameters"]) == params
    assert meta["seed"] == "1234"
    assert meta["revised_prompt"] == "A red fox, snowy"
    assert meta["software"].startswith("Studio ")
    assert meta["date"].startswith("2023-11-14T")  # the store's clock, in UTC

    assert (item.width, item.height, item.mime, item.index) == (80, 60, mime, 0)
    assert (item.model, item.prompt, item.params, item.seed) == (
        "gpt-image-1",
        "一只红狐狸 in the snow",
        params,
        1234,
    )
    assert item.provider == "my relay" and item.revised_prompt == "A red fox, snowy"


def test_the_format_comes_from_the_bytes_not_from_what_was_announced(
    gallery: GalleryStore,
) -> None:
    jpeg = picture("JPEG")
    job = gallery.add_job("gpt-image-1", "announced as png", {"output_format": "png"})
    item = gallery.add_image(job, 0, jpeg, "image/png", "png", 64, 48, None)
    assert item.mime == "image/jpeg" and item.path.suffix == ".jpg"
    assert read_metadata(item.path.read_bytes())["prompt"] == "announced as png"


def test_the_list_is_newest_job_first_with_each_jobs_images_in_order(
    gallery: GalleryStore,
) -> None:
    first = _add(gallery, "a lighthouse at dusk", images=2)
    second = _add(gallery, "一只红狐狸在雪地里", model="seedream-3.0", images=3, fmt="JPEG")
    third = _add(gallery, "狐狸 and a moon", model="dall-e-3", fmt="WEBP")
    listed = gallery.list()
    assert [(i.job_id, i.index) for i in listed] == [
        (third, 0),
        (second, 0),
        (second, 1),
        (second, 2),
        (first, 0),
        (first, 1),
    ]
    assert gallery.count() == 6
    page = gallery.list(limit=2, offset=2)
    assert [(i.job_id, i.index) for i in page] == [(second, 1), (second, 2)]
    assert gallery.models() == ["dall-e-3", "gpt-image-1", "seedream-3.0"]
    assert [i.job_id for i in gallery.list(model="seedream-3.0")] == [second] * 3
    assert gallery.count(model="dall-e-3") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("狐狸", {"red", "moon"}),  # two characters: the LIKE path
        ("红狐狸", {"red"}),  # three or more: the trigram index
        ("雪地", {"red"}),
        ("狐狸 moon", {"moon"}),  # every word must match, short and long mixed
        ("LIGHTHOUSE", {"lighthouse"}),  # case does not matter
        ("dusk", {"lighthouse"}),
        ("100%", set()),  # LIKE wildcards are taken literally
        ("", {"red", "moon", "lighthouse"}),
    ],
)
def test_the_text_filter_matches_substrings_chinese_included(
    gallery: GalleryStore, text: str, expected: set[str]
) -> None:
    jobs = {
        "lighthouse": _add(gallery, "a lighthouse at dusk"),
        "red": _add(gallery, "一只红狐狸在雪地里"),
        "moon": _add(gallery, "狐狸 and a moon"),
    }
    found = {name for name, job in jobs.items() for i in gallery.list(text=text) if i.job_id == job}
    assert found == expected
    assert gallery.count(text=text) == len(expected)


def test_delete_hides_an_item_and_restore_brings_it_back(gallery: GalleryStore) -> None:
    job = _add(gallery, "two cats", images=2)
    first, second = gallery.list()
    assert gallery.delete(first.id) is True
    assert gallery.delete(first.id) is False  # already in the trash
    assert gallery.list() == [second] and gallery.count() == 1
    assert gallery.get(first.id) is None
    kept = gallery.get(first.id, include_deleted=True)
    assert kept is not None and kept.deleted_at is not None
    assert kept.path.is_file()  # the file stays for undo
    assert [i.id for i in gallery.job_items(job)] == [second.id]
    assert gallery.restore(first.id) is True
    assert [i.id for i in gallery.list()] == [first.id, second.id]
    assert gallery.restore(first.id) is False
    gallery.delete(first.id)
    gallery.delete(second.id)
    assert gallery.models() == []  # a model with only deleted images is not offered


def test_jobs_keep_prompt_parameters_and_outcome(gallery: GalleryStore, clock: StepClock) -> None:
    params = {"size": "1024x1024", "extra": {"steps": 30}, "negative_prompt": "blurry"}
    job = gallery.add_job("flux-kontext-pro", "a castle", params, "relay A")
    record = gallery.job(job)
    assert record is not None
    assert (record.status, record.finished_at, record.params) == ("queued", None, params)
    gallery.set_job_status(job, "running")
    assert gallery.job(job).finished_at is None  # type: ignore[union-attr]
    gallery.set_job_status(job, "failed", "Blocked by the safety system.")
    record = gallery.job(job)
    assert record is not None and record.status == "failed"
    assert record.error == "Blocked by the safety system." and record.finished_at is not None
    assert record.prompt == "a castle" and record.provider == "relay A"
    later = gallery.add_job("imagen4", "a tower", {}, "relay A")
    assert [r.id for r in gallery.jobs()] == [later, job]
    with pytest.raises(ValueError):
        gallery.set_job_status(job, "exploded")


def test_jobs_left_running_by_a_crash_are_marked_failed(gallery: GalleryStore) -> None:
    queued = gallery.add_job("m", "queued one", {})
    running = gallery.add_job("m", "running one", {})
    gallery.set_job_status(running, "running")
    done = _add(gallery, "finished one")
    assert gallery.mark_interrupted_at_startup() == 2
    for job in (queued, running):
        record = gallery.job(job)
        assert record is not None and record.status == "failed"
        assert record.error == INTERRUPTED_ERROR
    assert gallery.job(done).status == "done"  # type: ignore[union-attr]
    assert gallery.mark_interrupted_at_startup() == 0


def test_prompt_history_is_most_recent_first_and_unique(gallery: GalleryStore) -> None:
    for prompt in ("a cat", "一只狗", "  a cat  ", "", "a bird", "一只狗"):
        gallery.remember_prompt(prompt)
    assert gallery.prompt_history() == ["一只狗", "a bird", "a cat"]
    assert gallery.prompt_history(limit=1) == ["一只狗"]


def test_the_gallery_survives_reopening_the_database(
    db_path: Path, tmp_path: Path, clock: StepClock
) -> None:
    images_root = tmp_path / "data" / "images"
    with Database(db_path) as db:
        gallery = GalleryStore(db, ImageStore(images_root, db), clock=clock)
        job = gallery.add_job("gpt-image-1", "持久的图片", PARAMS, "relay")
        item = gallery.add_image(job, 0, picture("PNG"), "image/png", "png", 64, 48, 3)
        gallery.set_job_status(job, "done")
        gallery.remember_prompt("持久的图片")
    with Database(db_path) as db:
        gallery = GalleryStore(db, ImageStore(images_root, db))
        assert gallery.list() == [item]
        assert gallery.list()[0].path.read_bytes() == item.path.read_bytes()
        assert gallery.prompt_history() == ["持久的图片"]
        assert gallery.job(job).status == "done"  # type: ignore[union-attr]


def test_an_image_of_an_unknown_job_is_refused(gallery: GalleryStore) -> None:
    with pytest.raises(KeyError):
        gallery.add_image(999, 0, picture("PNG"), "image/png", "png", 64, 48, None)
