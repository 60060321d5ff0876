"""Files that cannot be sent are refused with their own clear message, in both languages."""

from __future__ import annotations

import re
import sys

import pytest

from studio.media import phrases
from studio.media.limits import (
    MAX_PIXELS,
    DecompressionBomb,
    EmptyFile,
    ImageRejected,
    NotAnImage,
    RequestTooLarge,
    TooLarge,
    TruncatedImage,
    UnsupportedFormat,
    check_request_size,
)
from studio.media.prepare import PRESET_TARGETS, VisionTarget, prepare_image
from tests.unit.media.conftest import Corpus, encode, marker_picture, noise

CJK = re.compile(r"[\u4e00-\u9fff]")


def refusal(data: bytes, name: str, target: VisionTarget | None = None) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        prepare_image(data, target or VisionTarget(), name=name)
    return caught.value


def assert_both_languages(error: ImageRejected) -> tuple[str, str]:
    english, chinese = error.message("en"), error.message("zh_CN")
    for text in (english, chinese):
        assert text and "{" not in text and "}" not in text
    assert not CJK.search(english.replace(error.name, ""))
    assert CJK.search(chinese)
    assert str(error) == english
    return english, chinese


def test_zero_byte_file(corpus: Corpus) -> None:
    error = refusal(corpus.read("empty.png"), "empty.png")
    assert isinstance(error, EmptyFile)
    assert error.code == "empty_file"
    english, chinese = assert_both_languages(error)
    assert "“empty.png” is empty (0 bytes)" in english
    assert "空文件" in chinese


def test_text_file_named_png(corpus: Corpus) -> None:
    error = refusal(corpus.read("notes.png"), "notes.png")
    assert isinstance(error, NotAnImage)
    assert error.code == "not_an_image"
    english, chinese = assert_both_languages(error)
    assert "“notes.png” is not an image: it looks like a text file" in english
    assert "文本文件" in chinese


def test_pdf_named_jpg(corpus: Corpus) -> None:
    error = refusal(corpus.read("report.jpg"), "report.jpg")
    assert isinstance(error, NotAnImage)
    assert "a PDF document" in error.message("en")
    assert "PDF 文档" in error.message("zh_CN")


@pytest.mark.parametrize(("name", "label"), [("truncated.png", "PNG"), ("truncated.jpg", "JPEG")])
def test_truncated_files(corpus: Corpus, name: str, label: str) -> None:
    error = refusal(corpus.read(name), name)
    assert isinstance(error, TruncatedImage)
    assert error.code == "truncated"
    english, chinese = assert_both_languages(error)
    assert f"starts like a {label} image but is cut short or damaged" in english
    assert "不完整" in chinese


@pytest.mark.parametrize(("name", "size"), [("bomb.png", 50_000), ("bomb.gif", 65_000)])
def test_decompression_bomb_is_refused_from_the_header(
    corpus: Corpus, name: str, size: int
) -> None:
    data = corpus.read(name)
    assert len(data) < 2_000  # tiny on disk, billions of pixels declared
    error = refusal(data, name)
    # Decoding would have met the missing rows and reported a truncated file instead.
    assert isinstance(error, DecompressionBomb)
    assert (error.width, error.height) == (size, size)
    assert size * size > MAX_PIXELS
    english, chinese = assert_both_languages(error)
    assert f"{size}×{size} pixels" in english
    assert "was not opened" in english
    assert "安全上限" in chinese


def test_oversized_gif_frame_in_a_small_screen(corpus: Corpus) -> None:
    error = refusal(corpus.read("bomb-frame.gif"), "bomb-frame.gif")
    assert isinstance(error, DecompressionBomb)
    english, _ = assert_both_languages(error)
    assert "declares more than the 179-megapixel safety limit" in english


def test_the_largest_allowed_size_is_not_a_bomb() -> None:
    # Same crafted header, just under the limit: it gets past the size check and is
    # then found to be cut short, proving the check is on pixels, not on the trick.
    from tests.unit.media.conftest import png_with_header

    error = refusal(png_with_header(16_000, MAX_PIXELS // 16_000), "big.png")
    assert isinstance(error, TruncatedImage)


def test_photoshop_file_is_named() -> None:
    error = refusal(b"8BPS\x00\x01" + bytes(40), "poster.psd")
    assert isinstance(error, UnsupportedFormat)
    assert error.code == "unsupported_format"
    english, _ = assert_both_languages(error)
    assert "is a Photoshop document, which Studio cannot send" in english


def test_heic_without_pillow_heif(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # as if it were not installed
    error = refusal(corpus.read("marker.heic"), "IMG_0001.HEIC")
    assert isinstance(error, UnsupportedFormat)
    english, chinese = assert_both_languages(error)
    assert "needs the pillow-heif package" in english
    assert "pillow-heif" in chinese


def test_image_that_cannot_fit_the_byte_limit() -> None:
    data = encode(noise((300, 300)), "PNG")
    error = refusal(data, "noise.png", VisionTarget(max_bytes=300))
    assert isinstance(error, TooLarge)
    assert error.code == "too_large"
    assert_both_languages(error)


def test_request_size_is_checked() -> None:
    images = [prepare_image(encode(noise((500, 400), seed=s), "PNG")) for s in range(3)]
    total = sum(len(image.data) for image in images)
    assert check_request_size(images) == total
    assert check_request_size(images, limit=total) == total
    with pytest.raises(RequestTooLarge) as caught:
        check_request_size(images, limit=total - 1)
    error = caught.value
    assert (error.size, error.count) == (total, 3)
    english, chinese = assert_both_languages(error)
    assert "The 3 images in this message add up to" in english
    assert "3 张图片" in chinese
    with pytest.raises(RequestTooLarge) as caught:
        check_request_size(images[:1], limit=len(images[0].data) - 1)
    english, chinese = assert_both_languages(caught.value)
    assert english.startswith("The image in this message is ") and "images" not in english
    assert chinese.startswith("此消息中的图片有 ")


def test_presets_have_a_request_budget() -> None:
    assert PRESET_TARGETS["openai"].max_request_bytes == 50 * 1024 * 1024
    assert PRESET_TARGETS["gemini"].max_request_bytes < 20 * 1024 * 1024


def test_every_message_exists_in_both_languages() -> None:
    fills = {
        "subject": "“x.png”",
        "kind": "a text file",
        "format": "PNG",
        "width": 1,
        "height": 1,
        "megapixels": 1,
        "limit": 1,
        "size": 1,
        "count": 2,
        "mode": "LAB",
    }
    for key in phrases.sentence_keys():
        english, chinese = phrases.text(key, "en", **fills), phrases.text(key, "zh_CN", **fills)
        assert english != chinese
        assert CJK.search(chinese) and not CJK.search(english)
    for kind in phrases.kinds():
        assert CJK.search(phrases.kind_text(kind, "zh_CN"))
        assert not CJK.search(phrases.kind_text(kind, "en"))


def test_unnamed_files_are_called_this_file() -> None:
    error = EmptyFile()
    assert error.message("en").startswith("This file is empty")
    assert error.message("zh_CN").startswith("此文件是空文件")


@pytest.mark.parametrize(
    "name",
    [
        "marker.png",
        "marker.jpg",
        "marker.webp",
        "marker.gif",
        "marker.bmp",
        "marker.tiff",
        "marker.avif",
        "marker.heic",
        "cmyk.jpg",
        "sixteen-bit.png",
        "palette-transparent.png",
        "la-transparent.png",
        "animated.gif",
        "metadata.png",
        "truncated.png",
        "truncated.jpg",
        "empty.png",
        "notes.png",
        "report.jpg",
        "bomb.png",
        "bomb.gif",
        "bomb-frame.gif",
    ],
)
@pytest.mark.parametrize("detail", ["low", "high"])
def test_nothing_in_the_corpus_crashes(corpus: Corpus, name: str, detail: str) -> None:
    try:
        prepared = prepare_image(corpus.read(name), VisionTarget(detail=detail), name=name)
    except ImageRejected as error:
        assert_both_languages(error)
    else:
        assert prepared.data and prepared.tokens >= 85


def test_rejections_are_value_errors() -> None:
    assert issubclass(ImageRejected, ValueError)
    for error in (EmptyFile("a"), NotAnImage("a", kind="zip"), TooLarge("a", size=30 << 20)):
        assert isinstance(error, ValueError)
    assert marker_picture()  # the corpus helpers are importable from tests
