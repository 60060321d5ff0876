"""``studio image generate`` records its images in the app's gallery, and its failures too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from studio.media.metadata import read_metadata
from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore

REPO_ROOT = Path(__file__).resolve().parents[3]


def _studio(data_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STUDIO_")
        and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    env.update(
        {
            "STUDIO_DATA_DIR": str(data_dir),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "PYTHONPATH": str(REPO_ROOT),
            "PYTHONIOENCODING": "utf-8",
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "studio", "image", "generate", "--demo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _open(data_dir: Path) -> tuple[Database, GalleryStore]:
    db = Database(data_dir / "studio.sqlite3")
    return db, GalleryStore(db, ImageStore(data_dir / "images", db))


def test_generated_images_appear_in_the_gallery(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    prompt = "一只红狐狸 in the snow"
    result = _studio(
        data_dir,
        tmp_path,
        *("-m", "demo-image", "-p", prompt, "-n", "2", "--size", "320x200", "--seed", "7"),
        *("-o", str(tmp_path / "out")),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    printed = [Path(line) for line in result.stdout.splitlines()]
    assert len(printed) == 2 and all(line.strip() for line in result.stdout.splitlines())

    db, gallery = _open(data_dir)
    with db:
        items = gallery.list()
        assert [item.index for item in items] == [0, 1]
        assert {item.prompt for item in items} == {prompt}
        assert {item.model for item in items} == {"demo-image"}
        assert items[0].params == {"n": 2, "seed": 7, "size": "320x200"}
        assert items[0].seed == 7 and (items[0].width, items[0].height) == (320, 200)
        # The file in the output folder is the gallery's copy, metadata included.
        for item, path in zip(items, printed, strict=True):
            output = (tmp_path / path).read_bytes()
            assert output == item.path.read_bytes()
            meta = read_metadata(output)
            assert meta["prompt"] == prompt and meta["model"] == "demo-image"
            assert json.loads(meta["parameters"])["size"] == "320x200"
            assert meta["seed"] == "7"
        (job,) = gallery.jobs()
        assert job.status == "done" and job.finished_at is not None
        assert gallery.prompt_history() == [prompt]


def test_a_failed_generation_keeps_its_prompt_in_the_job_list(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _studio(
        data_dir, tmp_path, "-m", "demo-fault-500", "-p", "a doomed castle", "-o", str(tmp_path)
    )
    assert result.returncode == 1
    assert result.stdout == ""
    db, gallery = _open(data_dir)
    with db:
        assert gallery.list() == []
        (job,) = gallery.jobs()
        assert (job.status, job.prompt, job.model) == (
            "failed",
            "a doomed castle",
            "demo-fault-500",
        )
        assert job.error and "\n" not in job.error
        assert gallery.prompt_history() == ["a doomed castle"]


def test_a_gallery_that_cannot_be_opened_still_saves_to_the_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "studio.sqlite3").mkdir(parents=True)  # a folder where the database should be
    result = _studio(
        data_dir,
        tmp_path,
        *("-m", "demo-image", "-p", "a lonely fox", "--size", "64x48", "--seed", "3"),
        *("-o", str(tmp_path / "out")),
    )
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("studio: warning: not recorded in the gallery (")
    assert line.endswith("); the images are saved in the output folder only.")
    (printed,) = [Path(text) for text in result.stdout.splitlines()]
    meta = read_metadata((tmp_path / printed).read_bytes())
    assert meta["prompt"] == "a lonely fox" and meta["seed"] == "3"
