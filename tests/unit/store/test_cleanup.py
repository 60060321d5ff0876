"""The image store's garbage collector, on a real SQLite file with real Pillow images.

A fake clock stands for time passing: images, messages and gallery items are stamped with it,
and the collector compares their ages with its grace periods against the same clock.
"""

from __future__ import annotations

import io
import os
import secrets
import threading
from pathlib import Path

import pytest
from PIL import Image

from studio.store.cleanup import (
    ORPHAN_GRACE_S,
    TEMP_GRACE_S,
    TRASH_GRACE_S,
    CleanupReport,
    _Removal,
    collect,
)
from studio.store.conversations import ConversationStore
from studio.store.database import ConstraintError, Database
from studio.store.edits import EditStore
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.store.messages import MessageStore

HOUR = 3600.0
DAY = 86400.0


class Clock:
    """Stands still until a test moves it."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Studio:
    """The stores of one data folder, all on the test's clock."""

    def __init__(self, root: Path, db: Database, clock: Clock) -> None:
        self.root = root / "images"
        self.db = db
        self.clock = clock
        self.images = ImageStore(self.root, db, clock=clock)
        self.gallery = GalleryStore(db, self.images, clock=clock)
        self.conversations = ConversationStore(db, clock=clock)
        self.messages = MessageStore(db, clock=clock)
        self._colours = iter(range(1, 10_000))

    def png(self) -> bytes:
        """A new PNG, different from every other one of the test."""
        n = next(self._colours)
        out = io.BytesIO()
        Image.new("RGB", (40, 30), (n % 256, n // 256, 99)).save(out, "PNG")
        return out.getvalue()

    def attach(self) -> str:
        """Store an image as the composer does (prepared, stored, referenced by nothing)."""
        return self.images.put(self.png(), "png", "image/png", 40, 30)

    def send(self, *hashes: str) -> int:
        """Send a message carrying ``hashes``, with references shaped as the chat makes them."""
        conversation = self.conversations.create("Pictures", "gpt-4o")
        refs = [
            {
                "hash": h,
                "mime": "image/png",
                "width": 40,
                "height": 30,
                "bytes": 100,
                "detail": "high",
                "tokens": 85,
                "name": "photo.png",
                "original_width": 40,
                "original_height": 30,
                "original_bytes": 100,
                "notes": [],
            }
            for h in hashes
        ]
        return self.messages.add(conversation, "user", "What is this?", attachments=refs)

    def generate(self) -> tuple[int, int, str]:
        """One generated picture: (job id, gallery item id, image hash)."""
        job = self.gallery.add_job("gpt-image-1", "a red fox", {"size": "1024x1024"})
        item = self.gallery.add_image(job, 0, self.png(), "image/png", "png", 40, 30, 7)
        return job, item.id, item.image_hash

    def collect(self) -> CleanupReport:
        return collect(self.db, self.root, clock=self.clock)

    def stored(self, image_hash: str) -> bool:
        """The row and the file are both there."""
        return self.images.info(image_hash) is not None and self.images.has(image_hash)

    def file_of(self, image_hash: str) -> Path:
        return self.images.path(image_hash)


@pytest.fixture
def studio(tmp_path: Path, db: Database) -> Studio:
    return Studio(tmp_path, db, Clock())


def test_an_image_sent_in_a_message_is_kept(studio: Studio) -> None:
    sent = studio.attach()
    studio.send(sent)
    studio.clock.advance(30 * DAY)
    report = studio.collect()
    assert studio.stored(sent)
    assert report == CleanupReport()


def test_an_image_of_a_conversation_in_the_trash_is_kept_until_it_is_purged(
    studio: Studio,
) -> None:
    sent = studio.attach()
    studio.send(sent)
    conversation = studio.conversations.list()[0].id
    studio.conversations.delete(conversation)
    studio.clock.advance(2 * HOUR)
    studio.collect()
    assert studio.stored(sent)

    studio.conversations.purge(conversation)
    path = studio.file_of(sent)
    report = studio.collect()
    assert not path.exists() and studio.images.info(sent) is None
    assert (report.images, report.files) == (1, 1)


def test_a_live_gallery_picture_is_kept(studio: Studio) -> None:
    _job, item, image = studio.generate()
    studio.clock.advance(365 * DAY)
    studio.collect()
    assert studio.stored(image)
    assert studio.gallery.get(item) is not None


def test_a_picture_in_the_trash_is_kept_for_the_grace_period(studio: Studio) -> None:
    _job, item, image = studio.generate()
    studio.gallery.delete(item)
    studio.clock.advance(TRASH_GRACE_S - HOUR)
    report = studio.collect()
    assert studio.stored(image)
    assert studio.gallery.restore(item)  # undo still works
    assert report.gallery_items == 0


def test_a_picture_in_the_trash_past_the_grace_period_goes_but_its_job_stays(
    studio: Studio,
) -> None:
    job, item, image = studio.generate()
    _kept_job, kept_item, kept_image = studio.generate()
    path = studio.file_of(image)
    size = path.stat().st_size
    studio.gallery.delete(item)
    studio.clock.advance(TRASH_GRACE_S + HOUR)

    report = studio.collect()

    assert studio.gallery.get(item, include_deleted=True) is None
    assert not path.exists() and studio.images.info(image) is None
    assert studio.gallery.job(job) is not None  # the job is history
    assert studio.gallery.job_items(job) == []
    assert studio.stored(kept_image) and studio.gallery.get(kept_item) is not None
    assert report.gallery_items == 1
    assert (report.images, report.files, report.bytes_freed) == (1, 1, size)


def test_an_unused_image_newer_than_the_grace_period_is_kept(studio: Studio) -> None:
    waiting = studio.attach()  # in a composer right now
    studio.clock.advance(ORPHAN_GRACE_S - 60)
    assert studio.collect() == CleanupReport()
    assert studio.stored(waiting)


def test_an_unused_image_older_than_the_grace_period_is_removed(studio: Studio) -> None:
    removed = studio.attach()  # attached, then taken out of the message
    sent = studio.attach()
    studio.send(sent)
    path = studio.file_of(removed)
    size = path.stat().st_size
    studio.clock.advance(ORPHAN_GRACE_S + 60)

    report = studio.collect()

    assert not path.exists() and studio.images.info(removed) is None
    assert studio.stored(sent)
    assert (report.images, report.files, report.bytes_freed) == (1, 1, size)
    assert not list(path.parent.glob("*.tmp"))


def test_a_picture_used_in_chat_outlives_its_gallery_item(studio: Studio) -> None:
    _job, item, image = studio.generate()
    studio.send(image)  # "Use in chat", then sent
    studio.gallery.delete(item)
    studio.clock.advance(TRASH_GRACE_S + DAY)

    report = studio.collect()

    assert studio.gallery.get(item, include_deleted=True) is None
    assert studio.stored(image)
    assert (report.gallery_items, report.images) == (1, 0)


def test_the_same_image_attached_twice_is_kept_while_one_message_has_it(studio: Studio) -> None:
    data = studio.png()
    first = studio.images.put(data, "png", "image/png", 40, 30)
    studio.clock.advance(2 * HOUR)
    again = studio.images.put(data, "png", "image/png", 40, 30)
    studio.send(again)
    assert first == again
    studio.clock.advance(2 * HOUR)
    studio.collect()
    assert studio.stored(first)


def test_references_anywhere_in_the_attachments_count(studio: Studio, db: Database) -> None:
    nested, damaged, plain = studio.attach(), studio.attach(), studio.attach()
    conversation = studio.conversations.create("odd", "m")
    studio.messages.add(
        conversation, "user", "x", attachments=[{"hash": plain, "source": {"mask": nested}}]
    )
    broken = studio.messages.add(conversation, "user", "y", attachments=[{"hash": damaged}])
    # A row damaged by hand or by a bug still keeps the images it names.
    db.execute(
        "UPDATE messages SET attachments_json = ? WHERE id = ?",
        (f'[{{"hash": "{damaged}", ', broken),
    )
    studio.clock.advance(2 * HOUR)
    assert studio.collect() == CleanupReport()
    assert studio.stored(nested) and studio.stored(damaged) and studio.stored(plain)


def test_a_file_already_missing_just_loses_its_row(studio: Studio) -> None:
    lost = studio.attach()
    studio.file_of(lost).unlink()
    studio.clock.advance(2 * HOUR)
    report = studio.collect()
    assert studio.images.info(lost) is None
    assert (report.images, report.files, report.bytes_freed) == (1, 0, 0)


def test_a_file_that_cannot_be_deleted_keeps_its_row(studio: Studio) -> None:
    stuck = studio.attach()
    gone = studio.attach()
    path = studio.file_of(stuck)
    path.unlink()
    path.mkdir()  # a folder in its place: deleting it as a file fails
    (path / "keep").write_bytes(b"x")
    studio.clock.advance(2 * HOUR)

    report = studio.collect()

    assert studio.images.info(stuck) is not None and path.is_dir()
    assert studio.images.info(gone) is None
    assert (report.images, report.kept) == (1, 1)


def test_stray_temporary_files_older_than_a_day_are_removed(studio: Studio) -> None:
    kept_image = studio.attach()
    studio.send(kept_image)
    root = studio.root
    shard = studio.file_of(kept_image).parent
    old_top = root / f".incoming.{secrets.token_hex(8)}.tmp"
    old_side = shard / f".{'c' * 62}.png.{secrets.token_hex(6)}.tmp"
    new_top = root / f".incoming.{secrets.token_hex(8)}.tmp"
    new_side = shard / f".{'d' * 62}.jpg.{secrets.token_hex(6)}.tmp"
    other = root / "notes.tmp"  # not a name the store uses
    for path in (old_top, old_side, new_top, new_side, other):
        path.write_bytes(b"half-written" * 10)
    old = studio.clock.now - TEMP_GRACE_S - HOUR
    recent = studio.clock.now - HOUR
    for path in (old_top, old_side, other):
        os.utime(path, (old, old))
    for path in (new_top, new_side):
        os.utime(path, (recent, recent))

    report = studio.collect()

    assert not old_top.exists() and not old_side.exists()
    assert new_top.exists() and new_side.exists() and other.exists()
    assert studio.stored(kept_image)
    assert (report.temp_files, report.files, report.bytes_freed) == (2, 2, 240)


def test_a_second_run_removes_nothing(studio: Studio) -> None:
    studio.attach()
    _job, item, _image = studio.generate()
    studio.gallery.delete(item)
    (studio.root / f".incoming.{secrets.token_hex(8)}.tmp").write_bytes(b"x")
    studio.clock.advance(30 * DAY)
    old = studio.clock.now - 2 * DAY
    for path in studio.root.glob(".incoming.*.tmp"):
        os.utime(path, (old, old))

    first = studio.collect()
    second = studio.collect()

    assert (first.images, first.gallery_items, first.temp_files) == (2, 1, 1)
    assert second == CleanupReport()


def test_a_message_sent_during_the_collection_keeps_its_image(studio: Studio) -> None:
    image = studio.attach()
    studio.clock.advance(2 * HOUR)
    removal = _Removal(studio.db, studio.images, studio.clock() - ORPHAN_GRACE_S, studio.clock)
    batches = removal.candidates()
    assert batches == [[image]]
    studio.send(image)  # between the scan and the removal
    removal.remove(batches[0])
    assert studio.stored(image) and removal.images == 0


def test_a_stopped_collection_removes_no_images(studio: Studio) -> None:
    unused = studio.attach()
    studio.clock.advance(2 * HOUR)
    stop = threading.Event()
    stop.set()
    report = collect(studio.db, studio.root, clock=studio.clock, stop=stop)
    assert report.stopped and report.images == 0
    assert studio.stored(unused)


def test_with_another_studio_running_unsent_drafts_are_kept(studio: Studio) -> None:
    draft = studio.attach()  # in another window's composer for hours
    _job, item, _picture = studio.generate()
    studio.gallery.delete(item)
    studio.clock.advance(TRASH_GRACE_S + HOUR)
    report = collect(studio.db, studio.root, clock=studio.clock, orphans=False)
    assert studio.stored(draft)  # not collected while another process may hold it
    assert report.gallery_items == 1  # the trash is still emptied
    assert report.images == 0


def test_remove_deletes_row_and_file_but_never_a_gallery_picture(studio: Studio) -> None:
    unused = studio.attach()
    path = studio.file_of(unused)
    size = path.stat().st_size
    assert studio.images.remove(unused) == size
    assert not path.exists() and studio.images.info(unused) is None
    assert studio.images.remove(unused) is None

    _job, _item, picture = studio.generate()
    with pytest.raises(ConstraintError):
        studio.images.remove(picture)
    assert studio.stored(picture)


def test_an_image_stored_again_while_it_was_removed_gets_its_row_back(studio: Studio) -> None:
    data = studio.png()
    image = studio.images.put(data, "png", "image/png", 40, 30)
    path = studio.file_of(image)
    studio.clock.advance(2 * HOUR)
    removal = _Removal(studio.db, studio.images, studio.clock() - ORPHAN_GRACE_S, studio.clock)
    removal.remove(removal.candidates()[0])
    assert not path.exists() and studio.images.info(image) is None
    # Another process's put read the row before it went, then wrote the file afresh.
    path.write_bytes(data)
    removal.restore_reappeared()
    assert studio.stored(image) and studio.images.verify(image)
    info = studio.images.info(image)
    assert info is not None and info.created_at == studio.clock.now  # counts as new


def test_an_old_image_attached_again_gets_a_new_grace_period(studio: Studio) -> None:
    data = studio.png()
    old = studio.images.put(data, "png", "image/png", 40, 30)  # attached long ago, then removed
    studio.clock.advance(ORPHAN_GRACE_S + 60)
    assert studio.images.put(data, "png", "image/png", 40, 30) == old  # in the composer again
    assert studio.collect() == CleanupReport()
    assert studio.stored(old)


def test_storing_an_image_the_cleanup_just_removed_stores_it_anew(studio: Studio) -> None:
    data = studio.png()
    image_hash = studio.images.put(data, "png", "image/png", 40, 30)
    studio.clock.advance(ORPHAN_GRACE_S + 60)
    assert studio.collect().images == 1
    assert studio.images.put(data, "png", "image/png", 40, 30) == image_hash
    assert studio.stored(image_hash)


def test_images_an_edit_session_refers_to_are_kept(studio: Studio) -> None:
    edits = EditStore(studio.db, studio.images, clock=studio.clock)
    session = edits.create_session(studio.png())
    assert session.base_version_id is not None
    draft_mask, draft_ref = studio.attach(), studio.attach()
    round_mask, round_ref = studio.attach(), studio.attach()
    shown, raw = studio.attach(), studio.attach()
    unused = studio.attach()
    edits.update_draft(session.id, mask_hash=draft_mask, references=[draft_ref])
    started = edits.start_round(
        session.id,
        parent_version_id=session.base_version_id,
        prompt="p",
        model="m",
        params={},
        mask_hash=round_mask,
        references=[round_ref],
        keep_outside=True,
    )
    edits.add_version(
        session.id,
        round_id=started.id,
        parent_id=session.base_version_id,
        image_hash=shown,
        raw_hash=raw,
        width=40,
        height=30,
    )
    edits.delete_session(session.id)  # a session in the trash still refers to its pictures
    (root,) = (v for v in edits.versions(session.id) if v.round_id is None)
    studio.clock.advance(30 * DAY)

    report = studio.collect()

    assert report.images == 1 and not studio.stored(unused)
    for kept in (root.image_hash, draft_mask, draft_ref, round_mask, round_ref, shown, raw):
        assert studio.stored(kept)
    with pytest.raises(ConstraintError):
        studio.images.remove(shown)  # the schema refuses it too
