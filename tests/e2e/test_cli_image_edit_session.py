"""``studio image edit`` runs the window's edit round: a session in the store, keep-outside,
the image field retried once (never when ``--field`` forces it), inputs under the limit."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PIL import Image

from studio.media.metadata import read_metadata
from studio.store.database import Database
from studio.store.edits import EditStore, RoundRecord
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.store.presence import Presence
from tests.e2e.conftest import RunStudio, error_lines

SIZE = (96, 72)
BOX = (24, 18, 72, 54)  # the editable region


def _gradient(path: Path, size: tuple[int, int] = SIZE) -> Image.Image:
    image = Image.new("RGB", size)
    image.putdata(
        [
            (x * 3 % 256, y * 4 % 256, (x + 2 * y) % 256)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    image.save(path)
    return image


def _api_mask(path: Path, size: tuple[int, int] = SIZE) -> None:
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), BOX)  # transparent = editable
    mask.save(path)


def _store(data_dir: Path) -> tuple[Database, EditStore]:
    db = Database(data_dir / "studio.sqlite3")
    return db, EditStore(db, ImageStore(data_dir / "images", db))


def _rounds(data_dir: Path) -> list[RoundRecord]:
    db, store = _store(data_dir)
    with db:
        return [r for s in store.sessions() for r in store.rounds(s.id)]


def _edit(run_studio: RunStudio, tmp_path: Path, model: str, *extra: str) -> tuple[int, str, str]:
    code, out, err = run_studio(
        "image", "edit", "-m", model, "-p", "change it", "-o", str(tmp_path / "out"), *extra
    )
    return code, out, err


def _near(x: int, y: int, reach: int) -> bool:
    left, top, right, bottom = BOX
    return left - reach <= x < right + reach and top - reach <= y < bottom + reach


def test_keep_outside_gives_the_source_back_outside_the_mask_and_keeps_a_session(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    source = _gradient(tmp_path / "photo.png")
    _api_mask(tmp_path / "mask.png")
    args = ("--image", str(tmp_path / "photo.png"), "--mask", str(tmp_path / "mask.png"))
    code, out, err = _edit(run_studio, tmp_path, "demo-image-remix", *args, "--keep-outside-mask")
    assert code == 0, err
    assert err == ""
    (path,) = [Path(line) for line in out.splitlines() if line.strip()]
    assert path.parent == (tmp_path / "out").resolve() or path.parent == tmp_path / "out"
    with Image.open(path) as image:
        result = image.convert("RGB")
        texts = dict(getattr(image, "text", {}) or image.info)
    assert "change it" in texts.values(), texts  # the gallery's copy, metadata embedded
    assert result.size == SIZE
    changed_inside = 0
    for y in range(SIZE[1]):
        for x in range(SIZE[0]):
            if not _near(x, y, 6):  # beyond the 4 px seam
                assert result.getpixel((x, y)) == source.getpixel((x, y)), (x, y)
            elif not _near(x, y, -6):
                continue
            else:
                changed_inside += result.getpixel((x, y)) != source.getpixel((x, y))
    assert changed_inside > 0

    db, store = _store(data_dir)
    with db:
        (summary,) = store.sessions()
        assert summary.title == "photo.png" and summary.versions == 2
        session = store.session(summary.id)
        assert session is not None and session.keep_outside and session.mask_hash is not None
        (record,) = store.rounds(summary.id)
        assert record.status == "done" and record.prompt == "change it"
        root, version = store.versions(summary.id)
        assert version.parent_id == root.id and version.raw_hash is not None
        assert store.images.get(version.image_hash) != store.images.get(version.raw_hash)


def test_without_keep_outside_the_remix_changes_the_outside_too(
    run_studio: RunStudio, tmp_path: Path
) -> None:
    source = _gradient(tmp_path / "photo.png")
    _api_mask(tmp_path / "mask.png")
    args = ("--image", str(tmp_path / "photo.png"), "--mask", str(tmp_path / "mask.png"))
    code, out, err = _edit(run_studio, tmp_path, "demo-image-remix", *args)
    assert code == 0, err
    with Image.open(out.strip()) as image:
        assert image.convert("RGB").getpixel((2, 2)) != source.getpixel((2, 2))


def test_keep_outside_without_a_mask_is_a_usage_error(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    _gradient(tmp_path / "photo.png")
    args = ("--image", str(tmp_path / "photo.png"), "--keep-outside-mask")
    code, out, err = _edit(run_studio, tmp_path, "demo-image-edit", *args)
    assert code == 2 and out == ""
    assert err == "studio: --keep-outside-mask needs a mask: give it with --mask\n"
    assert _rounds(data_dir) == [] if (data_dir / "studio.sqlite3").exists() else True


def test_a_mask_without_transparency_is_refused_before_sending(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    _gradient(tmp_path / "photo.png")
    Image.new("L", SIZE, 255).save(tmp_path / "grey.png")
    args = ("--image", str(tmp_path / "photo.png"), "--mask", str(tmp_path / "grey.png"))
    code, out, err = _edit(run_studio, tmp_path, "demo-image-edit", *args)
    assert code == 2 and out == ""
    (line,) = error_lines(err)
    assert line.startswith("studio: cannot use mask") and "transparen" in line
    assert not (data_dir / "studio.sqlite3").exists() or _rounds(data_dir) == []


def test_the_provider_form_refused_is_retried_once_in_the_other_form(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    _gradient(tmp_path / "a.png")
    _gradient(tmp_path / "b.png")
    # Two pictures go as the provider's "image[]"; this model wants "image".
    args = ("--image", str(tmp_path / "a.png"), "--image", str(tmp_path / "b.png"))
    code, out, err = _edit(run_studio, tmp_path, "demo-edit-wants-image", *args)
    assert code == 0, err
    assert len(out.splitlines()) == 1
    assert "sending it once as “image”" in err
    (record,) = _rounds(data_dir)
    assert record.status == "done"
    assert record.sent is not None and record.sent["field"] == "image"
    db, store = _store(data_dir)
    with db:
        (summary,) = store.sessions()
        session = store.session(summary.id)
        assert session is not None and session.field == "image"  # learned for the session
        assert len(session.references) == 1
    # … and for the provider, as the window does: the next edit sends "image" at once.
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    (demo,) = [p for p in saved["providers"] if p["id"] == "demo"]
    assert demo["image_field"] == "image"
    code, _out, err = _edit(run_studio, tmp_path, "demo-edit-wants-image", *args)
    assert code == 0 and "sending it once" not in err, err


def test_one_picture_as_image_is_retried_as_brackets(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    _gradient(tmp_path / "a.png")
    code, _out, err = _edit(
        run_studio, tmp_path, "demo-edit-wants-brackets", "--image", str(tmp_path / "a.png")
    )
    assert code == 0, err
    (record,) = _rounds(data_dir)
    assert record.sent is not None and record.sent["field"] == "image[]"


def test_a_forced_field_is_the_only_form_sent(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    _gradient(tmp_path / "a.png")
    args = ("--image", str(tmp_path / "a.png"), "--field", "image")
    code, out, err = _edit(run_studio, tmp_path, "demo-edit-wants-brackets", *args)
    assert code == 1 and out == ""
    (line,) = error_lines(err)  # no retry note: one request only
    assert "refused the image field as “image”:" in line and "“image[]”" not in line
    (record,) = _rounds(data_dir)
    assert record.status == "failed"
    assert record.sent is not None and record.sent["field"] == "image"

    # Forcing the form the relay takes works at once.
    code, out, err = _edit(
        run_studio,
        tmp_path,
        "demo-edit-wants-brackets",
        "--image",
        str(tmp_path / "a.png"),
        "--field",
        "image[]",
    )
    assert code == 0 and err == "", err


def test_a_picture_over_the_limit_is_sent_under_it(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    big = tmp_path / "noise.png"
    Image.frombytes("RGB", (2400, 1800), os.urandom(2400 * 1800 * 3)).save(big, compress_level=1)
    assert big.stat().st_size > 10 * 1024 * 1024
    code, out, err = _edit(run_studio, tmp_path, "demo-image-edit", "--image", str(big))
    assert code == 0, err
    (record,) = _rounds(data_dir)
    assert record.sent is not None
    (sent,) = record.sent["images"]
    assert sent["bytes"] < 10 * 1024 * 1024
    assert (sent["original_width"], sent["original_height"]) == (2400, 1800)
    assert Path(out.strip()).is_file()


def test_rounds_left_running_are_marked_interrupted_only_when_alone(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    source = tmp_path / "a.png"
    _gradient(source)
    data_dir.mkdir(parents=True, exist_ok=True)
    db, store = _store(data_dir)
    with db:
        session = store.create_session(source.read_bytes(), title="left")
        assert session.base_version_id is not None
        left = store.start_round(
            session.id,
            parent_version_id=session.base_version_id,
            prompt="x",
            model="m",
            params={},
            mask_hash=None,
            references=(),
            keep_outside=False,
        )
    with Presence(data_dir, "app"):  # another Studio works on the folder: its round is live
        code, _out, err = _edit(run_studio, tmp_path, "demo-image-edit", "--image", str(source))
        assert code == 0, err
        db, store = _store(data_dir)
        with db:
            record = store.round(left.id)
            assert record is not None and record.status == "running"
    code, _out, err = _edit(run_studio, tmp_path, "demo-image-edit", "--image", str(source))
    assert code == 0, err
    db, store = _store(data_dir)
    with db:
        record = store.round(left.id)
        assert record is not None and record.status == "interrupted"


def test_the_edit_is_in_the_gallery_too_and_the_file_is_its_copy(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    _gradient(tmp_path / "a.png")
    code, out, err = _edit(
        run_studio, tmp_path, "demo-image-edit", "--image", str(tmp_path / "a.png"), "-n", "2"
    )
    assert code == 0, err
    printed = [tmp_path / line for line in out.splitlines()]
    assert len(printed) == 2
    db = Database(data_dir / "studio.sqlite3")
    with db:
        gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
        (job,) = gallery.jobs()
        assert job.status == "done" and job.params == {"n": 2, "operation": "edit"}
        items = sorted(gallery.list(), key=lambda item: item.index)
        for item, path in zip(items, printed, strict=True):
            assert path.read_bytes() == item.path.read_bytes()
            assert read_metadata(path.read_bytes())["prompt"] == "change it"
        store = EditStore(db, ImageStore(data_dir / "images", db))
        (summary,) = store.sessions()
        assert summary.versions == 3


def test_an_unusable_database_still_saves_the_edit_to_the_folder(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    source = _gradient(tmp_path / "a.png")
    _api_mask(tmp_path / "mask.png")
    (data_dir / "studio.sqlite3").mkdir(parents=True)  # a folder where the database should be
    args = ("--image", str(tmp_path / "a.png"), "--mask", str(tmp_path / "mask.png"))
    code, out, err = _edit(run_studio, tmp_path, "demo-image-remix", *args, "--keep-outside-mask")
    assert code == 0, err
    (line,) = error_lines(err)
    assert line.startswith("studio: warning: not recorded in the gallery (")
    (path,) = [tmp_path / text for text in out.splitlines()]
    assert read_metadata(path.read_bytes())["prompt"] == "change it"
    with Image.open(path) as image:
        assert image.convert("RGB").getpixel((2, 2)) == source.getpixel((2, 2))


def test_the_chat_route_model_keeps_the_outside_it_was_never_told_about(
    run_studio: RunStudio, tmp_path: Path
) -> None:
    source = _gradient(tmp_path / "a.png")
    _api_mask(tmp_path / "mask.png")
    args = ("--image", str(tmp_path / "a.png"), "--mask", str(tmp_path / "mask.png"))
    code, out, err = _edit(run_studio, tmp_path, "demo-banana", *args)
    assert code == 0, err
    assert "takes no mask" in err and "--keep-outside-mask" in err
    code, out, err = _edit(run_studio, tmp_path, "demo-banana", *args, "--keep-outside-mask")
    assert code == 0, err
    with Image.open(out.strip()) as image:
        result = image.convert("RGB")
    assert result.size == SIZE
    for y in range(SIZE[1]):
        for x in range(SIZE[0]):
            if not _near(x, y, 6):
                assert result.getpixel((x, y)) == source.getpixel((x, y)), (x, y)
