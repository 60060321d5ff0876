"""``studio chat --image`` prepares images like the chat window: resized for the detail asked
for, turned upright, and stored prepared in the history."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from PIL import Image

from tests.e2e.conftest import RunStudio


def phone_photo(path: Path, size: tuple[int, int], orientation: int = 1) -> None:
    """A JPEG like a phone's: stored sideways with an EXIF orientation tag."""
    image = Image.new("RGB", size, (20, 40, 200))
    image.paste((240, 200, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, "JPEG", quality=90, exif=exif.tobytes())


def test_low_detail_sends_the_image_within_512_px(run_studio: RunStudio, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    phone_photo(photo, (3000, 2000))
    code, out, err = run_studio(
        "chat", "--image", str(photo), "--detail", "low", "-m", "demo-vision", "Describe it"
    )
    assert code == 0, err
    assert "512×341" in out, out  # 3000×2000 fitted into 512×512, not the original
    assert "3000" not in out
    assert "`low`" in out


def test_high_detail_sends_the_upright_768_px_version(
    run_studio: RunStudio, tmp_path: Path
) -> None:
    photo = tmp_path / "sideways.jpg"
    phone_photo(photo, (4000, 3000), orientation=6)  # shown upright as 3000×4000
    code, out, err = run_studio(
        "chat", "--image", str(photo), "--detail", "high", "-m", "demo-vision", "What is it?"
    )
    assert code == 0, err
    assert "768×1024" in out, out  # portrait after EXIF rotation, short side 768
    assert "`high`" in out


def test_history_keeps_the_prepared_image_not_the_original(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    photo = tmp_path / "big.jpg"
    phone_photo(photo, (2400, 1600))
    code, _out, err = run_studio(
        "chat", "--image", str(photo), "--detail", "low", "-m", "demo-vision", "Keep it"
    )
    assert code == 0, err
    with sqlite3.connect(data_dir / "studio.sqlite3") as db:
        rows = db.execute("SELECT width, height, bytes FROM images").fetchall()
    assert rows == [(512, 341, rows[0][2])]
    assert rows[0][2] < photo.stat().st_size
    stored = next(p for p in (data_dir / "images").rglob("*") if p.is_file())
    assert Image.open(io.BytesIO(stored.read_bytes())).size == (512, 341)
