"""``mask_from_api``: the edit API's mask file (alpha 0 = editable) as Studio's mask (mode L,
255 = editable), as ``studio image edit --mask`` takes it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from studio.media.edit_pictures import mask_from_api
from studio.media.limits import ApiMaskUnusable


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_transparent_pixels_become_editable_and_soft_alpha_is_inverted() -> None:
    api = Image.new("RGBA", (40, 30), (0, 0, 0, 255))
    api.paste((0, 0, 0, 0), (0, 0, 20, 30))
    api.putpixel((30, 10), (0, 0, 0, 100))
    mask = _decoded(mask_from_api(_png(api), (40, 30)))
    assert mask.mode == "L" and mask.size == (40, 30)
    assert mask.getpixel((5, 5)) == 255
    assert mask.getpixel((35, 5)) == 0
    assert mask.getpixel((30, 10)) == 155


def test_a_mask_of_the_same_proportions_is_scaled_to_the_picture() -> None:
    api = Image.new("RGBA", (20, 15), (0, 0, 0, 0))
    mask = _decoded(mask_from_api(_png(api), (40, 30)))
    assert mask.size == (40, 30) and mask.getextrema() == (255, 255)


def test_a_palette_png_with_a_transparent_colour_counts_as_alpha() -> None:
    api = Image.new("P", (10, 10), 0)
    api.putpalette([0, 0, 0, 255, 255, 255])
    api.paste(1, (0, 0, 5, 10))
    out = io.BytesIO()
    api.save(out, "PNG", transparency=0)
    mask = _decoded(mask_from_api(out.getvalue(), (10, 10)))
    assert mask.getpixel((8, 5)) == 255 and mask.getpixel((2, 5)) == 0


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        (Image.new("L", (40, 30), 255), "no_alpha"),
        (Image.new("RGB", (40, 30)), "no_alpha"),
        (Image.new("RGBA", (40, 40)), "shape"),
    ],
)
def test_unusable_masks_are_refused_with_a_sentence(image: Image.Image, reason: str) -> None:
    with pytest.raises(ApiMaskUnusable) as refused:
        mask_from_api(_png(image), (40, 30), "mask.png")
    assert refused.value.reason == reason
    assert "mask.png" in refused.value.message("en")
    assert refused.value.message("zh_CN") != refused.value.message("en")
