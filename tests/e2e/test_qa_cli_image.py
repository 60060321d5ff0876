"""``studio image generate`` refuses bad input before anything is sent (so nothing is billed)."""

from __future__ import annotations

from pathlib import Path

from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from tests.e2e.conftest import RunStudio


def _jobs(data_dir: Path) -> int:
    if not (data_dir / "studio.sqlite3").exists():
        return 0
    with Database(data_dir / "studio.sqlite3") as db:
        return len(GalleryStore(db, ImageStore(data_dir / "images", db)).jobs())


def test_an_output_path_that_is_a_file_is_a_usage_error_before_the_request(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder", encoding="utf-8")
    code, out, err = run_studio(
        "image", "generate", "-m", "demo-image", "-p", "a red fox", "-o", str(taken)
    )
    assert code == 2
    assert out == ""
    assert err.strip().count("\n") == 0
    assert err.startswith("studio: cannot save into") and "not a folder" in err
    assert taken.read_text(encoding="utf-8") == "not a folder"
    assert _jobs(data_dir) == 0  # no generation was sent, so none was recorded


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    code, out, err = run_studio(
        "image", "generate", "-m", "demo-image", "-p", "a red fox", "-o", str(blocker / "sub")
    )
    assert code == 2 and out == ""
    assert err.startswith("studio: cannot create the output folder") and err.count("\n") == 1
    assert _jobs(data_dir) == 0


def test_an_empty_prompt_or_model_is_refused_locally(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    out_dir = str(tmp_path / "out")
    code, _out, err = run_studio("image", "generate", "-m", "demo-image", "-p", "  ", "-o", out_dir)
    assert code == 2 and err == "studio: the prompt is empty: describe the picture with -p\n"
    code, _out, err = run_studio("image", "generate", "-m", " ", "-p", "a fox", "-o", out_dir)
    assert code == 2 and err == "studio: the model is empty: name one with -m\n"
    assert _jobs(data_dir) == 0
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
