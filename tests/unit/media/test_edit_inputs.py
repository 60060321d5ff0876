"""Edit inputs are prepared under the upload limit, upright, lossless where they can be."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from studio.media import phrases
from studio.media.edit_inputs import (
    EDIT_FILE_LIMIT,
    MIN_EDIT_SIDE,
    EditInput,
    prepare_edit_image,
    prepare_edit_mask,
    prepare_edit_pixels,
)
from studio.media.limits import MB, EditTooLarge, NotAnImage, TruncatedImage
from studio.media.masks import empty_mask
from studio.media.sniff import sniff_format
from tests.unit.media.conftest import BLUE, RED, WHITE, Corpus, encode, noise

Colour = tuple[int, ...]


def opened(prepared: EditInput) -> Image.Image:
    """The prepared bytes decoded, checking the MIME type, the size and the file name."""
    fmt = sniff_format(prepared.data)
    assert prepared.mime == f"image/{fmt}"
    assert prepared.filename.endswith(".png" if fmt == "png" else ".jpg")
    image = Image.open(io.BytesIO(prepared.data))
    image.load()
    assert image.size == prepared.size == (prepared.width, prepared.height)
    return image


def at(image: Image.Image, fx: float, fy: float) -> Colour:
    pixel = image.convert("RGB").getpixel((int(image.width * fx), int(image.height * fy)))
    assert isinstance(pixel, tuple)
    return pixel


def near(actual: Colour, expected: Colour, tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def assert_upright_marker(image: Image.Image) -> None:
    assert near(at(image, 0.08, 0.08), RED), "the red marker is not top-left"
    assert near(at(image, 0.92, 0.92), BLUE), "the blue marker is not bottom-right"
    assert near(at(image, 0.92, 0.08), WHITE)
    assert near(at(image, 0.08, 0.92), WHITE)


def test_a_small_png_is_sent_lossless_as_it_is() -> None:
    picture = noise((320, 240), seed=11)
    prepared = prepare_edit_image(encode(picture, "PNG"), max_bytes=EDIT_FILE_LIMIT, name="a.png")
    image = opened(prepared)
    assert prepared.mime == "image/png" and prepared.filename == "a.png"
    assert image.tobytes() == picture.tobytes()
    assert (prepared.original_width, prepared.original_height) == (320, 240)
    assert prepared.notes == ()


def test_a_noisy_4096_png_over_the_limit_comes_out_under_it() -> None:
    data = encode(noise((4096, 4096), seed=12), "PNG", compress_level=0)
    assert len(data) > EDIT_FILE_LIMIT
    prepared = prepare_edit_image(data, max_bytes=EDIT_FILE_LIMIT, name="noise.png")
    assert len(prepared.data) <= EDIT_FILE_LIMIT
    image = opened(prepared)
    assert image.format == "JPEG"  # opaque and too big as PNG
    assert (prepared.original_width, prepared.original_height) == (4096, 4096)
    assert prepared.width == prepared.height and MIN_EDIT_SIDE <= prepared.width < 4096
    assert "converted:png→jpeg" in prepared.notes
    assert f"downscaled:4096x4096→{prepared.width}x{prepared.height}" in prepared.notes


def test_a_transparent_picture_stays_png_and_shrinks_to_fit() -> None:
    data = encode(noise((1400, 1000), "RGBA", seed=13), "PNG", compress_level=1)
    assert len(data) > 2 * MB
    prepared = prepare_edit_image(data, max_bytes=2 * MB)
    assert len(prepared.data) <= 2 * MB
    image = opened(prepared)
    assert image.mode == "RGBA" and prepared.mime == "image/png"
    assert prepared.width < 1400 and abs(prepared.width / prepared.height - 1.4) < 0.01
    assert prepared.filename == "image.png"


def test_a_jpeg_that_fits_as_png_is_sent_lossless() -> None:
    picture = Image.new("RGB", (600, 400), (10, 120, 200))
    prepared = prepare_edit_image(encode(picture, "JPEG", quality=90), max_bytes=EDIT_FILE_LIMIT)
    assert prepared.mime == "image/png"
    assert prepared.notes == ("converted:jpeg→png",)


def test_an_exif_rotated_jpeg_comes_out_upright(corpus: Corpus) -> None:
    prepared = prepare_edit_image(corpus.read("orientation-6.jpg"), max_bytes=EDIT_FILE_LIMIT)
    image = opened(prepared)
    assert image.size == (300, 200)  # stored 200 × 300, shown 300 × 200
    assert_upright_marker(image)
    assert "oriented" in prepared.notes
    assert not Image.open(io.BytesIO(prepared.data)).getexif()


@pytest.mark.parametrize("orientation", [2, 3, 4, 5, 7, 8])
def test_every_orientation_is_applied(corpus: Corpus, orientation: int) -> None:
    data = corpus.read(f"orientation-{orientation}.jpg")
    assert_upright_marker(opened(prepare_edit_image(data, max_bytes=EDIT_FILE_LIMIT)))


@pytest.mark.parametrize("ext", ["webp", "heic", "gif", "bmp", "tiff"])
def test_other_formats_are_converted_to_png(corpus: Corpus, ext: str) -> None:
    prepared = prepare_edit_image(corpus.read(f"marker.{ext}"), max_bytes=EDIT_FILE_LIMIT)
    image = opened(prepared)
    assert prepared.mime == "image/png"
    assert_upright_marker(image)
    assert f"converted:{sniff_format(corpus.read(f'marker.{ext}'))}→png" in prepared.notes


def test_an_animation_sends_its_first_frame(corpus: Corpus) -> None:
    prepared = prepare_edit_image(corpus.read("animated.gif"), max_bytes=EDIT_FILE_LIMIT)
    assert near(at(opened(prepared), 0.5, 0.5), RED, 0)
    assert "first-frame" in prepared.notes


def test_metadata_is_removed(corpus: Corpus) -> None:
    prepared = prepare_edit_image(corpus.read("metadata.jpg"), max_bytes=EDIT_FILE_LIMIT)
    assert b"StudioTestCam" not in prepared.data and b"StudioSecretXmp" not in prepared.data
    assert "metadata-removed" in prepared.notes


def test_scale_shrinks_further_for_a_retry() -> None:
    data = encode(noise((800, 600), seed=14), "PNG")
    prepared = prepare_edit_image(data, max_bytes=EDIT_FILE_LIMIT, scale=0.5)
    assert prepared.size == (400, 300)
    assert (prepared.original_width, prepared.original_height) == (800, 600)
    assert "downscaled:800x600→400x300" in prepared.notes
    with pytest.raises(ValueError):
        prepare_edit_image(data, max_bytes=EDIT_FILE_LIMIT, scale=0)
    with pytest.raises(ValueError):
        prepare_edit_image(data, max_bytes=EDIT_FILE_LIMIT, scale=1.5)


def test_corrupt_bytes_are_refused_with_the_sentence(corpus: Corpus) -> None:
    with pytest.raises(TruncatedImage) as caught:
        prepare_edit_image(corpus.read("truncated.png"), max_bytes=EDIT_FILE_LIMIT, name="x.png")
    assert "“x.png” starts like a PNG image but is cut short or damaged" in str(caught.value)
    assert "损坏" in caught.value.message("zh_CN")
    with pytest.raises(NotAnImage) as not_image:
        prepare_edit_image(corpus.read("notes.png"), max_bytes=EDIT_FILE_LIMIT)
    assert str(not_image.value).startswith("This file is not an image: it looks like a text")


def test_too_big_even_at_the_smallest_size_is_refused() -> None:
    data = encode(noise((1200, 900), seed=15), "PNG")
    with pytest.raises(EditTooLarge) as caught:
        prepare_edit_image(data, max_bytes=50_000, name="huge.png")
    error = caught.value
    assert (error.width, error.height) == (MIN_EDIT_SIDE, 384)
    assert error.code == "edit_too_large"
    assert "“huge.png” is still" in str(error) and "512×384 pixels" in str(error)
    assert "0.05 MB" not in str(error)
    assert "512×384" in error.message("zh_CN")


def test_pixels_in_memory_are_prepared_the_same_way() -> None:
    canvas = Image.new("RGBA", (500, 300), (0, 0, 0, 0))
    canvas.paste((255, 0, 0, 255), (100, 0, 400, 300))
    prepared = prepare_edit_pixels(canvas, max_bytes=EDIT_FILE_LIMIT, name="canvas")
    image = opened(prepared)
    assert image.mode == "RGBA" and prepared.filename == "canvas.png"
    assert image.getpixel((0, 0)) == (0, 0, 0, 0)
    assert ImageChops.difference(image, canvas).getbbox() is None
    assert prepared.notes == ()


def test_the_mask_is_prepared_at_the_size_of_the_image_sent() -> None:
    mask = empty_mask((4096, 4096))
    mask.paste(255, (0, 0, 2048, 4096))
    prepared = prepare_edit_mask(mask, (1024, 1024))
    image = opened(prepared)
    assert image.mode == "RGBA" and prepared.filename == "mask.png"
    assert (prepared.original_width, prepared.original_height) == (4096, 4096)
    assert image.getchannel("A").getpixel((100, 500)) == 0
    assert image.getchannel("A").getpixel((900, 500)) == 255
    assert prepared.notes == ("resized:4096x4096→1024x1024",)
    assert prepare_edit_mask(mask, (4096, 4096)).notes == ()


def test_every_edit_note_is_worded_in_both_languages() -> None:
    for code in phrases.edit_note_codes():
        english, chinese = phrases.edit_note_text(code), phrases.edit_note_text(code, "zh_CN")
        assert english != code and chinese != english
    assert phrases.edit_note_text("converted:webp→png") == "converted from WebP to PNG"
    assert phrases.edit_note_text("something-new") == "something-new"
