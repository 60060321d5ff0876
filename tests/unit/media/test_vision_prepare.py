"""Every image of the corpus is prepared the way the model should see it."""

from __future__ import annotations

import base64
import dataclasses
import io

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageOps, ImageStat

from studio.media import phrases
from studio.media.prepare import PRESET_TARGETS, PreparedImage, VisionTarget, prepare_image
from studio.media.sniff import sniff_format
from studio.media.tokens import vision_tokens
from tests.unit.media.conftest import (
    BLUE,
    RED,
    STORE_FOR_ORIENTATION,
    WHITE,
    Corpus,
    encode,
    exif_bytes,
    marker_picture,
    noise,
)

Colour = tuple[int, ...]


def opened(prepared: PreparedImage) -> Image.Image:
    """The prepared bytes decoded, checking they are what the MIME type says."""
    assert prepared.mime == f"image/{sniff_format(prepared.data)}"
    image = Image.open(io.BytesIO(prepared.data))
    image.load()
    assert image.size == (prepared.width, prepared.height)
    return image


def at(image: Image.Image, fx: float, fy: float, mode: str = "RGB") -> Colour:
    """The colour at a fraction of the width and height."""
    pixel = image.convert(mode).getpixel((int(image.width * fx), int(image.height * fy)))
    if isinstance(pixel, int):
        return (pixel,)
    assert isinstance(pixel, tuple)
    return pixel


def near(actual: Colour, expected: Colour, tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def assert_upright_marker(image: Image.Image) -> None:
    """Red top-left, blue bottom-right, white in the other corners (as a person sees it)."""
    assert near(at(image, 0.08, 0.08), RED), "the red marker is not top-left"
    assert near(at(image, 0.92, 0.92), BLUE), "the blue marker is not bottom-right"
    assert near(at(image, 0.92, 0.08), WHITE)
    assert near(at(image, 0.08, 0.92), WHITE)


@pytest.mark.parametrize("ext", ["png", "jpg", "webp", "gif", "bmp", "tiff", "avif", "heic"])
def test_every_format_is_prepared_upright(corpus: Corpus, ext: str) -> None:
    prepared = prepare_image(corpus.read(f"marker.{ext}"), name=f"marker.{ext}")
    image = opened(prepared)
    assert (prepared.width, prepared.height) == (300, 200)
    assert (prepared.original_width, prepared.original_height) == (300, 200)
    assert prepared.original_format == sniff_format(corpus.read(f"marker.{ext}"))
    assert prepared.mime in ("image/png", "image/jpeg")
    assert_upright_marker(image)
    assert prepared.tokens == vision_tokens(300, 200, "auto") == 255
    assert prepared.notes == ()  # nothing to say about a plain, upright, metadata-free file


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("ext", ["jpg", "png", "webp", "tiff"])
def test_exif_orientation_is_applied(corpus: Corpus, orientation: int, ext: str) -> None:
    data = corpus.read(f"orientation-{orientation}.{ext}")
    # The fixture itself: Pillow's reference transpose shows the upright marker.
    assert_upright_marker(ImageOps.exif_transpose(Image.open(io.BytesIO(data))))

    prepared = prepare_image(data)
    assert (prepared.width, prepared.height) == (300, 200)
    assert_upright_marker(opened(prepared))
    assert (phrases.NOTE_ROTATED in prepared.notes) == (orientation != 1)


@pytest.mark.parametrize("orientation", [3, 6, 8])
@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_heic_and_avif_rotation(orientation: int, fmt: str) -> None:
    transpose = STORE_FOR_ORIENTATION[orientation]
    assert transpose is not None
    stored = marker_picture().transpose(transpose)
    data = encode(stored, fmt, exif=exif_bytes(t274=orientation))
    prepared = prepare_image(data)
    assert (prepared.width, prepared.height) == (300, 200)
    assert_upright_marker(opened(prepared))
    assert phrases.NOTE_ROTATED in prepared.notes


def test_cmyk_jpeg_becomes_rgb_with_the_same_colours(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("cmyk.jpg"))
    image = opened(prepared)
    assert image.mode in ("RGB", "L") or image.mode == "P"
    assert near(at(image, 0.1, 0.1), RED)
    assert near(at(image, 0.8, 0.8), WHITE)
    assert "converted from CMYK" in prepared.notes


def test_sixteen_bit_png_keeps_its_tones(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("sixteen-bit.png"))
    image = opened(prepared)
    left, middle, right = (at(image, fx, 0.5, "L")[0] for fx in (0.0, 0.5, 0.999))
    # Clipping 16-bit values to 8 bits would make everything but the first column white.
    assert left <= 5
    assert 110 <= middle <= 145
    assert right >= 250
    assert "converted from 16-bit" in prepared.notes


def test_palette_png_keeps_its_transparency(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("palette-transparent.png"))
    assert prepared.mime == "image/png"
    image = opened(prepared)
    assert at(image, 0.1, 0.1, "RGBA") == (*RED, 255)
    assert at(image, 0.8, 0.8, "RGBA")[3] == 0


def test_grey_with_alpha_keeps_its_alpha(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("la-transparent.png"))
    assert prepared.mime == "image/png"
    image = opened(prepared)
    assert image.mode in ("LA", "RGBA")
    assert at(image, 0.25, 0.5, "LA")[1] == 0
    top, bottom = at(image, 0.9, 0.05, "LA"), at(image, 0.9, 0.95, "LA")
    assert top[1] == bottom[1] == 255
    assert top[0] < 30 and bottom[0] > 225  # the grey gradient survives


def test_opaque_alpha_is_dropped(corpus: Corpus) -> None:
    image = opened(prepare_image(corpus.read("la-opaque.png")))
    assert "A" not in image.getbands()


def test_animated_gif_sends_its_first_frame(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("animated.gif"))
    image = opened(prepared)
    assert not getattr(image, "is_animated", False)
    assert near(at(image, 0.5, 0.5), RED)
    assert "animated GIF: first frame sent" in prepared.notes
    assert prepared.notes_in("zh_CN")[0] == "GIF 动图：只发送第一帧"


def test_12000_by_9000_photo_is_resized_for_high_detail(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("huge-12000x9000.jpg"), VisionTarget(detail="high"))
    assert (prepared.original_width, prepared.original_height) == (12_000, 9_000)
    assert (prepared.width, prepared.height) == (1024, 768)
    assert prepared.tokens == 765
    image = opened(prepared)
    assert at(image, 0.1, 0.1, "L")[0] < 30  # the black quarter is still top-left
    assert at(image, 0.3, 0.3, "L")[0] > 225


def test_12000_by_9000_photo_at_low_detail(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("huge-12000x9000.jpg"), VisionTarget(detail="low"))
    assert (prepared.width, prepared.height) == (512, 384)
    assert prepared.tokens == 85


@pytest.mark.parametrize("name", ["metadata.jpg", "metadata.png"])
def test_metadata_is_removed(corpus: Corpus, name: str) -> None:
    data = corpus.read(name)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "fixture has GPS"
    prepared = prepare_image(data)
    image = opened(prepared)
    assert not image.getexif()
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(image.info)
    for secret in (b"StudioTestCam", b"SecretModel", b"StudioSecretXmp", b"StudioSecretAuthor"):
        assert secret not in prepared.data
    for marker in (b"Exif\x00\x00", b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"iCCP"):
        assert marker not in prepared.data
    assert phrases.NOTE_METADATA in prepared.notes
    assert_upright_marker(image)


def test_colour_profile_is_applied_then_dropped(corpus: Corpus) -> None:
    # (255, 0, 0) under a profile whose first primary is green is a green picture.
    prepared = prepare_image(corpus.read("swapped-profile.png"))
    image = opened(prepared)
    red, green, blue = at(image, 0.5, 0.5)
    assert green > 200 and red < 80 and blue < 80
    assert "icc_profile" not in image.info
    assert phrases.NOTE_SRGB in prepared.notes


def test_srgb_profile_changes_nothing() -> None:
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    prepared = prepare_image(encode(marker_picture(), "PNG", icc_profile=srgb))
    image = opened(prepared)
    assert at(image, 0.1, 0.1) == RED
    assert "icc_profile" not in image.info
    assert phrases.NOTE_SRGB not in prepared.notes
    assert phrases.NOTE_METADATA in prepared.notes


def _stripes(size: tuple[int, int], period: int) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for offset in range(0, max(size), period):
        draw.rectangle((offset, 0, offset + period // 2 - 1, size[1] // 2), fill=0)
        draw.rectangle((0, size[1] // 2 + offset, size[0], size[1] // 2 + offset + 3), fill=60)
    return image.convert("RGB")


@pytest.mark.parametrize("orientation", [1, 6])
def test_fast_jpeg_decoding_loses_no_visible_detail(orientation: int) -> None:
    # Fine stripes on a 4000×3000 photo: reduced-scale decoding must look like a full decode
    # resized with Lanczos, in either orientation.
    transpose = STORE_FOR_ORIENTATION[orientation]
    upright = _stripes((4000, 3000), 16)
    stored = upright.transpose(transpose) if transpose is not None else upright
    data = encode(stored, "JPEG", quality=92, exif=exif_bytes(t274=orientation))
    prepared = prepare_image(data, VisionTarget(detail="high"))
    assert (prepared.width, prepared.height) == (1024, 768)
    reference = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    reference = reference.resize((1024, 768), Image.Resampling.LANCZOS)
    difference = ImageStat.Stat(ImageChops.difference(opened(prepared), reference)).mean
    assert max(difference) < 6, difference


@pytest.mark.parametrize(
    "name", ["marker.jpg", "orientation-6.jpg", "cmyk.jpg", "marker.heic", "noisy-alpha.png"]
)
def test_preparation_is_deterministic(corpus: Corpus, name: str) -> None:
    data = corpus.read(name)
    first, second = prepare_image(data), prepare_image(data)
    assert first.data == second.data
    assert first == second


def test_data_url_round_trips(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("marker.png"))
    url = prepared.data_url()
    prefix = f"data:{prepared.mime};base64,"
    assert url.startswith(prefix)
    assert base64.b64decode(url[len(prefix) :]) == prepared.data
    assert "data=" not in repr(prepared)


def test_photos_become_jpeg_and_screenshots_png() -> None:
    photo = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    photo = Image.blend(photo, noise((1600, 1200)), 0.3)
    prepared_photo = prepare_image(encode(photo, "JPEG", quality=92), VisionTarget("high"))
    assert prepared_photo.mime == "image/jpeg"
    assert (prepared_photo.width, prepared_photo.height) == (1024, 768)

    screenshot = Image.new("RGB", (1600, 1000), (240, 240, 240))
    for row in range(40, 1000, 40):
        screenshot.paste((30, 30, 30), (40, row, 1200, row + 12))
    prepared_shot = prepare_image(encode(screenshot, "PNG"), VisionTarget("high"))
    assert prepared_shot.mime == "image/png"
    assert (prepared_shot.width, prepared_shot.height) == (1229, 768)


def test_low_detail_fits_512(corpus: Corpus) -> None:
    prepared = prepare_image(corpus.read("metadata.jpg"), VisionTarget(detail="low"))
    assert (prepared.width, prepared.height) == (400, 300)  # never enlarged
    prepared = prepare_image(corpus.read("noisy-8mb.png"), VisionTarget(detail="low"))
    assert (prepared.width, prepared.height) == (512, 512)
    assert prepared.tokens == 85
    assert prepared.detail == "low"


def test_claude_target_takes_an_8_mb_png_to_5_mb(corpus: Corpus) -> None:
    data = corpus.read("noisy-8mb.png")
    assert len(data) > 8_000_000
    claude = PRESET_TARGETS["claude"]
    for target in (claude, dataclasses.replace(claude, send_original=True)):
        prepared = prepare_image(data, target)
        assert len(prepared.data) <= 5 * 1024 * 1024
        assert max(prepared.width, prepared.height) <= 1568
        opened(prepared)
    # Sending "originals" to Claude still converts: the file is over 5 MB.
    assert (prepared.width, prepared.height) == (1568, 1568)


def test_byte_cap_shrinks_transparent_png_and_keeps_alpha(corpus: Corpus) -> None:
    target = VisionTarget(detail="high", max_bytes=300_000)
    prepared = prepare_image(corpus.read("noisy-alpha.png"), target)
    assert prepared.mime == "image/png"
    assert len(prepared.data) <= 300_000
    assert prepared.width < 768
    assert "A" in opened(prepared).getbands()
    assert phrases.NOTE_SHRUNK in prepared.notes
    assert prepared.tokens == vision_tokens(prepared.width, prepared.height, "high")


def test_byte_cap_on_a_photo_lowers_jpeg_quality_first(corpus: Corpus) -> None:
    data = encode(noise((900, 700)), "JPEG", quality=95)
    plain = prepare_image(data, VisionTarget(detail="high"))
    capped = prepare_image(data, VisionTarget(detail="high", max_bytes=len(plain.data) * 3 // 4))
    assert capped.mime == "image/jpeg"
    assert len(capped.data) <= len(plain.data) * 3 // 4
    assert (capped.width, capped.height) == (plain.width, plain.height)


def test_max_long_caps_a_tall_screenshot() -> None:
    tall = Image.new("RGB", (1080, 4000), WHITE)
    prepared = prepare_image(encode(tall, "PNG"), PRESET_TARGETS["claude"])
    assert max(prepared.width, prepared.height) == 1568
    prepared = prepare_image(encode(tall, "PNG"), PRESET_TARGETS["openai"])
    assert (prepared.width, prepared.height) == (553, 2048)


def test_send_original_sends_the_file_itself(corpus: Corpus) -> None:
    data = corpus.read("metadata.jpg")
    prepared = prepare_image(data, VisionTarget(send_original=True, detail="high"))
    assert prepared.data == data
    assert prepared.mime == "image/jpeg"
    assert prepared.notes == (phrases.NOTE_ORIGINAL,)
    assert prepared.tokens == vision_tokens(400, 300, "high")


@pytest.mark.parametrize(
    ("name", "preset"),
    [
        ("animated.gif", "openai"),  # animated GIFs are refused by the APIs
        ("marker.heic", "openai"),  # not a format OpenAI accepts
        ("orientation-6.jpg", "openai"),  # would arrive sideways
        ("marker.gif", "gemini"),  # Gemini rejects GIF
        ("marker.bmp", "claude"),
    ],
)
def test_send_original_converts_what_the_api_would_refuse(
    corpus: Corpus, name: str, preset: str
) -> None:
    data = corpus.read(name)
    target = dataclasses.replace(PRESET_TARGETS[preset], send_original=True)
    prepared = prepare_image(data, target)
    assert prepared.data != data
    assert prepared.mime in ("image/png", "image/jpeg")
    assert phrases.NOTE_ORIGINAL not in prepared.notes


def test_gemini_takes_heic_as_it_is(corpus: Corpus) -> None:
    data = corpus.read("marker.heic")
    target = dataclasses.replace(PRESET_TARGETS["gemini"], send_original=True)
    prepared = prepare_image(data, target)
    assert prepared.data == data
    assert prepared.mime == "image/heic"


def test_every_note_has_a_chinese_text() -> None:
    for note in phrases.notes():
        assert phrases.note_text(note, "zh_CN") != note
        assert phrases.note_text(note, "en") == note


def test_targets_tell_the_size_before_preparing() -> None:
    claude = PRESET_TARGETS["claude"]
    assert claude.sent_size(4000, 3000) == (1024, 768)
    assert claude.with_detail("low").sent_size(4000, 3000) == (512, 384)
    assert dataclasses.replace(claude, send_original=True).sent_size(4000, 3000) == (1568, 1176)
    assert PRESET_TARGETS["openai"].byte_limit == 20 * 1024 * 1024
    assert claude.byte_limit == 5 * 1024 * 1024
    with pytest.raises(ValueError):
        VisionTarget(detail="medium")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        PRESET_TARGETS["mine"] = VisionTarget()  # type: ignore[index]
