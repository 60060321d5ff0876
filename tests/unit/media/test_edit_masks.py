"""Edit masks on masks drawn in the test: export, invert, grow/shrink, feather."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from studio.media import phrases
from studio.media.limits import MaskUnreadable
from studio.media.masks import (
    api_mask_png,
    empty_mask,
    feather_mask,
    grow_mask,
    invert_mask,
    mask_bounds,
    mask_from_png,
    mask_is_empty,
    mask_to_png,
)


def rect_mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    """A mask with ``box`` (inclusive corners, as ImageDraw) editable."""
    mask = empty_mask(size)
    ImageDraw.Draw(mask).rectangle(box, fill=255)
    return mask


def random_mask(size: tuple[int, int], seed: int) -> Image.Image:
    values = (0, 0, 0, 0, 255, 255, 128)
    rng = random.Random(seed)
    return Image.frombytes("L", size, bytes(rng.choice(values) for _ in range(size[0] * size[1])))


def test_empty_mask_is_empty_and_has_no_bounds() -> None:
    mask = empty_mask((40, 30))
    assert mask.mode == "L" and mask.size == (40, 30)
    assert mask_is_empty(mask)
    assert mask_bounds(mask) is None
    painted = rect_mask((40, 30), (5, 6, 9, 12))
    assert not mask_is_empty(painted)
    assert mask_bounds(painted) == (5, 6, 10, 13)


def test_invert_swaps_editable_and_kept() -> None:
    mask = rect_mask((20, 10), (0, 0, 9, 9))
    mask.putpixel((15, 5), 100)
    inverted = invert_mask(mask)
    assert inverted.getpixel((0, 0)) == 0
    assert inverted.getpixel((19, 9)) == 255
    assert inverted.getpixel((15, 5)) == 155
    assert invert_mask(inverted).tobytes() == mask.tobytes()


def test_api_mask_is_rgba_at_the_exact_size_with_alpha_0_where_editable() -> None:
    mask = rect_mask((300, 200), (50, 40, 149, 99))
    mask.putpixel((10, 10), 64)
    image = Image.open(io.BytesIO(api_mask_png(mask)))
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (300, 200)
    alpha = image.getchannel("A")
    assert alpha.getpixel((50, 40)) == 0 and alpha.getpixel((149, 99)) == 0
    assert alpha.getpixel((49, 40)) == 255 and alpha.getpixel((150, 99)) == 255
    assert alpha.getpixel((10, 10)) == 191
    assert ImageChops.invert(alpha).tobytes() == mask.tobytes()


def test_api_mask_is_scaled_to_the_image_sent() -> None:
    mask = rect_mask((400, 200), (0, 0, 199, 199))  # left half editable
    image = Image.open(io.BytesIO(api_mask_png(mask, (200, 100))))
    assert image.size == (200, 100)
    alpha = image.getchannel("A")
    assert alpha.getpixel((50, 50)) == 0
    assert alpha.getpixel((150, 50)) == 255


def test_mask_png_round_trip_keeps_every_value() -> None:
    mask = random_mask((64, 48), seed=3)
    data = mask_to_png(mask)
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "PNG" and stored.mode == "L"
    back = mask_from_png(data)
    assert back.mode == "L" and back.tobytes() == mask.tobytes()


@pytest.mark.parametrize(
    "data",
    [b"", b"not a png at all", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0junk"],
    ids=["empty", "text", "cut-png", "jpeg-header"],
)
def test_bad_mask_bytes_are_refused_with_a_sentence(data: bytes) -> None:
    with pytest.raises(MaskUnreadable) as caught:
        mask_from_png(data, name="mask.png")
    error = caught.value
    assert error.code == "mask_unreadable"
    assert "“mask.png” is not a readable mask" in error.message("en")
    assert "paint it again" in str(error)
    assert "蒙版" in error.message("zh_CN")
    assert phrases.text("mask_unreadable", "zh_CN", subject="x") != phrases.text(
        "mask_unreadable", "en", subject="x"
    )


@pytest.mark.parametrize("pixels", [1, 2, 3, 5, 8])
def test_grow_and_shrink_match_pillows_rank_filters(pixels: int) -> None:
    mask = random_mask((97, 71), seed=pixels)
    # Pillow's filters treat the outside as the edge pixels; ours as "no influence". Both
    # agree away from the border.
    inner = (pixels, pixels, 97 - pixels, 71 - pixels)
    grown = grow_mask(mask, pixels)
    expected = mask.filter(ImageFilter.MaxFilter(2 * pixels + 1))
    assert grown.crop(inner).tobytes() == expected.crop(inner).tobytes()
    shrunk = grow_mask(mask, -pixels)
    expected = mask.filter(ImageFilter.MinFilter(2 * pixels + 1))
    assert shrunk.crop(inner).tobytes() == expected.crop(inner).tobytes()


def test_grow_and_shrink_a_rectangle_by_exact_pixels() -> None:
    mask = rect_mask((1000, 800), (300, 200, 599, 499))
    assert mask_bounds(grow_mask(mask, 20)) == (280, 180, 620, 520)
    assert mask_bounds(grow_mask(mask, -20)) == (320, 220, 580, 480)
    assert grow_mask(mask, 0).tobytes() == mask.tobytes()
    assert mask_is_empty(grow_mask(mask, -150))
    assert mask_is_empty(grow_mask(empty_mask((50, 50)), 5))


def test_the_image_border_does_not_eat_into_a_mask() -> None:
    full = Image.new("L", (300, 200), 255)
    assert grow_mask(full, -10).getextrema() == (255, 255)
    touching = rect_mask((300, 200), (0, 0, 99, 199))
    assert mask_bounds(grow_mask(touching, -10)) == (0, 0, 90, 200)


def test_grow_on_a_large_mask_only_changes_the_edges() -> None:
    mask = empty_mask((2048, 2048))
    ImageDraw.Draw(mask).ellipse((300, 300, 1700, 1700), fill=255)
    grown = grow_mask(mask, 12)
    assert mask_bounds(grown) == (288, 288, 1713, 1713)
    # Everything the mask had is still there; nothing appears farther than 12 px away.
    assert ImageChops.subtract(mask, grown).getbbox() is None


def test_feather_softens_only_within_the_radius() -> None:
    mask = rect_mask((400, 300), (100, 100, 299, 199))
    soft = feather_mask(mask, 12)
    assert soft.mode == "L" and soft.size == mask.size
    # Farther than the radius outside: exactly 0; farther inside: exactly 255.
    assert grow_mask(mask, 12).getpixel((100 - 13, 150)) == 0
    assert soft.getpixel((100 - 13, 150)) == 0
    assert soft.getpixel((100 - 8, 150)) > 0  # wide feathers are computed smaller: near 12
    assert soft.getpixel((100 + 12, 150)) == 255
    assert 0 < soft.getpixel((100, 150)) < 255
    assert ImageChops.multiply(soft, invert_mask(grow_mask(mask, 12))).getbbox() is None
    assert invert_mask(soft).crop((113, 113, 287, 187)).getextrema() == (0, 0)
    # The soft edge ramps up across the border.
    row = [soft.getpixel((x, 150)) for x in range(88, 113)]
    assert row == sorted(row) and row[0] < 10 and row[-1] > 245


def test_feather_matches_a_whole_image_blur() -> None:
    mask = random_mask((300, 260), seed=7)
    # Narrow feathers are computed at full size: two box blurs adding up to the radius.
    expected = mask.filter(ImageFilter.BoxBlur(3)).filter(ImageFilter.BoxBlur(4))
    assert feather_mask(mask, 7).tobytes() == expected.tobytes()
    assert feather_mask(mask, 0.5).tobytes() == mask.tobytes()


def test_feather_of_flat_masks_stays_flat() -> None:
    assert feather_mask(empty_mask((500, 400)), 20).getextrema() == (0, 0)
    assert feather_mask(Image.new("L", (500, 400), 255), 20).getextrema() == (255, 255)


@pytest.mark.parametrize("radius", [3, 8, 9, 12, 16, 31, 32, 48, 90])
def test_wide_feathers_keep_an_exact_support(radius: int) -> None:
    # Radii from 8 (32) on are blurred at a half (a quarter) of the size: still nothing
    # beyond the radius outside, and still 255 farther than the radius inside.
    rng = random.Random(radius)
    for _ in range(6):
        width, height = rng.randint(60, 420), rng.randint(60, 420)
        mask = empty_mask((width, height))
        draw = ImageDraw.Draw(mask)
        for _ in range(rng.randint(1, 3)):
            x, y = rng.randint(-20, width), rng.randint(-20, height)
            fill = rng.choice([255, 255, 128])
            draw.ellipse((x, y, x + rng.randint(1, 200), y + rng.randint(1, 200)), fill=fill)
        mask.putpixel((rng.randrange(width), rng.randrange(height)), 255)
        soft = feather_mask(mask, radius)
        far = grow_mask(mask, radius).point(lambda v: 255 if v == 0 else 0)
        assert ImageChops.multiply(soft, far).getbbox() is None
        core = grow_mask(mask.point(lambda v: 255 if v == 255 else 0), -radius)
        assert ImageChops.multiply(invert_mask(soft), core).getbbox() is None
