"""Outpaint canvases and the keep-outside composite, on pictures made in the test."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageChops, ImageDraw

from studio.media.composite import keep_outside
from studio.media.masks import empty_mask, feather_mask, grow_mask, invert_mask, mask_bounds
from studio.media.outpaint import PRESETS, Expansion, Preset, expand_canvas, preset_expansion


def noisy(size: tuple[int, int], mode: str = "RGB", seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * len(mode)))


def blob(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    mask = empty_mask(size)
    ImageDraw.Draw(mask).ellipse(box, fill=255)
    return mask


# -- outpaint ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "preset", "expected"),
    [
        ((1000, 1000), "16:9", Expansion(396, 0, 396, 0)),  # 1778 → 1792 wide
        ((1920, 1080), "16:9", Expansion()),
        ((2000, 500), "16:9", Expansion(0, 318, 0, 318)),  # 1125 → 1136 high
        ((1000, 1000), "9:16", Expansion(0, 396, 0, 396)),
        ((1080, 1920), "9:16", Expansion()),
        ((800, 600), "square", Expansion(0, 100, 0, 100)),
        ((601, 800), "square", Expansion(99, 0, 100, 0)),
        ((512, 512), "square", Expansion()),
        ((1024, 768), "+25%", Expansion(128, 96, 128, 96)),
        ((1000, 700), "+25%", Expansion(132, 90, 132, 90)),  # 1250 → 1264, 875 → 880
        ((1001, 701), "+25%", Expansion(131, 89, 132, 90)),
    ],
)
def test_presets_grow_centred_to_the_ratio(
    size: tuple[int, int], preset: Preset, expected: Expansion
) -> None:
    expansion = preset_expansion(size, preset)
    assert expansion == expected
    width, height = expansion.new_size(size)
    assert width >= size[0] and height >= size[1]
    if preset == "16:9" and not expansion.is_empty:
        assert abs(width * 9 / 16 - height) < 16 or abs(height * 16 / 9 - width) < 16
        assert (width % 16 == 0) or (height % 16 == 0)
    if preset == "square":
        assert width == height
    if preset == "+25%":
        assert width % 16 == 0 and height % 16 == 0
        assert width >= size[0] * 1.25 and height >= size[1] * 1.25


def test_every_preset_is_known_and_bad_input_is_refused() -> None:
    assert set(PRESETS) == {"16:9", "9:16", "square", "+25%"}
    with pytest.raises(ValueError):
        preset_expansion((100, 100), "4:3")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Expansion(left=-1)


@pytest.mark.parametrize("preset", PRESETS)
def test_expanded_canvas_is_transparent_and_editable_in_the_new_area(preset: Preset) -> None:
    base = noisy((300, 200))
    mask = blob((300, 200), (100, 50, 199, 149))
    expansion = preset_expansion(base.size, preset)
    canvas, new_mask = expand_canvas(base, mask, expansion)
    assert canvas.mode == "RGBA" and new_mask.mode == "L"
    assert canvas.size == new_mask.size == expansion.new_size(base.size)
    old = (expansion.left, expansion.top, expansion.left + 300, expansion.top + 200)
    # The old picture is there, untouched and opaque; the old mask is shifted in.
    assert canvas.crop(old).tobytes() == base.convert("RGBA").tobytes()
    assert new_mask.crop(old).tobytes() == mask.tobytes()
    # Everything else: alpha 0 in the canvas, 255 in the mask.
    outside = Image.new("L", canvas.size, 255)
    outside.paste(0, old)
    alpha = canvas.getchannel("A")
    assert ImageChops.multiply(alpha, outside).getbbox() is None
    assert ImageChops.multiply(invert_mask(new_mask), outside).getbbox() is None
    assert alpha.crop(old).getextrema() == (255, 255)


def test_expanding_without_a_mask_makes_only_the_new_area_editable() -> None:
    base = Image.new("RGB", (64, 48), (200, 10, 10))
    canvas, mask = expand_canvas(base, None, Expansion(10, 0, 6, 4))
    assert canvas.size == mask.size == (80, 52)
    assert mask_bounds(invert_mask(mask)) == (10, 0, 74, 48)
    assert canvas.getpixel((0, 0)) == (0, 0, 0, 0)
    assert canvas.getpixel((10, 0)) == (200, 10, 10, 255)
    with pytest.raises(ValueError):
        expand_canvas(base, empty_mask((10, 10)), Expansion(1, 1, 1, 1))


# -- keep outside ------------------------------------------------------------------------------


def changed(a: Image.Image, b: Image.Image) -> Image.Image:
    """An L image, nonzero where ``a`` and ``b`` differ in any channel."""
    diff = ImageChops.difference(a, b)
    return diff.convert("L").point(lambda v: 255 if v else 0) if diff.mode != "L" else diff


@pytest.mark.parametrize("feather", [0, 4, 16])
def test_pixels_outside_the_feathered_mask_are_the_source_bytes(feather: int) -> None:
    source = noisy((700, 500), seed=2)
    result = noisy((700, 500), seed=3)  # a model that changed every pixel
    mask = blob((700, 500), (200, 100, 449, 349))
    out = keep_outside(source, result, mask, feather)
    assert out.mode == source.mode and out.size == source.size
    reach = grow_mask(mask, feather)
    # Outside the mask grown by the feather: byte-identical to the source.
    outside = invert_mask(reach)
    kept = Image.composite(source, Image.new("RGB", source.size), outside)
    assert Image.composite(out, Image.new("RGB", source.size), outside).tobytes() == kept.tobytes()
    # The seam stays within the feather: every changed pixel is inside the grown mask.
    assert ImageChops.multiply(changed(out, source), outside).getbbox() is None
    # Well inside the mask it is the result.
    core = grow_mask(mask, -feather - 1)
    inside = Image.composite(out, Image.new("RGB", source.size), core)
    assert (
        inside.tobytes() == Image.composite(result, Image.new("RGB", source.size), core).tobytes()
    )
    # And where the feathered mask is exactly 0, the pixels are the source's.
    zero = invert_mask(feather_mask(mask, feather)).point(lambda v: 255 if v == 255 else 0)
    assert ImageChops.multiply(changed(out, source), zero).getbbox() is None


def test_the_seam_blends_between_source_and_result() -> None:
    source = Image.new("RGB", (400, 100), (0, 0, 0))
    result = Image.new("RGB", (400, 100), (250, 250, 250))
    mask = empty_mask((400, 100))
    mask.paste(255, (200, 0, 400, 100))
    out = keep_outside(source, result, mask, 10)
    row = [out.getpixel((x, 50))[0] for x in range(185, 216)]  # type: ignore[index]
    assert row[0] == 0 and row[-1] == 250
    assert row == sorted(row)
    assert 0 < out.getpixel((200, 50))[0] < 250  # type: ignore[index]


def test_a_result_of_another_size_is_scaled_to_the_source_first() -> None:
    source = noisy((640, 480), seed=4)
    big = Image.new("RGB", (1280, 960), (30, 60, 90))
    ImageDraw.Draw(big).rectangle((0, 0, 639, 959), fill=(200, 100, 50))  # left half
    mask = empty_mask((640, 480))
    mask.paste(255, (100, 100, 540, 380))
    out = keep_outside(source, big, mask, 0)
    assert out.size == (640, 480)
    assert out.getpixel((150, 200)) == (200, 100, 50)
    assert out.getpixel((500, 200)) == (30, 60, 90)
    assert out.crop((0, 0, 640, 100)).tobytes() == source.crop((0, 0, 640, 100)).tobytes()
    expected = Image.composite(big.resize((640, 480), Image.Resampling.LANCZOS), source, mask)
    assert out.tobytes() == expected.tobytes()


def test_output_keeps_the_source_mode_and_a_mostly_editable_mask_works() -> None:
    source = noisy((300, 300), "RGBA", seed=5)
    result = Image.new("RGB", (300, 300), (1, 2, 3))
    mask = Image.new("L", (300, 300), 255)
    mask.paste(0, (0, 0, 40, 40))  # only a corner kept
    out = keep_outside(source, result, mask, 6)
    assert out.mode == "RGBA"
    assert out.crop((0, 0, 34, 34)).tobytes() == source.crop((0, 0, 34, 34)).tobytes()
    assert out.getpixel((200, 200)) == (1, 2, 3, 255)
    assert out.getpixel((46, 46)) == (1, 2, 3, 255)


def test_an_empty_mask_gives_back_the_source() -> None:
    source = noisy((200, 150), seed=6)
    out = keep_outside(source, noisy((200, 150), seed=7), empty_mask((200, 150)), 8)
    assert out.tobytes() == source.tobytes()
