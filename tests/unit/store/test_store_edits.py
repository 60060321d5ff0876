"""EditStore on a real SQLite file with real PNGs: sessions, drafts, rounds, the version tree,
the start-up mark, soft delete, and the v4 → v5 migration with its backup."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.edits import INTERRUPTED_ERROR, EditStore
from studio.store.images import ImageStore
from studio.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.unit.store.conftest import StepClock


def png(size: tuple[int, int] = (40, 30), colour: int = 10, mode: str = "RGB") -> bytes:
    """A real PNG of ``size``, different for each ``colour``."""
    out = io.BytesIO()
    fill: int | tuple[int, ...] = colour if mode == "L" else (colour, 100, 200)
    Image.new(mode, size, fill).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def edits(db: Database, tmp_path: Path, clock: StepClock) -> EditStore:
    return EditStore(db, ImageStore(tmp_path / "images", db, clock=clock), clock=clock)


def test_a_new_session_has_the_source_as_its_root_and_base(edits: EditStore) -> None:
    source = png((64, 48))
    session = edits.create_session(source, title="Fox", model="gpt-image-1", prompt="p")

    (root,) = edits.versions(session.id)
    assert session.base_version_id == root.id
    assert (root.round_id, root.parent_id, root.width, root.height) == (None, None, 64, 48)
    assert edits.images.get(root.image_hash) == source
    assert edits.images.info(root.image_hash) is not None
    assert edits.images.path(root.image_hash).suffix == ".png"
    assert (session.title, session.model, session.prompt, session.keep_outside) == (
        "Fox",
        "gpt-image-1",
        "p",
        True,
    )
    assert session.references == () and session.mask_hash is None and session.field is None


def test_the_draft_is_kept_exactly_across_a_reopen(db_path: Path, tmp_path: Path) -> None:
    with Database(db_path) as db:
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        session = store.create_session(png())
        mask = store.put_image(png(mode="L", colour=255))
        refs = [store.put_image(png(colour=c)) for c in (3, 1, 2)]
        store.update_draft(
            session.id,
            mask_hash=mask,
            references=refs,
            prompt="make it 夜晚",
            model="demo-image-edit",
            params={"size": "1024x1024", "n": 2},
            keep_outside=False,
            field="image",
        )
    with Database(db_path) as db:
        again = EditStore(db, ImageStore(tmp_path / "images", db)).session(session.id)
    assert again is not None
    assert again.mask_hash == mask
    assert again.references == tuple(refs)
    assert (again.prompt, again.model, again.params) == (
        "make it 夜晚",
        "demo-image-edit",
        {"n": 2, "size": "1024x1024"},
    )
    assert (again.keep_outside, again.field, again.base_version_id) == (
        False,
        "image",
        session.base_version_id,
    )


def test_a_draft_change_leaves_the_other_fields_and_a_mask_can_be_cleared(
    edits: EditStore,
) -> None:
    session = edits.create_session(png(), prompt="first")
    mask = edits.put_image(png(mode="L"))
    edits.update_draft(session.id, mask_hash=mask)
    changed = edits.update_draft(session.id, prompt="second")
    assert (changed.mask_hash, changed.prompt) == (mask, "second")
    cleared = edits.update_draft(session.id, mask_hash=None, field=None)
    assert cleared.mask_hash is None and cleared.prompt == "second"


def test_the_base_must_be_a_version_of_the_same_session(edits: EditStore) -> None:
    one = edits.create_session(png(colour=1))
    other = edits.create_session(png(colour=2))
    assert other.base_version_id is not None
    with pytest.raises(ValueError):
        edits.update_draft(one.id, base_version_id=other.base_version_id)
    with pytest.raises(KeyError):
        edits.update_draft(999, prompt="x")
    with pytest.raises(ValueError):
        edits.update_draft(one.id, field="images")


def test_a_round_keeps_every_input_and_how_it_ended(edits: EditStore) -> None:
    session = edits.create_session(png())
    assert session.base_version_id is not None
    mask = edits.put_image(png(mode="L", colour=255))
    ref = edits.put_image(png(colour=77))
    started = edits.start_round(
        session.id,
        parent_version_id=session.base_version_id,
        prompt="add a hat",
        model="gpt-image-1",
        params={"quality": "high"},
        mask_hash=mask,
        references=[ref],
        keep_outside=True,
    )
    assert started.status == "running" and started.finished_at is None
    edits.record_sent(started.id, {"field": "image[]", "route": "images"})
    usage = {"input_tokens": 10, "output_tokens": 20}
    finished = edits.finish_round(started.id, "done", usage=usage, cost=0.25)

    assert (finished.status, finished.usage, finished.cost) == ("done", usage, 0.25)
    assert finished.sent == {"field": "image[]", "route": "images"}
    assert (finished.mask_hash, finished.references, finished.keep_outside) == (mask, (ref,), True)
    assert (finished.prompt, finished.params) == ("add a hat", {"quality": "high"})
    assert finished.finished_at is not None
    assert edits.rounds(session.id) == [finished]
    with pytest.raises(ValueError):
        edits.finish_round(started.id, "running")


def test_rounds_left_running_come_back_interrupted_with_their_inputs(
    db_path: Path, tmp_path: Path
) -> None:
    with Database(db_path) as db:
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        session = store.create_session(png())
        assert session.base_version_id is not None
        mask = store.put_image(png(mode="L", colour=255))
        running = store.start_round(
            session.id,
            parent_version_id=session.base_version_id,
            prompt="p",
            model="m",
            params={},
            mask_hash=mask,
            references=[],
            keep_outside=True,
        )
    with Database(db_path) as db:
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        assert store.mark_interrupted_at_startup() == 1
        again = store.round(running.id)
        assert store.mark_interrupted_at_startup() == 0
    assert again is not None
    assert (again.status, again.error, again.mask_hash) == ("interrupted", INTERRUPTED_ERROR, mask)


def test_two_rounds_and_a_branch_give_the_tree_in_depth_first_order(edits: EditStore) -> None:
    session = edits.create_session(png(colour=1))
    assert session.base_version_id is not None
    root = session.base_version_id

    def result(parent: int, colour: int, index: int = 0, round_id: int | None = None) -> int:
        if round_id is None:
            round_id = edits.start_round(
                session.id,
                parent_version_id=parent,
                prompt=f"r{colour}",
                model="m",
                params={},
                mask_hash=None,
                references=[],
                keep_outside=False,
            ).id
        image = edits.put_image(png(colour=colour))
        raw = edits.put_image(png(colour=colour + 100))
        return edits.add_version(
            session.id,
            round_id=round_id,
            parent_id=parent,
            image_hash=image,
            raw_hash=raw,
            width=40,
            height=30,
            index=index,
        ).id

    first = result(root, 2)
    second = result(first, 3)
    branch = result(root, 4)
    tree = edits.versions(session.id)
    assert [(v.id, v.depth) for v in tree] == [(root, 0), (first, 1), (second, 2), (branch, 1)]
    assert [v.parent_id for v in tree] == [None, root, first, root]
    assert all(v.raw_hash is not None for v in tree[1:])


def test_a_raw_picture_equal_to_the_shown_one_is_not_kept_twice(edits: EditStore) -> None:
    session = edits.create_session(png())
    assert session.base_version_id is not None
    started = edits.start_round(
        session.id,
        parent_version_id=session.base_version_id,
        prompt="p",
        model="m",
        params={},
        mask_hash=None,
        references=[],
        keep_outside=False,
    )
    image = edits.put_image(png(colour=9))
    for index in (0, 1):
        edits.add_version(
            session.id,
            round_id=started.id,
            parent_id=session.base_version_id,
            image_hash=image,
            raw_hash=image,
            width=40,
            height=30,
            index=index,
        )
    assert [(v.index, v.raw_hash) for v in edits.round_versions(started.id)] == [
        (0, None),
        (1, None),
    ]


def test_the_list_is_newest_first_with_thumbnail_last_prompt_and_soft_delete(
    edits: EditStore,
) -> None:
    old = edits.create_session(png(colour=1), prompt="draft only")
    new = edits.create_session(png(colour=2))
    assert new.base_version_id is not None
    edits.start_round(
        new.id,
        parent_version_id=new.base_version_id,
        prompt="sent prompt",
        model="m",
        params={},
        mask_hash=None,
        references=[],
        keep_outside=False,
    )
    listed = edits.sessions()
    assert [s.id for s in listed] == [new.id, old.id]
    assert [s.last_prompt for s in listed] == ["sent prompt", "draft only"]
    (old_root,) = edits.versions(old.id)
    assert listed[1].thumbnail_hash == old_root.image_hash and listed[1].versions == 1

    assert edits.delete_session(new.id) and not edits.delete_session(new.id)
    assert [s.id for s in edits.sessions()] == [old.id]
    assert edits.session(new.id) is None
    assert edits.session(new.id, include_deleted=True) is not None
    assert edits.restore_session(new.id)
    assert [s.id for s in edits.sessions()] == [new.id, old.id]


def test_put_image_refuses_bytes_that_are_no_picture(edits: EditStore) -> None:
    with pytest.raises(ValueError):
        edits.put_image(b"not a picture at all")


def test_a_v4_file_is_migrated_to_v5_with_a_backup(db_path: Path, tmp_path: Path) -> None:
    with Database(db_path, migrations=MIGRATIONS[:4]) as old:
        assert old.schema_version == 4
        conversation = ConversationStore(old).create("kept", "gpt-4o")

    with Database(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION >= 5
        assert db.migrated_from == 4
        assert db.backup_path is not None and db.backup_path.is_file()
        conversations = ConversationStore(db)
        assert conversations.get(conversation) is not None
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        session = store.create_session(png())
        assert store.session(session.id) is not None

    backup = sqlite3.connect(str(db_path.with_name(f"{db_path.name}.v4.bak")))
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 4
        tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
    finally:
        backup.close()
    assert "conversations" in tables and "edit_sessions" not in tables
