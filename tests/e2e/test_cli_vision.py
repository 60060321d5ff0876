"""``studio chat --image``: a real picture reaches a vision model; bad files are usage errors."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.e2e.conftest import RunStudio, error_lines


def test_image_is_described_by_the_vision_model(run_studio: RunStudio, tmp_path: Path) -> None:
    picture = tmp_path / "red.png"
    Image.new("RGB", (64, 48), (230, 20, 20)).save(picture)
    code, out, err = run_studio(
        "chat",
        "-m",
        "demo-vision",
        "--image",
        str(picture),
        "--detail",
        "low",
        "What is in this picture?",
    )
    assert code == 0, err
    assert "64×48" in out or "64x48" in out, out
    assert "red" in out.lower()
    assert "`low`" in out  # the detail level asked for reached the model


def test_missing_image_is_a_usage_error(run_studio: RunStudio, tmp_path: Path) -> None:
    code, out, err = run_studio("chat", "--image", "missing.png", "What is this?")
    assert code == 2
    assert out == ""
    lines = error_lines(err)
    assert len(lines) == 1, err
    assert "missing.png" in lines[0]


def test_text_file_named_png_is_refused(run_studio: RunStudio, tmp_path: Path) -> None:
    fake = tmp_path / "notes.png"
    fake.write_text("just some notes, not a picture\n", encoding="utf-8")
    code, out, err = run_studio("chat", "--image", str(fake), "What is this?")
    assert code == 2
    assert out == ""
    lines = error_lines(err)
    assert len(lines) == 1, err
    assert "notes.png" in lines[0]
    assert "not an image" in lines[0].lower()
