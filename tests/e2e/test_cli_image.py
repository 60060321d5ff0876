"""``studio image generate`` and ``studio image edit``: files saved, paths printed."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.e2e.conftest import RunStudio


def _paths(stdout: str) -> list[Path]:
    return [Path(line) for line in stdout.splitlines() if line.strip()]


def _generate(run_studio: RunStudio, out_dir: Path, *extra: str) -> list[Path]:
    code, out, err = run_studio(
        "image", "generate", "-m", "demo-image", "-p", "a red fox", "-o", str(out_dir), *extra
    )
    assert code == 0, err
    assert err == ""
    return _paths(out)


def test_generate_saves_the_images_and_prints_their_paths(
    run_studio: RunStudio, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    paths = _generate(run_studio, out_dir, "--size", "320x200", "-n", "2")
    assert len(paths) == 2
    assert len(set(paths)) == 2
    for path in paths:
        assert path.is_file()
        assert path.resolve().parent == out_dir.resolve()
        with Image.open(path) as image:
            assert image.size == (320, 200)
            texts = dict(getattr(image, "text", {}) or image.info)
        assert "a red fox" in texts.values(), texts


def test_same_seed_gives_the_same_pixels(run_studio: RunStudio, tmp_path: Path) -> None:
    pixels = []
    for name, seed in (("first", "7"), ("second", "7"), ("other", "8")):
        (path,) = _generate(run_studio, tmp_path / name, "--size", "256x256", "--seed", seed)
        with Image.open(path) as image:
            pixels.append(image.convert("RGB").tobytes())
    assert pixels[0] == pixels[1]
    assert pixels[0] != pixels[2]  # the seed really reaches the model


def test_aspect_ratio_shapes_the_image(run_studio: RunStudio, tmp_path: Path) -> None:
    (path,) = _generate(run_studio, tmp_path / "wide", "--aspect-ratio", "16:9")
    with Image.open(path) as image:
        width, height = image.size
    assert abs(width / height - 16 / 9) < 0.02, (width, height)


def test_edit_with_mask_keeps_the_size_and_the_unmasked_pixels(
    run_studio: RunStudio, tmp_path: Path
) -> None:
    source = tmp_path / "green.png"
    Image.new("RGB", (200, 150), (20, 160, 40)).save(source)
    mask = Image.new("RGBA", (200, 150), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (0, 0, 100, 150))  # the left half is the region to edit
    mask_path = tmp_path / "mask.png"
    mask.save(mask_path)
    code, out, err = run_studio(
        "image",
        "edit",
        "-m",
        "demo-image-edit",
        "-p",
        "make it blue",
        "--image",
        str(source),
        "--mask",
        str(mask_path),
        "-o",
        str(tmp_path / "edited"),
    )
    assert code == 0, err
    (path,) = _paths(out)
    with Image.open(path) as image:
        assert image.size == (200, 150)
        rgb = image.convert("RGB")
        assert rgb.getpixel((150, 75)) == (20, 160, 40)  # opaque mask: untouched
        assert rgb.getpixel((50, 75)) != (20, 160, 40)  # transparent mask: edited


def test_two_images_without_mask_are_merged_into_one(run_studio: RunStudio, tmp_path: Path) -> None:
    left, right = tmp_path / "left.png", tmp_path / "right.png"
    Image.new("RGB", (120, 80), (230, 20, 20)).save(left)
    Image.new("RGB", (120, 80), (20, 20, 230)).save(right)
    code, out, err = run_studio(
        "image",
        "edit",
        "-m",
        "demo-image-edit",
        "-p",
        "put them together",
        "--image",
        str(left),
        "--image",
        str(right),
        "-o",
        str(tmp_path / "merged"),
    )
    assert code == 0, err
    (path,) = _paths(out)
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    assert width >= 2 * height, rgb.size  # side by side
    red, _, blue = rgb.getpixel((5, height // 2))
    assert red > 180 and blue < 80
    red, _, blue = rgb.getpixel((width - 5, height // 2))
    assert blue > 180 and red < 80


def test_the_tokens_the_relay_reported_are_kept_with_the_job(
    run_studio: RunStudio, tmp_path: Path, data_dir: Path
) -> None:
    import json
    import sqlite3

    _generate(run_studio, tmp_path / "out", "--size", "64x64")
    with sqlite3.connect(data_dir / "studio.sqlite3") as db:
        [(usage_json,)] = db.execute("SELECT usage_json FROM image_jobs").fetchall()
    usage = json.loads(usage_json)
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"] > 0
