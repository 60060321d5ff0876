"""QA regressions of ``studio chat --image data:…``: a data URL goes through the same pipeline
as a file (sized for the detail, checked, kept in the history) instead of being passed on."""

from __future__ import annotations

import base64
import io
import sqlite3
from pathlib import Path

from PIL import Image

from tests.e2e.conftest import RunStudio, error_lines


def data_url(size: tuple[int, int]) -> str:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 160, 40)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def test_a_data_url_is_prepared_and_kept_like_a_file(run_studio: RunStudio, data_dir: Path) -> None:
    code, out, err = run_studio(
        "chat", "-m", "demo-vision", "--image", data_url((3000, 2000)), "--detail", "low", "Hi"
    )
    assert code == 0, err
    assert "512×341" in out, out  # sized for low detail, not the 3000×2000 given
    assert "3000" not in out
    with sqlite3.connect(data_dir / "studio.sqlite3") as db:
        assert db.execute("SELECT width, height FROM images").fetchall() == [(512, 341)]


def test_a_data_url_that_is_not_base64_is_a_usage_error(run_studio: RunStudio) -> None:
    code, out, err = run_studio(
        "chat", "-m", "demo-vision", "--image", "data:image/png;base64,@@not base64@@", "Hi"
    )
    assert code == 2
    assert out == ""
    assert error_lines(err) == ["studio: the image data URL is not valid base64"]


def test_a_data_url_of_text_is_refused_as_not_an_image(run_studio: RunStudio) -> None:
    text = base64.b64encode(b"just some words, no picture\n").decode("ascii")
    code, out, err = run_studio(
        "chat", "-m", "demo-vision", "--image", f"data:image/png;base64,{text}", "Hi"
    )
    assert code == 2
    assert out == ""
    (line,) = error_lines(err)
    assert "is not an image: it looks like a text file" in line
